using System;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;

namespace EspCollector.Benchmarks.App
{
    /// <summary>
    /// Bytes the whole collector allocates per Step() and per simulated hour in steady state: 4 meters of the
    /// 4 types, 2 S0 channels, publishing to an in-memory broker, on a virtual clock, after a warm-up of two
    /// simulated hours (identities read, discovery sent, totals saved, every poll class read). The simulated
    /// meters, S0 outputs and broker are foreign and subtracted. When the figure is not zero, the same hour is
    /// measured again with parts of the configuration left out (bisecting bus, pulses, publishing) so the
    /// output says where it comes from. Budget: 0 B per hour.
    /// </summary>
    public static class CollectorAllocationBenchmark
    {
        private const long Hour = 3600L * 1000000;

        public static int Run(TextWriter output)
        {
            output.WriteLine("collector: whole Collector (4 meters, 2 S0 channels, broker connected) on a virtual clock, steady state after 2 simulated hours, budget 0 B/hour");
            Result full = Measure(RigParts.All);
            Print(output, "all parts", full);
            bool ok = full.CoreBytes == 0;
            BenchReport.Record("alloc_bytes_per_sim_hour", full.CoreBytes, 0, "B");
            BenchReport.Record("alloc_bytes_per_poll_cycle", (double)full.CoreBytes / Math.Max(1, full.PollCycles), 3, "B");
            if (!ok)
            {
                output.WriteLine("  bisecting (same hour, parts left out):");
                Print(output, "meters only (no pulses, no broker)", Measure(RigParts.Meters));
                Print(output, "pulses only (no meters, no broker)", Measure(RigParts.Pulses));
                Print(output, "broker only (no meters, no pulses)", Measure(RigParts.Broker));
                Print(output, "meters + broker", Measure(RigParts.Meters | RigParts.Broker));
                Print(output, "pulses + broker", Measure(RigParts.Pulses | RigParts.Broker));
            }

            output.WriteLine("  verdict: " + Figures.Verdict(ok));
            return ok ? 0 : 1;
        }

        private static Result Measure(RigParts parts)
        {
            CollectorRig rig = new CollectorRig(parts);
            rig.Boot();
            rig.RunFor(2 * Hour);
            Collector collector = rig.Collector;
            long steps = rig.Steps;
            int requests = collector.Poller.Statistics.Requests;
            int cycles = collector.Poller.DeviceCount == 0 ? 0 : collector.Poller.StatisticsAt(0).CompletedCycles;
            long messages = rig.Broker.Total;
            Measurement measurement = Measurement.Start();
            rig.RunFor(Hour);
            measurement.Stop();
            Result result = new Result();
            result.CoreBytes = measurement.CoreBytes;
            result.ForeignBytes = measurement.ForeignBytes;
            result.Steps = rig.Steps - steps;
            result.Transactions = collector.Poller.Statistics.Requests - requests;
            result.PollCycles = collector.Poller.DeviceCount == 0 ? 0 : collector.Poller.StatisticsAt(0).CompletedCycles - cycles;
            result.Messages = rig.Broker.Total - messages;
            result.WallSeconds = measurement.WallSeconds;
            return result;
        }

        private static void Print(TextWriter output, string label, Result result)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  {0,-36} 1 simulated hour: {1} steps, {2} bus transactions ({8} poll cycles of the first meter), {3} messages published; core {4}/hour = {5:F3} B/step (budget 0); foreign (simulators, broker) {6}; wall {7:F2} s",
                label, Figures.Number(result.Steps), Figures.Number(result.Transactions), Figures.Number(result.Messages),
                Figures.Bytes(result.CoreBytes), (double)result.CoreBytes / Math.Max(1, result.Steps), Figures.Kilobytes(result.ForeignBytes), result.WallSeconds, result.PollCycles));
        }

        private sealed class Result
        {
            public long CoreBytes;
            public long ForeignBytes;
            public long Steps;
            public long Transactions;
            public long PollCycles;
            public long Messages;
            public double WallSeconds;
        }
    }
}
