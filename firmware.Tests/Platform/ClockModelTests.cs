using System;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Platform
{
    /// <summary>
    /// The ESP32 monotonic clock on the time model (<see cref="Esp32TimeModel"/>). The clock firmware 0.1.0 used
    /// (TickCount64 blended with UtcNow, replayed here verbatim) runs fast when called more often than the 10 ms
    /// tick; <see cref="TimerClock"/> on the µs timer keeps real time over a simulated day, across an SNTP step.
    /// </summary>
    [TestClass]
    public class ClockModelTests
    {
        private static Esp32TimeModel _model;

        [Setup]
        public void CreateModel()
        {
            _model = new Esp32TimeModel();
        }

        [TestMethod]
        public void BlendedClockOfFirmware010RunsFastOnTheTickModel()
        {
            _model = new Esp32TimeModel();
            BlendedClock010 clock = new BlendedClock010(_model);
            long start = clock.Read();
            long trueStart = _model.TrueMicroseconds;

            // The main loop reads the clock about every 0.6 ms for ten seconds.
            for (int i = 0; i < 16667; i++)
            {
                _model.Advance(600);
                clock.Read();
            }

            double ratio = (double)(clock.Read() - start) / (_model.TrueMicroseconds - trueStart);
            Assert.IsTrue(ratio > 1.5, "the blended clock ran at " + ratio.ToString("F3") + " x real time");
        }

        [TestMethod]
        public void TimerClockStaysWithinATenthOfAPercentOverADay()
        {
            _model = new Esp32TimeModel();
            TimerClock clock = new TimerClock(ReadModelTimer);
            long start = clock.MonotonicMicroseconds;
            long trueStart = _model.TrueMicroseconds;
            long previous = start;
            uint jitter = 12345;
            long day = 86400L * 1000000;
            bool stepped = false;
            while (_model.TrueMicroseconds - trueStart < day)
            {
                // Irregular call spacing from 0.3 ms to about 1.3 s.
                jitter = jitter * 1664525u + 1013904223u;
                _model.Advance(300 + (jitter >> 12) % 1300000);
                if (!stepped && _model.TrueMicroseconds > 3600L * 1000000)
                {
                    _model.StepWallClock(TimeSpan.FromHours(-2)); // SNTP sets the calendar backwards
                    stepped = true;
                }

                long now = clock.MonotonicMicroseconds;
                Assert.IsTrue(now >= previous, "monotonic");
                previous = now;
            }

            double ratio = (double)(clock.MonotonicMicroseconds - start) / (_model.TrueMicroseconds - trueStart);
            Assert.IsTrue(ratio > 0.999 && ratio < 1.001, "timer clock ran at " + ratio.ToString("F5") + " x real time");
        }

        private static long ReadModelTimer()
        {
            return _model.HighResTimerMicroseconds;
        }

        /// <summary>The monotonic clock of firmware 0.1.0 (Esp32Clock), algorithm unchanged, on the model's sources.</summary>
        private sealed class BlendedClock010
        {
            private const long JumpMicroseconds = 2000;
            private readonly Esp32TimeModel _sources;
            private long _lastTicks;
            private long _lastMilliseconds;
            private long _now;

            public BlendedClock010(Esp32TimeModel sources)
            {
                _sources = sources;
                _lastTicks = sources.UtcNowTicks;
                _lastMilliseconds = sources.TickCount64;
            }

            public long Read()
            {
                long ticks = _sources.UtcNowTicks;
                long milliseconds = _sources.TickCount64;
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
}
