using System;
using System.Device.Gpio;
using EspCollector.Core.Pulses;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Hardware pulse counting with the ESP32 PCNT peripheral (System.Device.Gpio.GpioPulseCounter from
    /// nanoFramework.Hardware.Esp32): the silicon counts the active edges, so counts are exact under any CPU
    /// load and no managed event runs per pulse. ESP32 has 8 counter units, ESP32-S2/S3/C6 have 4, ESP32-C3
    /// none (nf-interpreter ESP32 target): Start fails on the first channel without a unit, and the composition
    /// falls back to <see cref="GpioPulseCapture"/>.
    ///
    /// The counter's glitch filter is nanoseconds long (hardware maximum about 12.8 µs), not a millisecond
    /// debounce: this mode suits clean open-collector S0 outputs (optocouplers do not bounce) and counts every
    /// active edge, so the per-channel millisecond filter does not apply here.
    /// </summary>
    public sealed class PcntPulseCapture : IPulseCapture
    {
        /// <summary>Glitch filter handed to the counter: 1000 (1 µs if nanoseconds, 12.5 µs if APB cycles; valid either way).</summary>
        private const ushort GlitchFilter = 1000;

        private GpioPulseCounter[] _counters = new GpioPulseCounter[0];
        private int _failedChannel = -1;

        public PulseCaptureMode Mode
        {
            get { return PulseCaptureMode.HardwareCounter; }
        }

        public int FailedChannel
        {
            get { return _failedChannel; }
        }

        public bool Start(PulseChannelSettings[] channels, EdgeRing[] rings)
        {
            Stop();
            _counters = new GpioPulseCounter[channels.Length];
            _failedChannel = -1;
            for (int index = 0; index < channels.Length; index++)
            {
                try
                {
                    var counter = new GpioPulseCounter(channels[index].Pin);
                    counter.Polarity = channels[index].ActiveEdge == PulseEdge.Falling
                        ? GpioPulsePolarity.Falling
                        : GpioPulsePolarity.Rising;
                    counter.FilterPulses = GlitchFilter;
                    counter.Start();
                    _counters[index] = counter;
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

        public void Stop()
        {
            for (int index = 0; index < _counters.Length; index++)
            {
                GpioPulseCounter counter = _counters[index];
                if (counter != null)
                {
                    counter.Stop();
                    counter.Dispose();
                    _counters[index] = null;
                }
            }
        }

        /// <summary>Pulses counted since Start (64-bit count kept by the driver across 16-bit hardware wraps).</summary>
        public long ReadCount(int channel)
        {
            GpioPulseCounter counter = _counters[channel];
            if (counter == null)
            {
                return 0;
            }

            GpioPulseCount count = counter.Read();
            return count.Count;
        }
    }
}
