using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Owns the channels (their numbers in one <see cref="PulseLedger"/>) and the shared edge ring, starts the capture, and on each
    /// <see cref="Process"/> consumes the ring (edge mode) or reads the hardware counts (counter mode) and
    /// updates the accounting. Call Process at least every 100 ms (see <see cref="EdgeRing.CapacityFor"/> for
    /// what the ring holds). Allocation-free after construction; all work on the caller's thread (the capture
    /// callback only fills the ring).
    /// </summary>
    public sealed class PulseProcessor
    {
        private readonly IClock _clock;
        private readonly IPulseCapture _capture;
        private readonly PulseChannel[] _channels;
        private readonly EdgeRing _ring;
        private bool _started;
        private long _processedEdges;

        /// <param name="ringCapacity">Edges the shared ring holds, a power of two: <see cref="EdgeRing.CapacityFor"/>
        /// of the channel count on the device.</param>
        public PulseProcessor(IClock clock, IPulseCapture capture, PulseChannelSettings[] settings, int ringCapacity)
        {
            if (clock == null || capture == null || settings == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (settings.Length > PulseChannelSettings.MaximumChannels)
            {
                throw new ArgumentOutOfRangeException("settings");
            }

            _clock = clock;
            _capture = capture;
            _channels = new PulseChannel[settings.Length];
            PulseLedger ledger = new PulseLedger(settings.Length);
            // A hardware counter needs no ring (PCNT boards: the 540 B of eight channels' ring stay free).
            _ring = capture.Mode == PulseCaptureMode.Edges ? new EdgeRing(ringCapacity, settings.Length) : null;
            for (int index = 0; index < settings.Length; index++)
            {
                string problem = settings[index].Validate();
                if (problem != null)
                {
                    throw new ArgumentException("pulse channel " + index.ToString() + ": " + problem);
                }

                _channels[index] = new PulseChannel(ledger, index, settings[index]);
            }
        }

        public PulseChannel[] Channels
        {
            get { return _channels; }
        }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        /// <summary>The edge ring all channels share (null with a hardware counter).</summary>
        public EdgeRing Ring
        {
            get { return _ring; }
        }

        public PulseCaptureMode Mode
        {
            get { return _capture.Mode; }
        }

        /// <summary>Edges consumed from the ring since start.</summary>
        public long ProcessedEdges
        {
            get { return _processedEdges; }
        }

        /// <summary>Edges lost by all channels: ring overflows and gaps (also per channel in <see cref="PulseChannel.LostEdgeCount"/>).</summary>
        public int TotalLostEdges
        {
            get
            {
                int total = 0;
                for (int index = 0; index < _channels.Length; index++)
                {
                    total += _channels[index].LostEdgeCount;
                }

                return total;
            }
        }

        /// <summary>Starts the capture; false when a channel failed (see <see cref="IPulseCapture.FailedChannel"/>).</summary>
        public bool Start()
        {
            long now = _clock.MonotonicMicroseconds;
            for (int index = 0; index < _channels.Length; index++)
            {
                _channels[index].ResetHardwareCount();
                _channels[index].StartAveragingInterval(now);
            }

            // The capture gets the settings once per start (the channels keep them; no array is kept for this).
            PulseChannelSettings[] settings = new PulseChannelSettings[_channels.Length];
            for (int index = 0; index < settings.Length; index++)
            {
                settings[index] = _channels[index].Settings;
            }

            _started = _capture.Start(settings, _ring);
            return _started;
        }

        public void Stop()
        {
            _capture.Stop();
            _started = false;
        }

        public bool IsStarted
        {
            get { return _started; }
        }

        /// <summary>Consumes captured edges or counts and refreshes every channel's power.</summary>
        public void Process()
        {
            if (_capture.Mode == PulseCaptureMode.HardwareCounter)
            {
                for (int index = 0; index < _channels.Length; index++)
                {
                    _channels[index].OnHardwareCount(_capture.ReadCount(index), _clock.MonotonicMicroseconds);
                }
            }
            else
            {
                // Read the overflow counts before draining: edges dropped after this are seen next time.
                for (int index = 0; index < _channels.Length; index++)
                {
                    _channels[index].ReportRingOverflow(_ring.OverflowCountOf(index));
                }

                // Edge times are rebuilt from this reading (EdgeRing: taken within 251 s after their time).
                long drainTime = _clock.MonotonicMicroseconds;
                int channel;
                long time;
                bool active;
                while (_ring.TryTake(drainTime, out channel, out time, out active))
                {
                    if (channel < _channels.Length)
                    {
                        _channels[channel].OnEdge(time, active);
                    }

                    _processedEdges++;
                }
            }

            // Power after draining, at a time no earlier than any edge consumed above.
            long now = _clock.MonotonicMicroseconds;
            for (int index = 0; index < _channels.Length; index++)
            {
                _channels[index].UpdatePower(now);
            }
        }

        /// <summary>Closes every channel's averaging interval (call once per publish).</summary>
        public void CloseAveragingIntervals()
        {
            long now = _clock.MonotonicMicroseconds;
            for (int index = 0; index < _channels.Length; index++)
            {
                _channels[index].CloseAveragingInterval(now);
            }
        }

        /// <summary>Index of the channel with this name, -1 when none.</summary>
        public int IndexOf(string name)
        {
            for (int index = 0; index < _channels.Length; index++)
            {
                if (_channels[index].Name == name)
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
