using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>
    /// The edge ring all channels share: 32-bit edge words whose 28-bit time wraps every 268 s, overflow counted
    /// per channel, sizing from the channel count; on a virtual clock.
    /// </summary>
    [TestClass]
    public class EdgeRingTests
    {
        private const long Millisecond = 1000;
        private const long Second = 1000000;

        [TestMethod]
        public void The_ring_is_sized_per_channel_within_the_GPIO_queue()
        {
            Assert.AreEqual(32, EdgeRing.CapacityFor(1));
            Assert.AreEqual(32, EdgeRing.CapacityFor(2));
            Assert.AreEqual(64, EdgeRing.CapacityFor(4));
            Assert.AreEqual(128, EdgeRing.CapacityFor(5));
            Assert.AreEqual(128, EdgeRing.CapacityFor(8), "no more than the GPIO ISR queue (PLATFORM.md) delivers at once");
        }

        [TestMethod]
        public void A_burst_on_one_channel_that_overflows_the_shared_ring_is_counted_as_lost_edges_of_the_channels_dropped()
        {
            var clock = new VirtualClock();
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var settings = PulseProcessorTests.EightChannels(10000, 2000);
            var processor = new PulseProcessor(clock, capture, settings, EdgeRing.CapacityFor(8));
            processor.Start();
            var burst = new PulseSignal(capture.Ring, 3);
            var quiet = new PulseSignal(capture.Ring, 6);

            // One pulse of channel 6 first, then 100 pulses (200 edges) of channel 3 before any pass, then one more
            // pulse of channel 6, which finds the ring full.
            quiet.Pulse(1 * Millisecond, 5 * Millisecond);
            for (int pulse = 0; pulse < 100; pulse++)
            {
                burst.Pulse(10 * Millisecond + pulse * 10 * Millisecond, 5 * Millisecond);
            }

            quiet.Pulse(1100 * Millisecond, 5 * Millisecond);
            Assert.AreEqual(128, capture.Ring.Count);
            Assert.AreEqual(2 + 200 + 2 - 128, burst.DroppedEdges + quiet.DroppedEdges);
            Assert.AreEqual(2, quiet.DroppedEdges);

            clock.Advance(1200 * Millisecond);
            processor.Process();

            // Nothing dropped silently: every edge is either counted in a pulse or reported lost on its channel.
            Assert.AreEqual(burst.DroppedEdges, processor.Channels[3].LostEdgeCount);
            Assert.AreEqual((long)63, processor.Channels[3].TotalPulses, "the 126 edges of channel 3 that fit");
            Assert.AreEqual(2, processor.Channels[6].LostEdgeCount);
            Assert.AreEqual((long)1, processor.Channels[6].TotalPulses);
            Assert.AreEqual(burst.DroppedEdges + 2, processor.TotalLostEdges);
            for (int channel = 0; channel < 8; channel++)
            {
                if (channel != 3 && channel != 6)
                {
                    Assert.AreEqual(0, processor.Channels[channel].LostEdgeCount);
                }
            }

            // Once drained, the ring takes every channel's edges again.
            quiet.Pulse(1300 * Millisecond, 5 * Millisecond);
            burst.Pulse(1300 * Millisecond, 5 * Millisecond);
            clock.Advance(200 * Millisecond);
            processor.Process();
            Assert.AreEqual((long)2, processor.Channels[6].TotalPulses);
            Assert.AreEqual((long)64, processor.Channels[3].TotalPulses);
        }

        [TestMethod]
        [DataRow(268435456L)]   // 2^28 µs: the edge word's time wraps
        [DataRow(4294967296L)]  // 2^32 µs: the 32-bit part of the clock wraps (71.6 minutes)
        [DataRow(1099511627776L)] // 2^40 µs: 12.7 days of uptime
        public void Edge_times_are_rebuilt_exactly_across_the_wrap_of_the_28_bit_word(long wrapAt)
        {
            // KPM33B at 3200 imp/kWh and 4.5 kW: one 40 ms pulse every 250 ms, for 10 s around the wrap.
            var clock = new VirtualClock();
            clock.Advance(wrapAt - 5 * Second);
            var capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            var settings = new PulseChannelSettings[] { new PulseChannelSettings("house", 4, 3200) };
            var processor = new PulseProcessor(clock, capture, settings, EdgeRing.CapacityFor(1));
            processor.Start();
            var signal = new PulseSignal(capture.Ring, 0);
            long start = clock.MonotonicMicroseconds + 10 * Millisecond;
            long last = 0;
            for (int pulse = 0; pulse < 40; pulse++)
            {
                last = start + pulse * 250 * Millisecond;
                signal.Pulse(last, 40 * Millisecond);
                clock.Advance(last + 100 * Millisecond - clock.MonotonicMicroseconds);
                processor.Process();
            }

            PulseChannel channel = processor.Channels[0];
            Assert.AreEqual((long)40, channel.TotalPulses);
            Assert.AreEqual(last, channel.LastPulseTime, "stamped with the full time of its leading edge");
            Assert.AreEqual(0, channel.LostEdgeCount);
            Assert.IsTrue(System.Math.Abs(channel.PowerWatts - 4500) < 1, "power " + channel.PowerWatts.ToString("F2"));
        }

        [TestMethod]
        public void An_edge_is_read_right_from_just_ahead_of_the_clock_to_the_oldest_age_allowed()
        {
            long now = 5000L * Second + 12345;
            long[] times = new long[]
            {
                now, now - 1, now + 1, now + EdgeRing.MaximumLeadMicroseconds - 1, now - EdgeRing.MaximumAgeMicroseconds,
                now - 180 * Second, // the main loop's heartbeat limit: the supervisor reboots before an edge is older
            };

            var ring = new EdgeRing(8, 8);
            for (int index = 0; index < times.Length; index++)
            {
                Assert.IsTrue(ring.Record(index, times[index], index % 2 == 0));
            }

            for (int index = 0; index < times.Length; index++)
            {
                int channel;
                long time;
                bool active;
                Assert.IsTrue(ring.TryTake(now, out channel, out time, out active));
                Assert.AreEqual(index, channel);
                Assert.AreEqual(times[index], time);
                Assert.AreEqual(index % 2 == 0, active);
            }

            int none;
            long noTime;
            bool noLevel;
            Assert.IsFalse(ring.TryTake(now, out none, out noTime, out noLevel));
        }

        [TestMethod]
        public void An_edge_of_a_channel_the_ring_does_not_have_is_refused()
        {
            var ring = new EdgeRing(32, 2);
            Assert.IsFalse(ring.Record(2, 1000, true));
            Assert.IsFalse(ring.Record(-1, 1000, true));
            Assert.AreEqual(0, ring.Count);
            Assert.AreEqual(0, ring.OverflowCount);
        }

        [TestMethod]
        public void A_hardware_counter_gets_no_ring()
        {
            var capture = new SimulatedPulseCapture(PulseCaptureMode.HardwareCounter);
            var processor = new PulseProcessor(new VirtualClock(), capture, PulseProcessorTests.EightChannels(1000, 30000), EdgeRing.CapacityFor(8));
            Assert.IsTrue(processor.Start());
            Assert.IsNull(processor.Ring);
            Assert.IsNull(capture.Ring);
        }
    }
}
