using System;
using System.Text;
using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>
    /// Fuzzing the console with a fixed seed: random printable and binary lines between real read-only
    /// commands, a pending confirmation (relay) and a staged change, through the whole session. Nothing may
    /// throw, no relay or meter write may happen, the configuration (active and stored) must not change, and
    /// nothing may be staged. 100,000 lines on the host, 500 on nanoCLR; "fuzz --count N" runs N/10.
    /// </summary>
    [TestClass]
    public class ConsoleFuzzTests
    {
        private static readonly string[] RealCommands = new string[]
        {
            "help", "show", "status", "meter list", "pulse list", "show bus", "help set", "board list", "read main",
        };

        [TestMethod]
        public void RandomLinesNeverThrowNorChangeAnything()
        {
            string problem = Run(31337, TestScale.Choose(100000, 500));
            Assert.IsTrue(problem == null, problem);
        }

        /// <summary>Null when every line passed; otherwise what went wrong first.</summary>
        public static string Run(int seed, int count)
        {
            ConsoleHarness harness = new ConsoleHarness(true);
            string error = harness.Config.AddMeter("main", "kpm33b", "1", new string[] { "relay=on" });
            if (error == null)
            {
                error = harness.Config.Save();
            }

            if (error != null)
            {
                return "setup: " + error;
            }

            string before = Dump(harness.Config.Active);
            byte[] storedBefore = harness.StoredBytes();
            Random random = new Random(seed);
            byte[] line = new byte[200];
            for (int index = 0; index < count; index++)
            {
                try
                {
                    int kind = random.Next(10);
                    if (kind == 0)
                    {
                        harness.Type(RealCommands[random.Next(RealCommands.Length)]);
                    }
                    else if (kind == 1)
                    {
                        // Waiting for a confirmation: the next (random) line must cancel it.
                        harness.Type("relay main on");
                    }
                    else
                    {
                        int length = RandomLine(random, line, kind < 6);
                        harness.Session.Receive(line, 0, length);
                    }
                }
                catch (Exception exception)
                {
                    return "seed " + seed.ToString() + " line " + index.ToString() + ": " + exception.GetType().Name + ": " + exception.Message;
                }

                if (harness.Actions.RelayCount != 0 || harness.Actions.LastWrite != null)
                {
                    return "line " + index.ToString() + ": a relay or meter write happened";
                }
            }

            // Leave any pending question unanswered.
            harness.Type("no");
            if (harness.Actions.RebootCount != 0 || harness.Actions.ScanCount != 0)
            {
                return "random input rebooted or scanned";
            }

            if (Dump(harness.Config.Active) != before || harness.Config.HasUnsavedChanges)
            {
                return "random input changed the configuration: " + Dump(harness.Config.Active);
            }

            byte[] storedAfter = harness.StoredBytes();
            for (int index = 0; index < storedBefore.Length; index++)
            {
                if (storedBefore[index] != storedAfter[index])
                {
                    return "random input rewrote the stored configuration";
                }
            }

            return null;
        }

        /// <summary>A random line ending in CR: printable ASCII, or any byte but CR/LF; never "yes".</summary>
        private static int RandomLine(Random random, byte[] line, bool printable)
        {
            int length = 1 + random.Next(line.Length - 2);
            for (int index = 0; index < length; index++)
            {
                byte value = printable ? (byte)(32 + random.Next(95)) : (byte)random.Next(256);
                if (value == 13 || value == 10 || value == 3)
                {
                    value = (byte)'#';
                }

                line[index] = value;
            }

            if (length == 3 && (line[0] | 0x20) == 'y' && (line[1] | 0x20) == 'e' && (line[2] | 0x20) == 's')
            {
                line[0] = (byte)'n';
            }

            line[length] = 13;
            return length + 1;
        }

        private static string Dump(Configuration configuration)
        {
            StringBuilder text = new StringBuilder();
            for (int index = 0; index < SettingKeys.Count; index++)
            {
                string key = SettingKeys.At(index).Name;
                text.Append(key);
                text.Append('=');
                text.Append(configuration.Get(key));
                text.Append(';');
            }

            text.Append(ConfigManager.MeterNames(configuration));
            text.Append(ConfigManager.PulseNames(configuration));
            return text.ToString();
        }
    }
}
