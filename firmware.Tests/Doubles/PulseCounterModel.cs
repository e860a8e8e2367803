using System;
using EspCollector.Core.Pulses;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The ESP32's PCNT units as <c>GpioPulseCounter</c> exposes them (firmware/PLATFORM.md "ESP32 platform"): a fixed
    /// number of units (8 on ESP32, 4 on S2/S3/C6, 0 on C3); creating a counter takes one, and
    /// <see cref="PulseCounterModelUnit.Dispose"/> does NOT give it back (the native code deletes the unit before
    /// its channel, so the unit leaks). <see cref="Pulse"/> is an edge on a pin, counted by every started unit on
    /// that pin with the matching polarity. Public so host code can run on it.
    /// </summary>
    public sealed class PulseCounterModel : IPulseCounterSource
    {
        public const int Esp32Units = 8;
        public const int Esp32S3Units = 4;

        private readonly PulseCounterModelUnit[] _units;
        private int _taken;

        public PulseCounterModel(int units)
        {
            _units = new PulseCounterModelUnit[units];
        }

        /// <summary>Units neither in use nor leaked.</summary>
        public int FreeUnits
        {
            get { return _units.Length - _taken; }
        }

        public int Disposed;

        /// <summary>As <c>new GpioPulseCounter(pin)</c>: throws when no unit is left.</summary>
        public IPulseCounterUnit Open(int pin)
        {
            if (_taken >= _units.Length)
            {
                throw new InvalidOperationException("no PCNT unit left");
            }

            PulseCounterModelUnit unit = new PulseCounterModelUnit(this, pin);
            _units[_taken++] = unit;
            return unit;
        }

        /// <summary>One pulse on <paramref name="pin"/>: a rising then a falling edge.</summary>
        public void Pulse(int pin)
        {
            for (int i = 0; i < _taken; i++)
            {
                PulseCounterModelUnit unit = _units[i];
                if (unit.Pin == pin && unit.Started && !unit.IsDisposed)
                {
                    unit.Count++;
                }
            }
        }
    }

    /// <summary>One unit of <see cref="PulseCounterModel"/>.</summary>
    public sealed class PulseCounterModelUnit : IPulseCounterUnit, IDisposable
    {
        private readonly PulseCounterModel _owner;

        internal PulseCounterModelUnit(PulseCounterModel owner, int pin)
        {
            _owner = owner;
            Pin = pin;
        }

        public readonly int Pin;
        public bool Started;
        public bool FallingEdges;
        public long Count;
        public bool IsDisposed;

        public void Configure(bool countFallingEdges)
        {
            if (Started)
            {
                throw new InvalidOperationException("polarity set while counting");
            }

            FallingEdges = countFallingEdges;
        }

        public void Start()
        {
            Started = true;
        }

        public void Stop()
        {
            Started = false;
        }

        public void Reset()
        {
            Count = 0;
        }

        public long Read()
        {
            return Count;
        }

        /// <summary>The leak: the unit stays taken.</summary>
        public void Dispose()
        {
            IsDisposed = true;
            Started = false;
            _owner.Disposed++;
        }
    }
}
