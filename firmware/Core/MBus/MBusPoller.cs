using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.MBus
{
    /// <summary>
    /// Polls the KLEFR M-bus meters of one M-Bus port, one transaction sequence at a time on the bus thread: each
    /// meter every <see cref="MBusSettings.IntervalSeconds"/>; after a failed read (the master has already repeated
    /// it) the meter is tried again after a backoff that doubles from 1 s up to the interval; after
    /// <see cref="OfflineAfterFailures"/> failures in a row it is offline until it answers again. Meters are served
    /// in turn (the earliest due first, ties in order). Values and identity land in each <see cref="MBusMeter"/>
    /// under its lock, decoded from the bus's receive buffer into scratch arrays first, so readers never see a
    /// half-updated meter. No allocation after <see cref="Add"/>.
    /// </summary>
    public sealed class MBusPoller
    {
        public const int OfflineAfterFailures = 3;
        public const long BackoffBaseMicroseconds = 1000000;

        private readonly MBusMaster _master;
        private readonly IClock _clock;
        private readonly MBusMeter[] _meters;
        private readonly MBusTelegram _telegram = new MBusTelegram();
        private readonly double[] _values = new double[KlefrMBus.Count];
        private readonly bool[] _present = new bool[KlefrMBus.Count];
        private readonly long _interval;
        private int _count;

        public MBusPoller(MBusMaster master, IClock clock, int capacity)
        {
            if (master == null || clock == null || capacity < 1)
            {
                throw new ArgumentException("master, clock and a capacity are required");
            }

            _master = master;
            _clock = clock;
            _meters = new MBusMeter[capacity];
            _interval = master.Settings.IntervalSeconds * 1000000L;
        }

        public int Count
        {
            get { return _count; }
        }

        public MBusMeter At(int index)
        {
            return _meters[index];
        }

        /// <summary>Adds a meter, due at once; returns its index or -1 when full.</summary>
        public int Add(MBusMeter meter)
        {
            if (meter == null || _count == _meters.Length)
            {
                return -1;
            }

            meter.NextDueMicroseconds = _clock.MonotonicMicroseconds;
            _meters[_count] = meter;
            return _count++;
        }

        public void RemoveAll()
        {
            for (int index = 0; index < _count; index++)
            {
                _meters[index] = null;
            }

            _count = 0;
        }

        /// <summary>When the next meter is due (long.MaxValue with no meters).</summary>
        public long NextDueMicroseconds
        {
            get
            {
                long next = long.MaxValue;
                for (int index = 0; index < _count; index++)
                {
                    if (_meters[index].NextDueMicroseconds < next)
                    {
                        next = _meters[index].NextDueMicroseconds;
                    }
                }

                return next;
            }
        }

        /// <summary>Reads the most overdue meter if one is due; false when none was.</summary>
        public bool RunOnce()
        {
            long now = _clock.MonotonicMicroseconds;
            int chosen = -1;
            for (int index = 0; index < _count; index++)
            {
                long due = _meters[index].NextDueMicroseconds;
                if (due <= now && (chosen < 0 || due < _meters[chosen].NextDueMicroseconds))
                {
                    chosen = index;
                }
            }

            if (chosen < 0)
            {
                return false;
            }

            Poll(_meters[chosen]);
            return true;
        }

        /// <summary>Reads one meter now (also for the console's `read`), whatever its schedule.</summary>
        public MBusStatus Poll(MBusMeter meter)
        {
            MBusStatus status = meter.UsesSecondaryAddress
                ? KlefrMBus.ReadSecondary(_master, _telegram, meter.SecondaryAddress, _values, _present)
                : KlefrMBus.Read(_master, _telegram, meter.PrimaryAddress, _values, _present);
            long now = _clock.MonotonicMicroseconds;
            lock (meter.SyncRoot)
            {
                meter.LastStatus = status;
                if (status == MBusStatus.Ok)
                {
                    for (int row = 0; row < _values.Length; row++)
                    {
                        meter.Present[row] = _present[row];
                        if (_present[row])
                        {
                            meter.Values[row] = _values[row];
                        }
                    }

                    meter.IdentificationNumber = _telegram.IdentificationNumber;
                    meter.Manufacturer = _telegram.Manufacturer;
                    meter.Version = _telegram.Version;
                    meter.Medium = _telegram.Medium;
                    meter.Reads++;
                    meter.ReadingsVersion++;
                    meter.ConsecutiveFailures = 0;
                    meter.Online = true;
                    meter.LastReadMicroseconds = now;
                    meter.NextDueMicroseconds = now + _interval;
                }
                else
                {
                    meter.Failures++;
                    meter.ConsecutiveFailures++;
                    if (meter.Online && meter.ConsecutiveFailures >= OfflineAfterFailures)
                    {
                        meter.Online = false;
                        meter.OfflineTransitions++;
                    }

                    meter.NextDueMicroseconds = now + BackoffMicroseconds(meter.ConsecutiveFailures, _interval);
                }
            }

            return status;
        }

        /// <summary>1 s, 2 s, 4 s ... after 1, 2, 3 ... failures in a row, never more than the interval.</summary>
        public static long BackoffMicroseconds(int consecutiveFailures, long intervalMicroseconds)
        {
            long delay = BackoffBaseMicroseconds;
            for (int step = 1; step < consecutiveFailures && delay < intervalMicroseconds; step++)
            {
                delay *= 2;
            }

            return delay < intervalMicroseconds ? delay : intervalMicroseconds;
        }
    }
}
