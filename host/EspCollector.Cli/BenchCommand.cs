using System;
using System.CommandLine;
using System.IO;

namespace EspCollector.Cli
{
    /// <summary>`bench` and `soak`: the benchmarks' entry points (host/EspCollector.Benchmarks).</summary>
    public static class BenchCommand
    {
        public static Command Build()
        {
            var names = new Argument<string[]>("names")
            {
                Description = "benchmarks to run: all (default), list, or names from list",
                Arity = ArgumentArity.ZeroOrMore,
                HelpName = "name",
            };
            names.CompletionSources.Add("all", "list", "pulses", "modbus", "publish", "collector", "heap", "soak", "scan");
            var command = new Command("bench",
                "Runs the allocation, heap, soak and scan benchmarks (exit 1 when a figure misses the design's claim;\n" +
                "stable figures from a Release build: dotnet run -c Release).");
            command.Add(names);
            command.SetAction(parsed => EspCollector.Benchmarks.Program.Run(parsed.GetValue(names) ?? new string[0],
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        /// <summary>`soak`: for now the soak benchmark (7 simulated days with a broker outage).</summary>
        public static Command BuildSoak()
        {
            var command = new Command("soak",
                "Runs the soak benchmark: 7 simulated days of the collector with a 1-hour broker outage.");
            command.SetAction(parsed => EspCollector.Benchmarks.Program.Run(new[] { "soak" },
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }
    }
}
