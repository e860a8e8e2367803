using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>Software filtering on timestamps: bounce, short pulses, glitches, the KLEFR pulse widths.</summary>
    [TestClass]
    public class PulseFilterTests
    {
        private const long Millisecond = 1000;

        [TestMethod]
        public void Clean_S0_pulses_of_30_ms_are_each_counted_once()
        {
            var filter = new PulseChannel(0, new PulseChannelSettings("meter", 4, 1000)); // default 30 ms filter, width mode
            int accepted = 0;
            long time = 1000 * Millisecond;
            for (int pulse = 0; pulse < 100; pulse++)
            {
                if (filter.OnEdge(time, true)) { accepted++; }
                if (filter.OnEdge(time + 30 * Millisecond, false)) { accepted++; }
                time += 60 * Millisecond;
            }

            Assert.AreEqual(100, accepted);
        }

        [TestMethod]
        [DataRow(1, 200)]
        [DataRow(3, 300)]
        [DataRow(5, 500)]
        public void Contact_bounce_around_each_edge_counts_each_pulse_once(int bounces, int spacingMicroseconds)
        {
            var ring = new EdgeRing(1024, 1);
            var signal = new PulseSignal(ring, 0);
            signal.BounceCount = bounces;
            signal.BounceSpacingMicroseconds = spacingMicroseconds;
            var channel = new PulseChannel(0, new PulseChannelSettings("meter", 4, 1000));

            long time = 5 * Millisecond;
            for (int pulse = 0; pulse < 50; pulse++)
            {
                signal.Pulse(time, 35 * Millisecond); // SDM630-style at 1000 imp/kWh: 35 ms (manual 004)
                time += 100 * Millisecond;
                Drain(ring, channel, time);
            }

            Assert.AreEqual(0, signal.DroppedEdges);
            Assert.AreEqual((long)50, channel.TotalPulses);
        }

        [TestMethod]
        public void Bounce_is_still_filtered_when_only_the_active_edge_is_captured()
        {
            var settings = new PulseChannelSettings("meter", 4, 1000);
            settings.MeasurePulseWidth = false;
            settings.FilterMicroseconds = 60000; // spacing above pulse width (35 ms) plus release bounce
            var channel = new PulseChannel(0, settings);
            var ring = new EdgeRing(1024, 1);
            var signal = new PulseSignal(ring, 0);
            signal.BounceCount = 3;

            long time = 0;
            for (int pulse = 0; pulse < 40; pulse++)
            {
                signal.Pulse(time, 35 * Millisecond);
                time += 100 * Millisecond;
                Drain(ring, channel, time);
            }

            Assert.AreEqual((long)40, channel.TotalPulses);
            Assert.IsTrue(channel.RejectedCount > 0);
        }

        [TestMethod]
        [DataRow(29000)]
        [DataRow(15000)]
        [DataRow(1000)]
        [DataRow(100)]
        public void Pulses_shorter_than_the_filter_are_rejected(int widthMicroseconds)
        {
            var channel = new PulseChannel(0, new PulseChannelSettings("meter", 4, 1000));
            long time = 0;
            for (int pulse = 0; pulse < 20; pulse++)
            {
                channel.OnEdge(time, true);
                channel.OnEdge(time + widthMicroseconds, false);
                time += 100 * Millisecond;
            }

            // One real pulse after the noise is still counted.
            channel.OnEdge(time, true);
            channel.OnEdge(time + 30 * Millisecond, false);
            channel.OnEdge(time + 200 * Millisecond, true);

            Assert.AreEqual((long)1, channel.TotalPulses);
            Assert.IsTrue(channel.RejectedCount >= 20, "rejections reported: " + channel.RejectedCount.ToString());
        }

        [TestMethod]
        public void A_glitch_inside_a_pulse_neither_splits_nor_loses_it()
        {
            var filter = new PulseChannel(0, new PulseChannelSettings("meter", 4, 1000));
            int accepted = 0;
            long time = 0;
            for (int pulse = 0; pulse < 10; pulse++)
            {
                if (filter.OnEdge(time, true)) { accepted++; }
                if (filter.OnEdge(time + 15 * Millisecond, false)) { accepted++; }       // 0.3 ms dropout
                if (filter.OnEdge(time + 15 * Millisecond + 300, true)) { accepted++; }
                if (filter.OnEdge(time + 40 * Millisecond, false)) { accepted++; }
                time += 100 * Millisecond;
            }

            Assert.AreEqual(10, accepted);
        }

        [TestMethod]
        public void A_line_active_at_boot_does_not_count_a_half_pulse()
        {
            var filter = new PulseChannel(0, new PulseChannelSettings("meter", 4, 1000));
            Assert.IsFalse(filter.OnEdge(10 * Millisecond, false), "release of a pulse that began before boot");
            Assert.IsFalse(filter.OnEdge(100 * Millisecond, true));
            Assert.IsTrue(filter.OnEdge(140 * Millisecond, false));
            Assert.AreEqual(100 * Millisecond, filter.LastPulseTime, "stamped with its leading edge");
        }

        /// <summary>
        /// KLEFR manual (003, technical data), 10000 imp/kWh: pulse width 40 ms below 5 kW, 20 ms to 10 kW,
        /// 10 ms to 20 kW, 5 ms to 40 kW, 2.5 ms above 40 kW. Period = 3.6e12 / (10000 · P[W]) µs.
        /// With the filter set to the narrowest width (2.5 ms) every band counts exactly and power is right.
        /// </summary>
        [TestMethod]
        [DataRow(4000, 40000)]
        [DataRow(9000, 20000)]
        [DataRow(15000, 10000)]
        [DataRow(39000, 5000)]
        [DataRow(55000, 2500)]
        [DataRow(69000, 2500)]
        public void KLEFR_10000_imp_per_kWh_pulse_widths_from_the_manual_count_exactly(int watts, int widthMicroseconds)
        {
            var settings = new PulseChannelSettings("klefr forward", 4, 10000);
            settings.FilterMicroseconds = 2500;
            var channel = new PulseChannel(0, settings);
            long period = (long)(3.6e12 / (10000.0 * watts));
            Assert.IsTrue(period - widthMicroseconds >= 2500, "the pause also passes the filter");

            long time = 0;
            for (int pulse = 0; pulse < 500; pulse++)
            {
                channel.OnEdge(time, true);
                channel.OnEdge(time + widthMicroseconds, false);
                time += period;
            }

            channel.UpdatePower(time - period + widthMicroseconds);
            Assert.AreEqual((long)500, channel.TotalPulses);
            Assert.IsTrue(System.Math.Abs(channel.PowerWatts - watts) < watts * 0.01, "power " + channel.PowerWatts.ToString("F1"));
        }

        [TestMethod]
        public void The_default_30_ms_filter_rejects_KLEFR_2_5_ms_pulses_so_the_filter_is_per_channel()
        {
            var channel = new PulseChannel(0, new PulseChannelSettings("klefr forward", 4, 10000));
            long time = 0;
            for (int pulse = 0; pulse < 100; pulse++)
            {
                channel.OnEdge(time, true);
                channel.OnEdge(time + 2500, false);
                time += 6000;
            }

            Assert.AreEqual((long)0, channel.TotalPulses);
        }

        private static void Drain(EdgeRing ring, PulseChannel channel, long now)
        {
            int index;
            long time;
            bool active;
            while (ring.TryTake(now, out index, out time, out active))
            {
                Assert.AreEqual(channel.Index, index);
                channel.OnEdge(time, active);
            }
        }
    }
}
