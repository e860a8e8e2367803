using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Owns the channels and their rings, starts the capture, and on each <see cref="Process"/> consumes the
    /// rings (edge mode) or reads the hardware counts (counter mode) and updates the accounting. Call Process
    /// at least every 100 ms: a ring of 64 edges holds 160 ms of a 200 Hz input. Allocation-free after
    /// construction; all work on the caller's thread (the capture callback only fills the rings).
    /// </summary>
    public sealed class PulseProcessor
    {
        private readonly IClock _clock;
        private readonly IPulseCapture _capture;
        private readonly PulseChannelSettings[] _settings;
        private readonly PulseChannel[] _channels;
        private readonly EdgeRing[] _rings;
        private readonly int[] _overflowSeen;
        private bool _started;
        private long _processedEdges;

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
            _settings = settings;
            _channels = new PulseChannel[settings.Length];
            _rings = new EdgeRing[settings.Length];
            _overflowSeen = new int[settings.Length];
            for (int index = 0; index < settings.Length; index++)
            {
                string problem = settings[index].Validate();
                if (problem != null)
                {
                    throw new ArgumentException("pulse channel " + index.ToString() + ": " + problem);
                }

                _channels[index] = new PulseChannel(index, settings[index]);
                _rings[index] = new EdgeRing(ringCapacity);
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

        public EdgeRing RingOf(int channel)
        {
            return _rings[channel];
        }

        public PulseCaptureMode Mode
        {
            get { return _capture.Mode; }
        }

        /// <summary>Edges consumed from the rings since start.</summary>
        public long ProcessedEdges
        {
            get { return _processedEdges; }
        }

        /// <summary>Edges dropped by all rings (also per channel in <see cref="PulseChannel.LostEdgeCount"/>).</summary>
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

            _started = _capture.Start(_settings, _rings);
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
            bool hardware = _capture.Mode == PulseCaptureMode.HardwareCounter;
            for (int index = 0; index < _channels.Length; index++)
            {
                PulseChannel channel = _channels[index];
                if (hardware)
                {
                    channel.OnHardwareCount(_capture.ReadCount(index), _clock.MonotonicMicroseconds);
                }
                else
                {
                    EdgeRing ring = _rings[index];

                    // Read the overflow count before draining: edges dropped after this are seen next time.
                    int overflow = ring.OverflowCount;
                    if (overflow != _overflowSeen[index])
                    {
                        channel.ReportLostEdges(overflow - _overflowSeen[index]);
                        _overflowSeen[index] = overflow;
                    }

                    long edge;
                    while (ring.TryTake(out edge))
                    {
                        channel.OnEdge(EdgeRing.TimestampOf(edge), EdgeRing.IsActive(edge));
                        _processedEdges++;
                    }
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
