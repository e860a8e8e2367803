using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Schedules the reads of every device on one bus through its <see cref="ModbusMaster"/>: one transaction
    /// per <see cref="RunOnce"/>, so the collector's main loop (and the tests) drive it. Each device's blocks
    /// fall due at their <see cref="PollClass"/> interval; devices are served round-robin, one transaction per
    /// turn, so a slow or dead meter costs the others at most one transaction's time per round. A device that
    /// fails (after the master's retries) is backed off exponentially, marked offline after K consecutive
    /// failures, then probed at the probe interval until it answers and is marked online again. Exception
    /// responses prove the device alive and do not count as failures. All state is allocated when devices are
    /// added; RunOnce allocates nothing.
    /// </summary>
    public sealed class BusPoller
    {
        private const long Never = long.MaxValue;

        private readonly ModbusMaster _master;
        private readonly IClock _clock;
        private readonly PollerSettings _settings;
        private readonly DeviceSlot[] _slots;
        private readonly ModbusCounters _before = new ModbusCounters();
        private int _deviceCount;
        private int _cursor;
        private long _busCycleStart = -1;

        public BusPoller(ModbusMaster master, IClock clock, PollerSettings settings)
        {
            if (master == null || clock == null || settings == null)
            {
                throw new ArgumentNullException(master == null ? "master" : clock == null ? "clock" : "settings");
            }

            string problem = settings.Validate();
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            _master = master;
            _clock = clock;
            _settings = settings;
            _slots = new DeviceSlot[settings.MaximumDevices];
        }

        public ModbusMaster Master
        {
            get { return _master; }
        }

        public PollerSettings Settings
        {
            get { return _settings; }
        }

        /// <summary>Counters of the whole bus (the master's).</summary>
        public BusStatistics Statistics
        {
            get { return _master.Statistics; }
        }

        public int DeviceCount
        {
            get { return _deviceCount; }
        }

        public IPolledDevice DeviceAt(int index)
        {
            return _slots[index].Device;
        }

        public DeviceStatistics StatisticsAt(int index)
        {
            return _slots[index].Statistics;
        }

        /// <summary>Statistics of a device added to this poller, or null.</summary>
        public DeviceStatistics StatisticsOf(IPolledDevice device)
        {
            int index = IndexOf(device);
            return index < 0 ? null : _slots[index].Statistics;
        }

        public int IndexOf(IPolledDevice device)
        {
            for (int index = 0; index < _deviceCount; index++)
            {
                if (_slots[index].Device == device)
                {
                    return index;
                }
            }

            return -1;
        }

        /// <summary>Adds a device; all its blocks are due at once. Returns its index. Setup-time only: a full
        /// poller, a bad address or a device without blocks is a programmer error.</summary>
        public int AddDevice(IPolledDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            if (_deviceCount == _slots.Length)
            {
                throw new InvalidOperationException("poller full");
            }

            if (device.Address == ModbusPdu.BroadcastAddress || device.Address > ModbusPdu.MaximumSlaveAddress)
            {
                throw new ArgumentException("slave address must be 1..247");
            }

            RegisterBlock[] blocks = device.Blocks;
            if (blocks == null || blocks.Length == 0)
            {
                throw new ArgumentException("device without blocks");
            }

            DeviceSlot slot = new DeviceSlot(device, blocks);
            long now = _clock.MonotonicMicroseconds;
            for (int index = 0; index < blocks.Length; index++)
            {
                slot.NextDue[index] = now;
            }

            _slots[_deviceCount] = slot;
            _deviceCount++;
            return _deviceCount - 1;
        }

        /// <summary>Forgets every device (reconfiguration).</summary>
        public void RemoveAll()
        {
            for (int index = 0; index < _deviceCount; index++)
            {
                _slots[index] = null;
            }

            _deviceCount = 0;
            _cursor = 0;
            _busCycleStart = -1;
        }

        /// <summary>
        /// Takes the poll intervals of <paramref name="settings"/> (a changed bus.interval) while keeping the
        /// devices, their statistics and their schedule: a block whose next read lies further away than its new
        /// interval is due one new interval from now, the others keep their due time (and so their cadence).
        /// Allocates nothing; unusable settings are refused and nothing changes.
        /// </summary>
        public void UpdateIntervals(PollerSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            string problem = settings.Validate();
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            _settings.FastIntervalMicroseconds = settings.FastIntervalMicroseconds;
            _settings.SlowIntervalMicroseconds = settings.SlowIntervalMicroseconds;
            _settings.RareIntervalMicroseconds = settings.RareIntervalMicroseconds;
            long now = _clock.MonotonicMicroseconds;
            for (int index = 0; index < _deviceCount; index++)
            {
                DeviceSlot slot = _slots[index];
                for (int block = 0; block < slot.Blocks.Length; block++)
                {
                    PollClass pollClass = slot.Blocks[block].PollClass;
                    long latest = now + _settings.IntervalOf(pollClass);
                    if (pollClass != PollClass.Once && slot.NextDue[block] > latest)
                    {
                        slot.NextDue[block] = latest;
                    }
                }
            }
        }

        /// <summary>Makes a block due now (e.g. to read a setting back after a write).</summary>
        public void MarkDue(int deviceIndex, int blockIndex)
        {
            _slots[deviceIndex].NextDue[blockIndex] = _clock.MonotonicMicroseconds;
        }

        public bool IsOnline(int deviceIndex)
        {
            return _slots[deviceIndex].Statistics.Online;
        }

        /// <summary>Monotonic time at which the next transaction falls due (now or earlier if one is due,
        /// <see cref="long.MaxValue"/> with no devices): the main loop may sleep until then.</summary>
        public long NextDueMicroseconds
        {
            get
            {
                long next = Never;
                for (int index = 0; index < _deviceCount; index++)
                {
                    long due = _slots[index].NextDueTime();
                    if (due < next)
                    {
                        next = due;
                    }
                }

                return next;
            }
        }

        /// <summary>
        /// Performs at most one transaction: for the next device in round-robin order that has something due,
        /// its most overdue block (or, when offline, a probe of its first block). Returns true if a transaction
        /// was made, false if nothing was due.
        /// </summary>
        public bool RunOnce()
        {
            long now = _clock.MonotonicMicroseconds;
            for (int turn = 0; turn < _deviceCount; turn++)
            {
                int deviceIndex = (_cursor + turn) % _deviceCount;
                DeviceSlot slot = _slots[deviceIndex];
                int blockIndex = slot.BlockToRead(now);
                if (blockIndex < 0)
                {
                    continue;
                }

                _cursor = (deviceIndex + 1) % _deviceCount;
                if (_busCycleStart < 0)
                {
                    _busCycleStart = now;
                }

                Execute(slot, blockIndex, now);

                long end = _clock.MonotonicMicroseconds;
                if (slot.NextDueTime() > end)
                {
                    slot.Statistics.LastCycleDurationMicroseconds = (int)(end - slot.CycleStart);
                    slot.Statistics.CompletedCycles++;
                    slot.CycleStart = -1;
                }

                if (NextDueMicroseconds > end)
                {
                    _master.Statistics.LastCycleDurationMicroseconds = (int)(end - _busCycleStart);
                    _busCycleStart = -1;
                }

                return true;
            }

            return false;
        }

        private void Execute(DeviceSlot slot, int blockIndex, long now)
        {
            if (slot.CycleStart < 0)
            {
                slot.CycleStart = now;
            }

            RegisterBlock block = slot.Blocks[blockIndex];
            DeviceStatistics statistics = slot.Statistics;
            BusStatistics busStatistics = _master.Statistics;
            busStatistics.CopyCountersTo(_before);

            // An offline device gets a single attempt per probe: retries would only lengthen the others' wait.
            int retries = statistics.Online ? _master.Settings.Retries : 0;
            ModbusStatus status = _master.Read(slot.Device.Address, block.FunctionCode, block.StartAddress, block.Quantity,
                _master.Settings.ResponseTimeoutMicroseconds, retries);
            long end = _clock.MonotonicMicroseconds;
            statistics.AddDifference(busStatistics, _before);

            if (status == ModbusStatus.LineBusy || status == ModbusStatus.InvalidRequest)
            {
                // Not the device's fault (bus noise) or nothing sent: no availability change, try again later.
                slot.Device.OnBlockFailed(blockIndex, status);
                slot.BlockedUntil = end + _settings.BackoffBaseMicroseconds;
                return;
            }

            bool answered = status == ModbusStatus.Ok || ModbusPdu.IsException(status);
            if (answered)
            {
                statistics.RecordLatency(busStatistics.LastResponseLatencyMicroseconds);
                statistics.LastAnswerMicroseconds = end;
                statistics.ConsecutiveFailures = 0;
                slot.BlockedUntil = 0;
                if (!statistics.Online)
                {
                    statistics.Online = true;
                    slot.RestartConnection(end);
                    slot.Device.OnAvailabilityChanged(true);
                }

                Reschedule(slot, blockIndex, now);
                if (status == ModbusStatus.Ok)
                {
                    slot.Device.OnBlockRead(blockIndex, _master.ResponseBuffer, _master.ResponseDataOffset, _master.ResponseDataLength, end);
                }
                else
                {
                    slot.Device.OnBlockFailed(blockIndex, status);
                }

                return;
            }

            statistics.ConsecutiveFailures++;
            slot.Device.OnBlockFailed(blockIndex, status);
            if (statistics.Online && statistics.ConsecutiveFailures >= _settings.OfflineAfterFailures)
            {
                statistics.Online = false;
                statistics.OfflineTransitions++;
                slot.BlockedUntil = end + _settings.ProbeIntervalMicroseconds;
                slot.Device.OnAvailabilityChanged(false);
            }
            else if (!statistics.Online)
            {
                slot.BlockedUntil = end + _settings.ProbeIntervalMicroseconds;
            }
            else
            {
                // The block stays due; the whole device waits out the backoff first.
                slot.BlockedUntil = end + PollerSettings.BackoffDelayMicroseconds(
                    statistics.ConsecutiveFailures, _settings.BackoffBaseMicroseconds, _settings.ProbeIntervalMicroseconds);
            }
        }

        /// <summary>Next due time keeps the cadence (previous due + interval) unless the bus fell a whole interval
        /// behind, then the block is due again at once (polled as fast as the wire allows, without a backlog).</summary>
        private void Reschedule(DeviceSlot slot, int blockIndex, long startedAt)
        {
            RegisterBlock block = slot.Blocks[blockIndex];
            if (block.PollClass == PollClass.Once)
            {
                slot.NextDue[blockIndex] = Never;
                return;
            }

            long next = slot.NextDue[blockIndex] + _settings.IntervalOf(block.PollClass);
            slot.NextDue[blockIndex] = next > startedAt ? next : startedAt;
        }

        /// <summary>Per-device scheduling state, allocated once when the device is added.</summary>
        private sealed class DeviceSlot
        {
            public readonly IPolledDevice Device;
            public readonly RegisterBlock[] Blocks;
            public readonly long[] NextDue;
            public readonly DeviceStatistics Statistics = new DeviceStatistics();

            /// <summary>No transaction before this time (backoff while online, probe interval while offline).</summary>
            public long BlockedUntil;

            public long CycleStart = -1;

            public DeviceSlot(IPolledDevice device, RegisterBlock[] blocks)
            {
                Device = device;
                Blocks = blocks;
                NextDue = new long[blocks.Length];
            }

            /// <summary>Index of the block to read now, or -1. Offline: the first block, as a probe.</summary>
            public int BlockToRead(long now)
            {
                if (now < BlockedUntil)
                {
                    return -1;
                }

                if (!Statistics.Online)
                {
                    return 0;
                }

                int chosen = -1;
                long oldest = Never;
                for (int index = 0; index < NextDue.Length; index++)
                {
                    if (NextDue[index] <= now && NextDue[index] < oldest)
                    {
                        oldest = NextDue[index];
                        chosen = index;
                    }
                }

                return chosen;
            }

            public long NextDueTime()
            {
                if (!Statistics.Online)
                {
                    return BlockedUntil;
                }

                long next = Never;
                for (int index = 0; index < NextDue.Length; index++)
                {
                    if (NextDue[index] < next)
                    {
                        next = NextDue[index];
                    }
                }

                return next != Never && BlockedUntil > next ? BlockedUntil : next;
            }

            /// <summary>Back online: identity (Once) blocks are read again, everything else is due now.</summary>
            public void RestartConnection(long now)
            {
                for (int index = 0; index < NextDue.Length; index++)
                {
                    NextDue[index] = now;
                }
            }
        }
    }
}
