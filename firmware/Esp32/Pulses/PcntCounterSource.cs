using System.Device.Gpio;
using EspCollector.Core.Pulses;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The ESP32 PCNT peripheral (System.Device.Gpio.GpioPulseCounter from nanoFramework.Hardware.Esp32) as the
    /// core's counter units: the silicon counts the active edges, exact under any CPU load and during flash
    /// writes. ESP32 has 8 units, ESP32-S2/S3/C6 4, ESP32-C3 none (firmware/PLATFORM.md "ESP32 platform").
    /// <see cref="CounterPulseCapture"/> creates one per pin once and never disposes it (Dispose leaks the unit).
    /// The glitch filter is nanoseconds (the managed setter caps it at 1023), not a millisecond debounce: this
    /// suits clean open-collector S0 outputs. Count and overflow are not read atomically (a rare +32767 at a wrap).
    /// </summary>
    public sealed class PcntCounterSource : IPulseCounterSource
    {
        private const ushort GlitchFilterNanoseconds = 1000;

        public IPulseCounterUnit Open(int pin)
        {
            return new PcntCounterUnit(new GpioPulseCounter(pin));
        }

        /// <summary>The composition's capture: hardware counters, one per pin for the device's lifetime.</summary>
        public static CounterPulseCapture CreateCapture()
        {
            return new CounterPulseCapture(new PcntCounterSource());
        }

        private sealed class PcntCounterUnit : IPulseCounterUnit
        {
            private readonly GpioPulseCounter _counter;

            public PcntCounterUnit(GpioPulseCounter counter)
            {
                _counter = counter;
                _counter.FilterPulses = GlitchFilterNanoseconds;
            }

            public void Configure(bool countFallingEdges)
            {
                _counter.Polarity = countFallingEdges ? GpioPulsePolarity.Falling : GpioPulsePolarity.Rising;
            }

            public void Start()
            {
                _counter.Start();
            }

            public void Stop()
            {
                _counter.Stop();
            }

            public void Reset()
            {
                _counter.Reset();
            }

            public long Read()
            {
                return (long)_counter.Read().Count;
            }
        }
    }
}
