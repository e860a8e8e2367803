namespace EspCollector.Core.Console
{
    /// <summary>One row of the <see cref="CommandTable"/>.</summary>
    public sealed class ConsoleCommand
    {
        /// <summary>One or two words ("status", "meter add").</summary>
        public readonly string Name;

        /// <summary>Arguments as shown in usage: &lt;required&gt; [optional].</summary>
        public readonly string Arguments;

        public readonly string Help;
        public readonly int MinimumArguments;

        /// <summary>-1 = the rest of the line is free text (set's value).</summary>
        public readonly int MaximumArguments;

        public readonly CommandHandler Handler;

        private readonly string[] _argumentNames;

        public ConsoleCommand(string name, string arguments, string help, int minimumArguments, int maximumArguments, CommandHandler handler)
        {
            Name = name;
            Arguments = arguments;
            Help = help;
            MinimumArguments = minimumArguments;
            MaximumArguments = maximumArguments;
            Handler = handler;
            _argumentNames = arguments.Length == 0 ? new string[0] : arguments.Split(' ');
        }

        public string Usage
        {
            get { return Arguments.Length == 0 ? Name : Name + " " + Arguments; }
        }

        /// <summary>Number of words in the name (1 or 2).</summary>
        public int NameWordCount
        {
            get { return Name.IndexOf(' ') < 0 ? 1 : 2; }
        }

        /// <summary>The usage name of argument <paramref name="index"/> ("&lt;address&gt;").</summary>
        public string ArgumentName(int index)
        {
            return index < _argumentNames.Length ? _argumentNames[index] : "argument " + (index + 1);
        }
    }
}
