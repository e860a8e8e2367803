using System.Collections;
using EspCollector.Core.Meters;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// A configuration saved while the collector runs (ConfigManager.Save, as the console's save does) is applied
    /// by the next Step: an added meter is polled and announced to Home Assistant, a removed meter's discovery
    /// entities are deleted (empty retained configs) and it is no longer polled.
    /// </summary>
    [TestClass]
    public class AppConfigurationTests
    {
        [TestMethod]
        public void AMeterAddedAtRunTimeIsPolledAndAnnounced()
        {
            CollectorHarness h = AppMeterTests.Started();
            // KLEFR (KLEFR User manual 2.19-1, A3.2) at address 3 on the same bus, 9600 8E1 like the others.
            SimulatedMeterSlave heatpump = SimulatedMeters.Klefr(3, SimulatedMeters.Framing(9600, Core.Ports.SerialParity.Even), 0x00A1B2C3);
            h.Bus.Add(heatpump);
            h.RunSeconds(15);
            Assert.AreEqual(0, heatpump.RequestsSeen, "not configured yet");

            Assert.IsNull(h.Config.AddMeter("heatpump", MeterTypes.KlefrName, "3", new string[0]));
            Assert.IsNull(h.Config.Save());
            h.RunSeconds(25);

            Assert.IsTrue(heatpump.RequestsSeen > 0, "polled");
            Hashtable state = h.LastJson("meter/heatpump/state");
            CollectorHarness.AssertNear(230.0, CollectorHarness.Number(state, "voltage_l1"), 0.05, "5002 L1 voltage");
            CollectorHarness.AssertNear(50.0, CollectorHarness.Number(state, "frequency"), 0.005, "5008 grid frequency");
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/heatpump/availability"));
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "meter_heatpump_voltage_l1/config"), "announced");
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "meter_main_voltage_l1/config"), "others still announced");
            ArrayList changes = h.Events("config_changed");
            Assert.AreEqual(1, changes.Count, "one configuration change event");
            // The other meters keep being polled and published.
            int mainStates = h.MessagesOn("meter/main/state").Count;
            h.RunSeconds(10);
            Assert.IsTrue(h.MessagesOn("meter/main/state").Count > mainStates);
        }

        [TestMethod]
        public void ARemovedMeterLosesItsDiscoveryEntitiesAndIsNoLongerPolled()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(15);
            int flatEntities = h.Broker.CountRetained(CollectorHarness.DiscoveryStart + "meter_flat_");
            Assert.IsTrue(flatEntities > 5, "flat announced");

            Assert.IsNull(h.Config.RemoveMeter("flat"));
            Assert.IsNull(h.Config.Save());
            h.RunSeconds(10);
            int requests = h.Flat.RequestsSeen;
            h.RunSeconds(30);

            Assert.AreEqual(0, h.Broker.CountRetained(CollectorHarness.DiscoveryStart + "meter_flat_"), "every flat entity removed");
            ArrayList removals = h.Broker.MessagesOn(CollectorHarness.DiscoveryStart + "meter_flat_voltage_l1/config");
            BrokerMessage last = (BrokerMessage)removals[removals.Count - 1];
            Assert.AreEqual(0, last.Payload.Length, "removed with an empty retained config");
            Assert.IsTrue(last.Retain);
            Assert.AreEqual(requests, h.Flat.RequestsSeen, "flat no longer polled");
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "meter_main_voltage_l1/config"), "main kept");
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "pulse_flat_s0_pulses/config"), "channels kept");
        }

        [TestMethod]
        public void ARemovedMeterLeavesNoRetainedAvailability()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(15);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/flat/availability"));

            Assert.IsNull(h.Config.RemoveMeter("flat"));
            Assert.IsNull(h.Config.Save());
            h.RunSeconds(10);

            // Publisher.Configure clears the availability topics of meters no longer configured; the collector must
            // not lose that when it applies a new configuration.
            Assert.IsFalse(h.Broker.HasRetained(CollectorHarness.Base + "meter/flat/availability"),
                "retained availability of the removed meter: " + h.Broker.RetainedText(CollectorHarness.Base + "meter/flat/availability"));
        }

        [TestMethod]
        public void APulseChannelRemovedAndAddedKeepsTheOtherChannelsTotals()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.StartPulses(0, 1000000);
            h.RunSeconds(30);

            Assert.IsNull(h.Config.RemovePulseChannel("flat_s0"));
            Assert.IsNull(h.Config.AddPulseChannel("water", "18", "1000", new string[0], new ArrayList()));
            Assert.IsNull(h.Config.Save());
            h.RunSeconds(30);
            h.StopPulses(0);
            h.Run(200000);

            PulseChannel main = h.Collector.Pulses.Channels[0];
            Assert.AreEqual("main_s0", main.Name);
            Assert.AreEqual(h.PulsesEmitted[0], main.TotalPulses, "main_s0 counted across the change");
            Assert.AreEqual(0, h.Broker.CountRetained(CollectorHarness.DiscoveryStart + "pulse_flat_s0_"), "removed channel's entities deleted");
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "pulse_water_pulses/config"), "new channel announced");
        }
    }
}
