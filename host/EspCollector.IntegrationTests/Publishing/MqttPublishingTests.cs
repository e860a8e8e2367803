using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using EspCollector.Core.Publishing;
using EspCollector.HostAdapters.Mqtt;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Publishing
{
    /// <summary>
    /// Publishing against a real mosquitto started on a free loopback port, with mosquitto_sub and
    /// mosquitto_pub as independent peers: the host MQTT client itself, retained discovery and status,
    /// the last will on an abrupt cut, store-and-forward across a broker restart, and commands.
    /// Every test starts its own broker and stops everything it started; every wait is bounded.
    /// </summary>
    [TestClass]
    public class MqttPublishingTests
    {
        private const int Timeout = 15000;

        [TestMethod]
        public void HostClientPublishesSubscribesAndReceivesAgainstMosquitto()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            using (MosquittoSubscriber subscriber = new MosquittoSubscriber(broker.Port, "espc-test/#"))
            {
                subscriber.WaitUntilSubscribed();
                MqttNetTransport client = new MqttNetTransport();
                List<string> received = new List<string>();
                client.MessageReceived += (topic, payload, retained) =>
                {
                    lock (received)
                    {
                        received.Add((retained ? "R " : "L ") + topic + " " + Encoding.UTF8.GetString(payload));
                    }
                };

                MosquittoClients.Publish(broker.Port, "espc-test/retained", "kept", true);
                TransportConnectOptions options = new TransportConnectOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, ClientId = "espc-client-test", KeepAliveSeconds = 5 };
                Assert.AreEqual((int)TransportConnectResult.Accepted, (int)client.Connect(options));

                Assert.IsTrue(client.Subscribe("espc-test/in/#", 1));
                Assert.IsTrue(client.Subscribe("espc-test/retained", 1));
                MosquittoClients.Publish(broker.Port, "espc-test/in/a", "hello", false);
                Assert.IsTrue(CollectorUnderTest.WaitUntil(() => { lock (received) { return received.Contains("L espc-test/in/a hello"); } }, Timeout), "live message");
                Assert.IsTrue(received.Contains("R espc-test/retained kept"), "retained flag on subscription");

                byte[] payload = Encoding.UTF8.GetBytes("xx{\"q\":1}yy");
                Assert.IsTrue(client.Publish("espc-test/out/qos1", payload, 2, 7, 1, false), "PUBACK received");
                Assert.IsTrue(client.Publish("espc-test/out/qos0", payload, 2, 7, 0, true));
                Assert.IsTrue(subscriber.WaitFor(lines => lines.Exists(l => l.Topic == "espc-test/out/qos0"), Timeout));
                Assert.AreEqual("{\"q\":1}", subscriber.On("espc-test/out/qos1")[0].Payload, "offset and count honoured");

                Assert.IsTrue(client.Unsubscribe("espc-test/in/#"));
                MosquittoClients.Publish(broker.Port, "espc-test/in/b", "after", false);
                MosquittoClients.Publish(broker.Port, "espc-test/retained", "marker", false);
                Assert.IsTrue(CollectorUnderTest.WaitUntil(() => { lock (received) { return received.Contains("L espc-test/retained marker"); } }, Timeout));
                Assert.IsFalse(received.Contains("L espc-test/in/b after"), "unsubscribed");

                client.Disconnect();
                Assert.IsFalse(client.IsConnected);
                Assert.IsFalse(client.Publish("espc-test/out/late", payload, 0, 1, 1, false), "nothing after DISCONNECT");
                client.Dispose();

                MqttNetTransport refused = new MqttNetTransport();
                options.BrokerPort = MosquittoBroker.FreePort();
                Assert.AreEqual((int)TransportConnectResult.NetworkError, (int)refused.Connect(options), "no broker on that port");
                refused.Dispose();
            }
        }

        [TestMethod]
        public void DiscoveryAndStatusAreRetained()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            {
                int entries;
                using (CollectorUnderTest collector = new CollectorUnderTest(broker.Port, false))
                {
                    entries = collector.Publisher.Discovery.Entries.Length;
                    Assert.IsTrue(CollectorUnderTest.WaitUntil(() => collector.Publisher.IsConnected, Timeout), "connected");

                    // A subscriber arriving later gets status and every config from the broker's retained store.
                    Assert.IsTrue(CollectorUnderTest.WaitUntil(() => collector.Publisher.PublishedMessages >= entries + 1, Timeout), "discovery sent");
                    using (MosquittoSubscriber late = new MosquittoSubscriber(broker.Port, "homeassistant/#", CollectorUnderTest.Base + "status"))
                    {
                        Assert.IsTrue(late.WaitFor(lines => lines.FindAll(l => l.Topic.StartsWith("homeassistant/sensor/" + CollectorUnderTest.Id + "/")).Count == entries, Timeout),
                            "all " + entries + " configs retained");
                        List<ReceivedLine> status = late.On(CollectorUnderTest.Base + "status");
                        Assert.AreEqual(1, status.Count);
                        Assert.IsTrue(status[0].Retained);
                        Assert.AreEqual("online", status[0].Payload);

                        foreach (ReceivedLine line in late.Lines.FindAll(l => l.Topic.StartsWith("homeassistant/sensor/")))
                        {
                            Assert.IsTrue(line.Retained, line.Topic);
                            using (JsonDocument config = JsonDocument.Parse(line.Payload))
                            {
                                Assert.IsTrue(config.RootElement.GetProperty("unique_id").GetString().StartsWith("espc_246f28a1b2c3_"), line.Topic);
                                Assert.IsTrue(config.RootElement.GetProperty("device").GetProperty("identifiers").GetArrayLength() == 1, line.Topic);
                            }
                        }
                    }

                    // Home Assistant restarts: its birth message makes the collector send discovery again.
                    using (MosquittoSubscriber live = new MosquittoSubscriber(broker.Port, "homeassistant/sensor/#"))
                    {
                        live.WaitUntilSubscribed();
                        int before = live.Lines.Count;
                        MosquittoClients.Publish(broker.Port, "homeassistant/status", "online", false);
                        Assert.IsTrue(live.WaitFor(lines => lines.FindAll(l => l.Topic.StartsWith("homeassistant/sensor/") && !l.Retained).Count == entries, Timeout),
                            "discovery sent again after HA's birth message");
                    }
                }

                // A clean stop leaves "offline" retained.
                using (MosquittoSubscriber after = new MosquittoSubscriber(broker.Port, CollectorUnderTest.Base + "status"))
                {
                    Assert.IsTrue(after.WaitFor(lines => lines.Exists(l => l.Retained && l.Payload == "offline"), Timeout));
                }
            }
        }

        [TestMethod]
        public void TheLastWillIsPublishedWhenTheConnectionIsCutAbruptly()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            using (MosquittoSubscriber subscriber = new MosquittoSubscriber(broker.Port, CollectorUnderTest.Base + "status"))
            using (CollectorUnderTest collector = new CollectorUnderTest(broker.Port, false))
            {
                Assert.IsTrue(subscriber.WaitFor(lines => lines.Exists(l => l.Payload == "online"), Timeout), "online");
                collector.Paused = true;
                MqttNetTransport transport = collector.Factory.Last;

                // Socket closed without DISCONNECT, as when the collector loses power.
                transport.Abort();

                Assert.IsTrue(subscriber.WaitFor(lines => lines.Exists(l => l.Payload == "offline"), Timeout), "the broker published the will");
                List<ReceivedLine> lines = subscriber.On(CollectorUnderTest.Base + "status");
                Assert.AreEqual("offline", lines[lines.Count - 1].Payload);

                // And the collector comes back with a fresh client.
                int created = collector.Factory.Created;
                collector.Paused = false;
                Assert.IsTrue(subscriber.WaitFor(all => all.FindLastIndex(l => l.Payload == "online") > all.FindLastIndex(l => l.Payload == "offline"), Timeout), "online again");
                Assert.IsTrue(collector.Factory.Created > created);
                Assert.AreNotSame(transport, collector.Factory.Last);
            }
        }

        [TestMethod]
        public void ReadingsMadeWhileTheBrokerIsStoppedArriveInOrderAfterItRestarts()
        {
            const int Readings = 15;
            using (MosquittoBroker broker = new MosquittoBroker())
            using (CollectorUnderTest collector = new CollectorUnderTest(broker.Port, false))
            {
                Assert.IsTrue(CollectorUnderTest.WaitUntil(() => collector.Publisher.IsConnected, Timeout), "connected");

                broker.Stop();
                Assert.IsTrue(CollectorUnderTest.WaitUntil(() => !collector.Publisher.IsConnected, Timeout), "loss noticed");
                for (int i = 0; i < Readings; i++)
                {
                    Assert.IsTrue(collector.Publisher.PublishMeterState(collector.Reading(i)));
                    System.Threading.Thread.Sleep(20);
                }

                Assert.AreEqual(Readings, collector.Publisher.BufferedMessages);

                // Restart on the same port; hold the collector until the independent subscriber is in.
                collector.Paused = true;
                broker.Start();
                using (MosquittoSubscriber subscriber = new MosquittoSubscriber(broker.Port, CollectorUnderTest.Base + "meter/main/state"))
                {
                    subscriber.WaitUntilSubscribed();
                    collector.Paused = false;

                    string topic = CollectorUnderTest.Base + "meter/main/state";
                    Assert.IsTrue(subscriber.WaitFor(lines => lines.FindAll(l => l.Topic == topic).Count >= Readings, Timeout),
                        "received " + subscriber.On(topic).Count);
                    List<ReceivedLine> states = subscriber.On(topic);
                    Assert.AreEqual(Readings, states.Count, "none lost, none doubled");
                    DateTime previous = DateTime.MinValue;
                    for (int i = 0; i < Readings; i++)
                    {
                        using (JsonDocument state = JsonDocument.Parse(states[i].Payload))
                        {
                            Assert.AreEqual(200.0 + i, state.RootElement.GetProperty("voltage_l1").GetDouble(), "in order");
                            DateTime ts = state.RootElement.GetProperty("ts").GetDateTime();
                            Assert.IsTrue(ts >= previous, "timestamps of the readings, not of the replay");
                            previous = ts;
                        }
                    }

                    Assert.AreEqual(0, collector.Publisher.BufferedMessages);
                    Assert.AreEqual(0L, collector.Publisher.DroppedMessages);
                }
            }
        }

        [TestMethod]
        public void ARelayCommandIsRefusedWhenRelayControlIsDisabled()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            using (MosquittoSubscriber subscriber = new MosquittoSubscriber(broker.Port, CollectorUnderTest.Base + "#"))
            using (CollectorUnderTest collector = new CollectorUnderTest(broker.Port, false))
            {
                WaitUntilReady(subscriber);

                MosquittoClients.Publish(broker.Port, CollectorUnderTest.Base + "cmd/relay", "{\"meter\":\"main\",\"state\":\"off\"}", false);

                string resultTopic = CollectorUnderTest.Base + "cmd/relay/result";
                Assert.IsTrue(subscriber.WaitFor(lines => lines.Exists(l => l.Topic == resultTopic), Timeout), "answered");
                using (JsonDocument result = JsonDocument.Parse(subscriber.On(resultTopic)[0].Payload))
                {
                    Assert.IsFalse(result.RootElement.GetProperty("ok").GetBoolean());
                    Assert.AreEqual("relay_control_disabled", result.RootElement.GetProperty("error").GetString());
                }

                Assert.AreEqual(0, collector.Actions.Calls.Count, "the relay was not touched");
            }
        }

        [TestMethod]
        public void MalformedOversizedAndUnknownCommandsGetErrorResults()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            using (MosquittoSubscriber subscriber = new MosquittoSubscriber(broker.Port, CollectorUnderTest.Base + "#"))
            using (CollectorUnderTest collector = new CollectorUnderTest(broker.Port, true))
            {
                WaitUntilReady(subscriber);
                string[][] cases =
                {
                    new[] { "relay", "{\"meter\":\"main\",\"state\":", "malformed_json" },
                    new[] { "relay", "off", "malformed_json" },
                    new[] { "poll", "{\"meter\":[\"main\"]}", "malformed_json" },
                    new[] { "poll", "{\"meter\":\"main\",\"extra\":1}", "unknown_field" },
                    new[] { "poll", "{\"meter\":\"" + new string('m', 2000) + "\"}", "payload_too_large" },
                    new[] { "erase", "{}", "unknown_verb" },
                };

                foreach (string[] command in cases)
                {
                    string resultTopic = CollectorUnderTest.Base + "cmd/" + command[0] + "/result";
                    int before = subscriber.On(resultTopic).Count;
                    MosquittoClients.Publish(broker.Port, CollectorUnderTest.Base + "cmd/" + command[0], command[1], false);
                    Assert.IsTrue(subscriber.WaitFor(lines => lines.FindAll(l => l.Topic == resultTopic).Count > before, Timeout), "answer to " + command[1]);
                    using (JsonDocument result = JsonDocument.Parse(subscriber.On(resultTopic)[before].Payload))
                    {
                        Assert.IsFalse(result.RootElement.GetProperty("ok").GetBoolean(), command[1]);
                        Assert.AreEqual(command[2], result.RootElement.GetProperty("error").GetString(), command[1]);
                    }
                }

                Assert.AreEqual(0, collector.Actions.Calls.Count, "nothing was executed");

                // A well-formed command still works afterwards.
                MosquittoClients.Publish(broker.Port, CollectorUnderTest.Base + "cmd/relay", "{\"meter\":\"main\",\"state\":\"on\"}", false);
                string relayResult = CollectorUnderTest.Base + "cmd/relay/result";
                Assert.IsTrue(subscriber.WaitFor(lines => lines.FindAll(l => l.Topic == relayResult && l.Payload.Contains("\"ok\":true")).Count == 1, Timeout));
                Assert.AreEqual("relay main on", (string)collector.Actions.Calls[0]);
            }
        }

        /// <summary>The collector has subscribed to its commands once it has published its availability (after subscribing).</summary>
        private static void WaitUntilReady(MosquittoSubscriber subscriber)
        {
            subscriber.WaitUntilSubscribed();
            Assert.IsTrue(subscriber.WaitFor(lines => lines.Exists(l => l.Topic == CollectorUnderTest.Base + "meter/main/availability"), Timeout), "collector ready");
        }
    }
}
