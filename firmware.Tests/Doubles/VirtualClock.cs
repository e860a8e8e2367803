using System;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A clock that only moves when told to: Sleep advances it instantly, so timing rules are tested
    /// deterministically and days of operation simulate in milliseconds.
    /// </summary>
    public sealed class VirtualClock : IClock, IWallClock
    {
        private long _microseconds;
        private long _sleptMicroseconds;

        /// <summary>Wall-clock time at monotonic zero; null-equivalent (unsynchronised) until set.</summary>
        private DateTime _wallAtZero;
        private bool _synchronized;

        public long MonotonicMicroseconds
        {
            get { return _microseconds; }
        }

        /// <summary>Total time spent in Sleep, so tests can check what a component waited.</summary>
        public long SleptMicroseconds
        {
            get { return _sleptMicroseconds; }
        }

        public void Sleep(int microseconds)
        {
            if (microseconds < 0)
            {
                throw new ArgumentOutOfRangeException("microseconds");
            }

            _microseconds += microseconds;
            _sleptMicroseconds += microseconds;
        }

        public void Advance(long microseconds)
        {
            if (microseconds < 0)
            {
                throw new ArgumentOutOfRangeException("microseconds");
            }

            _microseconds += microseconds;
        }

        public void AdvanceMilliseconds(long milliseconds)
        {
            Advance(milliseconds * 1000);
        }

        public bool IsSynchronized
        {
            get { return _synchronized; }
        }

        public DateTime UtcNow
        {
            get { return _wallAtZero.AddTicks(_microseconds * 10); }
        }

        /// <summary>Sets the wall clock so that it reads <paramref name="utcNow"/> now, as SNTP would.</summary>
        public void SynchronizeTo(DateTime utcNow)
        {
            _wallAtZero = utcNow.AddTicks(-_microseconds * 10);
            _synchronized = true;
        }
    }
}
