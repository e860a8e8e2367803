using System;
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
    /// subscriber. Usage: <c>soak [--days N | --hours H] [--seed S] [--faults a,b,c|all|none] [--sabotage store|broker]</c>
    /// (defaults 7, 1, all; a sabotaged double must make the soak fail).
    /// </summary>
    public static class SoakBenchmark
    {
        public const int DefaultDays = 7;
        public const int DefaultSeed = 1;

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
                    case "--sabotage" when value == "store" || value == "broker":
                        // Proves the checks can fail: a store losing its second slot, a broker losing one message.
                        sabotage = value == "store" ? SoakSabotage.StorageLosesSecondSlot : SoakSabotage.BrokerLosesOneMessage;
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
                        output.WriteLine("soak: unknown argument '" + args[i] + "'; usage: soak [--days N | --hours H] [--seed S] [--faults " + string.Join(",", FaultNames.All) + "|all|none] [--sabotage store|broker]");
                        return 2;
                }
            }

            return new SoakRun(fraction > 0 ? fraction : days, seed, faults, sabotage).Run(output);
        }
    }
}
