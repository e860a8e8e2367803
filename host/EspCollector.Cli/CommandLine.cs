using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace EspCollector.Cli
{
    /// <summary>A bad command line: the message is printed with a hint to --help, and the exit code is 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }

    /// <summary>One option of a verb: --name, whether it takes a value, whether it may repeat, its help text.</summary>
    public sealed class OptionSpec
    {
        public string Name;
        public string ValueName;
        public string Help;
        public bool Repeatable;
        public bool Required;

        public bool TakesValue
        {
            get { return ValueName != null; }
        }
    }

    /// <summary>
    /// The options of one verb, parsed from "--name value", "--name=value" and "--flag"; anything else is a usage
    /// error. Small and dependency-free on purpose (the tool uses no packages).
    /// </summary>
    public sealed class ParsedOptions
    {
        private readonly Dictionary<string, List<string>> values = new Dictionary<string, List<string>>();

        public static ParsedOptions Parse(string verb, IList<OptionSpec> specs, string[] arguments, int start)
        {
            var parsed = new ParsedOptions();
            for (int i = start; i < arguments.Length; i++)
            {
                string argument = arguments[i];
                if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
                {
                    throw new UsageException($"{verb}: unexpected argument '{argument}'");
                }

                string name = argument.Substring(2);
                string value = null;
                int equals = name.IndexOf('=');
                if (equals >= 0)
                {
                    value = name.Substring(equals + 1);
                    name = name.Substring(0, equals);
                }

                OptionSpec spec = Find(specs, name);
                if (spec == null)
                {
                    throw new UsageException($"{verb}: unknown option --{name}");
                }

                if (spec.TakesValue)
                {
                    if (value == null)
                    {
                        if (i + 1 >= arguments.Length)
                        {
                            throw new UsageException($"{verb}: --{name} needs a value ({spec.ValueName})");
                        }

                        value = arguments[++i];
                    }
                }
                else if (value != null)
                {
                    throw new UsageException($"{verb}: --{name} takes no value");
                }
                else
                {
                    value = "true";
                }

                List<string> list;
                if (!parsed.values.TryGetValue(name, out list))
                {
                    list = new List<string>();
                    parsed.values[name] = list;
                }
                else if (!spec.Repeatable)
                {
                    throw new UsageException($"{verb}: --{name} given twice");
                }

                list.Add(value);
            }

            if (!parsed.Has("help"))
            {
                foreach (var spec in specs)
                {
                    if (spec.Required && !parsed.Has(spec.Name))
                    {
                        throw new UsageException($"{verb}: --{spec.Name} is required");
                    }
                }
            }

            return parsed;
        }

        public bool Has(string name)
        {
            return values.ContainsKey(name);
        }

        public string Get(string name, string fallback = null)
        {
            List<string> list;
            return values.TryGetValue(name, out list) ? list[list.Count - 1] : fallback;
        }

        public IList<string> GetAll(string name)
        {
            List<string> list;
            return values.TryGetValue(name, out list) ? list : new List<string>();
        }

        public int GetInt(string name, int fallback, int minimum, int maximum)
        {
            string text = Get(name);
            if (text == null)
            {
                return fallback;
            }

            int value;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) || value < minimum || value > maximum)
            {
                throw new UsageException($"--{name}: '{text}' is not a whole number from {minimum} to {maximum}");
            }

            return value;
        }

        public double GetDouble(string name, double fallback, double minimum, double maximum)
        {
            string text = Get(name);
            if (text == null)
            {
                return fallback;
            }

            double value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || value < minimum || value > maximum)
            {
                throw new UsageException($"--{name}: '{text}' is not a number from {minimum} to {maximum}");
            }

            return value;
        }

        private static OptionSpec Find(IList<OptionSpec> specs, string name)
        {
            foreach (var spec in specs)
            {
                if (spec.Name == name)
                {
                    return spec;
                }
            }

            return null;
        }

        /// <summary>The help text of a verb: usage line, description, options table.</summary>
        public static void WriteHelp(TextWriter output, string usage, string description, IList<OptionSpec> specs)
        {
            output.WriteLine("usage: " + usage);
            output.WriteLine();
            output.WriteLine(description);
            output.WriteLine();
            output.WriteLine("options:");
            foreach (var spec in specs)
            {
                var left = new StringBuilder("  --" + spec.Name);
                if (spec.TakesValue)
                {
                    left.Append(' ').Append(spec.ValueName);
                }

                output.WriteLine(left.ToString().PadRight(30) + " " + spec.Help);
            }
        }
    }
}
