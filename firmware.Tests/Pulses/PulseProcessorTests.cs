using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>The shared ring, processing passes, overflow reporting and the hardware counter mode, on a virtual clock.</summary>
    [TestClass]
    public class PulseProcessorTests
    {
        private const long Millisecond = 1000;

        [TestMethod]
        public void Bursts_at_200_Hz_on_8_channels_at_once_are_counted_exactly()
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            PulseChannelSettings[] settings = EightChannels(10000, 2000);
            var processor = new PulseProcessor(clock, capture, settings, EdgeRing.CapacityFor(8));
            Assert.AreEqual(128, processor.Ring.Capacity, "the GPIO ISR queue's 128 events");
            Assert.IsTrue(processor.Start());

            PulseSignal[] signals = new PulseSignal[8];
            for (int channel = 0; channel < 8; channel++)
            {
                signals[channel] = new PulseSignal(capture.Ring, channel);
            }

            // 200 Hz: 5 ms period, 2.5 ms pulses (KLEFR above 40 kW); each channel offset by 300 µs.
            // Processing every 35 ms (7 pulses = 14 edges per channel, 112 in the shared ring of 128).
            long period = 5 * Millisecond;
            int pulsesPerChannel = 2000;
            for (int pulse = 0; pulse < pulsesPerChannel; pulse++)
            {
                long start = 1 * Millisecond + pulse * period;
                for (int channel = 0; channel < 8; channel++)
                {
                    signals[channel].Pulse(start + channel * 300, 2500);
                }

                if ((pulse + 1) % 7 == 0)
                {
                    clock.Advance(start + period - clock.MonotonicMicroseconds);
                    processor.Process();
                }
            }

            processor.Process();
            for (int channel = 0; channel < 8; channel++)
            {
                PulseChannel accounted = processor.Channels[channel];
                Assert.AreEqual((long)pulsesPerChannel, accounted.TotalPulses, "channel " + channel.ToString());
                Assert.AreEqual(0, accounted.LostEdgeCount);

                // 200 Hz at 10000 imp/kWh: 200 · 3600 / 10000 kWh/h = 72 kW.
                Assert.IsTrue(System.Math.Abs(accounted.PowerWatts - 72000) < 720, "power " + accounted.PowerWatts.ToString("F0"));
                Assert.IsTrue(System.Math.Abs(accounted.EnergyKilowattHours - 0.2) < 1e-9);
            }

            Assert.AreEqual((long)(8 * pulsesPerChannel * 2), processor.ProcessedEdges);
        }

        [TestMethod]
        public void Ring_overflow_is_counted_and_reported_never_silent()
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var settings = new PulseChannelSettings[] { new PulseChannelSettings("heat pump", 4, 1000) };
            settings[0].FilterMicroseconds = 2000;
            var processor = new PulseProcessor(clock, capture, settings, 16);
            processor.Start();
            var signal = new PulseSignal(capture.Ring, 0);

            // 20 pulses = 40 edges into a ring of 16 before the first processing pass.
            for (int pulse = 0; pulse < 20; pulse++)
            {
                signal.Pulse(pulse * 10 * Millisecond, 5 * Millisecond);
            }

            clock.Advance(300 * Millisecond);
            processor.Process();

            PulseChannel channel = processor.Channels[0];
            Assert.AreEqual(24, signal.DroppedEdges);
            Assert.AreEqual(24, channel.LostEdgeCount);
            Assert.AreEqual(24, processor.TotalLostEdges);
            Assert.AreEqual((long)8, channel.TotalPulses, "the 16 edges that fit are 8 whole pulses");

            // The next pulses after the overflow count normally again.
            signal.Pulse(400 * Millisecond, 5 * Millisecond);
            signal.Pulse(420 * Millisecond, 5 * Millisecond);
            clock.Advance(200 * Millisecond);
            processor.Process();
            Assert.AreEqual((long)10, channel.TotalPulses);
            Assert.AreEqual(24, channel.LostEdgeCount);
        }

        [TestMethod]
        public void Hardware_counter_mode_counts_exactly_and_gives_power_from_counts()
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.HardwareCounter);
            var settings = new PulseChannelSettings[] { new PulseChannelSettings("house", 4, 3200), new PulseChannelSettings("pv", 5, 1600) };
            var processor = new PulseProcessor(clock, capture, settings, EdgeRing.CapacityFor(2));
            processor.Start();

            // KPM33B at 3200 imp/kWh and 3.6 kW: 3.2 pulses/s. KPM31 at 1600 imp/kWh and 900 W: 0.4 pulses/s.
            // Read every 250 ms for 100 s; the counter sees the exact integer number of pulses.
            long counted0 = 0;
            long counted1 = 0;
            for (int read = 1; read <= 400; read++)
            {
                clock.Advance(250 * Millisecond);
                long due0 = read * 250 * 32 / 10000;       // 3.2 pulses per second
                long due1 = read * 250 * 4 / 10000;        // 0.4 pulses per second
                capture.AddCount(0, due0 - counted0);
                capture.AddCount(1, due1 - counted1);
                counted0 = due0;
                counted1 = due1;
                processor.Process();
            }

            Assert.AreEqual((long)320, processor.Channels[0].TotalPulses);
            Assert.AreEqual((long)40, processor.Channels[1].TotalPulses);
            Assert.IsTrue(System.Math.Abs(processor.Channels[0].PowerWatts - 3600) < 3600 * 0.15, processor.Channels[0].PowerWatts.ToString("F0"));
            Assert.IsTrue(System.Math.Abs(processor.Channels[1].PowerWatts - 900) < 900 * 0.15, processor.Channels[1].PowerWatts.ToString("F0"));

            processor.CloseAveragingIntervals();
            Assert.IsTrue(System.Math.Abs(processor.Channels[0].AveragePowerWatts - 3600) < 1, processor.Channels[0].AveragePowerWatts.ToString("F2"));
        }

        [TestMethod]
        public void A_capture_that_cannot_start_a_channel_says_which()
        {
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            capture.FailOnChannel(1);
            var processor = new PulseProcessor(new VirtualClock(), capture, EightChannels(1000, 30000), 16);
            Assert.IsFalse(processor.Start());
            Assert.AreEqual(1, capture.FailedChannel);
        }

        [TestMethod]
        public void Invalid_settings_are_reported_with_the_reason()
        {
            var settings = new PulseChannelSettings("bad", 4, 0);
            Assert.AreEqual("impulses per kWh must be positive", settings.Validate());
            Assert.IsNull(new PulseChannelSettings("good", 4, 0.01).Validate());
        }

        internal static PulseChannelSettings[] EightChannels(double impulsesPerKilowattHour, int filterMicroseconds)
        {
            PulseChannelSettings[] settings = new PulseChannelSettings[8];
            for (int channel = 0; channel < 8; channel++)
            {
                settings[channel] = new PulseChannelSettings("channel " + channel.ToString(), 4 + channel, impulsesPerKilowattHour);
                settings[channel].FilterMicroseconds = filterMicroseconds;
            }

            return settings;
        }
    }
}
