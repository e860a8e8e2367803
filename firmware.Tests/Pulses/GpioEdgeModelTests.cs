using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>
    /// GPIO edge capture on the ESP32 GPIO model (<see cref="GpioEdgeModel"/>): whole pulses vanish while flash
    /// is written, and every pulse that vanished shows in the channel's lost-edge or rejected counters, never
    /// silently.
    /// </summary>
    [TestClass]
    public class GpioEdgeModelTests
    {
        private const long Millisecond = 1000;

        [TestMethod]
        public void PulsesLostDuringFlashWritesAreCountedAsLost()
        {
            VirtualClock clock = new VirtualClock();
            clock.Advance(1000 * Millisecond);
            SimulatedPulseCapture capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            PulseChannelSettings settings = new PulseChannelSettings("s0", 32, 1000.0);
            PulseProcessor processor = new PulseProcessor(clock, capture, new PulseChannelSettings[] { settings }, EdgeRing.CapacityFor(1));
            Assert.IsTrue(processor.Start());
            GpioEdgeModel model = new GpioEdgeModel(capture.Ring, 0, true, 20 * Millisecond);
            PulseChannel channel = processor.Channels[0];

            // Measured: 12,000 pulses, 11,827 counted, 173 vanished = 105 lost edges + 68 rejected runs.
            // One simulated hour in 10 ms slots: a 100 ms pulse every 300 ms; a 150 ms flash write every 7 s,
            // its phase against the pulses moving by 40 ms each time.
            long start = clock.MonotonicMicroseconds;
            int pulses = 0;
            int writes = 0;
            long pendingFlash = -1;
            for (long slot = 0; slot < 360000; slot++)
            {
                long now = start + slot * 10 * Millisecond;
                long inPeriod = slot % 30;
                if (slot % 700 == 0)
                {
                    long offset = (writes * 4) % 30;
                    writes++;
                    if (offset == 0)
                    {
                        model.FlashWrite(now, now + 150 * Millisecond);
                    }
                    else
                    {
                        pendingFlash = now + offset * 10 * Millisecond;
                    }
                }

                if (pendingFlash == now)
                {
                    model.FlashWrite(now, now + 150 * Millisecond);
                    pendingFlash = -1;
                }

                if (inPeriod == 0)
                {
                    model.Edge(now, false);
                    pulses++;
                }
                else if (inPeriod == 10)
                {
                    model.Edge(now, true);
                }

                clock.Advance(now - clock.MonotonicMicroseconds);
                if (slot % 2 == 0)
                {
                    model.Dispatch(now);
                }

                if (slot % 10 == 0)
                {
                    processor.Process();
                }
            }

            clock.Advance(1000 * Millisecond);
            model.Dispatch(clock.MonotonicMicroseconds);
            processor.Process();

            long vanished = pulses - channel.TotalPulses;
            Assert.IsTrue(model.EdgesMissedDuringFlash > 0, "the model swallows edges");
            Assert.IsTrue(vanished > 0, "pulses vanished during flash writes: " + vanished.ToString());
            Assert.IsTrue(channel.LostEdgeCount > 0, "lost edges reported");
            Assert.IsTrue(vanished <= channel.LostEdgeCount + channel.RejectedCount,
                "vanished " + vanished.ToString() + ", reported lost " + channel.LostEdgeCount.ToString()
                + " + rejected " + channel.RejectedCount.ToString());
            Assert.AreEqual(0, model.QueueDropped);
        }

        [TestMethod]
        public void TheHalQueueKeepsTheNewest128Events()
        {
            EdgeRing ring = new EdgeRing(256, 1);
            GpioEdgeModel model = new GpioEdgeModel(ring, 0, true, 0);
            for (int i = 0; i < 100; i++)
            {
                model.Pulse(1000000 + i * 100000L, 50000);
            }

            // The interrupt thread was busy for all 200 edges: the 72 oldest were dropped.
            model.Dispatch(100000000);
            Assert.AreEqual(72, model.QueueDropped);
            Assert.AreEqual(128, ring.Count);
            int channel;
            long time;
            bool active;
            Assert.IsTrue(ring.TryTake(100000000, out channel, out time, out active));
            Assert.AreEqual(1000000L + 36 * 100000L, time);
        }
    }
}
