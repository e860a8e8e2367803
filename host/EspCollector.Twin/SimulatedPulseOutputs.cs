using System;
using System.Threading;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Simulators.Physics;

namespace EspCollector.Twin
{
    /// <summary>
    /// The S0 outputs of simulated meters, wired to the collector's pulse inputs: each channel follows one meter
    /// model's imported energy and emits a pulse for every 1/constant kWh, as a real S0 output does. Edge mode, like the ESP32's GPIO capture.
    /// </summary>
    public sealed class SimulatedPulseOutputs : IPulseCapture, IDisposable
    {
        private readonly IClock _clock;
        private readonly MeterModel[] _sources;
        private PulseChannelSettings[] _channels;
        private EdgeRing[] _rings;
        private double[] _emittedKilowattHours;
        private Thread _thread;
        private volatile bool _running;

        /// <param name="sources">The meter model behind each channel, by channel index (null: no pulses).</param>
        public SimulatedPulseOutputs(IClock clock, MeterModel[] sources)
        {
            _clock = clock;
            _sources = sources;
        }

        public PulseCaptureMode Mode => PulseCaptureMode.Edges;

        public int FailedChannel => -1;

        public bool Start(PulseChannelSettings[] channels, EdgeRing[] rings)
        {
            Stop();
            _channels = channels;
            _rings = rings;
            _emittedKilowattHours = new double[channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _emittedKilowattHours[i] = EnergyOf(i);
            }

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
        }

        public long ReadCount(int channel) => 0;

        public void Dispose() => Stop();

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

        private void Run()
        {
            long[] nextFree = new long[_channels.Length];
            int[] pending = new int[_channels.Length];
            while (_running)
            {
                long now = _clock.MonotonicMicroseconds;
                for (int i = 0; i < _channels.Length; i++)
                {
                    double perPulse = 1.0 / _channels[i].ImpulsesPerKilowattHour;
                    double energy = EnergyOf(i);
                    while (energy - _emittedKilowattHours[i] >= perPulse)
                    {
                        _emittedKilowattHours[i] += perPulse;
                        pending[i]++;
                    }

                    // Each pulse: active for twice the channel's filter, then inactive as long, so the collector's
                    // filter accepts it; edges are recorded once their time has passed, in order.
                    long width = Math.Max(2L * _channels[i].FilterMicroseconds, 1000);
                    if (nextFree[i] < now - 10 * width)
                    {
                        nextFree[i] = now - 2 * width;
                    }

                    while (pending[i] > 0 && nextFree[i] + width <= now)
                    {
                        _rings[i].Record(nextFree[i], true);
                        _rings[i].Record(nextFree[i] + width, false);
                        nextFree[i] += 2 * width;
                        pending[i]--;
                    }
                }

                Thread.Sleep(10);
            }
        }
    }
}
