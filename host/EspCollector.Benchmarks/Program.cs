using System;
using System.IO;
using EspCollector.Benchmarks.App;
using EspCollector.Benchmarks.Bus;
using EspCollector.Benchmarks.MBus;
using EspCollector.Benchmarks.Meters;
using EspCollector.Benchmarks.Publishing;
using EspCollector.Benchmarks.Pulses;

namespace EspCollector.Benchmarks
{
    /// <summary>
    /// Runs the named benchmarks (or all). Each prints its figure on one line and returns 0 when the figure
    /// meets the design's claim, 1 otherwise, so the command can gate a build.
    /// Usage: EspCollector.Benchmarks [all | name ...] ; "list" prints the names.
    /// </summary>
    public static class Program
    {
        /// <summary>The registry: add one line per benchmark (name, what it measures, entry point).</summary>
        private static readonly Benchmark[] Table =
        {
            new Benchmark("pulses", "bytes allocated per pulse in steady state (8 channels, edges through rings)", PulseAllocationBenchmark.Run),
            new Benchmark("modbus", "bytes allocated per Modbus transaction in steady state, per meter type; transactions/s of CPU", ModbusAllocationBenchmark.Run),
            new Benchmark("publish", "bytes allocated per meter reading, pulse state and health message queued and published", PublishAllocationBenchmark.Run),
            new Benchmark("collector", "bytes allocated by the whole Collector per Step() and per simulated hour in steady state", CollectorAllocationBenchmark.Run),
            new Benchmark("heap", "managed memory kept by a built Collector, big buffers, nanoFramework estimate vs ~80 KB", HeapBenchmark.Run),
            new Benchmark("soak", "7 simulated days of the collector with a 1-hour broker outage: pulses, polls, messages, ring", SoakBenchmark.Run),
            new Benchmark("scan", "simulated duration of the bus scan 1..247 at 9600 8E1 with 4 meters present (budget 60 s)", ScanBenchmark.Run),
            new Benchmark("mbus", "bytes allocated per M-Bus transaction (KLEFR M-bus reads) and the heap M-Bus support keeps", MBusBenchmark.Run),
        };

        public static int Main(string[] args)
        {
            TextWriter output = Console.Out;
            if (args.Length == 1 && args[0] == "list")
            {
                foreach (Benchmark benchmark in Table)
                {
                    output.WriteLine($"{benchmark.Name,-16} {benchmark.Description}");
                }

                return 0;
            }

            bool all = args.Length == 0 || Array.IndexOf(args, "all") >= 0;
            int failures = 0;
            int ran = 0;
            foreach (Benchmark benchmark in Table)
            {
                if (!all && Array.IndexOf(args, benchmark.Name) < 0)
                {
                    continue;
                }

                ran++;
                failures += benchmark.Run(output) == 0 ? 0 : 1;
            }

            if (ran == 0)
            {
                Console.Error.WriteLine("no benchmark named " + string.Join(", ", args) + "; try: list");
                return 2;
            }

            return failures == 0 ? 0 : 1;
        }
    }

    /// <summary>One registered benchmark: Run prints its figure and returns 0 when it meets the claim.</summary>
    public sealed class Benchmark
    {
        public Benchmark(string name, string description, Func<TextWriter, int> run)
        {
            Name = name;
            Description = description;
            Run = run;
        }

        public string Name { get; }

        public string Description { get; }

        public Func<TextWriter, int> Run { get; }
    }
}
