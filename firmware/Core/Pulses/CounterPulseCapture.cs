using System;

namespace EspCollector.Core.Pulses
{
    /// <summary>One hardware pulse counter bound to one pin (on the ESP32 a PCNT unit, GpioPulseCounter).</summary>
    public interface IPulseCounterUnit
    {
        /// <summary>Counts falling (true) or rising (false) edges; called while stopped.</summary>
        void Configure(bool countFallingEdges);

        void Start();

        void Stop();

        /// <summary>Clears the count.</summary>
        void Reset();

        /// <summary>Edges counted since the last Reset.</summary>
        long Read();
    }

    /// <summary>Creates the counter of a pin. Throws or returns null when the chip has no unit left.</summary>
    public interface IPulseCounterSource
    {
        IPulseCounterUnit Open(int pin);
    }

    /// <summary>
    /// Hardware pulse counting where every pin's counter is created once and never disposed. On the ESP32
    /// <c>GpioPulseCounter.Dispose</c> leaks its PCNT unit (the native code deletes the unit before its
    /// channel, firmware/PLATFORM.md "ESP32 platform"): rebuilding the counters on every configuration change ran
    /// out of units on the 4th rebuild (ESP32, two channels) or the 2nd (S3). Here a configuration change stops,
    /// reconfigures and resets the counters it keeps; a pin used once keeps its unit until the next boot, so the
    /// units in use are bounded by the distinct pins ever configured, not by the number of changes.
    /// </summary>
    public sealed class CounterPulseCapture : IPulseCapture
    {
        /// <summary>GPIO numbers 0..48 (ESP32-S3 has the most).</summary>
        private const int PinCount = 49;

        private readonly IPulseCounterSource _source;
        private readonly IPulseCounterUnit[] _byPin = new IPulseCounterUnit[PinCount];
        private IPulseCounterUnit[] _active = new IPulseCounterUnit[0];
        private int _failedChannel = -1;
        private int _unitsCreated;

        public CounterPulseCapture(IPulseCounterSource source)
        {
            _source = source;
        }

        public PulseCaptureMode Mode
        {
            get { return PulseCaptureMode.HardwareCounter; }
        }

        public int FailedChannel
        {
            get { return _failedChannel; }
        }

        /// <summary>Counter units created since boot (one per distinct pin).</summary>
        public int UnitsCreated
        {
            get { return _unitsCreated; }
        }

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            Stop();
            _active = new IPulseCounterUnit[channels.Length];
            _failedChannel = -1;
            for (int index = 0; index < channels.Length; index++)
            {
                int pin = channels[index].Pin;
                IPulseCounterUnit unit = pin >= 0 && pin < PinCount ? _byPin[pin] : null;
                try
                {
                    if (unit == null)
                    {
                        unit = pin >= 0 && pin < PinCount ? _source.Open(pin) : null;
                        if (unit == null)
                        {
                            _failedChannel = index;
                            return false;
                        }

                        _byPin[pin] = unit;
                        _unitsCreated++;
                    }

                    unit.Configure(channels[index].ActiveEdge == PulseEdge.Falling);
                    unit.Reset();
                    unit.Start();
                    _active[index] = unit;
                }
                catch (Exception)
                {
                    // No counter unit left on this chip, or the pin cannot be an input.
                    _failedChannel = index;
                    return false;
                }
            }

            return true;
        }

        /// <summary>Stops counting; the units stay with their pins (never disposed).</summary>
        public void Stop()
        {
            for (int index = 0; index < _active.Length; index++)
            {
                IPulseCounterUnit unit = _active[index];
                if (unit != null)
                {
                    try
                    {
                        unit.Stop();
                    }
                    catch (Exception)
                    {
                        // A unit that cannot stop is reset and started again by the next Start.
                    }

                    _active[index] = null;
                }
            }
        }

        public long ReadCount(int channel)
        {
            IPulseCounterUnit unit = channel >= 0 && channel < _active.Length ? _active[channel] : null;
            return unit == null ? 0 : unit.Read();
        }
    }
}
