using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>Drivers polled by the real <see cref="BusPoller"/> over a simulated bus: the whole read path.</summary>
    [TestClass]
    public class MeterPollingTests
    {
        [TestMethod]
        public void FourMetersArePolledIdentifiedAndDecoded()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            SerialSettings framing = SimulatedMeters.Framing(9600, SerialParity.Even);
            bus.Add(SimulatedMeters.Kpm33b(1, framing, "33B2407260001"));
            bus.Add(SimulatedMeters.Kpm31(2, framing));
            bus.Add(SimulatedMeters.Klefr(3, framing, 0x16100649));
            bus.Add(SimulatedMeters.Sdm630(4, framing, 424242, true));

            ModbusMaster master = new ModbusMaster(line, clock, new BusSettings());
            BusPoller poller = new BusPoller(master, clock, new PollerSettings());
            MeterDriver kpm33b = new MeterDriver(MeterTypes.Find("kpm33b"), 1, new MeterSettings());
            MeterDriver kpm31 = new MeterDriver(MeterTypes.Find("kpm31"), 2, new MeterSettings());
            MeterDriver klefr = new MeterDriver(MeterTypes.Find("klefr"), 3, new MeterSettings());
            MeterDriver sdm = new MeterDriver(MeterTypes.Find("sdm630"), 4, new MeterSettings());
            poller.AddDevice(kpm33b);
            poller.AddDevice(kpm31);
            poller.AddDevice(klefr);
            poller.AddDevice(sdm);

            for (int transaction = 0; transaction < 100 && poller.RunOnce(); transaction++)
            {
            }

            Assert.IsTrue(kpm33b.Readings.Online);
            Assert.AreEqual("33B2407260001", kpm33b.Identity.SerialNumber);
            MeterImage.AssertReading(kpm33b, "frequency", 50.0, "Hz");
            MeterImage.AssertReading(kpm33b, "energy_import", 1234.5, "kWh");
            MeterImage.AssertReading(kpm31, "frequency", 49.9f, "Hz");
            MeterImage.AssertReading(kpm31, "energy_import", 321.5, "kWh");
            Assert.IsTrue(kpm31.Identity.IsRead);
            Assert.AreEqual("16100649", klefr.Identity.SerialNumber);
            Assert.AreEqual("2.18", klefr.Identity.FirmwareVersion);
            MeterImage.AssertReading(klefr, "voltage_l1", 230.0, "V");
            MeterImage.AssertReading(klefr, "tariff", 1, "");
            // CDAB detected while polling; the serial number, read first, decoded again.
            Assert.AreEqual((int)WordOrder.LowWordFirst, (int)sdm.WordOrder);
            Assert.AreEqual("424242", sdm.Identity.SerialNumber);
            MeterImage.AssertReading(sdm, "energy_import", 4321.5, "kWh");
            Assert.AreEqual(0, kpm33b.Readings.BlocksFailed + kpm31.Readings.BlocksFailed + klefr.Readings.BlocksFailed + sdm.Readings.BlocksFailed,
                "every block lies in an area the meter answers");
        }
    }
}
