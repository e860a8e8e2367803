using System;
using System.Collections.Generic;
using EspCollector.IntegrationTests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.App
{
    /// <summary>
    /// The built espc tool (host/EspCollector.Cli) as a person meets it: help for the program and every verb,
    /// errors that name the option with exit code 2, tab completion through the [suggest] directive, and
    /// read/simulate with --protocol mbus over a socat pseudo-terminal pair.
    /// </summary>
    [TestClass]
    public class EspcToolTests
    {
        private static readonly string[] Verbs = { "twin", "read", "scan", "simulate", "bench", "soak" };

        [TestMethod]
        public void HelpListsEveryVerbAndEachVerbHasItsOwnHelp()
        {
            Result root = Run("--help");
            Assert.AreEqual(0, root.Code, root.Text);
            foreach (string verb in Verbs)
            {
                Assert.IsTrue(root.Text.Contains("  " + verb + " "), "espc --help lists " + verb + ":\n" + root.Text);
                Result help = Run(verb, "--help");
                Assert.AreEqual(0, help.Code, verb + " --help: " + help.Text);
                Assert.IsTrue(help.Text.Contains("espc " + verb), verb + " usage line:\n" + help.Text);
            }

            Result twin = Run("twin", "--help");
            Assert.IsTrue(twin.Text.Contains("--mqtt-version <3.1.1|5>"), twin.Text);
            Result read = Run("read", "--help");
            Assert.IsTrue(read.Text.Contains("--protocol <modbus|mbus>") && read.Text.Contains("--serial <auto|ports|termios>"), read.Text);
        }

        [TestMethod]
        public void ErrorsNameTheOptionAndExitWith2()
        {
            Result badType = Run("read", "--port", "/dev/null", "--meter", "kpm99", "--address", "1");
            Assert.AreEqual(2, badType.Code, badType.Text);
            Assert.IsTrue(badType.Text.Contains("--meter") && badType.Text.Contains("kpm99"), badType.Text);

            Result missing = Run("read", "--port", "/dev/null", "--meter", "kpm31");
            Assert.AreEqual(2, missing.Code, missing.Text);
            Assert.IsTrue(missing.Text.Contains("--address"), missing.Text);

            Result range = Run("read", "--port", "/dev/null", "--meter", "kpm31", "--address", "300");
            Assert.AreEqual(2, range.Code, range.Text);
            Assert.IsTrue(range.Text.Contains("--address: '300'"), range.Text);

            Result version = Run("twin", "--mqtt-version", "4");
            Assert.AreEqual(2, version.Code, version.Text);
            Assert.IsTrue(version.Text.Contains("--mqtt-version"), version.Text);

            Result verb = Run("frobnicate");
            Assert.AreEqual(2, verb.Code, verb.Text);
        }

        [TestMethod]
        public void TwinOnTheEsp32DeviceModelChecksItsValues()
        {
            Result twin = Run("twin", "--device-model", "esp32", "--seconds", "600");
            Assert.AreEqual(0, twin.Code, twin.Text);
            Assert.IsTrue(twin.Text.Contains("every value matched ground truth") && twin.Text.Contains("main_s0:"), twin.Text);

            Result bad = Run("twin", "--device-model", "esp8266");
            Assert.AreEqual(2, bad.Code, bad.Text);
            Assert.IsTrue(bad.Text.Contains("--device-model"), bad.Text);
        }

        [TestMethod]
        public void TabCompletionSuggestsVerbsAndChoices()
        {
            Result verbs = Run("[suggest:1]", "s");
            Assert.AreEqual(0, verbs.Code, verbs.Text);
            Assert.IsTrue(verbs.Text.Contains("scan") && verbs.Text.Contains("simulate") && verbs.Text.Contains("soak"), verbs.Text);

            string line = "read --parity ";
            Result parity = Run("[suggest:" + line.Length + "]", line);
            Assert.IsTrue(parity.Text.Contains("even") && parity.Text.Contains("none") && parity.Text.Contains("odd"), parity.Text);
        }

        [TestMethod]
        public void MbusReadThroughTheToolReturnsTheSimulatorsValues()
        {
            // `espc simulate --protocol mbus` serves the KLEFR M-bus simulator on one end of a socat pty pair and
            // `espc read --protocol mbus --json` reads it from the other: the values are the simulator's defaults,
            // the KLEFR manual's REQ_UD2 example (Appendix 2).
            using (var pty = new PtyPair())
            using (PeerProcess simulator = CliTool.Start("simulate", "--protocol", "mbus", "--meter", "klefr-mbus", "--port", pty.B,
                "--address", "7", "--secondary", "13070001", "--baud", "9600", "--seconds", "60"))
            {
                Assert.IsTrue(simulator.WaitForLine("serving", 60_000), "simulator started: " + string.Join("\n", simulator.Lines) + simulator.Errors);
                Result read = Run("read", "--protocol", "mbus", "--port", pty.A, "--meter", "klefr-mbus", "--address", "7", "--baud", "9600", "--json");
                Assert.AreEqual(0, read.Code, read.Text);
                Assert.IsTrue(read.Text.Contains("\"secondary\":\"13070001\""), read.Text);
                Assert.IsTrue(read.Text.Contains("\"manufacturer\":\"INM\""), read.Text);
                Assert.IsTrue(read.Text.Contains("\"energy_total\":16048.14"), read.Text);
                Assert.IsTrue(read.Text.Contains("\"energy_export_t2\":6789.01"), read.Text);

                Result bySecondary = Run("read", "--protocol", "mbus", "--port", pty.A, "--meter", "klefr-mbus", "--secondary", "13070001", "--baud", "9600");
                Assert.AreEqual(0, bySecondary.Code, bySecondary.Text);
                Assert.IsTrue(bySecondary.Text.Contains("6789.01 kWh"), bySecondary.Text);
            }

            Result both = Run("read", "--protocol", "mbus", "--port", "/dev/null", "--meter", "klefr-mbus", "--address", "1", "--secondary", "13070001");
            Assert.AreEqual(2, both.Code, both.Text);
            Result wrongMeter = Run("read", "--protocol", "mbus", "--port", "/dev/null", "--meter", "kpm31", "--address", "1");
            Assert.AreEqual(2, wrongMeter.Code, wrongMeter.Text);
            Assert.IsTrue(wrongMeter.Text.Contains("--meter"), wrongMeter.Text);
        }

        private static Result Run(params string[] arguments)
        {
            using (PeerProcess tool = CliTool.Start(arguments))
            {
                int code = tool.WaitForExit(60_000);
                return new Result(code, string.Join("\n", tool.Lines) + "\n" + tool.Errors);
            }
        }

        private sealed class Result
        {
            public Result(int code, string text)
            {
                Code = code;
                Text = text;
            }

            public int Code { get; }

            public string Text { get; }
        }
    }
}
