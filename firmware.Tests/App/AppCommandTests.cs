using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// Commands reaching the meters through the composition: MQTT relay commands (refused unless mqtt.relay=on
    /// and the meter has relay=on; answered with the state read back from the KPM33B's coil 0001H), MQTT poll,
    /// and the console's status, read and scan on the running collector.
    /// </summary>
    [TestClass]
    public class AppCommandTests
    {
        private const string RelayTopic = CollectorHarness.Base + "cmd/relay";

        [TestMethod]
        public void RelayCommandIsRefusedWhileMqttRelayIsOff()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(5);

            h.Broker.Inject(RelayTopic, "{\"meter\":\"main\",\"state\":\"off\"}", false);
            h.RunSeconds(1);

            Hashtable result = h.LastJson("cmd/relay/result");
            Assert.AreEqual(false, (bool)result["ok"]);
            Assert.AreEqual("relay_control_disabled", (string)result["error"]);
            Assert.IsTrue(h.Main.GetCoil(0x0001), "the relay stays closed");
        }

        [TestMethod]
        public void RelayCommandSwitchesTheCoilAndAnswersTheReadBackWhenEnabled()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(5);
            h.SetAndSave(SettingKeys.MqttRelay, "on");
            h.RunSeconds(5);

            h.Broker.Inject(RelayTopic, "{\"meter\":\"main\",\"state\":\"off\",\"id\":\"r1\"}", false);
            h.RunSeconds(1);

            Hashtable result = h.LastJson("cmd/relay/result");
            Assert.AreEqual(true, (bool)result["ok"], h.Broker.LastTextOn(CollectorHarness.Base + "cmd/relay/result"));
            Assert.AreEqual("off", (string)result["state"]);
            Assert.AreEqual("r1", (string)result["id"]);
            Assert.IsFalse(h.Main.GetCoil(0x0001), "coil 0001H written 0 (relay open)");
            Assert.AreEqual(1, h.Events("relay").Count, "the switching is reported as an event");

            h.Broker.Inject(RelayTopic, "{\"meter\":\"main\",\"state\":\"on\"}", false);
            h.RunSeconds(1);
            Assert.AreEqual("on", (string)h.LastJson("cmd/relay/result")["state"]);
            Assert.IsTrue(h.Main.GetCoil(0x0001));

            // The KPM31 "flat" was added without relay=on: its relay is never written.
            h.Flat.SetCoil(0x0001, true);
            h.Broker.Inject(RelayTopic, "{\"meter\":\"flat\",\"state\":\"off\"}", false);
            h.RunSeconds(1);
            result = h.LastJson("cmd/relay/result");
            Assert.AreEqual(false, (bool)result["ok"]);
            Assert.AreEqual("not_supported", (string)result["error"]);
            Assert.IsTrue(h.Flat.GetCoil(0x0001), "flat's relay untouched");
        }

        [TestMethod]
        public void PollCommandReadsTheMeterAndPublishesAtOnce()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(12);
            int states = h.MessagesOn("meter/flat/state").Count;

            h.Broker.Inject(CollectorHarness.Base + "cmd/poll", "{\"meter\":\"flat\"}", false);
            h.RunSeconds(1);

            Assert.AreEqual(true, (bool)h.LastJson("cmd/poll/result")["ok"]);
            Assert.AreEqual(states + 1, h.MessagesOn("meter/flat/state").Count, "the fresh state is published");

            h.Silence(2, true);
            h.Broker.Inject(CollectorHarness.Base + "cmd/poll", "{\"meter\":\"flat\"}", false);
            h.RunSeconds(10);
            Hashtable result = h.LastJson("cmd/poll/result");
            Assert.AreEqual(false, (bool)result["ok"]);
            Assert.AreEqual("meter_not_responding", (string)result["error"]);
        }

        [TestMethod]
        public void ConsoleStatusShowsTheRunningCollector()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.StartPulses(0, 1000000);
            h.RunSeconds(3661);
            h.StopPulses(0);
            h.Run(100000);
            h.Output.Clear();

            h.Type("status");

            Assert.IsNotNull(h.OutputLineWith("uptime: 0d 01:01:01"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("memory: 54321 bytes free"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("network: connected, RSSI -61 dBm"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("broker: connected, buffered 0, dropped 0, published "), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith(" 0 timeouts, 0 CRC errors, 0 exception responses"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("meter main: "), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("meter flat: "), h.Output.Joined());
            long pulses = h.PulsesEmitted[0];
            Assert.IsNotNull(h.OutputLineWith("pulse main_s0: " + pulses.ToString() + " pulses, " + (pulses / 3200.0).ToString("F3") + " kWh"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("pulse flat_s0: 0 pulses, 0.000 kWh, 0 W, lost edges 0, rejected 0"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("configuration: saved"), h.Output.Joined());
        }

        [TestMethod]
        public void ConsoleReadPrintsTheMeterNow()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(3);
            h.Output.Clear();

            h.Type("read main");

            Assert.IsNotNull(h.OutputLineWith("main (kpm33b at 1): ok"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  serial " + CollectorHarness.KpmSerial), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  voltage_l1 = 230.000 V"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  frequency = 50.000 Hz"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  energy_import = 1234.500 kWh"), h.Output.Joined());

            h.Silence(1, true);
            h.Output.Clear();
            h.Type("read main");
            Assert.IsNotNull(h.OutputLineWith("main (kpm33b at 1): Timeout"), h.Output.Joined());

            h.Output.Clear();
            h.Type("read nosuch");
            Assert.IsTrue(h.Output.Count > 0 && h.Output[0].StartsWith("error: "), h.Output.Joined());
        }

        [TestMethod]
        public void ConsoleMeterAddressMovesTheMeterAndTheCollectorFollows()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(3);
            h.Output.Clear();

            h.Type("meter address main 9");
            Assert.IsNotNull(h.OutputLineWith("type 'yes' to confirm"), h.Output.Joined());
            h.Type("yes");

            Assert.IsNotNull(h.OutputLineWith("meter main: now answers at address 9 (read back)"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("meter main: address 9 staged; save to keep it"), h.Output.Joined());
            Assert.AreEqual((byte)9, h.Main.Address, "the meter itself took the new address");

            // The running driver follows at once: polls keep succeeding at the new address.
            int before = h.Collector.Poller.StatisticsAt(0).Answers;
            h.RunSeconds(25);
            Assert.IsTrue(h.Collector.Poller.StatisticsAt(0).Answers > before, "answers at the new address");
            Assert.IsTrue(h.Collector.Poller.StatisticsAt(0).Online);

            h.Output.Clear();
            h.Type("save");
            h.RunSeconds(1);
            h.Output.Clear();
            h.Type("meter list");
            Assert.IsNotNull(h.OutputLineWith("meter main: kpm33b at address 9"), h.Output.Joined());
        }

        [TestMethod]
        public void ConsoleScanFindsBothMetersOnTheRunningBus()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(3);
            h.Output.Clear();

            h.Type("scan 1 4");

            Assert.IsNotNull(h.OutputLineWith("scan 9600 8E1"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("addresses 1..4: 2 found"), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  address 1: kpm33b serial " + CollectorHarness.KpmSerial), h.Output.Joined());
            Assert.IsNotNull(h.OutputLineWith("  address 2: kpm31"), h.Output.Joined());

            // Polling goes on after the scan (the scan borrowed the bus under the collector's lock).
            int states = h.MessagesOn("meter/main/state").Count;
            h.RunSeconds(20);
            Assert.IsTrue(h.MessagesOn("meter/main/state").Count > states);
        }
    }
}
