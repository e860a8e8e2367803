using System;
using System.Device.Gpio;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Edge capture on GPIO pins: the pin-change callback records the channel, a timestamp and the level into
    /// the preallocated <see cref="EdgeRing"/> all channels share, and returns. It allocates nothing itself and never blocks
    /// (the runtime creates the event arguments object, as for every GPIO event); filtering, counting and
    /// power happen later in <see cref="PulseProcessor.Process"/>.
    ///
    /// The ISR only posts an event and the handler runs later on a managed thread (nf-interpreter ESP32 target,
    /// GPIO), so timestamps carry that dispatch latency; they are taken from the same <see cref="IClock"/> as
    /// the rest of the core. The pin's DebounceTimeout is left at zero: it uses a ~10 ms FreeRTOS timer with a
    /// history of lost events; the core filters on timestamps instead.
    /// Inputs are opened with the internal pull-up for open-collector S0 outputs (active edge falling);
    /// a channel whose active edge is rising gets a pull-down.
    /// </summary>
    public sealed class GpioPulseCapture : IPulseCapture
    {
        /// <summary>GPIO numbers up to 48 (ESP32-S3); the map from pin to channel is a flat array.</summary>
        private const int PinSlots = 64;

        private readonly IClock _clock;
        private readonly GpioController _controller;
        private readonly int[] _channelOfPin = new int[PinSlots];
        private readonly PinChangeEventHandler _handler;
        private EdgeRing _ring;
        private bool[] _activeIsFalling;
        private int[] _openedPins;
        private int _openedCount;
        private int _failedChannel = -1;

        public GpioPulseCapture(IClock clock, GpioController controller)
        {
            _clock = clock;
            _controller = controller;
            _handler = OnPinValueChanged;
            for (int pin = 0; pin < PinSlots; pin++)
            {
                _channelOfPin[pin] = -1;
            }
        }

        public PulseCaptureMode Mode
        {
            get { return PulseCaptureMode.Edges; }
        }

        public int FailedChannel
        {
            get { return _failedChannel; }
        }

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            Stop();
            _ring = ring;
            _activeIsFalling = new bool[channels.Length];
            _openedPins = new int[channels.Length];
            _openedCount = 0;
            _failedChannel = -1;

            for (int index = 0; index < channels.Length; index++)
            {
                PulseChannelSettings settings = channels[index];
                int pin = settings.Pin;
                bool falling = settings.ActiveEdge == PulseEdge.Falling;
                PinMode mode = falling ? PinMode.InputPullUp : PinMode.InputPullDown;
                if (pin < 0 || pin >= PinSlots || _channelOfPin[pin] >= 0)
                {
                    _failedChannel = index;
                    return false;
                }

                try
                {
                    if (!_controller.IsPinModeSupported(pin, mode))
                    {
                        mode = PinMode.Input; // external pull-up fitted on the board
                    }

                    _controller.OpenPin(pin, mode);
                    _openedPins[_openedCount++] = pin;
                    _activeIsFalling[index] = falling;
                    _channelOfPin[pin] = index;

                    // Width mode needs both edges; spacing mode only the active one (half the events).
                    PinEventTypes events = settings.MeasurePulseWidth
                        ? PinEventTypes.Rising | PinEventTypes.Falling
                        : (falling ? PinEventTypes.Falling : PinEventTypes.Rising);
                    _controller.RegisterCallbackForPinValueChangedEvent(pin, events, _handler);
                }
                catch (Exception)
                {
                    // Pin reserved (flash, UART, strapping) or not an input on this chip: an expected
                    // configuration failure, reported by index for the console.
                    _failedChannel = index;
                    return false;
                }
            }

            return true;
        }

        public void Stop()
        {
            for (int index = 0; index < _openedCount; index++)
            {
                int pin = _openedPins[index];
                try
                {
                    _controller.UnregisterCallbackForPinValueChangedEvent(pin, _handler);
                    _controller.ClosePin(pin);
                }
                catch (Exception)
                {
                    // Closing is best effort: the pin is released at reboot anyway.
                }

                _channelOfPin[pin] = -1;
            }

            _openedCount = 0;
        }

        public long ReadCount(int channel)
        {
            return 0;
        }

        /// <summary>The pin callback: one edge word into the ring; no allocation, no lock, no blocking.</summary>
        private void OnPinValueChanged(object sender, PinValueChangedEventArgs pinValueChangedEventArgs)
        {
            long timestamp = _clock.MonotonicMicroseconds;
            int pin = pinValueChangedEventArgs.PinNumber;
            if (pin < 0 || pin >= PinSlots)
            {
                return;
            }

            int channel = _channelOfPin[pin];
            if (channel < 0)
            {
                return;
            }

            bool falling = pinValueChangedEventArgs.ChangeType == PinEventTypes.Falling;
            _ring.Record(channel, timestamp, falling == _activeIsFalling[channel]);
        }
    }
}
