using System.Collections;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// Commands over MQTT: poll, relay (refused unless enabled, answered with the read-back state), reboot
    /// (after the answer has left); everything unknown, oversized, malformed or retained gets an error
    /// result and changes nothing.
    /// </summary>
    [TestClass]
    public class CommandTests
    {
        private const string Commands = "espcollector/espcollector-a1b2c3/cmd/";

        [TestMethod]
        public void RelayIsRefusedWhenRelayControlIsNotEnabled()
        {
            PublisherTests.Fixture f = Connected(false);

            f.Broker.Inject(Commands + "relay", "{\"meter\":\"sub\",\"state\":\"on\"}", false);
            f.Publisher.Service();

            Hashtable result = LastResult(f, "relay");
            Assert.AreEqual(false, (bool)result["ok"]);
            Assert.AreEqual("relay_control_disabled", (string)result["error"]);
            Assert.AreEqual(0, f.Actions.Calls.Count, "nothing switched");
        }

        [TestMethod]
        public void RelayWhenEnabledAnswersWithTheReadBackState()
        {
            PublisherTests.Fixture f = Connected(true);

            f.Broker.Inject(Commands + "relay", "{\"meter\":\"sub\",\"state\":\"off\",\"id\":\"42\"}", false);
            f.Publisher.Service();

            Hashtable result = LastResult(f, "relay");
            Assert.AreEqual(true, (bool)result["ok"]);
            Assert.AreEqual("off", (string)result["state"]);
            Assert.AreEqual("42", (string)result["id"]);
            Assert.AreEqual("relay sub off", (string)f.Actions.Calls[0]);

            f.Actions.RelayStuck = true;
            f.Broker.Inject(Commands + "relay", "{\"meter\":\"sub\",\"state\":true}", false);
            f.Publisher.Service();
            result = LastResult(f, "relay");
            Assert.AreEqual(false, (bool)result["ok"], "the meter did not follow");
            Assert.AreEqual("off", (string)result["state"]);
            Assert.AreEqual("relay_state_mismatch", (string)result["error"]);
        }

        [TestMethod]
        public void RelayErrorsFromTheMeterAreReported()
        {
            PublisherTests.Fixture f = Connected(true);
            f.Actions.RelayOutcome = CommandOutcome.NotSupported;

            f.Broker.Inject(Commands + "relay", "{\"meter\":\"main\",\"state\":\"on\"}", false);
            f.Publisher.Service();

            Assert.AreEqual("not_supported", (string)LastResult(f, "relay")["error"]);

            f.Broker.Inject(Commands + "relay", "{\"meter\":\"main\",\"state\":\"toggle\"}", false);
            f.Publisher.Service();
            Assert.AreEqual("invalid_state", (string)LastResult(f, "relay")["error"]);
            Assert.AreEqual(1, f.Actions.Calls.Count, "an invalid state reaches no meter");
        }

        [TestMethod]
        public void PollReadsTheMeterNow()
        {
            PublisherTests.Fixture f = Connected(false);

            f.Broker.Inject(Commands + "poll", "{\"meter\":\"main\"}", false);
            f.Publisher.Service();

            Assert.AreEqual("poll main", (string)f.Actions.Calls[0]);
            Hashtable result = LastResult(f, "poll");
            Assert.AreEqual(true, (bool)result["ok"]);
            Assert.AreEqual("main", (string)result["meter"]);

            f.Actions.PollOutcome = CommandOutcome.UnknownMeter;
            f.Broker.Inject(Commands + "poll", "{\"meter\":\"nosuch\"}", false);
            f.Publisher.Service();
            Assert.AreEqual("unknown_meter", (string)LastResult(f, "poll")["error"]);

            f.Broker.Inject(Commands + "poll", "{}", false);
            f.Publisher.Service();
            Assert.AreEqual("missing_meter", (string)LastResult(f, "poll")["error"]);
        }

        [TestMethod]
        public void RebootAnswersFirstThenGoesOfflineCleanlyThenReboots()
        {
            PublisherTests.Fixture f = Connected(false);
            MemoryTransport transport = f.Broker.LastTransport;

            f.Broker.Inject(Commands + "reboot", "", false);
            f.Publisher.Service();

            Assert.AreEqual(true, (bool)LastResult(f, "reboot")["ok"]);
            Assert.AreEqual(0, f.Actions.Reboots, "not before the answer has had time to leave");

            f.Run(1500, 100);

            Assert.AreEqual(1, f.Actions.Reboots);
            Assert.AreEqual("offline", f.Broker.RetainedText("espcollector/espcollector-a1b2c3/status"));
            Assert.IsTrue(transport.DisconnectedCleanly);
            Assert.IsTrue(f.Broker.LastTextOn("espcollector/espcollector-a1b2c3/event").IndexOf("mqtt_command") > 0);
        }

        [TestMethod]
        [DataRow("{")]
        [DataRow("not json")]
        [DataRow("[\"main\"]")]
        [DataRow("{\"meter\":{\"name\":\"main\"}}")]
        [DataRow("{\"meter\":\"main\",}")]
        [DataRow("{\"meter\":\"main\"} trailing")]
        [DataRow("{\"meter\":\"main\",\"meter\":\"sub\"}")]
        [DataRow("{\"meter\":null}")]
        [DataRow("{\"meter\":\"ma\\in\"}")]
        [DataRow("{\"meter\":01}")]
        public void MalformedCommandsGetAnErrorAndChangeNothing(string payload)
        {
            PublisherTests.Fixture f = Connected(true);

            f.Broker.Inject(Commands + "relay", payload, false);
            f.Publisher.Service();

            Hashtable result = LastResult(f, "relay");
            Assert.AreEqual(false, (bool)result["ok"]);
            Assert.AreEqual("malformed_json", (string)result["error"], payload);
            Assert.AreEqual(0, f.Actions.Calls.Count);
        }

        [TestMethod]
        public void UnknownMembersOversizedPayloadsUnknownVerbsAndRetainedCommandsAreRefused()
        {
            PublisherTests.Fixture f = Connected(true);

            f.Broker.Inject(Commands + "poll", "{\"meter\":\"main\",\"force\":true}", false);
            f.Publisher.Service();
            Assert.AreEqual("unknown_field", (string)LastResult(f, "poll")["error"]);

            f.Broker.Inject(Commands + "poll", "{\"meter\":\"main\",\"id\":\"" + new string('x', 300) + "\"}", false);
            f.Publisher.Service();
            Assert.AreEqual("payload_too_large", (string)LastResult(f, "poll")["error"]);

            f.Broker.Inject(Commands + "format", "{}", false);
            f.Publisher.Service();
            Hashtable unknown = LastResult(f, "format");
            Assert.AreEqual("unknown_verb", (string)unknown["error"]);
            Assert.AreEqual("format", (string)unknown["verb"]);

            f.Broker.Inject(Commands + "Bad Verb!", "{}", false);
            f.Publisher.Service();
            Assert.AreEqual("unknown_verb", (string)LastResult(f, "invalid")["error"]);

            Assert.AreEqual(0, f.Actions.Calls.Count);
        }

        [TestMethod]
        public void ARetainedCommandDeliveredOnConnectIsRefused()
        {
            // The broker delivers retained messages with the retain flag on subscription (MQTT 3.1.1,
            // 3.3.1.3): a retained reboot would otherwise reboot the collector after every connect.
            MemoryBroker broker = new MemoryBroker();
            broker.SetRetained(Commands + "reboot", "{}");
            broker.SetRetained(Commands + "poll", "{\"meter\":\"main\"}");
            PublisherTests.Fixture f = new PublisherTests.Fixture(null, broker);

            f.Run(2000, 100);

            Assert.AreEqual("retained_command_ignored", (string)LastResult(f, "reboot")["error"]);
            Assert.AreEqual("retained_command_ignored", (string)LastResult(f, "poll")["error"]);
            Assert.AreEqual(0, f.Actions.Reboots);
            Assert.AreEqual(0, f.Actions.Calls.Count);
        }

        [TestMethod]
        public void AFloodOfCommandsIsBoundedByTheMailbox()
        {
            PublisherTests.Fixture f = Connected(false);

            for (int i = 0; i < 10; i++)
            {
                f.Broker.Inject(Commands + "poll", "{\"meter\":\"main\"}", false);
            }

            f.Publisher.Service();

            Assert.AreEqual(4, f.Actions.Calls.Count, "four mailbox slots");
            Assert.AreEqual(6, f.Publisher.InboundOverflows);
        }

        [TestMethod]
        public void CommandRequestParserAcceptsTheDocumentedForms()
        {
            CommandRequest request = new CommandRequest();
            byte[] text = System.Text.Encoding.UTF8.GetBytes(" { \"meter\" : \"main\" , \"state\" : false , \"id\" : -12.5e3 } ");
            Assert.IsTrue(request.Parse(text, text.Length));
            Assert.AreEqual("main", request.Meter);
            Assert.AreEqual("false", request.State);
            Assert.AreEqual("-12.5e3", request.Id);

            Assert.IsTrue(request.Parse(new byte[0], 0), "empty payload is an empty command");
            Assert.IsNull(request.Meter);
        }

        private static PublisherTests.Fixture Connected(bool relayEnabled)
        {
            PublishingSettings settings = PublisherTests.Fixture.DefaultSettings();
            settings.RelayControlEnabled = relayEnabled;
            PublisherTests.Fixture f = new PublisherTests.Fixture(settings);
            f.Publisher.Service();
            Assert.IsTrue(f.Publisher.IsConnected);

            // Past the sweep window and the discovery pass, which go before queued messages.
            f.Run(3000, 100);
            return f;
        }

        private static Hashtable LastResult(PublisherTests.Fixture f, string verb)
        {
            string text = f.Broker.LastTextOn(Commands + verb + "/result");
            Assert.IsNotNull(text, "no result for " + verb);
            return TestJson.ParseObject(text);
        }
    }
}
