using System;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;

namespace EspCollector.Twin
{
    /// <summary>
    /// The collector's clocks read from the ESP32 time model (<see cref="Esp32TimeModel"/>, firmware/PLATFORM.md
    /// "ESP32 platform", Clocks) as the board reads them: the monotonic clock from the µs timer
    /// (<c>HighResTimer.GetCurrent()</c>, as Core/Ports/TimerClock does on the device), the calendar clock from
    /// <c>DateTime.UtcNow</c>, set once at start as SNTP would. True time is the virtual clock; a Sleep moves it
    /// (the device's thread would sleep that long).
    /// </summary>
    public sealed class Esp32ModelClock : IClock, IWallClock
    {
        private readonly VirtualClock _truth;
        private readonly Esp32TimeModel _model;

        public Esp32ModelClock(VirtualClock truth, Esp32TimeModel model, DateTime synchronizedTo)
        {
            _truth = truth;
            _model = model;
            Follow();
            _model.StepWallClock(new TimeSpan(synchronizedTo.Ticks - _model.UtcNowTicks));
        }

        public long MonotonicMicroseconds
        {
            get
            {
                Follow();
                return _model.HighResTimerMicroseconds;
            }
        }

        public void Sleep(int microseconds)
        {
            _truth.Sleep(microseconds);
        }

        public bool IsSynchronized => true;

        public DateTime UtcNow
        {
            get
            {
                Follow();
                return new DateTime(_model.UtcNowTicks, DateTimeKind.Utc);
            }
        }

        private void Follow()
        {
            long behind = _truth.MonotonicMicroseconds - _model.TrueMicroseconds;
            if (behind > 0)
            {
                _model.Advance(behind);
            }
        }
    }
}
