using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// The second bus (issue 16): a KLEFR M-bus version on the M-Bus port beside the Modbus meters, polled by the
    /// collector and published like them: one state message per reading with the canonical energy names in kWh
    /// (values from the KLEFR 693-4x manual's A2.2 example readout, which the slave double serves), Home Assistant
    /// discovery with the identity from the telegram header (identification number, manufacturer INM), availability.
    /// </summary>
    [TestClass]
    public class AppMBusTests
    {
        private static CollectorHarness StartedWithMBus(string address)
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.Edges);
            h.AttachMBus();
            h.ConfigureDefault();
            Assert.IsNull(h.Config.Set(SettingKeys.MBusInterval, "10", new ArrayList()));
            Assert.IsNull(h.Config.AddMeter("cabinet", "klefr-mbus", address, new string[0]));
            Assert.IsNull(h.Config.Save());
            h.Boot("power-on");
            return h;
        }

        [TestMethod]
        public void AKlefrMBusMeterIsPolledAndPublishedWithDiscovery()
        {
            CollectorHarness h = StartedWithMBus("5");

            h.RunSeconds(25);

            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/main/availability"), "Modbus unaffected");

            // KLEFR 693-4x manual, Appendix 2, A2.2: the REQ_UD2 example's values.
            Hashtable state = h.LastJson("meter/cabinet/state");
            CollectorHarness.AssertNear(16048.14, CollectorHarness.Number(state, "energy_total"), 0.005, "0C 04 total");
            CollectorHarness.AssertNear(3580.23, CollectorHarness.Number(state, "energy_total_t1"), 0.005, "8C 10 04 T1");
            CollectorHarness.AssertNear(12467.91, CollectorHarness.Number(state, "energy_total_t2"), 0.005, "8C 20 04 T2");
            CollectorHarness.AssertNear(6913.46, CollectorHarness.Number(state, "energy_import"), 0.005, "1C 04 forward");
            CollectorHarness.AssertNear(1234.56, CollectorHarness.Number(state, "energy_import_t1"), 0.005, "9C 10 04");
            CollectorHarness.AssertNear(5678.90, CollectorHarness.Number(state, "energy_import_t2"), 0.005, "9C 20 04");
            CollectorHarness.AssertNear(9134.68, CollectorHarness.Number(state, "energy_export"), 0.005, "2C 04 reverse");
            CollectorHarness.AssertNear(2345.67, CollectorHarness.Number(state, "energy_export_t1"), 0.005, "AC 10 04");
            CollectorHarness.AssertNear(6789.01, CollectorHarness.Number(state, "energy_export_t2"), 0.005, "AC 20 04");

            string discovery = h.Broker.RetainedText(CollectorHarness.DiscoveryStart + "meter_cabinet_energy_total/config");
            Assert.IsNotNull(discovery, "energy_total announced");
            Assert.IsTrue(discovery.IndexOf("\"kWh\"") >= 0, discovery);
            Assert.IsTrue(discovery.IndexOf("INM") >= 0, "manufacturer from the header: " + discovery);
            Assert.IsTrue(discovery.IndexOf("12345678") >= 0, "identification number as serial: " + discovery);
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "meter_cabinet_energy_export_t2/config"));
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "meter_main_voltage_l1/config"), "Modbus meters still announced");
        }

        [TestMethod]
        public void OneStateMessagePerReadingAtTheMBusInterval()
        {
            CollectorHarness h = StartedWithMBus("5");

            h.RunSeconds(95);

            // Readings at 0, 10, ..., 90 s (mbus.interval 10).
            int states = h.MessagesOn("meter/cabinet/state").Count;
            Assert.IsTrue(states >= 9 && states <= 11, states.ToString() + " state messages for 10 readings");
        }

        [TestMethod]
        public void ASecondaryAddressedMeterIsSelectedAndRead()
        {
            CollectorHarness h = StartedWithMBus("12345678");

            h.RunSeconds(15);

            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));
            CollectorHarness.AssertNear(16048.14, CollectorHarness.Number(h.LastJson("meter/cabinet/state"), "energy_total"), 0.005, "total");
            Assert.IsTrue(h.Klefr.Selections > 0, "read through the 52 selection");
        }

        [TestMethod]
        public void AnUnansweringMeterGoesOfflineAndComesBack()
        {
            CollectorHarness h = StartedWithMBus("5");
            h.RunSeconds(5);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));

            h.Klefr.Silent = true;
            h.RunSeconds(30);
            Assert.AreEqual("offline", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/main/availability"));

            h.Klefr.Silent = false;
            h.RunSeconds(15);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));
        }

        [TestMethod]
        public void ConsoleReadsAndScansTheMBus()
        {
            CollectorHarness h = StartedWithMBus("5");
            h.RunSeconds(1);

            h.Type("read cabinet");
            Assert.IsNotNull(h.OutputLineWith("cabinet (klefr-mbus at primary address 5): ok"));
            Assert.IsNotNull(h.OutputLineWith("identification 12345678, manufacturer INM"));
            Assert.IsNotNull(h.OutputLineWith("energy_total = 16048.14 kWh"));

            h.Type("scan mbus");
            Assert.IsNotNull(h.OutputLineWith("primary scan 0..250 at 9600 baud 8E1: 1 found"));
            Assert.IsNotNull(h.OutputLineWith("address 5: identification 12345678"));
            Assert.IsNotNull(h.OutputLineWith("secondary search: 1 found"));

            h.Type("meter baud cabinet 2400");
            Assert.IsNotNull(h.OutputLineWith("is an M-Bus meter"));
        }

        [TestMethod]
        public void KlefrMBusWritesGoBehindTheConfirmationAndReachTheMeter()
        {
            CollectorHarness h = StartedWithMBus("5");
            h.RunSeconds(1);

            h.Type("mbus write cabinet tariff 2");
            Assert.IsNotNull(h.OutputLineWith("type 'yes' to confirm"));
            Assert.AreEqual(1, h.Klefr.Tariff, "nothing written before the confirmation");
            h.Type("yes");
            Assert.IsNotNull(h.OutputLineWith("mbus write cabinet tariff: acknowledged (E5)"));
            Assert.AreEqual(2, h.Klefr.Tariff);

            h.Type("mbus write cabinet s0 100");
            h.Type("yes");
            Assert.AreEqual(10000, h.Klefr.S0RateHundredths, "100 imp/kWh, sent as 00 01 00 00 (hundredths, BCD)");

            h.Type("mbus write cabinet address 7");
            h.Type("yes");
            Assert.IsNotNull(h.OutputLineWith("mbus write cabinet address: done (read back)"));
            Assert.AreEqual(7, (int)h.Klefr.PrimaryAddress);
            Assert.IsNotNull(h.OutputLineWith("meter add cabinet klefr-mbus 7"));
        }

        [TestMethod]
        public void RefusedMBusWritesChangeNothing()
        {
            CollectorHarness h = StartedWithMBus("5");
            h.RunSeconds(1);

            h.Type("mbus write cabinet tariff 3");
            h.Type("yes");
            Assert.IsNotNull(h.OutputLineWith("does not accept tariff 3"));
            h.Type("mbus write cabinet s0 0.001");
            Assert.IsNotNull(h.OutputLineWith("error: mbus write: s0 '0.001' is not allowed"));
            h.Type("mbus write cabinet reset-kwh 5");
            Assert.IsNotNull(h.OutputLineWith("reset-kwh takes no value"));
            h.Type("mbus write main tariff 2");
            Assert.IsNotNull(h.OutputLineWith("is a Modbus meter"));
            Assert.AreEqual(1, h.Klefr.Tariff);
            Assert.AreEqual(100000, h.Klefr.S0RateHundredths);
        }

        [TestMethod]
        public void WithoutMBusMetersNoMBusObjectsAreBuilt()
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.Edges);
            h.AttachMBus();
            h.ConfigureDefault();
            h.Boot("power-on");
            h.RunSeconds(5);
            Assert.IsNull(h.Collector.MBusPoller);
            Assert.AreEqual(0, h.Klefr.ReadRequests, "the M-Bus port stays silent");
        }
    }
}
