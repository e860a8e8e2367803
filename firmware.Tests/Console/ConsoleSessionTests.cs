using EspCollector.Core.Console;
using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>Interactive behaviour: prompt, echo, password gate, banner notes, actions called.</summary>
    [TestClass]
    public class ConsoleSessionTests
    {
        [TestMethod]
        public void BannerReportsFirstBootAndPromptShowsUnsavedChanges()
        {
            ConsoleHarness harness = new ConsoleHarness(true);
            harness.Session.Start();
            Assert.AreEqual("EspCollector console; type help", harness.Output[0]);
            Assert.AreEqual("note: configuration: first boot, defaults in use", harness.Output[1]);
            Assert.AreEqual("espc> ", harness.Output.Pending);

            harness.Type("set bus.baud 19200");
            Assert.AreEqual("espc> set bus.baud 19200", harness.Output[2]);
            Assert.AreEqual("bus.baud = 19200 (staged)", harness.Output[3]);
            Assert.AreEqual("espc*> ", harness.Output.Pending);

            harness.Type("save");
            Assert.AreEqual("espc> ", harness.Output.Pending);
        }

        [TestMethod]
        public void OverlongLineIsReportedAndChangesNothing()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            string longLine = "set wifi.ssid ";
            while (longLine.Length <= 130)
            {
                longLine += "x";
            }

            harness.Type(longLine);
            Assert.AreEqual(1, harness.Output.Count);
            Assert.AreEqual("error: line longer than 120 characters: ignored, nothing changed", harness.Output[0]);
            Assert.IsFalse(harness.Config.HasUnsavedChanges);
        }

        [TestMethod]
        public void HelpListsEveryCommandOnce()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Type("help");

            // One line per command starting with its usage, in table order; a usage too long for the column puts
            // its description on an indented line of its own, never glued to the usage.
            int line = 0;
            for (int command = 0; command < CommandTable.Count; command++)
            {
                string usage = CommandTable.Usage(command);
                Assert.IsTrue(harness.Output[line].StartsWith(usage), "usage of " + CommandTable.Name(command));
                string rest = harness.Output[line].Substring(usage.Length);
                if (rest.Length == 0)
                {
                    line++;
                    rest = harness.Output[line];
                }

                Assert.IsTrue(rest.StartsWith(" "), "description of " + CommandTable.Name(command) + " is set apart");
                Assert.AreEqual(CommandTable.HelpText(command), rest.Trim());
                line++;
            }

            Assert.AreEqual(line, harness.Output.Count);
        }

        [TestMethod]
        public void HelpSetListsEveryKey()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Type("help set");
            Assert.AreEqual(2 + SettingKeys.Count, harness.Output.Count);
            Assert.IsTrue(harness.Output[2].StartsWith("  device.name"));
        }

        [TestMethod]
        public void PasswordGateLocksUntilTheRightPasswordAndLocksOutAfterThreeWrongOnes()
        {
            ConsoleHarness first = new ConsoleHarness(false);
            first.Type("set console.password s3cret");
            first.Type("save");

            ConsoleHarness harness = new ConsoleHarness(first.Store, true);
            harness.Session.Start();
            Assert.IsTrue(harness.Session.IsLocked);
            Assert.AreEqual("password: ", harness.Output.Pending);

            harness.Output.Clear();
            harness.Type("show");
            Assert.AreEqual("****", harness.Output[0]);
            Assert.AreEqual("error: wrong password", harness.Output[1]);
            harness.Type("nope");
            harness.Type("nope");
            harness.Output.Clear();
            harness.Type("s3cret");
            Assert.AreEqual("error: too many wrong passwords: wait 30 s", harness.Output[1]);
            Assert.IsTrue(harness.Session.IsLocked);

            harness.Clock.AdvanceMilliseconds(30001);
            harness.Output.Clear();
            harness.Type("s3cret");
            Assert.AreEqual("unlocked", harness.Output[1]);
            Assert.IsFalse(harness.Session.IsLocked);

            harness.Type("logout");
            Assert.IsTrue(harness.Session.IsLocked);
        }

        [TestMethod]
        public void ConfirmedRelayAndFactoryResetCallTheActionsOnce()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Type("meter add main kpm33b 1 relay=on");
            harness.Type("save");
            harness.Type("relay main on");
            Assert.AreEqual(0, harness.Actions.RelayCount);
            harness.Type("yes");
            Assert.AreEqual(1, harness.Actions.RelayCount);
            Assert.AreEqual("main", harness.Actions.LastRelayMeter);
            Assert.IsTrue(harness.Actions.LastRelayOn);

            harness.Type("factory-reset");
            harness.Type("no");
            Assert.AreEqual(0, harness.Actions.RebootCount);
            Assert.AreEqual(1, harness.Config.Active.MeterCount);
            harness.Type("factory-reset");
            harness.Type("yes");
            Assert.AreEqual(1, harness.Actions.RebootCount);
            Assert.AreEqual(0, harness.Config.Active.MeterCount);
        }

        [TestMethod]
        public void CtrlCCancelsAPendingConfirmation()
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Type("factory-reset");
            harness.FeedBytes(new byte[] { 3 });
            harness.Type("yes");
            Assert.AreEqual(0, harness.Actions.RebootCount);
        }
    }
}
