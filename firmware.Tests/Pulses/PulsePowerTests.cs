using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>Power from pulse timing: decay after the last pulse, no spikes under jitter, averages, energy.</summary>
    [TestClass]
    public class PulsePowerTests
    {
        private const long Millisecond = 1000;
        private const long Second = 1000000;

        [TestMethod]
        public void Power_decays_toward_zero_after_the_last_pulse_without_ever_rising()
        {
            // 1000 imp/kWh at 1 kW: one pulse every 3.6 s.
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var processor = new PulseProcessor(clock, capture, new PulseChannelSettings[] { new PulseChannelSettings("boiler", 4, 1000) }, 16);
            processor.Start();
            var signal = new PulseSignal(capture.Ring, 0);
            long period = 3600 * Millisecond;
            long lastStart = 0;
            for (int pulse = 0; pulse < 10; pulse++)
            {
                lastStart = Second + pulse * period;
                signal.Pulse(lastStart, 40 * Millisecond);
                clock.Advance(lastStart + 100 * Millisecond - clock.MonotonicMicroseconds);
                processor.Process();
            }

            PulseChannel channel = processor.Channels[0];
            Assert.IsTrue(System.Math.Abs(channel.PowerWatts - 1000) < 1, "steady " + channel.PowerWatts.ToString("F2"));

            // Pulses stop. Within one period the value holds; afterwards it is bounded by one pulse per elapsed time.
            double previous = channel.PowerWatts;
            for (int step = 1; step <= 600; step++)
            {
                clock.Advance(500 * Millisecond);
                processor.Process();
                double power = channel.PowerWatts;
                Assert.IsTrue(power <= previous + 1e-9, "never rises after the last pulse (step " + step.ToString() + ")");
                double elapsedSeconds = (clock.MonotonicMicroseconds - lastStart) / 1e6;
                // W = 1 pulse (1 Wh) per elapsed hours, with the estimator's 1.25 slack for timestamp jitter.
                double bound = PulsePowerEstimator.BoundSlack * 3600.0 * 1000 / (1000 * elapsedSeconds);
                Assert.IsTrue(power <= bound + 1e-6, "bounded by one pulse per elapsed time");
                previous = power;
            }

            // 300 s after the last pulse: at most 1.25 Wh / 300 s = 15 W, and still falling.
            Assert.IsTrue(channel.PowerWatts <= 15.01 && channel.PowerWatts > 0, channel.PowerWatts.ToString("F2"));
        }

        [TestMethod]
        [DataRow(3200, 2000, 50000)]
        [DataRow(1600, 900, 50000)]
        [DataRow(10000, 40000, 1000)]
        public void Power_has_no_spikes_when_pulse_spacing_jitters(int impulsesPerKilowattHour, int watts, int jitterMicroseconds)
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var settings = new PulseChannelSettings("house", 4, impulsesPerKilowattHour);
            settings.FilterMicroseconds = 2000;
            var processor = new PulseProcessor(clock, capture, new PulseChannelSettings[] { settings }, 64);
            processor.Start();
            var signal = new PulseSignal(capture.Ring, 0);

            long period = (long)(3.6e12 / ((double)impulsesPerKilowattHour * watts));
            long width = period / 2 < 30 * Millisecond ? period / 2 : 30 * Millisecond;
            double highest = 0;
            double lowest = double.MaxValue;
            long nextPulse = Second;
            long pulseStart = nextPulse + signal.Jitter(jitterMicroseconds);
            bool leadingRecorded = false;
            int pulses = 0;
            long end = 120 * Second;
            while (clock.MonotonicMicroseconds < end)
            {
                long step = period / 7 < 100 * Millisecond ? period / 7 : 100 * Millisecond;
                clock.Advance(step);

                // Each edge enters the ring when its time has come, as the GPIO callback would record it.
                while (true)
                {
                    if (!leadingRecorded && pulseStart <= clock.MonotonicMicroseconds)
                    {
                        signal.Edge(pulseStart, true);
                        leadingRecorded = true;
                    }
                    else if (leadingRecorded && pulseStart + width <= clock.MonotonicMicroseconds)
                    {
                        signal.Edge(pulseStart + width, false);
                        leadingRecorded = false;
                        pulses++;
                        nextPulse += period;
                        pulseStart = nextPulse + signal.Jitter(jitterMicroseconds);
                    }
                    else
                    {
                        break;
                    }
                }

                processor.Process();
                if (clock.MonotonicMicroseconds > 20 * Second)
                {
                    double power = processor.Channels[0].PowerWatts;
                    highest = power > highest ? power : highest;
                    lowest = power < lowest ? power : lowest;
                }
            }

            OutputHelper.WriteLine("pulses " + pulses.ToString() + ", power " + lowest.ToString("F0") + " .. " + highest.ToString("F0") + " W");
            Assert.IsTrue(highest <= watts * 1.10, "no spike above +10 %: " + highest.ToString("F0"));
            Assert.IsTrue(lowest >= watts * 0.85, "no dip below -15 %: " + lowest.ToString("F0"));
        }

        [TestMethod]
        public void Average_power_over_the_publish_interval_comes_from_the_count()
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var processor = new PulseProcessor(clock, capture, new PulseChannelSettings[] { new PulseChannelSettings("kpm33b", 4, 3200) }, 64);
            processor.Start();
            var signal = new PulseSignal(capture.Ring, 0);

            // 64 pulses in 60 s at 3200 imp/kWh = 0.02 kWh per minute = 1.2 kW.
            for (int pulse = 0; pulse < 64; pulse++)
            {
                signal.Pulse(pulse * 937 * Millisecond + 10 * Millisecond, 40 * Millisecond);
                clock.Advance(pulse * 937 * Millisecond + 100 * Millisecond - clock.MonotonicMicroseconds);
                processor.Process();
            }

            clock.Advance(60 * Second - clock.MonotonicMicroseconds);
            processor.Process();
            processor.CloseAveragingIntervals();
            Assert.IsTrue(System.Math.Abs(processor.Channels[0].AveragePowerWatts - 1200) < 0.01, processor.Channels[0].AveragePowerWatts.ToString("F3"));

            // An interval without pulses averages 0 W.
            clock.Advance(60 * Second);
            processor.Process();
            processor.CloseAveragingIntervals();
            Assert.AreEqual(0.0, processor.Channels[0].AveragePowerWatts);
        }

        [TestMethod]
        [DataRow(0.01, 3, 250.5, 550.5)]
        [DataRow(1600.0, 1600, 0.0, 1.0)]
        [DataRow(3200.0, 800, 12.25, 12.5)]
        public void Energy_is_pulses_over_the_constant_plus_the_offset(double constant, int pulses, double offset, double expected)
        {
            var settings = new PulseChannelSettings("meter", 4, constant);
            settings.EnergyOffsetKilowattHours = offset;
            settings.FilterMicroseconds = 1000;
            var channel = new PulseChannel(0, settings);
            for (int pulse = 0; pulse < pulses; pulse++)
            {
                channel.OnEdge(pulse * 100 * Millisecond, true);
                channel.OnEdge(pulse * 100 * Millisecond + 40 * Millisecond, false);
            }

            Assert.AreEqual((long)pulses, channel.TotalPulses);
            Assert.IsTrue(System.Math.Abs(channel.EnergyKilowattHours - expected) < 1e-9, channel.EnergyKilowattHours.ToString("F6"));
        }
    }
}
