using System.Collections;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// S0 channels through the composition: the pulse state message carries the exact pulse count, the energy
    /// (pulses / constant) and the power; a channel linked to a meter publishes the cross-check discrepancy
    /// between its pulse energy and the meter's energy register.
    /// </summary>
    [TestClass]
    public class AppPulseTests
    {
        private const byte Holding = 3;

        [TestMethod]
        public void PulseStateCarriesPulsesEnergyAndPower()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.RunSeconds(2);
            // 3200 imp/kWh (KPM33B, KPM33B User Manual V3.4 4.2) every 1.125 s: 3600 / 1.125 / 3200 kW = 1000 W.
            h.StartPulses(0, 1125000);
            // 1600 imp/kWh (KPM31) every 0.75 s: 3600 / 0.75 / 1600 kW = 3000 W.
            h.StartPulses(1, 750000);

            h.RunSeconds(60);
            // Stop the outputs and let the collector process and publish what was emitted.
            h.StopPulses(0);
            h.StopPulses(1);
            long mainPulses = h.PulsesEmitted[0];
            long flatPulses = h.PulsesEmitted[1];
            h.Run(200000);
            PulseChannel main = h.Collector.Pulses.Channels[0];
            double mainPower = main.PowerWatts;
            Assert.AreEqual(mainPulses, main.TotalPulses, "every emitted pulse counted");
            Assert.AreEqual(flatPulses, h.Collector.Pulses.Channels[1].TotalPulses);
            h.RunSeconds(10);

            Hashtable mainState = h.LastJson("pulse/main_s0/state");
            Hashtable flatState = h.LastJson("pulse/flat_s0/state");
            Assert.AreEqual((double)mainPulses, CollectorHarness.Number(mainState, "pulses"));
            Assert.AreEqual((double)flatPulses, CollectorHarness.Number(flatState, "pulses"));
            CollectorHarness.AssertNear(mainPulses / 3200.0, CollectorHarness.Number(mainState, "energy"), 0.0005, "main_s0 energy");
            CollectorHarness.AssertNear(flatPulses / 1600.0, CollectorHarness.Number(flatState, "energy"), 0.0005, "flat_s0 energy");
            CollectorHarness.AssertNear(1000.0, mainPower, 50.0, "main_s0 power while pulsing");
            Assert.IsNotNull(mainState["power"], "power field");
            Assert.IsNull(flatState["discrepancy"], "an unlinked channel has no cross-check");

            // While the pulses were flowing, a published power was near the rate's.
            ArrayList states = h.MessagesOn("pulse/flat_s0/state");
            bool sawPower = false;
            for (int i = 0; i < states.Count; i++)
            {
                double power = CollectorHarness.Number(CollectorHarness.Json((BrokerMessage)states[i]), "power");
                sawPower |= power > 2850.0 && power < 3150.0;
            }

            Assert.IsTrue(sawPower, "a flat_s0 state with ~3000 W");
        }

        [TestMethod]
        public void ALinkedChannelPublishesTheCrossCheckDiscrepancy()
        {
            // 6 kW through main: the register (0082H forward active energy) gains 0.1 kWh a minute, while the S0
            // input counts 10 % more (3200 imp/kWh x 0.11 kWh = 352 pulses a minute), e.g. the wrong constant.
            CollectorHarness h = RunLinked(352.0);

            PulseCrossCheck check = h.Collector.Pulses.Channels[0].CrossCheck;
            Assert.IsTrue(check.WindowCount >= 1, "a 15-minute window closed");
            Assert.AreEqual(CrossCheckStatus.Discrepancy, check.Status);
            h.RunSeconds(10);
            Hashtable state = h.LastJson("pulse/main_s0/state");
            Assert.IsNotNull(state["discrepancy"], "discrepancy published: " + h.Broker.LastTextOn(CollectorHarness.Base + "pulse/main_s0/state"));
            double discrepancy = CollectorHarness.Number(state, "discrepancy");
            Assert.IsTrue(discrepancy > 0.1, "at least 1 kWh compared, 10 % too much: " + discrepancy.ToString());
            Assert.IsNull(h.LastJson("pulse/flat_s0/state")["discrepancy"], "flat_s0 is not linked");
        }

        [TestMethod]
        public void AgreeingPulsesAndRegisterRaiseNoDiscrepancyAtHighLoad()
        {
            // The same 6 kW, pulses exactly matching the register (320 pulses per 0.1 kWh): the register is read
            // every minute (slow class), so it must be compared with the pulse count of the moment it was read;
            // a register value up to a minute old against the current count is off by up to 0.1 kWh (6.7 %).
            CollectorHarness h = RunLinked(320.0);

            PulseCrossCheck check = h.Collector.Pulses.Channels[0].CrossCheck;
            Assert.IsTrue(check.WindowCount >= 1, "a 15-minute window closed");
            Assert.AreEqual(CrossCheckStatus.Agreeing, check.Status,
                "false discrepancy: pulses +" + check.LastPulseIncreaseKilowattHours.ToString("F4") + " kWh, register +"
                + check.LastRegisterIncreaseKilowattHours.ToString("F4") + " kWh");
            // One pulse and one 0.01 kWh register step of quantisation each end.
            CollectorHarness.AssertNear(0.0, check.DiscrepancyKilowattHours, 0.021, "discrepancy kWh");
        }

        /// <summary>20 minutes at 6 kW on main: the register gains 0.1 kWh a minute, main_s0 gets the given pulses a minute.</summary>
        private static CollectorHarness RunLinked(double pulsesPerMinute)
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.HardwareCounter);
            h.ConfigureDefault();
            h.Boot("power-on");
            double register = 1234.5;
            double owedPulses = 0;
            for (int second = 0; second < 20 * 60; second++)
            {
                register += 0.1 / 60;
                h.Main.SetFloat(Holding, 0x0082, (float)register);
                owedPulses += pulsesPerMinute / 60;
                long whole = (long)owedPulses;
                h.Capture.AddCount(0, whole);
                owedPulses -= whole;
                h.RunSeconds(1);
            }

            return h;
        }
    }
}
