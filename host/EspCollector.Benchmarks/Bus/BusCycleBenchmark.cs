using System;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.Bus;
using EspCollector.Core.Config;
using EspCollector.Core.Meters;

namespace EspCollector.Benchmarks.Bus
{
    /// <summary>
    /// How close the collector's polling comes to what the wire physically allows, on the timing-accurate
    /// simulated bus (<see cref="BusTimingRig"/>: the four seed meters at 9600 8E1, fixed meter turnaround):
    /// <list type="bullet">
    /// <item>bus_cycle_ms: the standard read set (every block but the identity) of the four meters read once,
    /// measured back to back in steady state (from the end of one cycle to the end of the next), through the
    /// firmware's ModbusMaster + BusPoller + MeterDrivers;</item>
    /// <item>bus_wire_limit_ms: per transaction t3.5 + request and response characters at 11 bits + the same
    /// turnaround (Modbus over Serial Line V1.02, 2.5.1 and 2.5.1.1), summed; and their ratio (target ≤ 1.05);</item>
    /// <item>the same cycle through the ESP32 UART model (<see cref="Esp32UartModel"/>; target ≤ 1.15) and what the
    /// platform costs;</item>
    /// <item>transactions per cycle against one read per quantity; how many meters of the four types one bus refreshes
    /// every second (computed from the measured transactions, then checked by simulation); freshness per type of
    /// power and energy (poll class intervals at the device defaults) and the refresh rate the bus sustains when it
    /// polls as fast as it can;</item>
    /// <item>the anchors, Tasmota's SDM630 driver and ESPHome's modbus_controller, computed from their documented
    /// designs on the same timing (<see cref="AnchorDesigns"/>).</item>
    /// </list>
    /// </summary>
    public static class BusCycleBenchmark
    {
        /// <summary>Fixed simulated meter turnaround: end of the request to the first bit of the answer.</summary>
        public const int TurnaroundMicroseconds = 5000;

        public const double CycleRatioTarget = 1.05;
        public const double Esp32CycleRatioTarget = 1.15;

        /// <summary>One 11-bit character at 9600 baud, exact (µs).</summary>
        public const double CharacterMicroseconds = 11e6 / 9600;

        public static int Run(TextWriter output)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "bus: four seed meters (kpm33b@1, kpm31@2, klefr@3, sdm630@4) at 9600 8E1 on the simulated bus, fixed meter turnaround {0:F1} ms, character {1:F3} ms (11 bits), t3.5 {2:F3} ms",
                TurnaroundMicroseconds / 1000.0, CharacterMicroseconds / 1000, 3.5 * CharacterMicroseconds / 1000));
            BusTimingRig layout = new BusTimingRig(TurnaroundMicroseconds, false, null);
            Cycle host = MeasureCycle(false);
            Cycle esp32 = MeasureCycle(true);
            double limit = WireLimitMicroseconds(layout.Drivers);
            int blocks = 0;
            int quantityReads = 0;
            output.WriteLine("  standard read set (poll classes Fast/Slow/Rare; the identity, class Once, is read at start and after reconnection):");
            for (int d = 0; d < layout.Drivers.Length; d++)
            {
                MeterDriver driver = layout.Drivers[d];
                int typeBlocks = StandardBlocks(driver);
                int typeQuantities = StandardQuantityRows(driver);
                blocks += typeBlocks;
                quantityReads += typeQuantities;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0,-7} {1,2} blocks for {2,3} quantity rows: {3}",
                    driver.Type.Name, typeBlocks, typeQuantities, DescribeBlocks(driver)));
            }

            double ratio = host.Microseconds / limit;
            double esp32Ratio = esp32.Microseconds / limit;
            // The model bites: every answer ends in an idle chunk, and each answer over 120 bytes also in a threshold chunk.
            bool ok = host.Failed == 0 && esp32.Failed == 0 && host.Transactions == blocks && esp32.Transactions == blocks
                && esp32.IdleChunks == blocks && esp32.ThresholdChunks == LongAnswers(layout.Drivers);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  cycle (host line): {0} transactions in {1:F1} ms; wire limit {2:F1} ms (per transaction t3.5 + request/response characters + turnaround); ratio {3:F4} (target <= {4:F2}: {5}); failures {6}",
                host.Transactions, host.Microseconds / 1000, limit / 1000, ratio, CycleRatioTarget, ratio <= CycleRatioTarget ? "met" : "GAP", host.Failed));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  cycle (ESP32 UART model: 120-byte chunks, answers visible {0} characters after their last byte, t1.5 fallback 131 characters): {1} transactions in {2:F1} ms; ratio {3:F4} (target <= {4:F2}: {5}); failures {6}",
                Esp32UartModel.IdleTimeoutCharacters, esp32.Transactions, esp32.Microseconds / 1000, esp32Ratio, Esp32CycleRatioTarget,
                esp32Ratio <= Esp32CycleRatioTarget ? "met" : "GAP", esp32.Failed));
            double platform = esp32.Microseconds - host.Microseconds;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  what the ESP32 costs: +{0:F1} ms per cycle = {1:F2} ms per transaction ({2} threshold chunks, {3} idle chunks): the idle timeout delays every answer by {4:F2} ms ({5} characters) and the master, seeing it late, starts its t3.5 ({6:F2} ms) only then; the lever is fewer, larger blocks",
                platform / 1000, platform / 1000 / blocks, esp32.ThresholdChunks, esp32.IdleChunks,
                esp32.IdleDelayMicroseconds / 1000.0 / Math.Max(1, esp32.IdleChunks), Esp32UartModel.IdleTimeoutCharacters,
                3.5 * CharacterMicroseconds / 1000));

            // What-if, computed (not measured): the line has already been silent for the idle timeout when an answer's
            // last chunk appears, so a master told so could skip its own t3.5 before the next request.
            double credited = esp32.Microseconds - blocks * RtuTiming.InterFrameDelayMicroseconds(9600);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  what-if (computed): a master that counted the driver's idle timeout as part of the t3.5 silence would need {0:F1} ms per cycle, ratio {1:F3}",
                credited / 1000, credited / limit));

            BenchReport.Record("bus_turnaround_ms", TurnaroundMicroseconds / 1000.0, 1, "ms");
            BenchReport.Record("bus_cycle_ms", host.Microseconds / 1000, 1, "ms");
            BenchReport.Record("bus_wire_limit_ms", limit / 1000, 1, "ms");
            BenchReport.RecordAgainst("bus_cycle_ratio", ratio, 3, string.Empty, CycleRatioTarget);
            BenchReport.Record("bus_cycle_ms_esp32", esp32.Microseconds / 1000, 1, "ms");
            BenchReport.RecordAgainst("bus_cycle_ratio_esp32", esp32Ratio, 3, string.Empty, Esp32CycleRatioTarget);
            BenchReport.Record("bus_esp32_platform_cost_ms", platform / 1000, 1, "ms");
            BenchReport.Record("transactions_per_cycle", host.Transactions.ToString(CultureInfo.InvariantCulture), null, null, null);
            BenchReport.Record("naive_transactions_per_cycle", quantityReads.ToString(CultureInfo.InvariantCulture), null, null, null);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  transactions per cycle: {0} (blocks) against {1} naive (one read per quantity row): {2:F1} x fewer",
                host.Transactions, quantityReads, (double)quantityReads / host.Transactions));

            ok &= Freshness(output, host);
            ok &= AnchorDesigns.Run(output, layout.Drivers, host.Microseconds, TurnaroundMicroseconds);
            return ok ? 0 : 1;
        }

        /// <summary>The standard set read once after a first full cycle, then again back to back (measured).</summary>
        private static Cycle MeasureCycle(bool esp32)
        {
            BusTimingRig rig = new BusTimingRig(TurnaroundMicroseconds, esp32, null);
            rig.RunUntilIdle();
            rig.MarkStandardSetDue();
            rig.RunUntilIdle();
            int failedBefore = rig.FailedBlocks();
            int thresholdBefore = esp32 ? rig.Uart.ThresholdChunks : 0;
            int idleBefore = esp32 ? rig.Uart.IdleChunks : 0;
            long idleDelayBefore = esp32 ? rig.Uart.IdleDelayMicroseconds : 0;
            rig.MarkStandardSetDue();
            long start = rig.Clock.MonotonicMicroseconds;
            Cycle cycle = new Cycle();
            cycle.Transactions = rig.RunUntilIdle();
            cycle.Microseconds = rig.Clock.MonotonicMicroseconds - start;
            cycle.Failed = rig.FailedBlocks() - failedBefore;
            cycle.Durations = new long[rig.Drivers.Length][];
            if (esp32)
            {
                cycle.ThresholdChunks = rig.Uart.ThresholdChunks - thresholdBefore;
                cycle.IdleChunks = rig.Uart.IdleChunks - idleBefore;
                cycle.IdleDelayMicroseconds = rig.Uart.IdleDelayMicroseconds - idleDelayBefore;
            }

            // Once more, block by block, for the time each transaction takes on the bus (t3.5 included).
            for (int d = 0; d < rig.Drivers.Length; d++)
            {
                RegisterBlock[] plan = rig.Drivers[d].Blocks;
                cycle.Durations[d] = new long[plan.Length];
                for (int b = 0; b < plan.Length; b++)
                {
                    if (plan[b].PollClass == PollClass.Once)
                    {
                        continue;
                    }

                    rig.Poller.MarkDue(d, b);
                    long before = rig.Clock.MonotonicMicroseconds;
                    rig.RunUntilIdle();
                    cycle.Durations[d][b] = rig.Clock.MonotonicMicroseconds - before;
                }
            }

            return cycle;
        }

        /// <summary>Per transaction: t3.5 + (request + response) characters of 11 bits + turnaround.</summary>
        public static double WireLimitMicroseconds(MeterDriver[] drivers)
        {
            double total = 0;
            foreach (MeterDriver driver in drivers)
            {
                foreach (RegisterBlock block in driver.Blocks)
                {
                    if (block.PollClass != PollClass.Once)
                    {
                        total += TransactionWireMicroseconds(block.DataByteCount, TurnaroundMicroseconds);
                    }
                }
            }

            return total;
        }

        /// <summary>A read: request 8 characters; response address + function + byte count + data + CRC.</summary>
        public static double TransactionWireMicroseconds(int dataBytes, int turnaroundMicroseconds)
        {
            return 3.5 * CharacterMicroseconds + (8 + 5 + dataBytes) * CharacterMicroseconds + turnaroundMicroseconds;
        }

        /// <summary>Answers of the standard set longer than the ESP32's 120-byte FIFO threshold.</summary>
        private static int LongAnswers(MeterDriver[] drivers)
        {
            int count = 0;
            foreach (MeterDriver driver in drivers)
            {
                foreach (RegisterBlock block in driver.Blocks)
                {
                    count += block.PollClass != PollClass.Once && 5 + block.DataByteCount > Esp32UartModel.FifoThreshold ? 1 : 0;
                }
            }

            return count;
        }

        public static int StandardBlocks(MeterDriver driver)
        {
            int count = 0;
            foreach (RegisterBlock block in driver.Blocks)
            {
                count += block.PollClass == PollClass.Once ? 0 : 1;
            }

            return count;
        }

        /// <summary>Rows of the standard set that carry a quantity (what a one-read-per-quantity poller reads).</summary>
        public static int StandardQuantityRows(MeterDriver driver)
        {
            RegisterTable table = driver.Plan.Table;
            int count = 0;
            for (int row = 0; row < table.Count; row++)
            {
                if (table.PollClassAt(row) != PollClass.Once && table.QuantityIndexAt(row) != RegisterTable.NoQuantity)
                {
                    count++;
                }
            }

            return count;
        }

        private static string DescribeBlocks(MeterDriver driver)
        {
            System.Text.StringBuilder text = new System.Text.StringBuilder();
            foreach (RegisterBlock block in driver.Blocks)
            {
                if (block.PollClass == PollClass.Once)
                {
                    continue;
                }

                text.Append(text.Length == 0 ? string.Empty : ", ")
                    .Append(string.Format(CultureInfo.InvariantCulture, "{0} fc{1} 0x{2:X4}+{3} ({4} B)",
                        ClassName(block.PollClass), block.FunctionCode, block.StartAddress, block.Quantity, 5 + block.DataByteCount));
            }

            return text.ToString();
        }

        private static string ClassName(PollClass pollClass)
        {
            switch (pollClass)
            {
                case PollClass.Fast: return "fast";
                case PollClass.Slow: return "slow";
                case PollClass.Rare: return "rare";
                default: return "once";
            }
        }

        /// <summary>
        /// Freshness of power and energy per type at the device defaults, the refresh rate the four-meter bus
        /// sustains polled flat out, and meters per bus at a 1 s refresh (computed, then checked by simulation).
        /// </summary>
        private static bool Freshness(TextWriter output, Cycle host)
        {
            PollerSettings defaults = SettingsMapper.Poller(new Configuration());

            // Flat out: the fast class due again at once; energy and the rest at their usual intervals.
            PollerSettings flatOut = SettingsMapper.Poller(new Configuration());
            flatOut.FastIntervalMicroseconds = 1;
            BusTimingRig rig = new BusTimingRig(TurnaroundMicroseconds, false, flatOut);
            rig.RunFor(5L * 1000000);
            int[][] before = new int[rig.Devices.Length][];
            for (int d = 0; d < rig.Devices.Length; d++)
            {
                before[d] = (int[])rig.Devices[d].Reads.Clone();
            }

            const long Window = 600L * 1000000;
            rig.RunFor(Window);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  freshness at the device defaults (bus.interval {0} s: fast class; energy totals: slow class {1} s; rare {2} s), and the refresh the bus sustains polled flat out (fast interval 0, {3} simulated s):",
                defaults.FastIntervalMicroseconds / 1000000, defaults.SlowIntervalMicroseconds / 1000000, defaults.RareIntervalMicroseconds / 1000000, Window / 1000000));
            for (int d = 0; d < rig.Drivers.Length; d++)
            {
                MeterDriver driver = rig.Drivers[d];
                string name = driver.Type.Name;
                PollClass powerClass = ClassOf(driver, QuantityNames.Power);
                PollClass energyClass = ClassOf(driver, QuantityNames.EnergyImport);
                double powerHz = RateOf(rig.Devices[d], before[d], powerClass, Window);
                double energyHz = RateOf(rig.Devices[d], before[d], energyClass, Window);
                BenchReport.Record("freshness_power_s." + name, defaults.IntervalOf(powerClass) / 1e6, 0, "s");
                BenchReport.Record("freshness_energy_s." + name, defaults.IntervalOf(energyClass) / 1e6, 0, "s");
                BenchReport.Record("refresh_power_hz." + name, powerHz, 2, "Hz");
                BenchReport.Record("refresh_energy_hz." + name, energyHz, 4, "Hz");
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "    {0,-7} power ({1}) every {2:F0} s, energy ({3}) every {4:F0} s; flat out: power {5:F2} Hz (every {6:F0} ms), energy {7:F4} Hz (every {8:F0} s); fast set {9:F1} ms of bus time",
                    name, ClassName(powerClass), defaults.IntervalOf(powerClass) / 1e6, ClassName(energyClass), defaults.IntervalOf(energyClass) / 1e6,
                    powerHz, 1000 / powerHz, energyHz, 1 / energyHz, ClassTime(host, d, rig.Drivers[d], PollClass.Fast) / 1000));
            }

            BenchReport.Record("freshness_power_s", defaults.FastIntervalMicroseconds / 1e6, 0, "s");
            BenchReport.Record("freshness_energy_s", defaults.SlowIntervalMicroseconds / 1e6, 0, "s");

            // Bus time one meter of each type needs per second at a 1 s fast interval (slow and rare amortised).
            double load = 0;
            for (int d = 0; d < rig.Drivers.Length; d++)
            {
                load += ClassTime(host, d, rig.Drivers[d], PollClass.Fast) / 1e6
                    + ClassTime(host, d, rig.Drivers[d], PollClass.Slow) / 1e6 / (defaults.SlowIntervalMicroseconds / 1e6)
                    + ClassTime(host, d, rig.Drivers[d], PollClass.Rare) / 1e6 / (defaults.RareIntervalMicroseconds / 1e6);
            }

            int computed = (int)Math.Floor(rig.Drivers.Length / load);
            int verified = computed;
            while (verified > 1 && !Sustains(verified))
            {
                verified--;
            }

            while (Sustains(verified + 1))
            {
                verified++;
            }

            double powerAll = 0;
            double energyAll = 0;
            for (int d = 0; d < rig.Drivers.Length; d++)
            {
                // The slowest meter sets the figure for the bus (a type without blocks of a class is left out).
                double fast = RateOf(rig.Devices[d], before[d], PollClass.Fast, Window);
                double slow = RateOf(rig.Devices[d], before[d], PollClass.Slow, Window);
                powerAll = fast > 0 ? Math.Max(powerAll, 1 / fast) : powerAll;
                energyAll = slow > 0 ? Math.Max(energyAll, 1 / slow) : energyAll;
            }

            BenchReport.Record("refresh_power_hz", 1 / powerAll, 2, "Hz");
            BenchReport.Record("refresh_energy_hz", 1 / energyAll, 4, "Hz");
            BenchReport.Record("meters_per_bus_at_1s", verified.ToString(CultureInfo.InvariantCulture), "meters", null, null);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  meters per 9600-baud bus refreshed every second (fast class at 1 s, energy every 60 s; the four types in turn): {0} ({1:F3} s of bus time per second for one meter of each type gives {2}; simulated for 120 s with {0} meters: every fast block read every second{3})",
                verified, load, computed, verified == computed ? string.Empty : "; the estimate is corrected by the simulation: at each minute mark every meter's energy block falls due with its fast blocks"));
            return verified >= 1;
        }

        /// <summary>True when <paramref name="meters"/> meters polled at a 1 s fast interval have every fast block read every second.</summary>
        private static bool Sustains(int meters)
        {
            PollerSettings settings = SettingsMapper.Poller(new Configuration());
            settings.FastIntervalMicroseconds = 1000000;
            BusTimingRig rig = new BusTimingRig(meters, TurnaroundMicroseconds, false, settings);
            rig.RunFor(10L * 1000000);
            int[][] before = new int[meters][];
            for (int d = 0; d < meters; d++)
            {
                before[d] = (int[])rig.Devices[d].Reads.Clone();
            }

            const int Seconds = 120;
            rig.RunFor(Seconds * 1000000L);
            for (int d = 0; d < meters; d++)
            {
                RegisterBlock[] plan = rig.Drivers[d].Blocks;
                for (int b = 0; b < plan.Length; b++)
                {
                    if (plan[b].PollClass == PollClass.Fast && rig.Devices[d].Reads[b] - before[d][b] < Seconds - 1)
                    {
                        return false;
                    }
                }
            }

            return rig.FailedBlocks() == 0;
        }

        private static PollClass ClassOf(MeterDriver driver, string quantity)
        {
            RegisterTable table = driver.Plan.Table;
            for (int row = 0; row < table.Count; row++)
            {
                if (table.QuantityNameAt(row) == quantity)
                {
                    return table.PollClassAt(row);
                }
            }

            // Meters without that quantity: the first energy total they have (KLEFR calls it energy_total).
            for (int row = 0; row < table.Count; row++)
            {
                string name = table.QuantityNameAt(row);
                if (name != null && name.StartsWith(quantity == QuantityNames.Power ? "power" : "energy", StringComparison.Ordinal))
                {
                    return table.PollClassAt(row);
                }
            }

            return PollClass.Once;
        }

        /// <summary>Reads per second of the blocks of one poll class (each block's reads averaged).</summary>
        private static double RateOf(CountingDevice device, int[] before, PollClass pollClass, long window)
        {
            int blocks = 0;
            int reads = 0;
            for (int b = 0; b < device.Blocks.Length; b++)
            {
                if (device.Blocks[b].PollClass == pollClass)
                {
                    blocks++;
                    reads += device.Reads[b] - before[b];
                }
            }

            return blocks == 0 ? 0 : reads / (double)blocks / (window / 1e6);
        }

        /// <summary>Measured bus time of one device's blocks of one class (µs, t3.5 included).</summary>
        private static double ClassTime(Cycle cycle, int device, MeterDriver driver, PollClass pollClass)
        {
            double total = 0;
            for (int b = 0; b < driver.Blocks.Length; b++)
            {
                if (driver.Blocks[b].PollClass == pollClass)
                {
                    total += cycle.Durations[device][b];
                }
            }

            return total;
        }

        private sealed class Cycle
        {
            public int Transactions;
            public double Microseconds;
            public int Failed;
            public int ThresholdChunks;
            public int IdleChunks;
            public long IdleDelayMicroseconds;
            public long[][] Durations;
        }
    }
}
