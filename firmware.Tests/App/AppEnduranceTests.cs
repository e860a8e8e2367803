using System;
using System.Collections;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// A simulated week on the virtual clock (10 s polls, 10 s publications, S0 pulses on both channels in
    /// hardware-counter mode, totals saved every 5 minutes): no exception, pulse counts exact, every poll published,
    /// the store-and-forward ring never drops. The loop passes one second per Step so a week takes seconds here;
    /// on nanoCLR, whose interpreter is far slower, the same checks run over one simulated day.
    /// </summary>
    [TestClass]
    public class AppEnduranceTests
    {
        [TestMethod]
        public void ASimulatedWeekKeepsExactCounts()
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.HardwareCounter);
            h.ConfigureDefault();
            h.Boot("power-on");
            // 1 kW on main_s0 (3200 imp/kWh, one pulse per 1.125 s), 0.4 kW on flat_s0 (1600 imp/kWh, 5.625 s).
            h.StartPulses(0, 1125000);
            h.StartPulses(1, 5625000);

            int days = TestScale.Choose(7, 1);
            long hours = days * 24L;
            long span = hours * 3600 * 1000000;
            const long Hour = 3600L * 1000000;
            long mainStates = 0;
            long pulseStates = 0;
            long nextClear = h.Clock.MonotonicMicroseconds + Hour;
            long end = h.Clock.MonotonicMicroseconds + span;
            while (h.Clock.MonotonicMicroseconds < end)
            {
                h.Collector.Step();
                h.GeneratePulses();
                h.Clock.Advance(1000000);
                if (h.Clock.MonotonicMicroseconds >= nextClear)
                {
                    // The broker's log would hold a week of messages: count and forget each hour.
                    nextClear += Hour;
                    mainStates += h.Broker.CountOn(CollectorHarness.Base + "meter/main/state");
                    pulseStates += h.Broker.CountOn(CollectorHarness.Base + "pulse/main_s0/state");
                    h.Broker.ClearLog();
                }
            }

            h.StopPulses(0);
            h.StopPulses(1);
            h.Collector.Step();

            PulseChannel main = h.Collector.Pulses.Channels[0];
            PulseChannel flat = h.Collector.Pulses.Channels[1];
            Assert.AreEqual(h.PulsesEmitted[0], main.TotalPulses, "main_s0 exact after a week");
            Assert.AreEqual(h.PulsesEmitted[1], flat.TotalPulses, "flat_s0 exact after a week");
            Assert.AreEqual(span / 1125000, main.TotalPulses, "1 kW for the whole span");
            CollectorHarness.AssertNear(hours, main.EnergyKilowattHours, 0.001, "1 kW x hours");
            CollectorHarness.AssertNear(0.4 * hours, flat.EnergyKilowattHours, 0.001, "0.4 kW x hours");

            long expectedStates = span / 10000000; // one pulse state per mqtt.interval (10 s)
            Assert.IsTrue(pulseStates > expectedStates * 95 / 100 && pulseStates <= expectedStates + 1, "pulse states (mqtt.interval 10 s): " + pulseStates.ToString());
            Assert.AreEqual(0L, h.Collector.Publisher.DroppedMessages, "nothing dropped");
            Assert.AreEqual(0, h.Collector.Poller.Statistics.Timeouts, "no bus timeouts");
            Assert.IsTrue(h.Collector.Poller.StatisticsAt(0).Online && h.Collector.Poller.StatisticsAt(1).Online);

            // The totals were saved along the way: a power cut now loses at most 5 minutes.
            h.Boot("power-on");
            long restored = h.Collector.Pulses.Channels[0].TotalPulses;
            Assert.IsTrue(restored <= main.TotalPulses && main.TotalPulses - restored <= 5 * 60 * 1000000 / 1125000 + 1,
                "restored " + restored.ToString() + " of " + main.TotalPulses.ToString());

            // Last: one state message per 10 s poll (60480 in a week), give or take the start and end.
            Assert.IsTrue(mainStates > expectedStates * 95 / 100 && mainStates <= expectedStates + 1,
                "main states for " + expectedStates.ToString() + " polls: " + mainStates.ToString());
        }
    }
}
