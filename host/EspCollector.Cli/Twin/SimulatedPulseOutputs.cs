using System;
using System.Threading;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Simulators.Physics;
using EspCollector.Simulators.Pulses;

namespace EspCollector.Twin
{
    /// <summary>
    /// The simulated meters' S0 outputs (<see cref="S0PulseOutputs"/>) on a thread of their own, as a real
    /// pulse arrives independently of the collector's main loop (the edge rings are single-producer,
    /// single-consumer, like the ESP32's GPIO handler and the main loop).
    /// </summary>
    public sealed class SimulatedPulseOutputs : IPulseCapture, IDisposable
    {
        private readonly S0PulseOutputs _outputs;
        private Thread _thread;
        private volatile bool _running;

        public SimulatedPulseOutputs(IClock clock, MeterModel[] sources)
        {
            _outputs = new S0PulseOutputs(clock, sources);
        }

        public PulseCaptureMode Mode => PulseCaptureMode.Edges;

        public int FailedChannel => -1;

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            Stop();
            _outputs.Start(channels, ring);
            _running = true;
            _thread = new Thread(Run) { IsBackground = true, Name = "s0-outputs" };
            _thread.Start();
            return true;
        }

        public void Stop()
        {
            _running = false;
            _thread?.Join();
            _thread = null;
            _outputs.Stop();
        }

        public long ReadCount(int channel) => 0;

        public void Dispose() => Stop();

        private void Run()
        {
            while (_running)
            {
                _outputs.Emit();
                Thread.Sleep(10);
            }
        }
    }
}
