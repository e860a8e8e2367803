using EspCollector.Core.Config;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// A saved configuration is applied to what it changes only (issue 14: a configuration change runs on the
    /// objects already there, no allocation peak): a new bus interval is taken by the running poller (the same
    /// drivers go on being polled, their identity is not read again), a new mqtt.interval by the collector's
    /// cadence (the broker session and the readings queued in the ring stay), a new pulse channel leaves the
    /// meters' drivers alone.
    /// </summary>
    [TestClass]
    public class AppConfigurationInPlaceTests
    {
        private const byte Holding = 3;

        [TestMethod]
        public void ABusIntervalChangeKeepsTheDriversAndDoesNotReadTheIdentityAgain()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            MeterDriver main = h.Collector.Meters[0];
            MeterDriver flat = h.Collector.Meters[1];
            Assert.IsTrue(main.Identity.IsRead, "identity read at start");
            // Another serial in the meter's register: a driver that read the identity again would report it.
            h.Main.SetAscii(Holding, 0x0012, "2412310009876", 7);   // KPM33B User Manual V3.4, 6.2: 0012H Sn serial No.
            int requests = h.Main.RequestsSeen;

            h.SetAndSave(SettingKeys.BusInterval, "15");
            h.RunSeconds(1);
            int states = h.MessagesOn("meter/main/state").Count;
            h.RunSeconds(60);

            Assert.IsTrue(ReferenceEquals(main, h.Collector.Meters[0]) && ReferenceEquals(flat, h.Collector.Meters[1]), "the same drivers");
            Assert.IsTrue(h.Main.RequestsSeen > requests, "still polled");
            Assert.AreEqual(CollectorHarness.KpmSerial, main.Identity.SerialNumber, "identity not read again");
            Assert.AreEqual(0, h.Events("meter_reset").Count);
            Assert.AreEqual(1, h.Events("config_changed").Count, "the change is reported");
            // 60 s at the new 15 s interval: 4 states (5 with the cadence's phase), where 10 s gave 6.
            int published = h.MessagesOn("meter/main/state").Count - states;
            Assert.IsTrue(published >= 3 && published <= 5, "states in 60 s at 15 s: " + published.ToString());
        }

        [TestMethod]
        public void AnMqttIntervalChangeKeepsTheBrokerSession()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            Publisher publisher = h.Collector.Publisher;
            Assert.IsTrue(publisher.IsConnected);
            int connects = h.Broker.ConnectAttempts;
            int transports = h.Broker.TransportsCreated;

            h.SetAndSave(SettingKeys.MqttInterval, "30");
            h.RunSeconds(1);
            int health = h.MessagesOn("health").Count;
            h.RunSeconds(90);

            Assert.IsTrue(ReferenceEquals(publisher, h.Collector.Publisher), "the same publisher");
            Assert.IsTrue(publisher.IsConnected);
            Assert.AreEqual(connects, h.Broker.ConnectAttempts, "no new connection");
            Assert.AreEqual(transports, h.Broker.TransportsCreated, "no new session");
            // 90 s at the new 30 s interval: 3 health messages, where 10 s gave 9.
            Assert.AreEqual(3, h.MessagesOn("health").Count - health, "health every 30 s");
            Assert.AreEqual(1, h.Events("config_changed").Count, "the change is reported");
        }

        [TestMethod]
        public void ReadingsQueuedWhileTheBrokerIsAwaySurviveAnMqttIntervalChange()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            Publisher publisher = h.Collector.Publisher;
            h.Broker.Stop();
            h.RunSeconds(30);
            int queued = publisher.BufferedMessages;
            Assert.IsTrue(queued > 0, "readings queued while the broker is away");
            int before = h.MessagesOn("meter/main/state").Count;

            h.SetAndSave(SettingKeys.MqttInterval, "30");
            h.RunSeconds(1);
            Assert.IsTrue(ReferenceEquals(publisher, h.Collector.Publisher), "the same publisher");
            Assert.IsTrue(publisher.BufferedMessages >= queued, "queued readings kept: " + publisher.BufferedMessages.ToString());

            h.Broker.Start();
            Assert.IsTrue(h.RunUntil(delegate { return publisher.IsConnected && publisher.BufferedMessages == 0; }, 120000000), "ring never drained");
            // 30 s at 10 s: at least 3 states of main were queued and are delivered after the change.
            Assert.IsTrue(h.MessagesOn("meter/main/state").Count - before >= 3, "queued states delivered");
            Assert.AreEqual(0L, publisher.DroppedMessages);
        }

        [TestMethod]
        public void APulseChannelAddedLeavesTheMetersDriversAlone()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            MeterDriver main = h.Collector.Meters[0];
            h.Main.SetAscii(Holding, 0x0012, "2412310009876", 7);   // KPM33B User Manual V3.4, 6.2: 0012H Sn serial No.

            string mainConfig = CollectorHarness.DiscoveryStart + "meter_main_voltage_l1/config";
            int announcements = h.Broker.MessagesOn(mainConfig).Count;

            Assert.IsNull(h.Config.AddPulseChannel("garage", "18", "1000", new string[0], new System.Collections.ArrayList()));
            Assert.IsNull(h.Config.Save());
            h.RunSeconds(15);

            // Discovery goes out again for every device, the meters' with the identity read before the change.
            Assert.IsTrue(h.Broker.MessagesOn(mainConfig).Count > announcements, "announced again");
            Assert.IsTrue(h.Broker.RetainedText(mainConfig).IndexOf(CollectorHarness.KpmSerial) >= 0, "with its identity: " + h.Broker.RetainedText(mainConfig));

            Assert.IsTrue(ReferenceEquals(main, h.Collector.Meters[0]), "the same driver");
            Assert.AreEqual(CollectorHarness.KpmSerial, main.Identity.SerialNumber, "identity not read again");
            Assert.AreEqual(3, h.Collector.Pulses.ChannelCount);
            Assert.IsTrue(h.Broker.HasRetained(CollectorHarness.DiscoveryStart + "pulse_garage_pulses/config"), "the new channel announced");
            Assert.IsTrue(h.MessagesOn("pulse/garage/state").Count > 0, "the new channel published");
        }

        [TestMethod]
        public void ABusTimeoutChangeIsTakenByTheRunningMaster()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            MeterDriver main = h.Collector.Meters[0];

            h.SetAndSave(SettingKeys.BusTimeout, "300");
            h.SetAndSave(SettingKeys.BusRetries, "1");
            h.RunSeconds(1);

            Assert.IsTrue(ReferenceEquals(main, h.Collector.Meters[0]), "the same driver");
            Assert.AreEqual(300000, h.Collector.Poller.Master.Settings.ResponseTimeoutMicroseconds);
            Assert.AreEqual(1, h.Collector.Poller.Master.Settings.Retries);
        }

        [TestMethod]
        public void ABaudRateChangeStillBuildsANewBus()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(25);
            MeterDriver main = h.Collector.Meters[0];

            h.SetAndSave(SettingKeys.BusBaud, "19200");
            h.RunSeconds(1);

            Assert.IsFalse(ReferenceEquals(main, h.Collector.Meters[0]), "a new driver for the new framing");
            Assert.AreEqual(19200, h.Collector.Poller.Master.Settings.BaudRate);
        }
    }
}
