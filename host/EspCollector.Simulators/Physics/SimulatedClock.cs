using System.Threading;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.Physics
{
    /// <summary>
    /// A virtual monotonic clock: time moves only when someone sleeps on it or advances it, so a simulated bus
    /// with a master on the same thread runs days of traffic in seconds and repeats exactly.
    /// </summary>
    public sealed class SimulatedClock : IClock
    {
        private long now;

        public SimulatedClock(long startMicroseconds = 0)
        {
            now = startMicroseconds;
        }

        public long MonotonicMicroseconds
        {
            get { return Interlocked.Read(ref now); }
        }

        public void Sleep(int microseconds)
        {
            if (microseconds > 0)
            {
                Interlocked.Add(ref now, microseconds);
            }
        }

        public void Advance(long microseconds)
        {
            if (microseconds > 0)
            {
                Interlocked.Add(ref now, microseconds);
            }
        }

        public void AdvanceSeconds(double seconds)
        {
            Advance((long)(seconds * 1_000_000));
        }
    }
}
