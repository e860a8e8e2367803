using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Meters
{
    /// <summary>
    /// The bus scan of addresses 1..247 at 9600 8E1 (BusScanner, as the console's `scan` runs it) on the virtual
    /// clock, with one simulated meter of each type present at 9600 8E1: the simulated duration (budget: 60 s,
    /// the limit) and what it found (type, serial, word order).
    /// </summary>
    public static class ScanBenchmark
    {
        private const long BudgetMicroseconds = 60L * 1000000;

        public static int Run(TextWriter output)
        {
            VirtualClock clock = new VirtualClock();
            VirtualBus bus = new VirtualBus(clock);
            string[] types = { MeterTypes.Kpm33bName, MeterTypes.Kpm31Name, MeterTypes.KlefrName, MeterTypes.Sdm630Name };
            byte[] addresses = { 1, 17, 100, 247 };
            SerialSettings framing = new SerialSettings(9600, SerialParity.Even, 1);
            for (int i = 0; i < types.Length; i++)
            {
                SimulatedMeterOptions options = new SimulatedMeterOptions();
                options.Settings = framing;
                options.WordOrder = types[i] == MeterTypes.Sdm630Name ? EspCollector.Simulators.Modbus.WordOrder.LowWordFirst : EspCollector.Simulators.Modbus.WordOrder.HighWordFirst;
                bus.Attach(MeterFactory.Create(types[i], addresses[i], clock, options));
            }

            BusSettings settings = new BusSettings();
            ScanResult[] results = new ScanResult[32];
            BusScanner scanner = new BusScanner(bus, clock);
            int probed = 0;
            scanner.Progress = (f, address) => probed++;
            Stopwatch wall = Stopwatch.StartNew();
            long start = clock.MonotonicMicroseconds;
            int found = scanner.Scan(new[] { settings }, 1, 247, results, settings);
            long duration = clock.MonotonicMicroseconds - start;
            wall.Stop();

            bool allFound = found == types.Length;
            for (int i = 0; i < found && i < results.Length; i++)
            {
                allFound &= results[i].Address == addresses[i] && results[i].TypeName == types[i];
            }

            bool ok = duration <= BudgetMicroseconds && allFound;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "scan: addresses 1..247 at {0}, {1} probed, 4 simulated meters present: simulated duration {2:F1} s (budget 60 s, {3:F0} ms per address on average), {4} found {5} (wall {6:F2} s) {7}",
                settings.Describe(), probed, duration / 1e6, (duration / 1e3) / Math.Max(1, probed), found, allFound ? "(all, identified)" : "(EXPECTED 4 IDENTIFIED)",
                wall.Elapsed.TotalSeconds, Figures.Verdict(ok)));
            for (int i = 0; i < found && i < results.Length; i++)
            {
                output.WriteLine("  " + results[i].Describe());
            }

            return ok ? 0 : 1;
        }
    }
}
