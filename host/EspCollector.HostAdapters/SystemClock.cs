using System;
using System.Diagnostics;
using System.Threading;
using EspCollector.Core.Ports;

namespace EspCollector.HostAdapters
{
    /// <summary>The machine's monotonic clock (Stopwatch) and UTC wall clock, for host tools and integration tests.</summary>
    public sealed class SystemClock : IClock, IWallClock
    {
        private static readonly long Origin = Stopwatch.GetTimestamp();

        public long MonotonicMicroseconds
        {
            get { return (long)((Stopwatch.GetTimestamp() - Origin) * (1_000_000.0 / Stopwatch.Frequency)); }
        }

        public void Sleep(int microseconds)
        {
            if (microseconds <= 0)
            {
                return;
            }

            // Thread.Sleep has millisecond granularity; spin for the sub-millisecond rest so that Modbus
            // silent intervals (1.75 ms and up) are honoured without oversleeping by a whole tick.
            long until = MonotonicMicroseconds + microseconds;
            int wholeMilliseconds = microseconds / 1000 - 1;
            if (wholeMilliseconds > 0)
            {
                Thread.Sleep(wholeMilliseconds);
            }

            while (MonotonicMicroseconds < until)
            {
                Thread.SpinWait(50);
            }
        }

        public bool IsSynchronized
        {
            get { return true; }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }
    }
}
