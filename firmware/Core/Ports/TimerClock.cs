using System.Threading;

namespace EspCollector.Core.Ports
{
    /// <summary>Reads a free-running microsecond counter (on the ESP32 <c>HighResTimer.GetCurrent()</c>).</summary>
    public delegate long MicrosecondCounter();

    /// <summary>
    /// The monotonic clock on one microsecond counter and nothing else. On the ESP32 that counter is
    /// <c>esp_timer_get_time()</c>: microseconds since boot, 64-bit, never stepped. The clock it replaces blended
    /// <c>Environment.TickCount64</c> (10 ms steps) with <c>DateTime.UtcNow</c> (steps at SNTP) and ran up to twice
    /// real time, because each call that crossed a tick added a whole tick (firmware/PLATFORM.md, "ESP32 platform",
    /// Clocks; firmware.Tests/Platform/ClockModelTests shows both on the clock model).
    /// </summary>
    public sealed class TimerClock : IClock
    {
        private readonly MicrosecondCounter _counter;

        public TimerClock(MicrosecondCounter counter)
        {
            _counter = counter;
        }

        public long MonotonicMicroseconds
        {
            get { return _counter(); }
        }

        /// <summary>Thread.Sleep in whole milliseconds, rounded up so a silent interval is never cut short (the
        /// thread wakes on the next 10 ms tick on the ESP32).</summary>
        public void Sleep(int microseconds)
        {
            if (microseconds > 0)
            {
                Thread.Sleep((microseconds + 999) / 1000);
            }
        }
    }
}
