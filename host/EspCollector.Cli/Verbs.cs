using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;

namespace EspCollector.Cli
{
    /// <summary>A bad command line found by a verb: printed with a hint to --help, exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// The options of one verb as System.CommandLine symbols, looked up by name when the verb runs. A verb declares
    /// them with <see cref="Text"/>, <see cref="Flag"/> and <see cref="Many"/> (choices become tab completions and
    /// are checked by the parser, which names the option in its error).
    /// </summary>
    public sealed class VerbOptions
    {
        private readonly Dictionary<string, Option> _byName = new Dictionary<string, Option>();
        private ParseResult _parsed;

        public VerbOptions(Command command)
        {
            Command = command;
        }

        public Command Command { get; }

        public Option<string> Text(string name, string valueName, string help, bool required = false, params string[] choices)
        {
            Option<string> option = new Option<string>("--" + name) { Description = help, HelpName = valueName, Required = required };
            if (choices.Length > 0)
            {
                option.AcceptOnlyFromAmong(choices);
            }

            return Add(name, option);
        }

        public Option<bool> Flag(string name, string help)
        {
            return Add(name, new Option<bool>("--" + name) { Description = help });
        }

        public Option<string[]> Many(string name, string valueName, string help)
        {
            return Add(name, new Option<string[]>("--" + name) { Description = help, HelpName = valueName, AllowMultipleArgumentsPerToken = false });
        }

        /// <summary>The values of one run (set by the verb's action before it reads them).</summary>
        public VerbOptions Bind(ParseResult parsed)
        {
            _parsed = parsed;
            return this;
        }

        public bool Has(string name)
        {
            Option option = Find(name);
            OptionResult result = _parsed.GetResult(option);
            if (result == null || result.Implicit)
            {
                return false;
            }

            return option is Option<bool> flag ? _parsed.GetValue(flag) : true;
        }

        public string Get(string name, string fallback = null)
        {
            Option option = Find(name);
            if (option is Option<string[]> many)
            {
                string[] all = _parsed.GetValue(many);
                return all == null || all.Length == 0 ? fallback : all[all.Length - 1];
            }

            return _parsed.GetValue((Option<string>)option) ?? fallback;
        }

        public IList<string> GetAll(string name)
        {
            Option option = Find(name);
            if (option is Option<string[]> many)
            {
                return _parsed.GetValue(many) ?? new string[0];
            }

            string one = Get(name);
            return one == null ? new string[0] : new[] { one };
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

        /// <summary>Sets the verb's action: usage errors from the verb print "error: ..." and give exit code 2.</summary>
        public void OnRun(Func<VerbOptions, TextWriter, TextWriter, int> run)
        {
            Command.SetAction(parsed =>
            {
                TextWriter output = parsed.InvocationConfiguration.Output;
                TextWriter error = parsed.InvocationConfiguration.Error;
                try
                {
                    return run(Bind(parsed), output, error);
                }
                catch (UsageException exception)
                {
                    error.WriteLine($"error: {Command.Name}: {exception.Message}");
                    error.WriteLine($"run 'espc {Command.Name} --help' for the options");
                    return Program.ExitUsage;
                }
            });
        }

        private T Add<T>(string name, T option)
            where T : Option
        {
            _byName[name] = option;
            Command.Add(option);
            return option;
        }

        private Option Find(string name)
        {
            Option option;
            if (!_byName.TryGetValue(name, out option))
            {
                throw new InvalidOperationException("verb " + Command.Name + " has no option --" + name);
            }

            return option;
        }
    }

    /// <summary>
    /// `--protocol modbus|mbus` of read, scan and simulate. Each verb keeps one entry point per protocol; M-Bus
    /// runs through <see cref="MBusVerbs"/> (KLEFR M-bus version).
    /// </summary>
    public static class Protocols
    {
        public const string Modbus = "modbus";
        public const string Mbus = "mbus";

        public static void AddOption(VerbOptions options)
        {
            options.Text("protocol", "modbus|mbus", "bus protocol (default modbus; mbus: wired M-Bus meters)", false, Modbus, Mbus);
        }

        /// <summary>Runs the verb's entry point for the protocol chosen.</summary>
        public static int Dispatch(VerbOptions options, TextWriter output, TextWriter error,
            Func<VerbOptions, TextWriter, TextWriter, int> modbus, Func<VerbOptions, TextWriter, TextWriter, int> mbus)
        {
            string protocol = options.Get("protocol", Modbus);
            return protocol == Mbus ? mbus(options, output, error) : modbus(options, output, error);
        }

    }
}
