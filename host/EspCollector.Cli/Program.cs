using System;
using System.CommandLine;
using System.IO;

namespace EspCollector.Cli
{
    /// <summary>
    /// `espc`: the collector's host tools as verbs of one program (System.CommandLine): twin, read, scan, simulate,
    /// bench and soak. Every verb has --help; tab completion through dotnet-suggest (the [suggest] directive).
    /// Exit codes: 0 success, 1 the job failed (no answer, device error, a benchmark missed its claim),
    /// 2 bad command line.
    /// </summary>
    public static class Program
    {
        public const int ExitOk = 0;
        public const int ExitFailure = 1;
        public const int ExitUsage = 2;

        public static int Main(string[] arguments)
        {
            return Run(arguments, Console.Out, Console.Error);
        }

        /// <summary>The verbs; add one line per verb.</summary>
        public static RootCommand BuildRoot()
        {
            RootCommand root = new RootCommand(
                "EspCollector host tools: the collector's twin, and its Modbus master, meter drivers and simulators\n" +
                "from a laptop with a USB-RS485 adapter.");
            root.Add(TwinCommand.Build());
            root.Add(ReadCommand.Build());
            root.Add(ScanCommand.Build());
            root.Add(SimulateCommand.Build());
            root.Add(BenchCommand.Build());
            root.Add(BenchCommand.BuildSoak());
            return root;
        }

        /// <summary>Parses and runs one command line with the given writers (tests call this in-process).</summary>
        public static int Run(string[] arguments, TextWriter output, TextWriter error)
        {
            RootCommand root = BuildRoot();
            ParseResult parsed = root.Parse(arguments);
            InvocationConfiguration configuration = new InvocationConfiguration { Output = output, Error = error };
            if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
            {
                foreach (System.CommandLine.Parsing.ParseError problem in parsed.Errors)
                {
                    error.WriteLine("error: " + OptionOf(problem) + problem.Message);
                }

                string verb = parsed.CommandResult.Command == root ? null : parsed.CommandResult.Command.Name;
                error.WriteLine(verb == null ? "run 'espc --help' for the verbs" : $"run 'espc {verb} --help' for the options");
                return ExitUsage;
            }

            if (arguments.Length == 0)
            {
                parsed = root.Parse(new[] { "--help" });
                parsed.Invoke(configuration);
                return ExitUsage;
            }

            return parsed.Invoke(configuration);
        }

        /// <summary>"--name: " for an error about an option's value, so every message names its option.</summary>
        private static string OptionOf(System.CommandLine.Parsing.ParseError problem)
        {
            System.CommandLine.Parsing.SymbolResult symbol = problem.SymbolResult;
            while (symbol != null && !(symbol is System.CommandLine.Parsing.OptionResult) && !(symbol is System.CommandLine.Parsing.CommandResult))
            {
                symbol = symbol.Parent;
            }

            return symbol is System.CommandLine.Parsing.OptionResult option && !problem.Message.Contains(option.Option.Name)
                ? option.Option.Name + ": "
                : string.Empty;
        }
    }
}
