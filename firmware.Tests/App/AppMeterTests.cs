using System.Collections;
using EspCollector.Core.Bus;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// The composition polls the configured meters and publishes what it read: one state message per poll with
    /// the canonical quantity names and the values written at the manuals' addresses, and availability that
    /// follows the bus master (offline after K = 3 consecutive failed transactions, PollerSettings default).
    /// </summary>
    [TestClass]
    public class AppMeterTests
    {
        private const byte Holding = 3;

        [TestMethod]
        public void MeterStatesCarryTheManualsValuesUnderCanonicalNames()
        {
            CollectorHarness h = Started();

            h.RunSeconds(25);

            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "status"));
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/main/availability"));
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/flat/availability"));

            // KPM33B, KPM33B User Manual V3.4 6.3 / 6.4 (addresses in CollectorHarness).
            Hashtable main = h.LastJson("meter/main/state");
            CollectorHarness.AssertNear(230.0, CollectorHarness.Number(main, "voltage_l1"), 0.05, "0030H voltage_l1");
            CollectorHarness.AssertNear(231.0, CollectorHarness.Number(main, "voltage_l2"), 0.05, "0032H voltage_l2");
            CollectorHarness.AssertNear(232.0, CollectorHarness.Number(main, "voltage_l3"), 0.05, "0034H voltage_l3");
            CollectorHarness.AssertNear(400.0, CollectorHarness.Number(main, "voltage_l12"), 0.05, "003CH voltage_l12");
            CollectorHarness.AssertNear(5.0, CollectorHarness.Number(main, "current_l1"), 0.005, "0036H current_l1");
            CollectorHarness.AssertNear(2760.0, CollectorHarness.Number(main, "power"), 0.5, "0048H power");
            CollectorHarness.AssertNear(0.98, CollectorHarness.Number(main, "power_factor"), 0.005, "0060H power_factor");
            CollectorHarness.AssertNear(50.0, CollectorHarness.Number(main, "frequency"), 0.005, "0062H frequency");
            CollectorHarness.AssertNear(1240.25, CollectorHarness.Number(main, "energy_total"), 0.0005, "0080H energy_total");
            CollectorHarness.AssertNear(1234.5, CollectorHarness.Number(main, "energy_import"), 0.0005, "0082H energy_import");
            CollectorHarness.AssertNear(5.75, CollectorHarness.Number(main, "energy_export"), 0.0005, "0084H energy_export");
            CollectorHarness.AssertNear(1.0, CollectorHarness.Number(main, "relay"), 0, "coil 0001H relay");

            // KPM31, KPM31 user instructions V2.1 6.2.
            Hashtable flat = h.LastJson("meter/flat/state");
            CollectorHarness.AssertNear(229.0, CollectorHarness.Number(flat, "voltage_l1"), 0.05, "0030H U");
            CollectorHarness.AssertNear(4.5, CollectorHarness.Number(flat, "current_l1"), 0.005, "0032H I");
            CollectorHarness.AssertNear(1030.5, CollectorHarness.Number(flat, "power"), 0.5, "0034H P");
            CollectorHarness.AssertNear(0.99, CollectorHarness.Number(flat, "power_factor"), 0.005, "003AH PF");
            CollectorHarness.AssertNear(49.9, CollectorHarness.Number(flat, "frequency"), 0.005, "003CH F");
            CollectorHarness.AssertNear(321.5, CollectorHarness.Number(flat, "energy_import"), 0.0005, "0082H import");
            Assert.IsNull(flat["voltage_l2"], "a single-phase KPM31 has no second phase");

            Assert.AreEqual(0, h.Events("implausible_value").Count, "a well-formed image raises no plausibility event");
            ArrayList reboots = h.Events("reboot");
            Assert.AreEqual(1, reboots.Count);
            Assert.AreEqual("power-on", (string)((Hashtable)reboots[0])["detail"]);
        }

        [TestMethod]
        public void OneStateMessagePerPollAndEachCarriesValues()
        {
            CollectorHarness h = Started();

            h.RunSeconds(95);

            // Polls at 0, 10, ..., 90 s (bus.interval 10): ten polls of each meter.
            ArrayList states = h.MessagesOn("meter/main/state");
            Assert.IsTrue(states.Count >= 9 && states.Count <= 11, "main: " + states.Count.ToString() + " state messages for 10 polls");
            for (int i = 0; i < states.Count; i++)
            {
                Hashtable json = CollectorHarness.Json((BrokerMessage)states[i]);
                Assert.IsNotNull(json["voltage_l1"], "state message " + i.ToString() + " has no values: " + ((BrokerMessage)states[i]).Text);
                Assert.IsNotNull(json["energy_import"], "state message " + i.ToString() + " lacks the energy block");
            }
        }

        [TestMethod]
        public void AValueChangedBeforeAPollIsPublishedWithThatPoll()
        {
            CollectorHarness h = Started();
            h.RunSeconds(25);

            // The next poll of main is due at 30 s; its state message must carry the new power. The poll of both
            // meters takes well under a second at 9600 baud, so by 33 s it is published.
            h.Main.SetFloat(Holding, 0x0048, 3105.0f);
            int before = h.MessagesOn("meter/main/state").Count;
            h.RunSeconds(8);

            Assert.IsTrue(h.MessagesOn("meter/main/state").Count > before, "no state message since 25 s");
            CollectorHarness.AssertNear(3105.0, CollectorHarness.Number(h.LastJson("meter/main/state"), "power"), 0.5,
                "power read at 30 s published by 33 s");
        }

        [TestMethod]
        public void AvailabilityGoesOfflineAfterThreeFailedTransactionsAndBackOnlineWhenTheMeterAnswers()
        {
            CollectorHarness h = Started();
            h.RunSeconds(15);
            string availability = CollectorHarness.Base + "meter/main/availability";
            Assert.AreEqual("online", h.Broker.RetainedText(availability));

            h.Silence(1, true);
            bool offline = h.RunUntil(delegate { return h.Broker.RetainedText(availability) == "offline"; }, 120000000);

            Assert.IsTrue(offline, "main never went offline");
            DeviceStatistics statistics = h.Collector.Poller.StatisticsAt(0);
            Assert.AreEqual(3, statistics.ConsecutiveFailures, "offline after exactly K = 3 failed transactions");
            Assert.AreEqual(1, statistics.OfflineTransitions);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/flat/availability"), "flat unaffected");
            int statesWhileOffline = h.MessagesOn("meter/main/state").Count;
            h.RunSeconds(20);
            Assert.AreEqual(statesWhileOffline, h.MessagesOn("meter/main/state").Count, "no state messages from a silent meter");

            h.Silence(1, false);
            // An offline device is probed every 30 s (PollerSettings.ProbeIntervalMicroseconds).
            bool online = h.RunUntil(delegate { return h.Broker.RetainedText(availability) == "online"; }, 35000000);

            Assert.IsTrue(online, "main did not come back online within a probe interval");
            h.RunSeconds(12);
            Assert.IsTrue(h.MessagesOn("meter/main/state").Count > statesWhileOffline, "polling resumed");
            CollectorHarness.AssertNear(230.0, CollectorHarness.Number(h.LastJson("meter/main/state"), "voltage_l1"), 0.05, "voltage after reconnection");
        }

        /// <summary>
        /// A meter replaced by another at the same address (the soak's "meter replaced" fault): once the new one
        /// answers, its serial number is read, a meter_reset event says so, and discovery carries the new serial in
        /// the device block without a reboot (Home Assistant shows the meter that is really there).
        /// </summary>
        [TestMethod]
        public void AReplacedMeterIsAnnouncedWithItsNewSerialNumber()
        {
            CollectorHarness h = Started();
            h.RunSeconds(25);
            string config = CollectorHarness.DiscoveryStart + "meter_main_voltage_l1/config";
            string availability = CollectorHarness.Base + "meter/main/availability";
            Assert.IsTrue(h.Broker.RetainedText(config).IndexOf(CollectorHarness.KpmSerial) >= 0, "the first meter's serial is announced");

            h.Silence(1, true);
            Assert.IsTrue(h.RunUntil(delegate { return h.Broker.RetainedText(availability) == "offline"; }, 120000000), "main never went offline");
            const string NewSerial = "2412310009876";
            h.Main.SetAscii(Holding, 0x0012, NewSerial, 7);    // KPM33B User Manual V3.4, 6.2: 0012H Sn serial No.
            h.Silence(1, false);
            Assert.IsTrue(h.RunUntil(delegate { return h.Broker.RetainedText(availability) == "online"; }, 35000000), "the new meter never came online");
            h.RunSeconds(15);

            Assert.AreEqual(1, h.Events("meter_reset").Count, "the serial change is reported once");
            string announced = h.Broker.RetainedText(config);
            Assert.IsTrue(announced.IndexOf(NewSerial) >= 0, "discovery still names the old meter: " + announced);
            Assert.IsTrue(announced.IndexOf(CollectorHarness.KpmSerial) < 0, "the old serial is gone: " + announced);
        }

        [TestMethod]
        public void HealthAndStatusReportTheLowestFreeHeapSinceBoot()
        {
            CollectorHarness h = Started();
            h.RunSeconds(25);
            h.System.FreeMemory = 40000;
            h.RunSeconds(11);
            h.System.FreeMemory = 50000;
            h.RunSeconds(11);

            Hashtable health = h.LastJson("health");
            Assert.AreEqual(50000.0, CollectorHarness.Number(health, "free_memory"));
            Assert.AreEqual(40000.0, CollectorHarness.Number(health, "lowest_free_memory"), "lowest seen since boot");
            h.Output.Clear();
            h.Type("status");
            Assert.IsNotNull(h.OutputLineWith("memory: 50000 bytes free, lowest 40000 since boot"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("envelope: plain ESP32 (board esp32-devkitc-max485): this configuration keeps ~"), h.Output.Joined());
        }

        [TestMethod]
        public void HealthCountsTheBusTransactions()
        {
            CollectorHarness h = Started();
            h.RunSeconds(25);

            Hashtable health = h.LastJson("health");
            Hashtable bus = (Hashtable)health["bus"];
            Assert.IsTrue(CollectorHarness.Number(bus, "requests") > 0);
            Assert.AreEqual(CollectorHarness.Number(bus, "requests"), CollectorHarness.Number(bus, "responses"), "every request answered");
            Assert.AreEqual(0.0, CollectorHarness.Number(bus, "timeouts"));
            Assert.AreEqual(54321.0, CollectorHarness.Number(health, "free_memory"), "from ISystemControl");
            Assert.AreEqual("1.2.3", (string)health["firmware"]);
        }

        internal static CollectorHarness Started()
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.Edges);
            h.ConfigureDefault();
            h.Boot("power-on");
            return h;
        }
    }
}
