using System;
using System.Threading;
using EspCollector.Core.Ports;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The ESP32's clocks as the core's ports. Environment.TickCount64 is monotonic but counts milliseconds,
    /// too coarse for 2.5 ms pulse filters and Modbus silent intervals; DateTime.UtcNow has 100 ns ticks but
    /// jumps when SNTP sets it. So the monotonic time advances by the UtcNow difference while both clocks agree,
    /// and by the tick counter's difference across a jump (nf-interpreter ESP32 target).
    /// </summary>
    public sealed class Esp32Clock : IClock, IWallClock
    {
        /// <summary>Two readings disagreeing by more than this mean the wall clock was stepped.</summary>
        private const long JumpMicroseconds = 2000;

        /// <summary>A wall clock before this year has not been set by SNTP yet (it starts at 1970 or 2018).</summary>
        private const int FirstPlausibleYear = 2024;

        private readonly object _sync = new object();
        private long _lastTicks;
        private long _lastMilliseconds;
        private long _now;

        public Esp32Clock()
        {
            _lastTicks = DateTime.UtcNow.Ticks;
            _lastMilliseconds = Environment.TickCount64;
        }

        public long MonotonicMicroseconds
        {
            get
            {
                lock (_sync)
                {
                    long ticks = DateTime.UtcNow.Ticks;
                    long milliseconds = Environment.TickCount64;
                    long byWallClock = (ticks - _lastTicks) / 10;
                    long byTickCounter = (milliseconds - _lastMilliseconds) * 1000;
                    long difference = byWallClock - byTickCounter;
                    long step = byWallClock < 0 || difference > JumpMicroseconds || difference < -JumpMicroseconds
                        ? byTickCounter
                        : byWallClock;
                    if (step > 0)
                    {
                        _now += step;
                    }

                    _lastTicks = ticks;
                    _lastMilliseconds = milliseconds;
                    return _now;
                }
            }
        }

        public void Sleep(int microseconds)
        {
            if (microseconds <= 0)
            {
                return;
            }

            // Thread.Sleep takes milliseconds: round up so a silent interval is never cut short.
            Thread.Sleep((microseconds + 999) / 1000);
        }

        public bool IsSynchronized
        {
            get { return DateTime.UtcNow.Year >= FirstPlausibleYear; }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }
    }
}
