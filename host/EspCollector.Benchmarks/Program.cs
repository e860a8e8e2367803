using System;
using System.IO;
using EspCollector.Benchmarks.App;
using EspCollector.Benchmarks.Bus;
using EspCollector.Benchmarks.MBus;
using EspCollector.Benchmarks.Meters;
using EspCollector.Benchmarks.Publishing;
using EspCollector.Benchmarks.Pulses;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Soak;

namespace EspCollector.Benchmarks
{
    /// <summary>
    /// Runs the named benchmarks (or all). Each prints its figure on one line and returns 0 when the figure
    /// meets the design's claim, 1 otherwise, so the command can gate a build.
    /// Run through the espc tool: `espc bench [bench | all | name ...]` (no name = bench), `espc bench list`, `espc soak`.
    /// Every run ends with the figures as a table and as `bench: key=value` lines (Report/BenchReport). "bench" runs
    /// everything but the soak (the figures the issue asks for, in under 2 minutes) and exits 0 when every key was
    /// printed, whatever the figures: their targets are shown as met or as the gap.
    /// </summary>
    public static class Program
    {
        /// <summary>The registry: add one line per benchmark (name, what it measures, entry point).</summary>
        private static readonly Benchmark[] Table =
        {
            // heap first: static tables are built per meter type on first use, so the typical cabinet must be measured
            // before anything else touches the other types.
            new Benchmark("heap", "managed memory kept by a built Collector, big buffers, nanoFramework estimate vs ~80 KB", HeapBenchmark.Run),
            new Benchmark("pulses", "bytes allocated per pulse in steady state (8 channels, edges through rings)", PulseAllocationBenchmark.Run),
            new Benchmark("modbus", "bytes allocated per Modbus transaction in steady state, per meter type; transactions/s of CPU", ModbusAllocationBenchmark.Run),
            new Benchmark("publish", "bytes allocated per meter reading, pulse state and health message queued and published", PublishAllocationBenchmark.Run),
            new Benchmark("collector", "bytes allocated by the whole Collector per Step() and per simulated hour in steady state", CollectorAllocationBenchmark.Run),
            new Benchmark("soak", "chaos soak: 7 simulated days (--days N --seed S --faults a,b,c) of faults, power cuts and console noise, checked", SoakBenchmark.Run, SoakBenchmark.Run),
            new Benchmark("fuzz", "fixed-seed fuzz passes (--count N frames; console lines and MQTT commands N/10): Modbus responses, console, commands", Fuzz.Run, Fuzz.Run),
            new Benchmark("scan", "simulated duration of the bus scan 1..247 at 9600 8E1 with 4 meters present (budget 60 s)", ScanBenchmark.Run),
            new Benchmark("bus", "poll cycle of the four seed meters against the wire limit, ESP32 UART, meters per bus, freshness, anchors (Tasmota, ESPHome)", BusCycleBenchmark.Run),
            new Benchmark("mbus", "bytes allocated per M-Bus transaction (KLEFR M-bus reads) and the heap M-Bus support keeps", MBusBenchmark.Run),
            new Benchmark("footprint", "nanoFramework .pe estimate per assembly from the surface check; pulse events/s on this machine; M-Bus place", FootprintFigures.Run),
        };

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length == 0)
            {
                args = new[] { "bench" };
            }

            if (args.Length == 1 && args[0] == "list")
            {
                foreach (Benchmark benchmark in Table)
                {
                    output.WriteLine($"{benchmark.Name,-16} {benchmark.Description}");
                }

                return 0;
            }

            bool bench = Array.IndexOf(args, "bench") >= 0;
            bool all = args.Length == 0 || bench || Array.IndexOf(args, "all") >= 0;
            int failures = 0;
            int ran = 0;
            foreach (Benchmark benchmark in Table)
            {
                if (!all && Array.IndexOf(args, benchmark.Name) < 0)
                {
                    continue;
                }

                if (bench && (benchmark.Name == "soak" || benchmark.Name == "fuzz") && Array.IndexOf(args, benchmark.Name) < 0)
                {
                    continue;
                }

                ran++;
                string[] own = OwnArguments(args, Array.IndexOf(args, benchmark.Name));
                int result = own.Length > 0 && benchmark.RunWithArguments != null ? benchmark.RunWithArguments(output, own) : benchmark.Run(output);
                failures += result == 0 ? 0 : 1;
            }

            if (ran == 0 || UnknownOptions(args))
            {
                error.WriteLine("no benchmark named " + string.Join(", ", args) + "; try: list");
                return 2;
            }

            int missing = all ? BenchReport.Print(output) : 0;
            if (bench)
            {
                return missing == 0 ? 0 : 1;
            }

            return failures == 0 ? 0 : 1;
        }

        /// <summary>The arguments after a benchmark's name up to the next name (its options: --days 3 ...).</summary>
        private static string[] OwnArguments(string[] args, int at)
        {
            if (at < 0)
            {
                return new string[0];
            }

            int end = at + 1;
            while (end < args.Length && Find(args[end]) == null && args[end] != "all" && args[end] != "bench")
            {
                end++;
            }

            string[] own = new string[end - at - 1];
            Array.Copy(args, at + 1, own, 0, own.Length);
            return own;
        }

        private static bool UnknownOptions(string[] args)
        {
            // Options are fine after a benchmark that takes them; "--x" at the front names nothing.
            return args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal);
        }

        private static Benchmark Find(string name)
        {
            foreach (Benchmark benchmark in Table)
            {
                if (benchmark.Name == name)
                {
                    return benchmark;
                }
            }

            return null;
        }
    }

    /// <summary>One registered benchmark: Run prints its figure and returns 0 when it meets the claim.</summary>
    public sealed class Benchmark
    {
        public Benchmark(string name, string description, Func<TextWriter, int> run, Func<TextWriter, string[], int> runWithArguments = null)
        {
            Name = name;
            Description = description;
            Run = run;
            RunWithArguments = runWithArguments;
        }

        public string Name { get; }

        public string Description { get; }

        public Func<TextWriter, int> Run { get; }

        /// <summary>Null when the benchmark takes no options; otherwise gets the arguments after its name.</summary>
        public Func<TextWriter, string[], int> RunWithArguments { get; }
    }
}
