using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>
    /// Bad input never changes the configuration: after each corpus entry the stored record is byte-identical
    /// and the staged configuration is unchanged, the session keeps working, and command errors say "error:".
    /// </summary>
    [TestClass]
    public class ConsoleBadInputTests
    {
        private static readonly string[] CommandCorpus = new string[]
        {
            // unknown commands and sub-commands
            "frobnicate", "sett bus.baud 9600", "meter", "meter delete main", "pulse", "pulse rm water", "board", "board pick x",
            "Help me please now",
            // missing arguments
            "set", "set bus.baud", "unset", "meter add", "meter add x", "meter add x kpm33b", "meter remove", "pulse add",
            "pulse add p 33", "pulse remove", "read", "relay", "relay main", "board use", "scan 5", "bus baud",
            // extra arguments
            "status now", "save all", "discard all", "reboot now", "factory-reset now", "meter list x", "pulse list x",
            "board list x", "unset bus.baud now", "meter remove main now", "read main now", "relay main on now",
            "meter add a kpm33b 5 relay=on x", "help a b c", "show a b", "scan 1 2 3", "bus a b c", "logout now",
            // out of range and malformed values
            "set bus.baud 9601", "set bus.baud -9600", "set bus.baud 9600.0", "set bus.parity mark", "set bus.stopbits 1.5",
            "set bus.timeout 0", "set bus.timeout 5001", "set bus.timeout 2147483648", "set bus.retries -1", "set bus.retries 6",
            "set bus.interval 0", "set mqtt.port 65536", "set mqtt.port 0x50", "set mqtt.port +1883", "set mqtt.port  ",
            "set mqtt.host -bad.host", "set mqtt.host bad..host", "set mqtt.host bad_host", "set mqtt.host a.b-",
            "set mqtt.topic a#", "set mqtt.topic with space", "set mqtt.tls 2", "set mqtt.discovery maybe",
            "set wifi.password 1234567", "set wifi.ssid 123456789012345678901234567890123", "set console.password abc",
            "set device.name under_score", "set board nosuch", "set pin.bus.tx 99", "set pin.bus.tx -1", "set pin.bus.tx 6",
            "set pin.bus.de 34", "set pin.bus.rx 22", "set pin.led 35", "set pin.console.tx 3", "set pin.bus.tx x",
            "set nosuch 1", "unset nosuch",
            "meter add main kpm33b 2", "meter add new kpm33b 1", "meter add new kpm99 3", "meter add new kpm33b 0",
            "meter add new kpm33b 248", "meter add new kpm33b 1e2", "meter add NEW kpm33b 3", "meter add averyveryverylongname kpm33b 3",
            "meter add new kpm33b 3 relay=2", "meter add new kpm33b 3 mode=x", "meter add water kpm33b 3", "meter remove nosuch",
            "pulse add water 18 1000", "pulse add new 32 1000", "pulse add new 6 1000", "pulse add new 20 1000", "pulse add new 40 1000",
            "pulse add new 18 0", "pulse add new 18 100001", "pulse add new 18 1000 filter=0", "pulse add new 18 1000 filter=1001",
            "pulse add new 18 1000 filter=abc", "pulse add new 18 1000 x=1", "pulse add new 22 1000", "pulse add new 16 1000",
            "pulse add main 18 1000", "pulse remove nosuch",
            // new pulse channel options (issue 5): malformed, out of range, repeated
            "pulse add new 18 1000 filter=0.4", "pulse add new 18 1000 filter=2,5", "pulse add new 18 1000 filter=",
            "pulse add new 18 1000 filter=-1", "pulse add new 18 1000 filter=1e1", "pulse add new 18 1000 filter=2.0001",
            "pulse add new 18 1000 filter=1000.001", "pulse add new 18 1000 edge=up", "pulse add new 18 1000 edge=",
            "pulse add new 18 1000 edge=both", "pulse add new 18 1000 link=nosuchmeter", "pulse add new 18 1000 link=main:nosuch",
            "pulse add new 18 1000 link=main:voltage_l1", "pulse add new 18 1000 link=main:reactive_energy_import",
            "pulse add new 18 1000 link=main:", "pulse add new 18 1000 link=:energy_import", "pulse add new 18 1000 link=water",
            "pulse add new 18 1000 offset=1e999", "pulse add new 18 1000 offset=abc", "pulse add new 18 1000 offset=",
            "pulse add new 18 1000 offset=NaN", "pulse add new 18 1000 offset=-100000000.001", "pulse add new 18 1000 offset=0.0001",
            "pulse add new 18 -1", "pulse add new 18 0.001", "pulse add new 18 0.00999", "pulse add new 18 1e3", "pulse add new 18 NaN",
            "pulse add new 18 Infinity", "pulse add new 18 1,5", "pulse add new 18 .5", "pulse add new 18 100000.0001",
            "pulse add new 18 -0", "pulse add new 18 1000 filter=5 filter=5", "pulse add new 18 1000 edge=rising EDGE=falling",
            "pulse add new 18 1000 filter=5 edge=rising offset=1 link=main extra", "pulse add new 18 1000 filter",
            // new meter options (issue 4)
            "meter add new kpm33b 3 wordorder=xyz", "meter add new kpm33b 3 wordorder=", "meter add new kpm33b 3 wordorder=badc",
            "meter add new kpm33b 3 history=2", "meter add new sdm630 3 history=on", "meter add new klefr 3 history=on",
            "meter add new kpm33b 3 relay=on relay=on", "meter add new kpm33b 3 =x", "meter add new kpm33b 3 relay",
            "meter add new kpm33b 3 relay=on wordorder=auto history=off x", "meter remove main",
            // M-Bus (issue 16): settings out of range, klefr-mbus addresses and options, scan mbus with extra arguments
            "set mbus.baud 19200", "set mbus.baud 110", "set mbus.baud 2400.0", "set mbus.timeout -1", "set mbus.timeout 5001",
            "set mbus.retries 6", "set mbus.interval 0", "set mbus.interval 3601", "meter add new klefr-mbus 251",
            "meter add new klefr-mbus -1", "meter add new klefr-mbus 1234567", "meter add new klefr-mbus 123456789",
            "meter add new klefr-mbus 1e2", "meter add new klefr-mbus +5", "meter add new klefr-mbus 5 relay=on",
            "meter add main klefr-mbus 5", "scan mbus x", "mbus write", "mbus write main", "mbus write nosuch tariff 1",
            "mbus write main tariff 1", "mbus write main bogus 1",
            // new keys
            "set mqtt.id bad/id", "set mqtt.id a+b", "set mqtt.id 123456789012345678901234567890123", "set mqtt.buffer 2047",
            "set mqtt.buffer 20481", "set mqtt.buffer 8k", "set mqtt.relay maybe", "set mqtt.keepalive 0", "set mqtt.keepalive 3601",
            "set pulse.save 0", "set pulse.save 1441", "set pulse.save 5.5", "set bus.gap -1", "set bus.gap 101", "set bus.gap 1.5",
            "bus gap x", "unset pulse.nosuch",
            "board use nosuch", "board use m5stack-atom-rs485",
            "scan 0 10", "scan 10 5", "scan 1 248", "scan a b", "read nosuch", "relay nosuch on", "relay main maybe",
            "meter address", "meter address main", "meter address main 0", "meter address main 248", "meter address main x",
            "meter address nosuch 5", "meter baud main 12345", "meter baud main", "meter tariff main 0", "meter tariff main x",
            "meter tariff nosuch 1", "meter address main 5 6",
            "relay main on", "bus speed 9600", "bus baud 123", "show nosuch",
            "set wifi.ssid \"unterminated", "\"", "set \"", "logout",
        };

        [TestMethod]
        public void EveryCorpusCommandIsAnErrorAndChangesNothing()
        {
            ConsoleHarness harness = Prepared();
            byte[] stored = harness.StoredBytes();
            string staged = ConfigSerializer.ToText(harness.Config.Staged);
            for (int index = 0; index < CommandCorpus.Length; index++)
            {
                harness.Output.Clear();
                harness.Type(CommandCorpus[index]);

                // relay asks first; a bad answer cancels
                if (CommandCorpus[index] == "relay main on")
                {
                    Assert.AreEqual("relay main on switches the load: type 'yes' to confirm", harness.Output[0]);
                    harness.Type("y");
                    Assert.AreEqual("cancelled", harness.Output[1]);
                    Assert.AreEqual(0, harness.Actions.RelayCount);
                }
                else
                {
                    Assert.IsTrue(harness.Output.Count >= 1, "no output for '" + CommandCorpus[index] + "'");
                    Assert.IsTrue(harness.Output[harness.Output.Count - 1].StartsWith("error: "), "'" + CommandCorpus[index] + "' gave: " + harness.Output.Joined());
                }

                AssertUnchanged(harness, stored, staged, CommandCorpus[index]);
            }

            Assert.AreEqual(0, harness.Actions.RebootCount);
            Assert.AreEqual(0, harness.Actions.ScanCount);
        }

        [TestMethod]
        public void BinaryNoiseAndMixedLineEndingsChangeNothing()
        {
            ConsoleHarness harness = Prepared();
            byte[] stored = harness.StoredBytes();
            string staged = ConfigSerializer.ToText(harness.Config.Staged);

            // Deterministic pseudo-random noise (linear congruential generator, Numerical Recipes constants).
            uint state = 12345;
            byte[] noise = new byte[4096];
            for (int index = 0; index < noise.Length; index++)
            {
                state = (state * 1664525) + 1013904223;
                noise[index] = (byte)(state >> 24);
            }

            harness.FeedBytes(noise);
            AssertUnchanged(harness, stored, staged, "noise");

            // Every byte value, then mixed endings and a baud-rate mismatch look-alike.
            byte[] every = new byte[256];
            for (int index = 0; index < every.Length; index++)
            {
                every[index] = (byte)index;
            }

            harness.FeedBytes(every);
            harness.FeedBytes(new byte[] { 0xF0, 0x0F, 0xE0, 0x00, 0xFE, 13, 10, 13, 13, 10, 10, 0x80, 0x3F, 13 });
            harness.Feed("set bus.baud 9601\r\nset bus.baud\n\rfrob\r\r\n\n");
            AssertUnchanged(harness, stored, staged, "mixed endings");

            // The session still works afterwards, and the dropped bytes were counted.
            harness.Output.Clear();
            harness.Type("status");
            Assert.IsTrue(harness.Output[0].StartsWith("uptime: "));
            Assert.IsTrue(harness.Session.Editor.DroppedByteCount > 0);
        }

        [TestMethod]
        public void OverlongLinesChangeNothing()
        {
            ConsoleHarness harness = Prepared();
            byte[] stored = harness.StoredBytes();
            string staged = ConfigSerializer.ToText(harness.Config.Staged);
            string line = "set wifi.ssid ";
            while (line.Length < 2000)
            {
                line += "abcdefghij";
            }

            harness.Type(line);
            harness.Type("save");
            AssertUnchanged(harness, stored, staged, "overlong");
            Assert.AreEqual(1, harness.Session.Editor.RejectedLineCount);
        }

        /// <summary>A collector with a saved configuration: meter main (relay on), pulse water on GPIO32, pulse heat on GPIO33 linked to main.</summary>
        private static ConsoleHarness Prepared()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Type("set wifi.ssid Home");
            harness.Type("set wifi.password correct-horse");
            harness.Type("meter add main kpm33b 1 relay=on");
            harness.Type("pulse add water 32 1000");
            harness.Type("pulse add heat 33 0.5 filter=2.5 edge=rising offset=10.25 link=main");
            harness.Type("save");
            Assert.AreEqual("saved; applied now (pin changes take effect at the next reboot)", harness.Output[harness.Output.Count - 1]);
            Assert.AreEqual("main", harness.Config.Active.FindPulseChannel("heat").LinkedMeterName);
            return harness;
        }

        private static void AssertUnchanged(ConsoleHarness harness, byte[] stored, string staged, string what)
        {
            byte[] now = harness.StoredBytes();
            Assert.AreEqual(stored.Length, now.Length);
            for (int index = 0; index < stored.Length; index++)
            {
                if (stored[index] != now[index])
                {
                    Assert.IsTrue(false, "stored configuration changed at byte " + index + " after " + what);
                }
            }

            Assert.AreEqual(staged, ConfigSerializer.ToText(harness.Config.Staged), "staged configuration changed after " + what);
            Assert.IsFalse(harness.Config.HasUnsavedChanges, "unsaved changes after " + what);
        }
    }
}
