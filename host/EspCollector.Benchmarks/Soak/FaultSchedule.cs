using System;
using System.Collections.Generic;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>The faults the soak can inject, by the names <c>--faults</c> takes.</summary>
    public static class FaultNames
    {
        public const string Noise = "noise";
        public const string Corrupt = "corrupt";
        public const string Truncate = "truncate";
        public const string Echo = "echo";
        public const string MeterOff = "meter-off";
        public const string MeterReplaced = "meter-replaced";
        public const string SlowMeter = "slow-meter";
        public const string Wifi = "wifi";
        public const string BrokerOutage = "broker-outage";
        public const string SlowAck = "slow-ack";
        public const string BrokerRestart = "broker-restart";
        public const string PowerCut = "power-cut";
        public const string TornWrite = "torn-write";
        public const string Console = "console";

        /// <summary>Console noise typed while a bus scan (the console's `scan` command) runs.</summary>
        public const string ConsoleScan = "console-scan";

        public static readonly string[] All =
        {
            Noise, Corrupt, Truncate, Echo, MeterOff, MeterReplaced, SlowMeter,
            Wifi, BrokerOutage, SlowAck, BrokerRestart, PowerCut, TornWrite, Console, ConsoleScan,
        };

        /// <summary>"all" (or empty), "none", or a comma-separated list of names; throws on an unknown name.</summary>
        public static HashSet<string> Parse(string list)
        {
            HashSet<string> chosen = new HashSet<string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(list) || list.Trim() == "all")
            {
                chosen.UnionWith(All);
                return chosen;
            }

            foreach (string part in list.Split(','))
            {
                string name = part.Trim();
                if (name.Length == 0 || name == "none")
                {
                    continue;
                }

                if (name == "all")
                {
                    chosen.UnionWith(All);
                }
                else if (Array.IndexOf(All, name) >= 0)
                {
                    chosen.Add(name);
                }
                else
                {
                    throw new ArgumentException("unknown fault '" + name + "'; known: all, none, " + string.Join(",", All));
                }
            }

            return chosen;
        }
    }

    /// <summary>One scheduled fault: what, when (virtual µs), for how long, and a fault-specific parameter.</summary>
    public sealed class ScheduledFault
    {
        public string Name;
        public long At;
        public long Duration;
        public int Target;
        public double Parameter;

        public override string ToString() => Name + "@" + At / 1000000 + "s";
    }

    /// <summary>
    /// The seeded fault schedule: for each enabled fault a random number of occurrences per day (rates below),
    /// at uniformly random instants, with log-uniform durations; each enabled fault occurs at least once in a run.
    /// The same seed, days and list always give the same schedule.
    /// </summary>
    public static class FaultSchedule
    {
        public const long Second = 1000000;
        public const long Minute = 60 * Second;
        public const long Hour = 60 * Minute;
        public const long Day = 24 * Hour;

        /// <summary>Mean occurrences per simulated day, shortest and longest duration.</summary>
        private static readonly object[][] Rates =
        {
            new object[] { FaultNames.Noise, 6.0, 5 * Second, 2 * Minute },
            new object[] { FaultNames.Corrupt, 6.0, 5 * Second, 5 * Minute },
            new object[] { FaultNames.Truncate, 4.0, 5 * Second, 2 * Minute },
            new object[] { FaultNames.Echo, 3.0, 5 * Second, 2 * Minute },
            new object[] { FaultNames.MeterOff, 0.4, 1 * Hour, 6 * Hour },
            new object[] { FaultNames.MeterReplaced, 0.05, 0L, 0L },
            new object[] { FaultNames.SlowMeter, 0.5, 30 * Minute, 3 * Hour },
            new object[] { FaultNames.Wifi, 3.0, 5 * Second, 3 * Hour },
            new object[] { FaultNames.BrokerOutage, 1.0, 5 * Second, 24 * Hour },
            new object[] { FaultNames.SlowAck, 0.5, 10 * Minute, 2 * Hour },
            new object[] { FaultNames.BrokerRestart, 0.2, 5 * Second, 1 * Minute },
            new object[] { FaultNames.PowerCut, 0.1, 1 * Second, 30 * Second },
            new object[] { FaultNames.TornWrite, 0.15, 1 * Second, 30 * Second },
            new object[] { FaultNames.Console, 48.0, 0L, 0L },

            // Last, so that adding it moved none of the faults above (same seed, same schedule).
            new object[] { FaultNames.ConsoleScan, 6.0, 0L, 0L },
        };

        public static List<ScheduledFault> Build(double days, int seed, HashSet<string> enabled, long start, int meterCount)
        {
            Random random = new Random(seed);
            List<ScheduledFault> faults = new List<ScheduledFault>();
            long span = (long)(days * Day);
            foreach (object[] rate in Rates)
            {
                string name = (string)rate[0];
                double perDay = (double)rate[1];
                long shortest = (long)rate[2];
                long longest = (long)rate[3];

                // Drawn even when disabled, so enabling one fault does not move the others.
                int count = Poisson(random, perDay * days);
                if (count == 0)
                {
                    count = 1;
                }

                for (int i = 0; i < count; i++)
                {
                    ScheduledFault fault = new ScheduledFault();
                    fault.Name = name;
                    // Nothing in the first 10 minutes (the collector settles) nor the last 10 (the run drains).
                    fault.At = start + 10 * Minute + (long)(random.NextDouble() * Math.Max(1, span - 20 * Minute));
                    fault.Duration = longest <= shortest ? shortest : (long)Math.Exp(Math.Log(shortest) + random.NextDouble() * (Math.Log(longest) - Math.Log(shortest)));
                    fault.Target = random.Next(meterCount);
                    fault.Parameter = random.NextDouble();
                    if (enabled.Contains(name))
                    {
                        faults.Add(fault);
                    }
                }
            }

            faults.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Name, b.Name));
            return faults;
        }

        private static int Poisson(Random random, double mean)
        {
            if (mean > 50)
            {
                // Normal approximation for large means.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
            }

            double limit = Math.Exp(-mean);
            double product = random.NextDouble();
            int count = 0;
            while (product > limit)
            {
                count++;
                product *= random.NextDouble();
            }

            return count;
        }
    }
}
