using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Simulators.Physics;
using EspCollector.Simulators.Pulses;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>
    /// The simulators' S0 outputs (<see cref="S0PulseOutputs"/>) on the benchmark's thread and clock, with their
    /// work counted as foreign (not the collector's) allocations and time.
    /// </summary>
    public sealed class S0Outputs : IPulseCapture
    {
        private readonly S0PulseOutputs _outputs;

        public S0Outputs(IClock clock, MeterModel[] sources)
        {
            _outputs = new S0PulseOutputs(clock, sources);
        }

        /// <summary>False stops new pulses (pending ones are still emitted), to end a run with a known count.</summary>
        public bool Generating
        {
            get => _outputs.Generating;
            set => _outputs.Generating = value;
        }

        /// <summary>See <see cref="S0PulseOutputs.Clock"/>.</summary>
        public IClock Clock
        {
            get => _outputs.Clock;
            set => _outputs.Clock = value;
        }

        /// <summary>See <see cref="S0PulseOutputs.LoseEveryNthPulse"/>.</summary>
        public int LoseEveryNthPulse
        {
            get => _outputs.LoseEveryNthPulse;
            set => _outputs.LoseEveryNthPulse = value;
        }

        public PulseCaptureMode Mode => PulseCaptureMode.Edges;

        public int FailedChannel => -1;

        public long Generated(int channel) => _outputs.Generated(channel);

        public int Pending(int channel) => _outputs.Pending(channel);

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            Foreign.Enter();
            bool started = _outputs.Start(channels, ring);
            Foreign.Exit();
            return started;
        }

        public void Stop() => _outputs.Stop();

        public long ReadCount(int channel) => 0;

        /// <summary>Records every edge whose time has come.</summary>
        public void Emit()
        {
            Foreign.Enter();
            _outputs.Emit();
            Foreign.Exit();
        }
    }
}
