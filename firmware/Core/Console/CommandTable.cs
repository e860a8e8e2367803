using System;
using EspCollector.Core.Config;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// The declarative list of console commands: a row of text per command (name, argument counts, arguments, help),
    /// string literals that stay in the assembly (flash) instead of 26 command objects and 26 delegates on the heap.
    /// A command is known by its index (the constants below, in the order help lists them); the session runs it
    /// with a switch on the index. Finding a command and checking its argument count is done here, once, so every
    /// command reports a missing or extra argument the same way, naming it and showing the usage.
    /// </summary>
    public static class CommandTable
    {
        // Command indexes, in the order help lists them; Row gives each its text.
        public const int Help = 0;
        public const int Status = 1;
        public const int Show = 2;
        public const int Set = 3;
        public const int Unset = 4;
        public const int MeterAdd = 5;
        public const int MeterRemove = 6;
        public const int MeterList = 7;
        public const int MeterAddress = 8;
        public const int MeterBaud = 9;
        public const int MeterTariff = 10;
        public const int PulseAdd = 11;
        public const int PulseRemove = 12;
        public const int PulseList = 13;
        public const int Bus = 14;
        public const int Scan = 15;
        public const int Read = 16;
        public const int MBusWrite = 17;
        public const int Relay = 18;
        public const int BoardList = 19;
        public const int BoardUse = 20;
        public const int Save = 21;
        public const int Discard = 22;
        public const int Reboot = 23;
        public const int FactoryReset = 24;
        public const int Logout = 25;

        /// <summary>Number of commands (rows).</summary>
        public const int Count = 26;

        private const char FieldEnd = '\t';

        /// <summary>Maximum argument count meaning "the rest of the line is free text" (set's value).</summary>
        private const char RestOfLine = '*';

        /// <summary>
        /// The row of one command: name TAB minimum..maximum arguments ('*': the rest of the line is free text) TAB
        /// arguments as shown in usage (&lt;required&gt; [optional]) TAB help. One literal per row, not one text for
        /// all: nanoCLR's Substring copies its whole string into a char array first, and its indexer counts the whole
        /// string (nf-interpreter, corlib_native_System_String.cpp), so the strings cut here stay short. The bus row's help ends with the bus setting names, added from
        /// the setting table when it is shown.
        /// </summary>
        private static string Row(int command)
        {
            switch (command)
            {
                case Help: return "help\t0..2\t[command]\tlist commands, or show one command's usage";
                case Status: return "status\t0..0\t\tuptime, memory, network, broker, bus and pulse statistics";
                case Show:
                    return "show\t0..1\t[section]\t"
                        + "show settings (secrets masked): device|console|wifi|mqtt|bus|mbus|board|pin|meter|pulse";
                case Set:
                    return "set\t1..*\t<key> <value>\t"
                        + "stage a setting; without a value a secret is asked for hidden (see help set)";
                case Unset: return "unset\t1..1\t<key>\treturn a setting to its default";
                case MeterAdd:
                    return "meter add\t3..6\t<name> <type> <address> [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off]\t"
                        + "add a meter: Modbus (type kpm33b|kpm31|klefr|sdm630, address 1..247; relay writes, word order and monthly history default off, auto, off) or M-Bus (type klefr-mbus, primary address 0..250 or secondary address of 8 digits, no options)";
                case MeterRemove: return "meter remove\t1..1\t<name>\tremove a meter";
                case MeterList: return "meter list\t0..0\t\tlist the configured meters";
                case MeterAddress:
                    return "meter address\t2..2\t<name> <address>\t"
                        + "commissioning: write a new Modbus address into the meter (asks for confirmation), then stage it";
                case MeterBaud:
                    return "meter baud\t2..2\t<name> <baud>\t"
                        + "commissioning: write a new baud rate into the meter (asks for confirmation)";
                case MeterTariff: return "meter tariff\t2..2\t<name> <tariff>\tselect the meter's active tariff (KLEFR: 1|2)";
                case PulseAdd:
                    return "pulse add\t3..7\t<name> <pin> <imp/kWh> [filter=<ms>] [edge=falling|rising] [offset=<kWh>] [link=<meter>[:<quantity>]]\t"
                        + "add an S0 input: constant 0.01..100000 imp/kWh, filter 0.5..1000 ms (default 30), edge (default falling), offset added to the count, link to a meter's energy register (default energy_import) for a cross-check";
                case PulseRemove: return "pulse remove\t1..1\t<name>\tremove an S0 input";
                case PulseList: return "pulse list\t0..0\t\tlist the S0 inputs";
                case Bus: return "bus\t0..2\t[<setting> <value>]\tshow bus settings, or set one: ";
                case Scan:
                    return "scan\t0..2\t[<first> <last>] | mbus\t"
                        + "look for Modbus devices on addresses first..last (default 1..247); scan mbus: primary scan 0..250 and secondary search on the M-Bus port";
                case Read: return "read\t1..1\t<meter>\tread a meter now";
                case MBusWrite:
                    return "mbus write\t2..3\t<meter> <baud|address|secondary|tariff|code|s0|reset-kwh|reset-powerdown> [<value>]\t"
                        + "commissioning of a klefr-mbus meter (asks for confirmation): baud 300..9600, primary address 0..250, secondary address (8 digits), tariff 1|2, combined code, S0 rate in imp/kWh, reset the resettable kWh or the power-down counter";
                case Relay: return "relay\t2..2\t<meter> <on|off>\tswitch a meter's relay (asks for confirmation)";
                case BoardList: return "board list\t0..0\t\tlist the board profiles (* = selected)";
                case BoardUse: return "board use\t1..1\t<name>\tselect a board profile";
                case Save: return "save\t0..0\t\tstore the staged changes and apply them (pins at the next reboot)";
                case Discard: return "discard\t0..0\t\tdrop the staged changes";
                case Reboot: return "reboot\t0..0\t\trestart the collector";
                case FactoryReset: return "factory-reset\t0..0\t\terase the configuration and restart (asks for confirmation)";
                case Logout: return "logout\t0..0\t\tlock the console again (when console.password is set)";
                default: throw new ArgumentOutOfRangeException("command");
            }
        }

        /// <summary>One or two words ("status", "meter add").</summary>
        public static string Name(int command)
        {
            string row = Row(command);
            return row.Substring(0, row.IndexOf(FieldEnd));
        }

        /// <summary>Arguments as shown in usage: &lt;required&gt; [optional]; empty when there are none.</summary>
        public static string Arguments(int command)
        {
            return FieldOf(Row(command), 2);
        }

        public static string HelpText(int command)
        {
            string help = FieldOf(Row(command), 3);
            return command == Bus ? help + BusSettingNames() : help;
        }

        /// <summary>The name and its arguments: "meter remove &lt;name&gt;".</summary>
        public static string Usage(int command)
        {
            string arguments = Arguments(command);
            return arguments.Length == 0 ? Name(command) : Name(command) + " " + arguments;
        }

        public static int MinimumArguments(int command)
        {
            string row = Row(command);
            return row[FieldStart(row, 1)] - '0';
        }

        /// <summary>-1 = the rest of the line is free text (set's value).</summary>
        public static int MaximumArguments(int command)
        {
            string row = Row(command);
            char maximum = row[FieldStart(row, 1) + 3];
            return maximum == RestOfLine ? -1 : maximum - '0';
        }

        /// <summary>The command with this exact one- or two-word name (lower case), or -1.</summary>
        public static int Find(string name)
        {
            for (int command = 0; command < Count; command++)
            {
                string row = Row(command);
                if (row.Length > name.Length && row[name.Length] == FieldEnd && StartsWith(row, name))
                {
                    return command;
                }
            }

            return -1;
        }

        /// <summary>True when some command starts with this word ("meter" for "meter add").</summary>
        public static bool IsGroup(string word)
        {
            return SubcommandsOf(word).Length > 0;
        }

        /// <summary>The sub-commands of a group, "add|remove|list".</summary>
        public static string SubcommandsOf(string word)
        {
            string names = string.Empty;
            for (int command = 0; command < Count; command++)
            {
                if (InGroup(command, word))
                {
                    string sub = Name(command).Substring(word.Length + 1);
                    names = names.Length == 0 ? sub : names + "|" + sub;
                }
            }

            return names;
        }

        /// <summary>True when the command's name is two words and the first is <paramref name="word"/>.</summary>
        public static bool InGroup(int command, string word)
        {
            string row = Row(command);
            return row.Length > word.Length && row[word.Length] == ' ' && StartsWith(row, word);
        }

        /// <summary>
        /// Finds the command for the line's first word(s) and sets the line's argument start. Returns -1 and
        /// the error text when there is none.
        /// </summary>
        public static int Resolve(CommandLine line, out string error)
        {
            error = null;
            string first = line.Word(0).ToLower();
            if (line.WordCount >= 2)
            {
                int pair = Find(first + " " + line.Word(1).ToLower());
                if (pair >= 0)
                {
                    line.ArgumentStart = 2;
                    return pair;
                }
            }

            int single = Find(first);
            if (single >= 0)
            {
                line.ArgumentStart = 1;
                return single;
            }

            if (IsGroup(first))
            {
                error = line.WordCount < 2
                    ? first + ": missing sub-command (allowed: " + SubcommandsOf(first) + ")"
                    : first + ": '" + line.Word(1) + "' is not a sub-command (allowed: " + SubcommandsOf(first) + ")";
                return -1;
            }

            error = "'" + line.Word(0) + "' is not a command (type help)";
            return -1;
        }

        /// <summary>Checks the argument count; returns null or the error naming the missing or extra argument.</summary>
        public static string CheckArguments(int command, CommandLine line)
        {
            int count = line.ArgumentCount;
            if (count < MinimumArguments(command))
            {
                return Name(command) + ": missing " + ArgumentName(command, count) + " (usage: " + Usage(command) + ")";
            }

            int maximum = MaximumArguments(command);
            if (maximum >= 0 && count > maximum)
            {
                return Name(command) + ": unexpected argument '" + line.Argument(maximum) + "' (usage: " + Usage(command) + ")";
            }

            return null;
        }

        /// <summary>The usage name of argument <paramref name="index"/> ("&lt;address&gt;").</summary>
        public static string ArgumentName(int command, int index)
        {
            string arguments = Arguments(command);
            int start = 0;
            for (int word = 0; arguments.Length > 0 && start <= arguments.Length; word++)
            {
                int end = arguments.IndexOf(' ', start);
                if (end < 0)
                {
                    end = arguments.Length;
                }

                if (word == index)
                {
                    return arguments.Substring(start, end - start);
                }

                start = end + 1;
            }

            return "argument " + (index + 1);
        }

        /// <summary>The settings of the bus section without the "bus." prefix: baud|parity|...</summary>
        public static string BusSettingNames()
        {
            string names = string.Empty;
            for (int index = 0; index < SettingKeys.Count; index++)
            {
                SettingKey key = SettingKeys.At(index);
                if (key.Section == "bus")
                {
                    string name = key.Name.Substring(4);
                    names = names.Length == 0 ? name : names + "|" + name;
                }
            }

            return names;
        }

        /// <summary>Where field <paramref name="field"/> (0 = name) of the row starts.</summary>
        private static int FieldStart(string row, int field)
        {
            int start = 0;
            for (int index = 0; index < field; index++)
            {
                start = row.IndexOf(FieldEnd, start) + 1;
            }

            return start;
        }

        private static string FieldOf(string row, int field)
        {
            int start = FieldStart(row, field);
            int end = field == 3 ? row.Length : row.IndexOf(FieldEnd, start);
            return row.Substring(start, end - start);
        }

        /// <summary>Compares in place, without cutting the row.</summary>
        private static bool StartsWith(string row, string prefix)
        {
            for (int index = 0; index < prefix.Length; index++)
            {
                if (row[index] != prefix[index])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
