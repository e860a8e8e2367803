using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace EspCollector.Benchmarks.Report
{
    /// <summary>
    /// The figures of one run as keys, for people and for tools: benchmarks record a figure under its key
    /// (with its unit, and the target it is compared with when the design states one); <see cref="Print"/>
    /// writes a readable table and then one line per figure, <c>bench: &lt;key&gt;=&lt;value&gt;</c>, in the order
    /// of <see cref="ExpectedKeys"/>. A key no benchmark recorded is printed as "n/a (not measured)", so a missing
    /// figure shows instead of vanishing. Single-threaded, like every benchmark.
    /// </summary>
    public static class BenchReport
    {
        /// <summary>Value of a figure whose source is not in this tree yet.</summary>
        public const string Pending = "n/a (pending)";

        private static readonly List<Figure> Recorded = new List<Figure>();

        /// <summary>
        /// The keys `bench` promises (issue 15), in print order; per-type and per-assembly keys recorded by the
        /// benchmarks are printed after the key they extend (same prefix).
        /// </summary>
        public static readonly string[] ExpectedKeys =
        {
            "bus_turnaround_ms",
            "bus_cycle_ms",
            "bus_wire_limit_ms",
            "bus_cycle_ratio",
            "bus_cycle_ms_esp32",
            "bus_cycle_ratio_esp32",
            "bus_esp32_platform_cost_ms",
            "transactions_per_cycle",
            "naive_transactions_per_cycle",
            "meters_per_bus_at_1s",
            "freshness_power_s",
            "freshness_energy_s",
            "refresh_power_hz",
            "refresh_energy_hz",
            "anchor_ours_refresh_s",
            "anchor_tasmota_sdm630_refresh_s",
            "anchor_tasmota_refresh_s",
            "anchor_esphome_refresh_s",
            "mbus_alloc_bytes_per_transaction",
            "mbus_req_ud2_ratio_2400",
            "mbus_req_ud2_ratio_9600",
            "alloc_bytes_per_transaction",
            "alloc_bytes_per_poll_cycle",
            "alloc_bytes_per_pulse",
            "alloc_bytes_per_state_payload",
            "alloc_bytes_per_sim_hour",
            "heap_model_typical_bytes",
            "heap_model_typical_peak_bytes",
            "heap_model_plain_esp32_bytes",
            "heap_model_plain_esp32_peak_bytes",
            "heap_model_psram_bytes",
            "heap_model_psram_peak_bytes",
            "heap_model_probe_bytes",
            "heap_peak_alloc_step_bytes_typical",
            "heap_peak_alloc_step_bytes_plain_esp32",
            "pe_estimate_bytes",
            "pulse_events_per_s",
        };

        /// <summary>Records a figure (a later record of the same key replaces it).</summary>
        public static void Record(string key, string value, string unit, string target, string verdict)
        {
            Figure figure = new Figure(key, value, unit, target, verdict);
            for (int i = 0; i < Recorded.Count; i++)
            {
                if (Recorded[i].Key == key)
                {
                    Recorded[i] = figure;
                    return;
                }
            }

            Recorded.Add(figure);
        }

        public static void Record(string key, double value, int decimals, string unit)
        {
            Record(key, Format(value, decimals), unit, null, null);
        }

        /// <summary>A figure with a target: "met" or "gap +x" is printed beside it.</summary>
        public static void RecordAgainst(string key, double value, int decimals, string unit, double limit)
        {
            string verdict = value <= limit ? "met" : "gap +" + Format(value - limit, decimals) + " " + unit;
            Record(key, Format(value, decimals), unit, "<= " + Format(limit, decimals) + " " + unit, verdict.TrimEnd());
        }

        public static string Format(double value, int decimals)
        {
            return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
        }

        public static bool Has(string key)
        {
            return Find(key) != null;
        }

        public static void Clear()
        {
            Recorded.Clear();
        }

        /// <summary>The table, then the key lines. Returns how many expected keys had no figure.</summary>
        public static int Print(TextWriter output)
        {
            List<Figure> ordered = Ordered();
            int missing = 0;
            output.WriteLine();
            output.WriteLine("summary (targets: issue 15 for the bus, issue 14 for the heap; 'met' or the gap):");
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-40} {1,16} {2,-6} {3,-14} {4}", "figure", "value", "unit", "target", "verdict"));
            foreach (Figure figure in ordered)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-40} {1,16} {2,-6} {3,-14} {4}",
                    figure.Key, figure.Value, figure.Unit ?? string.Empty, figure.Target ?? string.Empty, figure.Verdict ?? string.Empty));
                if (figure.Value.StartsWith("n/a (not measured", System.StringComparison.Ordinal))
                {
                    missing++;
                }
            }

            output.WriteLine();
            foreach (Figure figure in ordered)
            {
                output.WriteLine("bench: " + figure.Key + "=" + figure.Value);
            }

            return missing;
        }

        private static List<Figure> Ordered()
        {
            List<Figure> ordered = new List<Figure>();
            HashSet<string> placed = new HashSet<string>();
            foreach (string key in ExpectedKeys)
            {
                Figure figure = Find(key) ?? new Figure(key, "n/a (not measured in this run)", null, null, null);
                ordered.Add(figure);
                placed.Add(key);

                // Per-type / per-assembly refinements (key.suffix) follow their key.
                foreach (Figure refinement in Recorded)
                {
                    if (refinement.Key.StartsWith(key + ".", System.StringComparison.Ordinal) && placed.Add(refinement.Key))
                    {
                        ordered.Add(refinement);
                    }
                }
            }

            foreach (Figure figure in Recorded)
            {
                if (placed.Add(figure.Key))
                {
                    ordered.Add(figure);
                }
            }

            return ordered;
        }

        private static Figure Find(string key)
        {
            foreach (Figure figure in Recorded)
            {
                if (figure.Key == key)
                {
                    return figure;
                }
            }

            return null;
        }

        private sealed class Figure
        {
            public Figure(string key, string value, string unit, string target, string verdict)
            {
                Key = key;
                Value = value;
                Unit = unit;
                Target = target;
                Verdict = verdict;
            }

            public string Key { get; }

            public string Value { get; }

            public string Unit { get; }

            public string Target { get; }

            public string Verdict { get; }
        }
    }
}
