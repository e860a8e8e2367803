using System;
using System.IO;

namespace EspCollector.Cli
{
    /// <summary>
    /// Entry point: `EspCollector.Cli &lt;verb&gt; [options]`. Exit codes: 0 success, 1 the job failed (no answer,
    /// device error), 2 bad command line.
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

        /// <summary>Runs one command with the given writers (tests call this in-process).</summary>
        public static int Run(string[] arguments, TextWriter output, TextWriter error)
        {
            if (arguments.Length == 0 || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help")
            {
                WriteHelp(output);
                return arguments.Length == 0 ? ExitUsage : ExitOk;
            }

            string verb = arguments[0];
            try
            {
                switch (verb)
                {
                    case "read":
                        return ReadCommand.Run(ParsedOptions.Parse(verb, ReadCommand.Specs, arguments, 1), output, error);
                    case "scan":
                        return ScanCommand.Run(ParsedOptions.Parse(verb, ScanCommand.Specs, arguments, 1), output, error);
                    case "simulate":
                        return SimulateCommand.Run(ParsedOptions.Parse(verb, SimulateCommand.Specs, arguments, 1), output, error);
                    default:
                        throw new UsageException($"unknown verb '{verb}'");
                }
            }
            catch (UsageException exception)
            {
                error.WriteLine("error: " + exception.Message);
                error.WriteLine(verb == "read" || verb == "scan" || verb == "simulate"
                    ? $"run 'EspCollector.Cli {verb} --help' for the options"
                    : "run 'EspCollector.Cli --help' for the verbs");
                return ExitUsage;
            }
        }

        private static void WriteHelp(TextWriter output)
        {
            output.WriteLine("usage: EspCollector.Cli <verb> [options]      (dotnet run --project host/EspCollector.Cli -- <verb> ...)");
            output.WriteLine();
            output.WriteLine("The collector's own Modbus master and meter drivers, from a laptop with a USB-RS485 adapter.");
            output.WriteLine();
            output.WriteLine("verbs:");
            output.WriteLine("  read        identity and values of one meter (--json for one JSON object)");
            output.WriteLine("  scan        find the meters on a bus: one line per meter found");
            output.WriteLine("  simulate    serve simulated meters on a serial device, for testing other masters");
            output.WriteLine();
            output.WriteLine("'EspCollector.Cli <verb> --help' lists a verb's options.");
        }
    }
}
