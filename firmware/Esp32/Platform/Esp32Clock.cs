using System;
using EspCollector.Core.Ports;
using nanoFramework.Hardware.Esp32;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The ESP32's clocks as the core's ports. Monotonic time is <c>HighResTimer.GetCurrent()</c>
    /// (<c>esp_timer_get_time()</c>, µs since boot, never stepped) through <see cref="TimerClock"/>; calendar time
    /// is <c>DateTime.UtcNow</c>, set by SNTP (firmware/PLATFORM.md, "ESP32 platform", Clocks). The two are never mixed.
    /// </summary>
    public sealed class Esp32Clock : IClock, IWallClock
    {
        /// <summary>A wall clock before this year has not been set by SNTP yet (it starts at 1970 or 2018).</summary>
        private const int FirstPlausibleYear = 2024;

        private readonly TimerClock _monotonic = new TimerClock(ReadTimer);

        public long MonotonicMicroseconds
        {
            get { return _monotonic.MonotonicMicroseconds; }
        }

        public void Sleep(int microseconds)
        {
            _monotonic.Sleep(microseconds);
        }

        public bool IsSynchronized
        {
            get { return DateTime.UtcNow.Year >= FirstPlausibleYear; }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        private static long ReadTimer()
        {
            return (long)HighResTimer.GetCurrent();
        }
    }
}
