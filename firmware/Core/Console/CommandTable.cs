using System.Collections;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// The declarative list of console commands. Finding a command and checking its argument count is done here,
    /// once, so every command reports a missing or extra argument the same way, naming it and showing the usage.
    /// </summary>
    public sealed class CommandTable
    {
        private readonly ArrayList _commands = new ArrayList();

        public void Add(string name, string arguments, string help, int minimumArguments, int maximumArguments, CommandHandler handler)
        {
            _commands.Add(new ConsoleCommand(name, arguments, help, minimumArguments, maximumArguments, handler));
        }

        public int Count
        {
            get { return _commands.Count; }
        }

        public ConsoleCommand At(int index)
        {
            return (ConsoleCommand)_commands[index];
        }

        /// <summary>True when some command starts with this word ("meter" for "meter add").</summary>
        public bool IsGroup(string word)
        {
            for (int index = 0; index < _commands.Count; index++)
            {
                ConsoleCommand command = At(index);
                if (command.NameWordCount == 2 && command.Name.StartsWith(word + " "))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The sub-commands of a group, "add|remove|list".</summary>
        public string SubcommandsOf(string word)
        {
            string names = string.Empty;
            for (int index = 0; index < _commands.Count; index++)
            {
                ConsoleCommand command = At(index);
                if (command.NameWordCount == 2 && command.Name.StartsWith(word + " "))
                {
                    string sub = command.Name.Substring(word.Length + 1);
                    names = names.Length == 0 ? sub : names + "|" + sub;
                }
            }

            return names;
        }

        /// <summary>The command named by "help &lt;words&gt;": exact one- or two-word name.</summary>
        public ConsoleCommand FindByName(string name)
        {
            for (int index = 0; index < _commands.Count; index++)
            {
                if (At(index).Name == name)
                {
                    return At(index);
                }
            }

            return null;
        }

        /// <summary>
        /// Finds the command for the line's first word(s) and sets the line's argument start. Returns null and
        /// the error text when there is none.
        /// </summary>
        public ConsoleCommand Resolve(CommandLine line, out string error)
        {
            error = null;
            string first = line.Word(0).ToLower();
            if (line.WordCount >= 2)
            {
                ConsoleCommand pair = FindByName(first + " " + line.Word(1).ToLower());
                if (pair != null)
                {
                    line.ArgumentStart = 2;
                    return pair;
                }
            }

            ConsoleCommand single = FindByName(first);
            if (single != null)
            {
                line.ArgumentStart = 1;
                return single;
            }

            if (IsGroup(first))
            {
                error = line.WordCount < 2
                    ? first + ": missing sub-command (allowed: " + SubcommandsOf(first) + ")"
                    : first + ": '" + line.Word(1) + "' is not a sub-command (allowed: " + SubcommandsOf(first) + ")";
                return null;
            }

            error = "'" + line.Word(0) + "' is not a command (type help)";
            return null;
        }

        /// <summary>Checks the argument count; returns null or the error naming the missing or extra argument.</summary>
        public static string CheckArguments(ConsoleCommand command, CommandLine line)
        {
            int count = line.ArgumentCount;
            if (count < command.MinimumArguments)
            {
                return command.Name + ": missing " + command.ArgumentName(count) + " (usage: " + command.Usage + ")";
            }

            if (command.MaximumArguments >= 0 && count > command.MaximumArguments)
            {
                return command.Name + ": unexpected argument '" + line.Argument(command.MaximumArguments) + "' (usage: " + command.Usage + ")";
            }

            return null;
        }
    }
}
