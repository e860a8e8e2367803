using System;
using System.Collections;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The publisher against an in-memory broker on the virtual clock: session, status and last will,
    /// discovery (retained, again on HA's birth message, removal of dropped meters), availability,
    /// store-and-forward across broker outages with pacing, and reconnect backoff with fresh transports.
    /// </summary>
    [TestClass]
    public class PublisherTests
    {
        private const string Base = "espcollector/espcollector-a1b2c3/";
        private const string DiscoveryStart = "homeassistant/sensor/espcollector-a1b2c3/";

        [TestMethod]
        public void ConnectingPublishesOnlineRetainedWithOfflineAsTheLastWill()
        {
            Fixture f = new Fixture(null);

            f.Publisher.Service();

            Assert.IsTrue(f.Publisher.IsConnected);
            Assert.AreEqual("online", f.Broker.RetainedText(Base + "status"));
            TransportConnectOptions options = f.Broker.LastTransport.Options;
            Assert.AreEqual(Base + "status", options.WillTopic);
            Assert.AreEqual("offline", options.WillMessage);
            Assert.IsTrue(options.WillRetain);
            Assert.AreEqual("espcollector-a1b2c3", options.ClientId);
            Assert.AreEqual(30, options.KeepAliveSeconds);
            Assert.IsTrue(f.Broker.LastTransport.IsSubscribed(Base + "cmd/relay"));
            Assert.IsFalse(f.Broker.LastTransport.IsSubscribed(Base + "cmd/relay/result"), "results do not loop back");
            Assert.IsTrue(f.Broker.LastTransport.IsSubscribed("homeassistant/status"));

            f.Broker.CutWithWill(f.Broker.LastTransport);
            Assert.AreEqual("offline", f.Broker.RetainedText(Base + "status"), "the broker publishes the will");
        }

        [TestMethod]
        public void DiscoveryIsRetainedPacedAndSentAgainWhenHomeAssistantComesOnline()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            Assert.AreEqual(0, f.Broker.CountRetained(DiscoveryStart), "nothing before the sweep window ends");

            f.Run(2000, 100);

            int entries = f.Publisher.Discovery.Entries.Length;
            Assert.AreEqual(entries, f.Broker.CountRetained(DiscoveryStart));
            string voltageTopic = DiscoveryStart + "meter_main_voltage_l1/config";
            Assert.AreEqual(1, f.Broker.MessagesOn(voltageTopic).Count);
            Assert.IsTrue(((BrokerMessage)f.Broker.MessagesOn(voltageTopic)[0]).Retain);
            Hashtable config = TestJson.ParseObject(f.Broker.RetainedText(voltageTopic));
            Assert.IsNull(HomeAssistantSensorSchema.Validate(config));

            f.Broker.Inject("homeassistant/status", "offline", false);
            f.Run(1000, 100);
            Assert.AreEqual(1, f.Broker.MessagesOn(voltageTopic).Count, "offline birth changes nothing");

            f.Broker.Inject("homeassistant/status", "online", false);
            f.Run(1000, 100);
            Assert.AreEqual(2, f.Broker.MessagesOn(voltageTopic).Count, "sent again after HA restarted");
        }

        [TestMethod]
        public void DiscoveryIsPacedPerServiceCall()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            settings.DiscoveryMessagesPerService = 3;
            settings.DiscoverySweepMilliseconds = 0;
            Fixture f = new Fixture(settings);

            f.Publisher.Service();
            Assert.AreEqual(3, f.Broker.CountRetained(DiscoveryStart));

            f.Publisher.Service();
            Assert.AreEqual(6, f.Broker.CountRetained(DiscoveryStart));
        }

        [TestMethod]
        public void EntitiesOfAMeterRemovedWhileOfflineAreDeletedOnTheNextConnect()
        {
            Fixture first = new Fixture(null);
            first.Run(3000, 100);
            Assert.IsTrue(first.Broker.CountRetained(DiscoveryStart + "meter_sub_") > 0);
            first.Publisher.Stop();

            // Same broker (its retained messages survive), new boot with "sub" removed from the configuration.
            Fixture second = new Fixture(null, first.Broker);
            second.Publisher.Configure(new MeterDevice[] { Fixture.MainMeter() }, null);
            second.Run(3000, 100);

            Assert.AreEqual(0, second.Broker.CountRetained(DiscoveryStart + "meter_sub_"), "sub's entities removed");
            Assert.AreEqual(9, second.Broker.CountRetained(DiscoveryStart + "meter_main_"), "main's kept");
            Assert.AreEqual(8, second.Broker.CountRetained(DiscoveryStart + "collector_"));
        }

        [TestMethod]
        public void EntitiesOfAMeterRemovedAtRunTimeAreDeleted()
        {
            Fixture f = new Fixture(null);
            f.Publisher.SetMeterAvailability("sub", true);
            f.Run(3000, 100);
            Assert.AreEqual("online", f.Broker.RetainedText(Base + "meter/sub/availability"));

            f.Publisher.Configure(new MeterDevice[] { Fixture.MainMeter() }, null);
            f.Run(3000, 100);

            Assert.AreEqual(0, f.Broker.CountRetained(DiscoveryStart + "meter_sub_"));
            Assert.IsFalse(f.Broker.HasRetained(Base + "meter/sub/availability"), "retained availability cleared");
            Assert.AreEqual(9, f.Broker.CountRetained(DiscoveryStart + "meter_main_"));
        }

        [TestMethod]
        public void AnIdentityArrivingUpdatesTheDeviceBlockAndSendsDiscoveryAgainWithoutReconfiguring()
        {
            Fixture f = new Fixture(null);
            f.Publisher.SetMeterAvailability("sub", true);
            f.Run(3000, 100);
            string powerTopic = DiscoveryStart + "meter_sub_power/config";
            Hashtable before = TestJson.ParseObject(f.Broker.RetainedText(powerTopic));
            Assert.AreEqual("espc_246f28a1b2c3_a7_power", (string)before["unique_id"], "no serial yet: the address");
            int published = f.Broker.MessagesOn(powerTopic).Count;
            int availability = f.Broker.MessagesOn(Base + "meter/sub/availability").Count;

            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0042", "1.2");
            f.Run(3000, 100);

            Assert.AreEqual(published + 2, f.Broker.MessagesOn(powerTopic).Count, "removed, then announced with the new key");
            Assert.AreEqual(0, ((BrokerMessage)f.Broker.MessagesOn(powerTopic)[published]).Payload.Length, "the address-keyed entity removed first");
            Assert.AreEqual(1, f.Broker.MessagesOn(DiscoveryStart + "meter_main_voltage_l1/config").Count, "main comes before sub: not sent again");
            Assert.AreEqual(1, f.Broker.MessagesOn(DiscoveryStart + "collector_uptime/config").Count, "nor the collector's configs");
            Assert.AreEqual(2, f.Broker.MessagesOn(DiscoveryStart + "pulse_heatpump_energy/config").Count, "those after sub: again");
            Hashtable after = TestJson.ParseObject(f.Broker.RetainedText(powerTopic));
            Assert.AreEqual("espc_246f28a1b2c3_snSN0042_power", (string)after["unique_id"]);
            Hashtable device = (Hashtable)after["device"];
            Assert.AreEqual("Eastron", (string)device["manufacturer"]);
            Assert.AreEqual("SDM630", (string)device["model"]);
            Assert.AreEqual("SN-0042", (string)device["serial_number"]);
            Assert.AreEqual("1.2", (string)device["sw_version"]);
            Assert.AreEqual("espc_246f28a1b2c3_snSN0042", (string)((ArrayList)device["identifiers"])[0]);
            Assert.AreEqual(availability + 1, f.Broker.MessagesOn(Base + "meter/sub/availability").Count, "availability sent again with discovery");
            Assert.AreEqual("online", f.Broker.RetainedText(Base + "meter/sub/availability"), "the state it had: nothing was rebuilt");
            availability++;

            // The same identity again, or an unknown meter: nothing to send.
            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0042", "1.2");
            f.Publisher.SetMeterIdentity("nosuch", "x", "y", "z", "w");
            f.Run(3000, 100);
            Assert.AreEqual(published + 2, f.Broker.MessagesOn(powerTopic).Count);
            Assert.AreEqual(availability, f.Broker.MessagesOn(Base + "meter/sub/availability").Count);
        }

        [TestMethod]
        public void AnIdentityArrivingDuringAPassIsCoveredByItOrResendsFromItsMeter()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            settings.DiscoveryMessagesPerService = 3;
            settings.DiscoverySweepMilliseconds = 0;
            Fixture f = new Fixture(settings);
            string subPower = DiscoveryStart + "meter_sub_power/config";
            string mainVoltage = DiscoveryStart + "meter_main_voltage_l1/config";

            f.Publisher.Service();
            Assert.AreEqual(3, f.Broker.CountRetained(DiscoveryStart), "the pass has not reached the meters yet");
            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0042", "1.2");
            f.Run(2000, 100);
            Assert.AreEqual(1, f.Broker.MessagesOn(subPower).Count, "the pass under way sent sub once, with its identity");
            Assert.IsTrue(f.Broker.RetainedText(subPower).IndexOf("SN-0042") > 0);
            Assert.AreEqual(1, f.Broker.MessagesOn(mainVoltage).Count);

            // A new firmware version, same serial (same unique_id): sent again from main on, nothing removed.
            f.Publisher.SetMeterIdentity("main", "Compere", "KPM33B", "12345678", "2.0");
            f.Run(2000, 100);
            Assert.AreEqual(2, f.Broker.MessagesOn(mainVoltage).Count, "the pass had passed main: from main again");
            Assert.IsTrue(f.Broker.RetainedText(mainVoltage).IndexOf("\"sw_version\":\"2.0\"") > 0);
            Assert.AreEqual(2, f.Broker.MessagesOn(subPower).Count, "sub comes after main");
            Assert.AreEqual(1, f.Broker.MessagesOn(DiscoveryStart + "collector_uptime/config").Count, "the collector's configs once");
        }

        [TestMethod]
        public void AReplacedMetersEntitiesAreRemovedBeforeItsNewOnesAreAnnounced()
        {
            Fixture f = new Fixture(null);
            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0001", "1.2");
            f.Run(3000, 100);
            string[] subTopics = new string[] { DiscoveryStart + "meter_sub_power/config", DiscoveryStart + "meter_sub_energy_total/config" };
            string mainVoltage = DiscoveryStart + "meter_main_voltage_l1/config";
            Assert.AreEqual(1, f.Broker.MessagesOn(subTopics[0]).Count, "announced once, with its serial");
            f.Broker.ClearLog();

            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0002", "1.2");
            f.Run(3000, 100);

            for (int i = 0; i < subTopics.Length; i++)
            {
                ArrayList messages = f.Broker.MessagesOn(subTopics[i]);
                Assert.AreEqual(2, messages.Count, subTopics[i]);
                Assert.AreEqual(0, ((BrokerMessage)messages[0]).Payload.Length, "the old entity removed first");
                Assert.IsTrue(((BrokerMessage)messages[0]).Retain);
                Assert.IsTrue(((BrokerMessage)messages[1]).Text.IndexOf("espc_246f28a1b2c3_snSN0002_") > 0, "then the new one");
            }

            Assert.AreEqual(0, f.Broker.MessagesOn(mainVoltage).Count, "the other meter is not touched");
            Assert.AreEqual(f.Publisher.Discovery.Count, f.Broker.CountRetained(DiscoveryStart), "every config retained at the end");

            // A new firmware version only (same serial, same key): updated in place, nothing removed.
            f.Broker.ClearLog();
            f.Publisher.SetMeterIdentity("sub", "Eastron", "SDM630", "SN-0002", "1.3");
            f.Run(3000, 100);
            Assert.AreEqual(1, f.Broker.MessagesOn(subTopics[0]).Count);
            Assert.IsTrue(((BrokerMessage)f.Broker.MessagesOn(subTopics[0])[0]).Payload.Length > 0);
        }

        [TestMethod]
        public void AConfigRetainedWithAnotherKeyIsRemovedBeforeTheMeterIsAnnouncedAgain()
        {
            Fixture f = new Fixture(null);
            string subPower = DiscoveryStart + "meter_sub_power/config";
            string mainVoltage = DiscoveryStart + "meter_main_voltage_l1/config";
            f.Broker.SetRetained(subPower, "{\"name\":\"Power\",\"unique_id\":\"espc_246f28a1b2c3_snOLD1_power\"}");
            f.Broker.SetRetained(mainVoltage, "{\"name\":\"Voltage L1\",\"unique_id\":\"espc_246f28a1b2c3_sn12345678_voltage_l1\"}");

            f.Run(4000, 100);

            ArrayList sub = f.Broker.MessagesOn(subPower);
            Assert.AreEqual(2, sub.Count, "removed, then announced");
            Assert.AreEqual(0, ((BrokerMessage)sub[0]).Payload.Length);
            Assert.IsTrue(((BrokerMessage)sub[1]).Text.IndexOf("espc_246f28a1b2c3_a7_power") > 0);
            ArrayList main = f.Broker.MessagesOn(mainVoltage);
            Assert.AreEqual(1, main.Count, "retained with the key it has: updated, not removed");
            Assert.IsTrue(((BrokerMessage)main[0]).Payload.Length > 0);
        }

        [TestMethod]
        public void AfterAnOutageDiscoveryGoesOutBeforeTheBacklog()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            settings.BufferMessages = 64;
            Fixture f = new Fixture(settings);
            f.Run(3000, 100);
            f.Broker.Stop();
            for (int i = 0; i < 20; i++)
            {
                f.Publisher.PublishMeterState(f.Snapshot(i));
                f.Run(500, 100);
            }

            f.Broker.ClearLog();
            f.Broker.Start();
            f.Run(20000, 100);

            int lastConfig = -1;
            int firstState = -1;
            int states = 0;
            for (int i = 0; i < f.Broker.LogCount; i++)
            {
                BrokerMessage message = f.Broker.LogAt(i);
                if (message.Topic.IndexOf(DiscoveryStart) == 0)
                {
                    lastConfig = i;
                }
                else if (message.Topic == Base + "meter/main/state")
                {
                    firstState = firstState < 0 ? i : firstState;
                    states++;
                }
            }

            Assert.AreEqual(f.Publisher.Discovery.Count, f.Broker.CountRetained(DiscoveryStart), "every config again");
            Assert.AreEqual(20, states, "the whole backlog, after discovery");
            Assert.IsTrue(lastConfig >= 0 && lastConfig < firstState, "configs " + lastConfig + " before states " + firstState);
        }

        [TestMethod]
        public void AvailabilityFollowsTheBusMasterAndIsRepublishedOnReconnect()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            Assert.AreEqual("offline", f.Broker.RetainedText(Base + "meter/main/availability"), "offline until the bus master says otherwise");

            f.Publisher.SetMeterAvailability("main", true);
            f.Publisher.Service();
            Assert.AreEqual("online", f.Broker.RetainedText(Base + "meter/main/availability"));

            f.Publisher.SetMeterAvailability("main", false);
            f.Publisher.Service();
            Assert.AreEqual("offline", f.Broker.RetainedText(Base + "meter/main/availability"));
            int before = f.Broker.MessagesOn(Base + "meter/main/availability").Count;

            f.Broker.Stop();
            f.Run(100, 100);
            f.Broker.Start();
            f.Run(5000, 100);
            Assert.AreEqual(before + 1, f.Broker.MessagesOn(Base + "meter/main/availability").Count);
        }

        [TestMethod]
        public void ReadingsMadeWhileTheBrokerIsDownArriveInOrderAfterItReturns()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            f.Broker.Stop();

            for (int i = 0; i < 20; i++)
            {
                Assert.IsTrue(f.Publisher.PublishMeterState(f.Snapshot(i)));
                f.Run(1000, 250);
            }

            Assert.AreEqual(20, f.Publisher.BufferedMessages);
            Assert.AreEqual(0, f.Broker.MessagesOn(Base + "meter/main/state").Count);

            f.Broker.Start();
            f.Run(400000, 500);

            ArrayList states = f.Broker.MessagesOn(Base + "meter/main/state");
            Assert.AreEqual(20, states.Count);
            for (int i = 0; i < 20; i++)
            {
                Hashtable state = TestJson.ParseObject(((BrokerMessage)states[i]).Text);
                Assert.AreEqual((double)(200 + i), (double)state["voltage_l1"], "order kept");
                Assert.AreEqual(1, ((BrokerMessage)states[i]).QualityOfService);
            }

            Assert.AreEqual(0, f.Publisher.BufferedMessages);
            Assert.AreEqual(0L, f.Publisher.DroppedMessages);
        }

        [TestMethod]
        public void ReplayIsPacedAfterReconnect()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            settings.ReplayMessagesPerSecond = 5;
            settings.ReplayBurst = 5;
            settings.BufferMessages = 64;
            Fixture f = new Fixture(settings);
            f.Broker.Available = false;
            for (int i = 0; i < 30; i++)
            {
                f.Publisher.PublishMeterState(f.Snapshot(i));
            }

            f.Publisher.Service();
            Assert.AreEqual(0, f.Broker.MessagesOn(Base + "meter/main/state").Count);

            f.Broker.Start();
            f.Clock.AdvanceMilliseconds(1000);
            f.Publisher.Service();
            Assert.IsTrue(f.Publisher.IsConnected);
            Assert.AreEqual(0, f.Broker.MessagesOn(Base + "meter/main/state").Count, "discovery first");

            // The backlog starts in the call that sends the last discovery config, with the burst.
            for (int i = 0; i < 100 && f.Broker.MessagesOn(Base + "meter/main/state").Count == 0; i++)
            {
                f.Clock.AdvanceMilliseconds(50);
                f.Publisher.Service();
            }

            Assert.AreEqual(f.Publisher.Discovery.Count, f.Broker.CountRetained(DiscoveryStart));
            Assert.AreEqual(5, f.Broker.MessagesOn(Base + "meter/main/state").Count, "the burst");

            f.Run(1000, 50);
            Assert.AreEqual(10, f.Broker.MessagesOn(Base + "meter/main/state").Count, "then 5 per second");

            f.Run(4000, 50);
            Assert.AreEqual(30, f.Broker.MessagesOn(Base + "meter/main/state").Count);
        }

        [TestMethod]
        public void TheRingBoundIsKeptAndDropsAreCountedAndPublishedInHealth()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            settings.BufferMessages = 4;
            Fixture f = new Fixture(settings);
            f.Broker.Available = false;

            for (int i = 0; i < 10; i++)
            {
                f.Publisher.PublishMeterState(f.Snapshot(i));
            }

            Assert.AreEqual(4, f.Publisher.BufferedMessages);
            Assert.AreEqual(6L, f.Publisher.DroppedMessages);

            f.Broker.Start();
            f.Run(5000, 100);
            // A full ring is thinned (StoreAndForwardRing): the first and the newest readings survive, in order.
            ArrayList states = f.Broker.MessagesOn(Base + "meter/main/state");
            Assert.AreEqual(4, states.Count);
            double previous = 0;
            for (int i = 0; i < states.Count; i++)
            {
                double voltage = (double)TestJson.ParseObject(((BrokerMessage)states[i]).Text)["voltage_l1"];
                Assert.IsTrue(voltage > previous, "in order");
                previous = voltage;
            }

            Assert.AreEqual(200.0, (double)TestJson.ParseObject(((BrokerMessage)states[0]).Text)["voltage_l1"], "the start of the outage");
            Assert.AreEqual(209.0, previous, "the newest");

            f.Publisher.PublishHealth(new HealthSnapshot());
            f.Publisher.Service();
            Hashtable health = TestJson.ParseObject(f.Broker.LastTextOn(Base + "health"));
            Assert.AreEqual(6.0, (double)health["dropped"]);
            Assert.AreEqual(0.0, (double)health["buffered"]);
            Assert.AreEqual(-61.0, (double)health["rssi"]);
            Assert.AreEqual("0.9.0", (string)health["firmware"]);
        }

        [TestMethod]
        public void AMessageTheBrokerDidNotAcceptStaysQueuedAndTheSessionIsRenewed()
        {
            Fixture f = new Fixture(null);
            f.Run(3000, 100);
            int sessions = f.Publisher.Connection.Sessions;

            f.Broker.AcceptPublishes = false;
            f.Publisher.PublishMeterState(f.Snapshot(1));
            f.Publisher.Service();
            Assert.AreEqual(1, f.Publisher.BufferedMessages, "kept for the next session");
            Assert.IsFalse(f.Publisher.IsConnected);

            f.Broker.AcceptPublishes = true;
            f.Run(5000, 100);
            Assert.AreEqual(sessions + 1, f.Publisher.Connection.Sessions);
            Assert.AreEqual(1, f.Broker.MessagesOn(Base + "meter/main/state").Count);
        }

        [TestMethod]
        public void ReconnectUsesAFreshTransportEachTimeWithJitteredExponentialBackoff()
        {
            Fixture f = new Fixture(null);
            f.Broker.Available = false;
            long[] attemptTimes = new long[8];
            int attempts = 0;
            while (attempts < attemptTimes.Length)
            {
                int before = f.Broker.ConnectAttempts;
                f.Publisher.Service();
                if (f.Broker.ConnectAttempts > before)
                {
                    attemptTimes[attempts++] = f.Clock.MonotonicMicroseconds;
                }

                f.Clock.AdvanceMilliseconds(10);
            }

            Assert.AreEqual(8, f.Broker.TransportsCreated, "one transport per attempt");
            for (int i = 1; i < attemptTimes.Length; i++)
            {
                long step = ReconnectBackoff.StepMicroseconds(i, 1000000, 300000000);
                long gap = attemptTimes[i] - attemptTimes[i - 1];
                Assert.IsTrue(gap >= step / 2 && gap <= step + 10000, "gap " + i.ToString() + " = " + gap.ToString());
            }

            f.Network.Connected = false;
            f.Broker.Start();
            int attemptsWithoutNetwork = f.Broker.ConnectAttempts;
            f.Run(600000, 1000);
            Assert.AreEqual(attemptsWithoutNetwork, f.Broker.ConnectAttempts, "no attempts while WiFi is down");

            f.Network.Connected = true;
            f.Run(1000, 100);
            Assert.IsTrue(f.Publisher.IsConnected);
            Assert.AreEqual(0, f.Publisher.Connection.FailedAttempts);
        }

        [TestMethod]
        public void ADroppedSessionIsDisposedAndReplacedAfterTheFirstBackoffStep()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            MemoryTransport first = f.Broker.LastTransport;

            f.Broker.CutWithWill(first);
            f.Publisher.Service();
            Assert.IsTrue(first.IsDisposed);
            Assert.IsFalse(f.Publisher.IsConnected);

            f.Run(1000, 10);
            Assert.IsTrue(f.Publisher.IsConnected);
            Assert.AreNotSame(first, f.Broker.LastTransport);
            Assert.AreEqual("online", f.Broker.RetainedText(Base + "status"), "online again after the will");
        }

        [TestMethod]
        public void StateBeforeTheClockIsSynchronizedIsFlaggedNotBackdated()
        {
            Fixture f = new Fixture(null, null, false);
            f.Publisher.PublishMeterState(f.Snapshot(0));
            f.Run(3000, 100);

            Hashtable state = TestJson.ParseObject(f.Broker.LastTextOn(Base + "meter/main/state"));
            Assert.AreEqual(TestJson.Null, state["ts"]);
            Assert.AreEqual(false, (bool)state["time_synchronized"]);
        }

        [TestMethod]
        public void EventsArePublishedInOrderWithReadings()
        {
            Fixture f = new Fixture(null);
            f.Publisher.PublishEvent(CollectorEventKind.Reboot, null, "power_on");
            f.Publisher.PublishMeterState(f.Snapshot(0));
            f.Publisher.PublishEvent(CollectorEventKind.MeterReset, "main", null);
            f.Run(3000, 100);

            MemoryBroker log = f.Broker;
            int reboot = -1;
            int state = -1;
            int reset = -1;
            for (int i = 0; i < log.LogCount; i++)
            {
                BrokerMessage message = log.LogAt(i);
                if (message.Topic == Base + "event" && message.Text.IndexOf("reboot") >= 0)
                {
                    reboot = i;
                }
                else if (message.Topic == Base + "meter/main/state")
                {
                    state = i;
                }
                else if (message.Topic == Base + "event" && message.Text.IndexOf("meter_reset") >= 0)
                {
                    reset = i;
                }
            }

            Assert.IsTrue(reboot >= 0 && reboot < state && state < reset);
            Hashtable rebootEvent = TestJson.ParseObject(log.LogAt(reboot).Text);
            Assert.AreEqual("power_on", (string)rebootEvent["detail"]);
        }

        [TestMethod]
        public void UnknownMetersAndChannelsAreNotPublished()
        {
            Fixture f = new Fixture(null);
            Assert.IsFalse(f.Publisher.PublishMeterState(new MeterStateSnapshot("nosuch", 1)));
            Assert.IsFalse(f.Publisher.PublishPulseState(new PulseChannelSnapshot("nosuch")));
            Assert.AreEqual(0, f.Publisher.BufferedMessages);
        }

        [TestMethod]
        public void ReplayedReadingsCarryTheTimeAndValuesOfTheReadingNotOfTheReplay()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            f.Broker.Stop();
            string[] expected = StringArrays.Create(3);
            for (int i = 0; i < expected.Length; i++)
            {
                MeterStateSnapshot snapshot = f.Snapshot(i);
                snapshot.Values[1] = 1234.5678 - i * 0.0005;
                JsonWriter json = new JsonWriter(1024);
                StatePayloads.WriteMeterState(json, snapshot, f.Clock, f.Clock);
                expected[i] = json.ToString();
                f.Publisher.PublishMeterState(snapshot);
                f.Run(60000, 1000);
            }

            f.Broker.Start();
            f.Run(400000, 500);

            ArrayList states = f.Broker.MessagesOn(Base + "meter/main/state");
            Assert.AreEqual(expected.Length, states.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], ((BrokerMessage)states[i]).Text, "byte for byte as written when read");
            }
        }

        [TestMethod]
        public void UptimeOfReadingsMadeBeforeTheClockWasSetIsKeptAcrossTheOutage()
        {
            Fixture f = new Fixture(null, null, false);
            f.Publisher.Service();
            f.Broker.Stop();
            f.Clock.AdvanceMilliseconds(42000);
            f.Publisher.PublishMeterState(f.Snapshot(0));
            f.Run(120000, 1000);
            f.Broker.Start();
            f.Run(400000, 500);

            Hashtable state = TestJson.ParseObject(f.Broker.LastTextOn(Base + "meter/main/state"));
            Assert.AreEqual(TestJson.Null, state["ts"]);
            Assert.AreEqual(42.0, (double)state["uptime"], "the uptime of the reading");
        }

        [TestMethod]
        public void ReadingsQueuedBeforeAConfigurationChangeKeepTheirTopicAndQuantities()
        {
            Fixture f = new Fixture(null);
            f.Publisher.Service();
            f.Broker.Stop();
            MeterStateSnapshot sub = new MeterStateSnapshot("sub", 2);
            sub.Add("power", "W", 1500.5, true);
            sub.Add("energy_total", "kWh", 77.125, true);
            f.Publisher.PublishMeterState(sub);
            f.Publisher.PublishMeterState(f.Snapshot(1));

            // "sub" removed, "main" now reports other quantities.
            MeterDevice main = new MeterDevice("main", 1, new string[] { "energy_import", "voltage_l1" });
            f.Publisher.Configure(new MeterDevice[] { main }, null);
            MeterStateSnapshot reordered = new MeterStateSnapshot("main", 2);
            reordered.Add("energy_import", "kWh", 1001, true);
            reordered.Add("voltage_l1", "V", 231, true);
            f.Publisher.PublishMeterState(reordered);
            f.Publisher.PublishMeterState(f.Snapshot(2));
            f.Broker.Start();
            f.Run(10000, 100);

            Hashtable subState = TestJson.ParseObject(f.Broker.LastTextOn(Base + "meter/sub/state"));
            Assert.AreEqual(1500.5, (double)subState["power"]);
            Assert.AreEqual(77.125, (double)subState["energy_total"]);
            ArrayList states = f.Broker.MessagesOn(Base + "meter/main/state");
            Assert.AreEqual(3, states.Count);
            Assert.IsTrue(((BrokerMessage)states[0]).Text.IndexOf("\"voltage_l1\":201,\"energy_import\":1000.5}") > 0, ((BrokerMessage)states[0]).Text);
            Assert.IsTrue(((BrokerMessage)states[1]).Text.IndexOf("\"energy_import\":1001,\"voltage_l1\":231}") > 0, ((BrokerMessage)states[1]).Text);
            Assert.IsTrue(((BrokerMessage)states[2]).Text.IndexOf("\"voltage_l1\":202,\"energy_import\":1001}") > 0, "out of the configured order: sent as text, same JSON");
            Assert.AreEqual(0L, f.Publisher.DroppedMessages);
        }

        [TestMethod]
        public void TheDefaultRingHoldsManyKpm33bReadingsAndDeliversThemAllInOrder()
        {
            PublishingSettings settings = Fixture.DefaultSettings();
            Fixture f = new Fixture(settings);
            string[] names = ReadingRecordTests.Kpm33bQuantities();
            MeterDevice main = new MeterDevice("main", 1, names);
            f.Publisher.Configure(new MeterDevice[] { main }, null);
            f.Run(3000, 100);
            f.Broker.Stop();

            MeterStateSnapshot snapshot = ReadingRecordTests.RealisticSnapshot(names);
            JsonWriter json = new JsonWriter(2560);
            StatePayloads.WriteMeterState(json, snapshot, f.Clock, f.Clock);
            int readings = 0;
            int held = 0;
            while (f.Publisher.DroppedMessages == 0)
            {
                held = f.Publisher.BufferedMessages;
                snapshot.Values[0] = 100000 + readings;
                f.Publisher.PublishMeterState(snapshot);
                f.Clock.AdvanceMilliseconds(10000);
                readings++;
            }

            OutputHelper.WriteLine("default ring (" + settings.BufferBytes.ToString() + " B) holds " + held.ToString() + " KPM33B readings ("
                + names.Length.ToString() + " quantities, " + json.Length.ToString() + " B of JSON each; as JSON it held "
                + (settings.BufferBytes / json.Length).ToString() + "), i.e. " + (held * 10 / 60).ToString() + " minutes of one meter polled every 10 s before it is thinned");
            Assert.IsTrue(held >= 30, "held " + held.ToString());

            // Full: thinned, not truncated. What is left goes out in order, from the first reading to the newest.
            int left = f.Publisher.BufferedMessages;
            f.Broker.Start();
            f.Run(30000, 100);
            ArrayList states = f.Broker.MessagesOn(Base + "meter/main/state");
            Assert.AreEqual(left, states.Count);
            double previous = -1;
            for (int i = 0; i < states.Count; i++)
            {
                Hashtable state = TestJson.ParseObject(((BrokerMessage)states[i]).Text);
                Assert.IsTrue((double)state[names[0]] > previous, "in order");
                previous = (double)state[names[0]];
            }

            Assert.AreEqual(100000.0, (double)TestJson.ParseObject(((BrokerMessage)states[0]).Text)[names[0]], "the first reading");
            Assert.AreEqual((double)(100000 + readings - 1), previous, "the newest reading");
            Assert.AreEqual((long)(readings - left), f.Publisher.DroppedMessages, "every reading thinned out counted");
        }

        /// <summary>A publisher wired to a memory broker, a fake network and the virtual clock.</summary>
        internal sealed class Fixture
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly MemoryBroker Broker;
            public readonly FakeNetworkStatus Network = new FakeNetworkStatus();
            public readonly RecordingCommandActions Actions = new RecordingCommandActions();
            public readonly Publisher Publisher;

            public Fixture(PublishingSettings settings)
                : this(settings, null, true)
            {
            }

            public Fixture(PublishingSettings settings, MemoryBroker broker)
                : this(settings, broker, true)
            {
            }

            public Fixture(PublishingSettings settings, MemoryBroker broker, bool synchronized)
            {
                Broker = broker ?? new MemoryBroker();
                if (synchronized)
                {
                    Clock.SynchronizeTo(new DateTime(2025, 3, 1, 12, 0, 0));
                }

                Publisher = new Publisher(settings ?? DefaultSettings(), Clock, Clock, Network, Broker, Actions);
                MeterDevice sub = new MeterDevice("sub", 7, new string[] { "power", "energy_total" });
                Publisher.Configure(new MeterDevice[] { MainMeter(), sub }, new PulseChannelDevice[] { new PulseChannelDevice("heatpump", 1000, "main") });
            }

            public static PublishingSettings DefaultSettings()
            {
                PublishingSettings settings = new PublishingSettings();
                settings.FirmwareVersion = "0.9.0";
                settings.Board = "esp32-devkitc";
                return settings;
            }

            public static MeterDevice MainMeter()
            {
                MeterDevice main = new MeterDevice("main", 1, new string[]
                {
                    "voltage_l1", "voltage_l2", "voltage_l3", "current_l1", "power", "power_factor", "frequency", "energy_import", "energy_export",
                });
                main.Manufacturer = "Compere";
                main.Model = "KPM33B";
                main.SerialNumber = "12345678";
                return main;
            }

            public MeterStateSnapshot Snapshot(int index)
            {
                MeterStateSnapshot snapshot = new MeterStateSnapshot("main", 4);
                snapshot.Add("voltage_l1", "V", 200 + index, true);
                snapshot.Add("energy_import", "kWh", 1000 + index * 0.5, true);
                return snapshot;
            }

            /// <summary>Calls Service every <paramref name="stepMilliseconds"/> for <paramref name="milliseconds"/>.</summary>
            public void Run(int milliseconds, int stepMilliseconds)
            {
                for (int elapsed = 0; elapsed < milliseconds; elapsed += stepMilliseconds)
                {
                    Publisher.Service();
                    Clock.AdvanceMilliseconds(stepMilliseconds);
                }

                Publisher.Service();
            }
        }
    }
}
