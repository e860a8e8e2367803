using EspCollector.Core.Pulses;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// An <see cref="IPulseCapture"/> for tests: in edge mode the test writes the ring itself (see
    /// <see cref="PulseSignal"/>); in hardware-counter mode the test sets the counts.
    /// </summary>
    public sealed class SimulatedPulseCapture : IPulseCapture
    {
        private readonly PulseCaptureMode _mode;
        private readonly long[] _counts = new long[PulseChannelSettings.MaximumChannels];
        private EdgeRing _ring;
        private int _failChannel = -1;
        private int _failedChannel = -1;
        private int _startCount;
        private bool _running;

        public SimulatedPulseCapture(PulseCaptureMode mode)
        {
            _mode = mode;
        }

        public PulseCaptureMode Mode
        {
            get { return _mode; }
        }

        public int FailedChannel
        {
            get { return _failedChannel; }
        }

        public bool IsRunning
        {
            get { return _running; }
        }

        public int StartCount
        {
            get { return _startCount; }
        }

        /// <summary>The ring handed over at Start.</summary>
        public EdgeRing Ring
        {
            get { return _ring; }
        }

        /// <summary>Makes the next Start fail on this channel (pin not usable).</summary>
        public void FailOnChannel(int channel)
        {
            _failChannel = channel;
        }

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            _startCount++;
            _ring = ring;
            for (int index = 0; index < _counts.Length; index++)
            {
                _counts[index] = 0;
            }

            if (_failChannel >= 0 && _failChannel < channels.Length)
            {
                _failedChannel = _failChannel;
                return false;
            }

            _failedChannel = -1;
            _running = true;
            return true;
        }

        public void Stop()
        {
            _running = false;
        }

        public long ReadCount(int channel)
        {
            return _mode == PulseCaptureMode.HardwareCounter ? _counts[channel] : 0;
        }

        /// <summary>Hardware mode: adds pulses to the channel's counter.</summary>
        public void AddCount(int channel, long pulses)
        {
            _counts[channel] += pulses;
        }
    }
}
