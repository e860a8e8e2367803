using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Soak;

namespace EspCollector.Benchmarks.App
{
    /// <summary>
    /// The chaos soak (<see cref="SoakRun"/>): the whole collector on the virtual clock with the seeded fault
    /// schedule (bus noise and damaged frames, meters off, replaced and slow, WiFi drops, broker outages, slow
    /// acknowledgements and restarts losing retained messages, power cuts at random instants and in the middle
    /// of every kind of record write, console noise), checked against the simulators and an independent
    /// subscriber. Usage: <c>soak [--days N | --hours H] [--seed S] [--faults a,b,c|all|none] [--sabotage store|broker|meter-off|slow-meter|meter-replaced|uncounted-pulses]
    /// [--device-model esp32]</c> (defaults 7, 1, all, none, host; a sabotage must make the soak fail).
    /// </summary>
    public static class SoakBenchmark
    {
        public const int DefaultDays = 7;
        public const int DefaultSeed = 1;

        /// <summary>The <c>--sabotage</c> names: which check each must make fail.</summary>
        public static readonly Dictionary<string, SoakSabotage> Sabotages = new Dictionary<string, SoakSabotage>
        {
            ["store"] = SoakSabotage.StorageLosesSecondSlot,          // pulse_restore_mismatches
            ["broker"] = SoakSabotage.BrokerLosesOneMessage,          // readings_lost_outside_ring
            ["meter-off"] = SoakSabotage.MeterStaysOff,               // meter_off_recovered
            ["slow-meter"] = SoakSabotage.SlowMeterPastTimeout,       // slow_meter_reads_ok
            ["meter-replaced"] = SoakSabotage.ReplacementKeepsSerial, // meter_replaced_detected
            ["uncounted-pulses"] = SoakSabotage.PulsesNeverCounted,   // pulse_cuts_over_bound
        };

        public static int Run(TextWriter output)
        {
            return Run(output, DefaultDays, DefaultSeed, "all");
        }

        public static int Run(TextWriter output, int days, int seed, string faults)
        {
            return new SoakRun(days, seed, faults).Run(output);
        }

        /// <summary>The arguments after the benchmark's name.</summary>
        public static int Run(TextWriter output, string[] args)
        {
            int days = DefaultDays;
            int seed = DefaultSeed;
            string faults = "all";
            SoakSabotage sabotage = SoakSabotage.None;
            double fraction = -1;
            string deviceModel = null;
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--days" when value != null:
                        days = int.Parse(value, CultureInfo.InvariantCulture);
                        i++;
                        break;
                    case "--seed" when value != null:
                        seed = int.Parse(value, CultureInfo.InvariantCulture);
                        i++;
                        break;
                    case "--sabotage" when value != null && Sabotages.ContainsKey(value):
                        // Proves the checks can fail: a broken double or a fault made worse than the firmware handles.
                        sabotage = Sabotages[value];
                        i++;
                        break;
                    case "--device-model" when value == SoakRun.Esp32:
                        deviceModel = value;
                        i++;
                        break;
                    case "--hours" when value != null:
                        fraction = double.Parse(value, CultureInfo.InvariantCulture) / 24;
                        i++;
                        break;
                    case "--faults" when value != null:
                        faults = value;
                        i++;
                        break;
                    default:
                        output.WriteLine("soak: unknown argument '" + args[i] + "'; usage: soak [--days N | --hours H] [--seed S] [--faults " + string.Join(",", FaultNames.All) + "|all|none] [--sabotage " + string.Join("|", Sabotages.Keys) + "] [--device-model " + SoakRun.Esp32 + "]");
                        return 2;
                }
            }

            return new SoakRun(fraction > 0 ? fraction : days, seed, faults, sabotage, deviceModel).Run(output);
        }
    }
}
