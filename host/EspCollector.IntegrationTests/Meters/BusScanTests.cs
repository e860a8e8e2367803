using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;
using nanoFramework.TestFramework;
using CoreWordOrder = EspCollector.Core.Meters.WordOrder;
using SimulatedWordOrder = EspCollector.Simulators.Modbus.WordOrder;

namespace EspCollector.IntegrationTests.Meters
{
    /// <summary>
    /// The core BusScanner finds and identifies four simulated meters of different types on one virtual bus,
    /// each at its factory line settings (the SDM630-style meter at 8N1 and in CDAB word order, the others 8E1).
    /// </summary>
    [TestClass]
    public class BusScanTests
    {
        [TestMethod]
        public void ScanFindsFourMetersOfDifferentTypesIncludingCdab()
        {
            var clock = new SimulatedClock();
            var bus = new VirtualBus(clock);
            bus.Attach(MeterFactory.Create("kpm33b", 3, clock));
            bus.Attach(MeterFactory.Create("kpm31", 12, clock));
            bus.Attach(MeterFactory.Create("klefr", 40, clock));
            bus.Attach(MeterFactory.Create("sdm630", 201, clock, new SimulatedMeterOptions { WordOrder = SimulatedWordOrder.LowWordFirst }));
            clock.AdvanceSeconds(3600 * 9);

            var framings = new[]
            {
                new BusSettings { BaudRate = 9600, Parity = SerialParity.Even },
                new BusSettings { BaudRate = 9600, Parity = SerialParity.None },
            };
            var scanner = new BusScanner(bus, clock);
            var results = new ScanResult[8];
            long start = clock.MonotonicMicroseconds;
            int found = scanner.Scan(framings, 1, 247, results, null);
            long seconds = (clock.MonotonicMicroseconds - start) / 1_000_000;
            for (int index = 0; index < found; index++)
            {
                OutputHelper.WriteLine(results[index].Describe());
            }

            OutputHelper.WriteLine($"scan of 247 addresses at 2 framings: {seconds} s of bus time");
            Assert.AreEqual(4, found);
            Expect(results, found, 3, "kpm33b", CoreWordOrder.HighWordFirst, SerialParity.Even);
            Expect(results, found, 12, "kpm31", CoreWordOrder.HighWordFirst, SerialParity.Even);
            Expect(results, found, 40, "klefr", CoreWordOrder.HighWordFirst, SerialParity.Even);
            Expect(results, found, 201, "sdm630", CoreWordOrder.LowWordFirst, SerialParity.None);
        }

        [TestMethod]
        public void ScanTellsBothSdm630WordOrdersApartOnOneFraming()
        {
            var clock = new SimulatedClock();
            var bus = new VirtualBus(clock);
            var settings = new SerialSettings(9600, SerialParity.Even, 1);
            bus.Attach(MeterFactory.Create("sdm630", 1, clock, new SimulatedMeterOptions { Settings = settings, WordOrder = SimulatedWordOrder.HighWordFirst }));
            bus.Attach(MeterFactory.Create("sdm630", 2, clock, new SimulatedMeterOptions { Settings = settings, WordOrder = SimulatedWordOrder.LowWordFirst }));
            var results = new ScanResult[4];
            int found = new BusScanner(bus, clock).Scan(new[] { new BusSettings() }, 1, 5, results, null);
            Assert.AreEqual(2, found);
            Expect(results, found, 1, "sdm630", CoreWordOrder.HighWordFirst, SerialParity.Even);
            Expect(results, found, 2, "sdm630", CoreWordOrder.LowWordFirst, SerialParity.Even);
        }

        private static void Expect(ScanResult[] results, int found, int address, string type, CoreWordOrder order, SerialParity parity)
        {
            for (int index = 0; index < found; index++)
            {
                ScanResult result = results[index];
                if (result.Address == address)
                {
                    Assert.AreEqual(type, result.TypeName, "type at " + address);
                    Assert.AreEqual(order, result.WordOrder, "word order at " + address);
                    Assert.AreEqual(parity, result.Parity, "parity at " + address);
                    return;
                }
            }

            Assert.IsTrue(false, "nothing found at address " + address);
        }
    }
}
