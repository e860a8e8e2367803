using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Bus
{
    /// <summary>
    /// The four seed meters (kpm33b@1, kpm31@2, klefr@3, sdm630@4, simulators from the manuals) on the
    /// timing-accurate simulated bus at 9600 8E1 on a virtual clock, read by the firmware's own ModbusMaster,
    /// BusPoller and MeterDrivers: directly, or through the ESP32 UART model. Every simulated meter answers
    /// after the same fixed turnaround (end of request to first response bit).
    /// </summary>
    public sealed class BusTimingRig
    {
        public static readonly string[] TypeNames = { MeterTypes.Kpm33bName, MeterTypes.Kpm31Name, MeterTypes.KlefrName, MeterTypes.Sdm630Name };

        public readonly VirtualClock Clock = new VirtualClock();
        public readonly VirtualBus Bus;
        public readonly Esp32UartModel Uart;
        public readonly ModbusMaster Master;
        public readonly BusPoller Poller;
        public readonly MeterDriver[] Drivers;
        public readonly CountingDevice[] Devices;

        /// <param name="turnaroundMicroseconds">Every meter's answer starts this long after the request's last bit.</param>
        /// <param name="esp32">Read through <see cref="Esp32UartModel"/> (120-byte chunks, 10-character idle timeout).</param>
        /// <param name="poller">Poll class intervals (null: every class every hour, so only what a test marks due is read).</param>
        public BusTimingRig(int turnaroundMicroseconds, bool esp32, PollerSettings poller)
            : this(TypeNames.Length, turnaroundMicroseconds, esp32, poller)
        {
        }

        /// <param name="meters">Meters on the bus: the four types in turn at addresses 1..meters.</param>
        public BusTimingRig(int meters, int turnaroundMicroseconds, bool esp32, PollerSettings poller)
        {
            Drivers = new MeterDriver[meters];
            Devices = new CountingDevice[meters];
            SerialSettings framing = new SerialSettings(9600, SerialParity.Even, 1);
            Bus = new VirtualBus(Clock);
            for (int i = 0; i < meters; i++)
            {
                string type = TypeNames[i % TypeNames.Length];
                SimulatedMeterOptions options = new SimulatedMeterOptions();
                options.Settings = framing;
                options.WordOrder = type == MeterTypes.Sdm630Name ? EspCollector.Simulators.Modbus.WordOrder.LowWordFirst : EspCollector.Simulators.Modbus.WordOrder.HighWordFirst;
                SimulatedMeter meter = MeterFactory.Create(type, (byte)(i + 1), Clock, options);
                meter.ResponseLatencyMicroseconds = turnaroundMicroseconds;
                Bus.Attach(meter);
            }

            BusSettings settings = new BusSettings();
            ISerialLine line = Bus;
            if (esp32)
            {
                Uart = new Esp32UartModel(Bus, Clock);
                line = Uart;

                // A silence is only a fallback on this platform (firmware/PLATFORM.md, Serial delivery): the gap between
                // two chunks of one answer can reach 120 + 10 characters, so t1.5 is raised to 131 characters.
                settings.InterCharacterTimeoutMicroseconds = 131 * RtuTiming.TransmissionMicroseconds(1, 11, 9600);

                // The answer's last chunk comes after the driver's 10-character idle timeout, a silence on the wire
                // that counts towards the t3.5 before the next request (BusSettings.DeliveryIdleCharacters).
                settings.DeliveryIdleCharacters = Esp32UartModel.IdleTimeoutCharacters;
                settings.DeliveryThresholdBytes = Esp32UartModel.FifoThreshold;
            }

            Master = new ModbusMaster(line, Clock, settings);
            if (poller == null)
            {
                poller = new PollerSettings();
                poller.FastIntervalMicroseconds = int.MaxValue / 2;
                poller.SlowIntervalMicroseconds = int.MaxValue / 2;
                poller.RareIntervalMicroseconds = int.MaxValue / 2;
            }

            if (poller.MaximumDevices < meters)
            {
                poller.MaximumDevices = meters;
            }

            Poller = new BusPoller(Master, Clock, poller);
            for (int i = 0; i < meters; i++)
            {
                Drivers[i] = new MeterDriver(MeterTypes.Find(TypeNames[i % TypeNames.Length]), (byte)(i + 1), new MeterSettings());
                Devices[i] = new CountingDevice(Drivers[i]);
                Poller.AddDevice(Devices[i]);
            }
        }

        /// <summary>Runs transactions until nothing is due; returns how many.</summary>
        public int RunUntilIdle()
        {
            int transactions = 0;
            while (Poller.RunOnce())
            {
                transactions++;
            }

            return transactions;
        }

        /// <summary>Runs the poller for a stretch of virtual time, sleeping until the next due block when idle.</summary>
        public void RunFor(long microseconds)
        {
            long end = Clock.MonotonicMicroseconds + microseconds;
            while (Clock.MonotonicMicroseconds < end)
            {
                if (Poller.RunOnce())
                {
                    continue;
                }

                long wait = Poller.NextDueMicroseconds - Clock.MonotonicMicroseconds;
                Clock.Advance(Math.Max(1, Math.Min(wait, end - Clock.MonotonicMicroseconds)));
            }
        }

        /// <summary>Makes every block of the standard read set (all but the identity, poll class Once) due now.</summary>
        public int MarkStandardSetDue()
        {
            int blocks = 0;
            for (int d = 0; d < Drivers.Length; d++)
            {
                RegisterBlock[] plan = Drivers[d].Blocks;
                for (int b = 0; b < plan.Length; b++)
                {
                    if (plan[b].PollClass != PollClass.Once)
                    {
                        Poller.MarkDue(d, b);
                        blocks++;
                    }
                }
            }

            return blocks;
        }

        public int FailedBlocks()
        {
            int failed = 0;
            foreach (MeterDriver driver in Drivers)
            {
                failed += driver.Readings.BlocksFailed;
            }

            return failed;
        }
    }

    /// <summary>A polled device passed through, counting the reads of each block.</summary>
    public sealed class CountingDevice : IPolledDevice
    {
        private readonly IPolledDevice _inner;

        public CountingDevice(IPolledDevice inner)
        {
            _inner = inner;
            Reads = new int[inner.Blocks.Length];
        }

        public readonly int[] Reads;

        public byte Address => _inner.Address;

        public RegisterBlock[] Blocks => _inner.Blocks;

        public void OnBlockRead(int blockIndex, byte[] data, int offset, int byteCount, long monotonicMicroseconds)
        {
            Reads[blockIndex]++;
            _inner.OnBlockRead(blockIndex, data, offset, byteCount, monotonicMicroseconds);
        }

        public void OnBlockFailed(int blockIndex, ModbusStatus status)
        {
            _inner.OnBlockFailed(blockIndex, status);
        }

        public void OnAvailabilityChanged(bool online)
        {
            _inner.OnAvailabilityChanged(online);
        }
    }
}
