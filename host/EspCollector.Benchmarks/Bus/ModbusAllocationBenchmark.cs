using System;
using System.IO;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Bus
{
    /// <summary>
    /// Bytes the core allocates per Modbus transaction in steady state, per meter type: ModbusMaster +
    /// BusPoller + MeterDriver decoding into its value slots, against the type's simulated meter on an
    /// in-process bus (VirtualBus) on a virtual clock. The simulator's own allocations (it builds response
    /// frames, updates its physics) are bracketed as foreign and subtracted; they are printed too. Budget: 0.
    /// Also transactions per second of CPU on this host, with and without the simulator's time (informational).
    /// </summary>
    public static class ModbusAllocationBenchmark
    {
        private const int WarmUpTransactions = 300;
        private const int MeasuredTransactions = 5000;

        private static long _coreBytes;
        private static long _transactions;

        public static int Run(TextWriter output)
        {
            output.WriteLine("modbus: steady-state allocation per transaction (master + poller + driver decoding), budget 0 B");
            int failures = 0;
            _coreBytes = 0;
            _transactions = 0;
            foreach (MeterType type in MeterTypes.All)
            {
                failures += RunType(type, output);
            }

            BenchReport.Record("alloc_bytes_per_transaction", (double)_coreBytes / _transactions, 3, "B");

            return failures == 0 ? 0 : 1;
        }

        private static int RunType(MeterType type, TextWriter output)
        {
            VirtualClock clock = new VirtualClock();
            SerialSettings framing = MeterFactory.DefaultSettings(type.Name);
            SimulatedMeterOptions options = new SimulatedMeterOptions();
            options.Settings = framing;
            if (type.Name == MeterTypes.Sdm630Name)
            {
                options.WordOrder = EspCollector.Simulators.Modbus.WordOrder.LowWordFirst;
            }

            VirtualBus bus = new VirtualBus(clock);
            SimulatedMeter simulator = MeterFactory.Create(type.Name, 7, clock, options);
            bus.Attach(simulator);
            MeteredSerialLine line = new MeteredSerialLine(bus);

            BusSettings settings = new BusSettings();
            settings.BaudRate = framing.BaudRate;
            settings.Parity = framing.Parity;
            settings.StopBits = framing.StopBits;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            BusPoller poller = new BusPoller(master, clock, new PollerSettings());
            MeterDriver driver = new MeterDriver(type, 7, new MeterSettings());
            poller.AddDevice(driver);

            Drive(poller, clock, WarmUpTransactions);
            int readBefore = driver.Readings.BlocksRead;
            int failedBefore = driver.Readings.BlocksFailed;
            long simulatedBefore = clock.MonotonicMicroseconds;

            Measurement measurement = Measurement.Start();
            Drive(poller, clock, MeasuredTransactions);
            measurement.Stop();

            int read = driver.Readings.BlocksRead - readBefore;
            int failed = driver.Readings.BlocksFailed - failedBefore;
            int valid = 0;
            for (int q = 0; q < driver.Readings.Count; q++)
            {
                valid += driver.Readings.IsValid(q) ? 1 : 0;
            }

            double perTransaction = (double)measurement.CoreBytes / MeasuredTransactions;
            _coreBytes += measurement.CoreBytes;
            _transactions += MeasuredTransactions;
            bool ok = measurement.CoreBytes == 0 && failed == 0 && read == MeasuredTransactions;
            output.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "  {0,-7} {1} blocks, {2}/{3} quantities valid, {4} transactions ({5} ok, {6} failed) over {7} simulated s: core {8} B ({9:F3} B/transaction, budget 0) {10}",
                type.Name, driver.Blocks.Length, valid, driver.Readings.Count, Figures.Number(MeasuredTransactions), Figures.Number(read), failed,
                Figures.Fixed((clock.MonotonicMicroseconds - simulatedBefore) / 1e6, 0), Figures.Number(measurement.CoreBytes), perTransaction, Figures.Verdict(ok)));
            output.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "          simulated meter (not on the device): {0:F0} B/transaction; CPU: {1:N0} transactions/s with the simulator, {2:N0} transactions/s core only (informational)",
                (double)measurement.ForeignBytes / MeasuredTransactions,
                MeasuredTransactions / measurement.WallSeconds,
                MeasuredTransactions / Math.Max(measurement.CoreSeconds, 1e-9)));
            return ok ? 0 : 1;
        }

        private static void Drive(BusPoller poller, VirtualClock clock, int transactions)
        {
            int done = 0;
            while (done < transactions)
            {
                if (poller.RunOnce())
                {
                    done++;
                    continue;
                }

                long wait = poller.NextDueMicroseconds - clock.MonotonicMicroseconds;
                clock.Advance(wait > 0 ? wait : 1);
            }
        }
    }
}
