using System;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The three time sources of an ESP32 (firmware/PLATFORM.md, "ESP32 platform", Clocks), driven by one true time:
    /// <see cref="TickCount64"/> in 10 ms steps (FreeRTOS tick at 100 Hz), <see cref="HighResTimerMicroseconds"/>
    /// (<c>esp_timer_get_time()</c>: µs since boot, never stepped) and <see cref="UtcNowTicks"/> (µs resolution,
    /// stepped when SNTP syncs, see <see cref="StepWallClock"/>). Public so host code can run on it.
    /// </summary>
    public sealed class Esp32TimeModel
    {
        public const long TickMicroseconds = 10000;

        private long _trueMicroseconds;
        private long _wallOffsetTicks = new DateTime(2018, 1, 1).Ticks;

        /// <summary>Real time since boot, the ground truth.</summary>
        public long TrueMicroseconds
        {
            get { return _trueMicroseconds; }
        }

        public void Advance(long microseconds)
        {
            _trueMicroseconds += microseconds;
        }

        /// <summary>Environment.TickCount64: milliseconds, moving in 10 ms steps.</summary>
        public long TickCount64
        {
            get { return _trueMicroseconds / TickMicroseconds * (TickMicroseconds / 1000); }
        }

        /// <summary>HighResTimer.GetCurrent().</summary>
        public long HighResTimerMicroseconds
        {
            get { return _trueMicroseconds; }
        }

        /// <summary>DateTime.UtcNow.Ticks with µs resolution.</summary>
        public long UtcNowTicks
        {
            get { return _wallOffsetTicks + _trueMicroseconds * 10; }
        }

        /// <summary>SNTP sets the calendar clock: it jumps by <paramref name="step"/>.</summary>
        public void StepWallClock(TimeSpan step)
        {
            _wallOffsetTicks += step.Ticks;
        }
    }
}
