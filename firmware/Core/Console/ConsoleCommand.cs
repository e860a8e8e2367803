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

        public ConsoleCommand(string name, string arguments, string help, int minimumArguments, int maximumArguments, CommandHandler handler)
        {
            Name = name;
            Arguments = arguments;
            Help = help;
            MinimumArguments = minimumArguments;
            MaximumArguments = maximumArguments;
            Handler = handler;
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
            // Cut from the argument text when a message needs it (rare), not kept per command: 25 commands'
            // split words were ~3 KB of the heap model.
            int start = 0;
            for (int word = 0; Arguments.Length > 0 && start <= Arguments.Length; word++)
            {
                int end = Arguments.IndexOf(' ', start);
                if (end < 0)
                {
                    end = Arguments.Length;
                }

                if (word == index)
                {
                    return Arguments.Substring(start, end - start);
                }

                start = end + 1;
            }

            return "argument " + (index + 1);
        }
    }
}
