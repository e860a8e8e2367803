using System;
using EspCollector.Core.Console;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>
    /// The command table is a row of text per command index: the index constants the session switches on must name
    /// their rows, every row must be well formed, and there must be exactly <see cref="CommandTable.Count"/> rows.
    /// </summary>
    [TestClass]
    public class CommandTableTests
    {
        [TestMethod]
        public void EveryIndexConstantNamesItsRow()
        {
            AssertRow(CommandTable.Help, "help");
            AssertRow(CommandTable.Status, "status");
            AssertRow(CommandTable.Show, "show");
            AssertRow(CommandTable.Set, "set");
            AssertRow(CommandTable.Unset, "unset");
            AssertRow(CommandTable.MeterAdd, "meter add");
            AssertRow(CommandTable.MeterRemove, "meter remove");
            AssertRow(CommandTable.MeterList, "meter list");
            AssertRow(CommandTable.MeterAddress, "meter address");
            AssertRow(CommandTable.MeterBaud, "meter baud");
            AssertRow(CommandTable.MeterTariff, "meter tariff");
            AssertRow(CommandTable.PulseAdd, "pulse add");
            AssertRow(CommandTable.PulseRemove, "pulse remove");
            AssertRow(CommandTable.PulseList, "pulse list");
            AssertRow(CommandTable.Bus, "bus");
            AssertRow(CommandTable.Scan, "scan");
            AssertRow(CommandTable.Read, "read");
            AssertRow(CommandTable.MBusWrite, "mbus write");
            AssertRow(CommandTable.Relay, "relay");
            AssertRow(CommandTable.BoardList, "board list");
            AssertRow(CommandTable.BoardUse, "board use");
            AssertRow(CommandTable.Save, "save");
            AssertRow(CommandTable.Discard, "discard");
            AssertRow(CommandTable.Reboot, "reboot");
            AssertRow(CommandTable.FactoryReset, "factory-reset");
            AssertRow(CommandTable.Logout, "logout");
            Assert.AreEqual(CommandTable.Logout + 1, CommandTable.Count);
        }

        [TestMethod]
        public void RowsAreWellFormedAndNoneLiesBeyondTheCount()
        {
            for (int command = 0; command < CommandTable.Count; command++)
            {
                string name = CommandTable.Name(command);
                Assert.AreEqual(name.ToLower(), name, "lower case " + name);
                Assert.IsTrue(CommandTable.HelpText(command).Length > 0, "help of " + name);
                int minimum = CommandTable.MinimumArguments(command);
                int maximum = CommandTable.MaximumArguments(command);
                Assert.IsTrue(minimum >= 0 && (maximum == -1 || maximum >= minimum), "argument counts of " + name);
                Assert.AreEqual(CommandTable.Arguments(command).Length == 0, maximum == 0, "arguments shown for " + name);
            }

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => CommandTable.Name(CommandTable.Count));
            Assert.AreEqual(-1, CommandTable.Find("frobnicate"));
            Assert.AreEqual(-1, CommandTable.Find("meter"));
        }

        [TestMethod]
        public void OnlySetTakesTheRestOfTheLineAndGroupsListTheirSubcommands()
        {
            for (int command = 0; command < CommandTable.Count; command++)
            {
                Assert.AreEqual(command == CommandTable.Set, CommandTable.MaximumArguments(command) == -1, CommandTable.Name(command));
            }

            Assert.AreEqual("add|remove|list|address|baud|tariff", CommandTable.SubcommandsOf("meter"));
            Assert.AreEqual("list|use", CommandTable.SubcommandsOf("board"));
            Assert.IsFalse(CommandTable.IsGroup("me"));
            Assert.AreEqual("usage: meter remove <name>", "usage: " + CommandTable.Usage(CommandTable.MeterRemove));
            Assert.AreEqual("<address>", CommandTable.ArgumentName(CommandTable.MeterAdd, 2));
        }

        private static void AssertRow(int command, string name)
        {
            Assert.AreEqual(name, CommandTable.Name(command));
            Assert.AreEqual(command, CommandTable.Find(name));
        }
    }
}
