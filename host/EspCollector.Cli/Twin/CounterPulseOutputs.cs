using EspCollector.Core.Ports;
using EspCollector.Simulators.Physics;
using EspCollector.Tests.Doubles;

namespace EspCollector.Twin
{
    /// <summary>
    /// The simulated meters' S0 outputs wired to the ESP32's hardware pulse counters (<see cref="PulseCounterModel"/>):
    /// each channel follows one meter model's imported energy and gives one pulse per 1/constant kWh on its pin.
    /// <see cref="Generated"/> is the ground truth the collector's totals must equal.
    /// </summary>
    public sealed class CounterPulseOutputs
    {
        /// <summary>How often the meter models' energy is read (the models integrate on their own).</summary>
        private const long EnergyPollMicroseconds = 1000000;

        private readonly IClock _clock;
        private readonly PulseCounterModel _counters;
        private readonly int[] _pins;
        private readonly MeterModel[] _sources;
        private readonly double[] _perPulse;
        private readonly double[] _emitted;
        private readonly long[] _generated;
        private long _nextPoll;

        /// <param name="sources">The meter model behind each channel (null: no pulses).</param>
        public CounterPulseOutputs(IClock clock, PulseCounterModel counters, int[] pins, MeterModel[] sources, double[] impulsesPerKilowattHour)
        {
            _clock = clock;
            _counters = counters;
            _pins = pins;
            _sources = sources;
            _perPulse = new double[pins.Length];
            _emitted = new double[pins.Length];
            _generated = new long[pins.Length];
            for (int i = 0; i < pins.Length; i++)
            {
                _perPulse[i] = 1.0 / impulsesPerKilowattHour[i];
            }
        }

        /// <summary>False stops new pulses, to end a run with a known count.</summary>
        public bool Generating = true;

        public long Generated(int channel) => _generated[channel];

        /// <summary>Starts counting energy from now (the meters' registers already hold their history).</summary>
        public void Start()
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                _emitted[i] = EnergyOf(i);
            }
        }

        /// <summary>Gives the pulses the energy since the last call is worth.</summary>
        public void Emit()
        {
            long now = _clock.MonotonicMicroseconds;
            if (now < _nextPoll)
            {
                return;
            }

            _nextPoll = now + EnergyPollMicroseconds;
            for (int i = 0; i < _pins.Length; i++)
            {
                double energy = EnergyOf(i);
                while (energy - _emitted[i] >= _perPulse[i])
                {
                    _emitted[i] += _perPulse[i];
                    if (Generating)
                    {
                        _counters.Pulse(_pins[i]);
                        _generated[i]++;
                    }
                }
            }
        }

        private double EnergyOf(int channel)
        {
            MeterModel model = _sources[channel];
            if (model == null)
            {
                return 0;
            }

            model.Update();
            return model.Get("energy_import");
        }
    }
}
