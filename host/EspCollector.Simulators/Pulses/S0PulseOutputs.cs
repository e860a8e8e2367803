using System;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Pulses
{
    /// <summary>
    /// The S0 pulse outputs of simulated meters, wired to the collector's pulse inputs as an edge-mode capture:
    /// each channel follows one meter model's imported energy and emits one pulse per 1/constant kWh, active for
    /// twice the channel's filter and inactive as long (so the collector's filter accepts it), recorded into the
    /// shared edge ring as the ESP32's GPIO handler would, once the edge's time has passed. <see cref="Emit"/> does the
    /// work on the caller's thread and clock: the twin calls it from a thread of its own, the benchmarks and
    /// tests from their loop, deterministically on a virtual clock.
    /// </summary>
    public sealed class S0PulseOutputs : IPulseCapture
    {
        /// <summary>How often the meter models' energy is read (the models integrate on their own).</summary>
        private const long EnergyPollMicroseconds = 1000000;

        private IClock _clock;
        private readonly MeterModel[] _sources;
        private PulseChannelSettings[] _channels;
        private EdgeRing _ring;
        private double[] _emittedKilowattHours;
        private long[] _nextFree;
        private int[] _pending;
        private long[] _generated;
        private long _nextEnergyPoll;

        /// <param name="sources">The meter model behind each channel, by channel index (null: no pulses).</param>
        public S0PulseOutputs(IClock clock, MeterModel[] sources)
        {
            _clock = clock;
            _sources = sources;
        }

        /// <summary>
        /// The clock edges are stamped with: the collector's own (its ring keeps each edge's time modulo 2^28 µs
        /// and rebuilds it from the reading it drains at, EdgeRing), as the ESP32's GPIO handler stamps with the
        /// clock the main loop reads. A harness whose collector reads another clock than the one it was built
        /// with (the soak's boot clock, restarted at every power cut) sets it before the capture starts.
        /// </summary>
        public IClock Clock
        {
            get { return _clock; }
            set { _clock = value; }
        }

        /// <summary>False stops new pulses (pending ones are still emitted), to end a run with a known count.</summary>
        public bool Generating = true;

        /// <summary>When above 0, every n-th pulse of a channel is produced (counted in <see cref="Generated"/>) but
        /// its edges reach no ring: a wire fault the collector cannot see, to prove that a check comparing its
        /// count with the pulses produced can fail.</summary>
        public int LoseEveryNthPulse;

        public PulseCaptureMode Mode => PulseCaptureMode.Edges;

        public int FailedChannel => -1;

        public bool IsStarted => _ring != null;

        /// <summary>Pulses whose both edges are in a ring, per channel.</summary>
        public long Generated(int channel) => _generated[channel];

        public int Pending(int channel) => _pending[channel];

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            _channels = channels;
            _emittedKilowattHours = new double[channels.Length];
            _nextFree = new long[channels.Length];
            _pending = new int[channels.Length];
            _generated = new long[channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _emittedKilowattHours[i] = EnergyOf(i);
            }

            _nextEnergyPoll = 0;
            _ring = ring;
            return true;
        }

        public void Stop()
        {
            _ring = null;
        }

        public long ReadCount(int channel) => 0;

        /// <summary>Records every edge whose time has come.</summary>
        public void Emit()
        {
            EdgeRing ring = _ring;
            if (ring == null)
            {
                return;
            }

            long now = _clock.MonotonicMicroseconds;
            bool poll = now >= _nextEnergyPoll;
            if (poll)
            {
                _nextEnergyPoll = now + EnergyPollMicroseconds;
            }

            for (int i = 0; i < _channels.Length; i++)
            {
                if (poll)
                {
                    double perPulse = 1.0 / _channels[i].ImpulsesPerKilowattHour;
                    double energy = EnergyOf(i);
                    while (energy - _emittedKilowattHours[i] >= perPulse)
                    {
                        _emittedKilowattHours[i] += perPulse;
                        if (Generating)
                        {
                            _pending[i]++;
                        }
                    }
                }

                long width = Math.Max(2L * _channels[i].FilterMicroseconds, 1000);
                if (_nextFree[i] < now - 10 * width)
                {
                    _nextFree[i] = now - 2 * width;
                }

                while (_pending[i] > 0 && _nextFree[i] + width <= now)
                {
                    if (LoseEveryNthPulse <= 0 || (_generated[i] + 1) % LoseEveryNthPulse != 0)
                    {
                        ring.Record(i, _nextFree[i], true);
                        ring.Record(i, _nextFree[i] + width, false);
                    }

                    _nextFree[i] += 2 * width;
                    _pending[i]--;
                    _generated[i]++;
                }
            }
        }

        private double EnergyOf(int channel)
        {
            MeterModel model = channel < _sources.Length ? _sources[channel] : null;
            if (model == null)
            {
                return 0;
            }

            model.Update();
            return model.Get("energy_import");
        }
    }
}
