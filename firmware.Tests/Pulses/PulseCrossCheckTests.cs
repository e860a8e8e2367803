using EspCollector.Core.Pulses;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>Pulse energy against a linked Modbus meter's energy register.</summary>
    [TestClass]
    public class PulseCrossCheckTests
    {
        private const long Minute = 60L * 1000000;

        [TestMethod]
        public void Pulses_matching_the_register_agree()
        {
            // KPM33B: 3200 imp/kWh, energy register 0.01 kWh steps; 3.2 kW for 15 min = 0.8 kWh = 2560 pulses.
            PulseChannel channel = LinkedChannel(3200);
            Assert.AreEqual((int)CrossCheckStatus.Pending, (int)channel.CrossCheckStatus);
            channel.ObserveLinkedRegister(0, 1234.56);
            AddPulses(channel, 2560);
            Assert.IsTrue(channel.ObserveLinkedRegister(15 * Minute, 1235.36));
            Assert.AreEqual((int)CrossCheckStatus.Agreeing, (int)channel.CrossCheckStatus);
            Assert.IsTrue(System.Math.Abs(channel.CrossCheck.DiscrepancyKilowattHours) < 1e-6);
        }

        [TestMethod]
        public void Missed_pulses_are_flagged_with_the_discrepancy_in_kWh_and_percent()
        {
            PulseChannel channel = LinkedChannel(3200);
            channel.ObserveLinkedRegister(0, 100.00);
            AddPulses(channel, 2432); // 5 % of 2560 pulses missed
            Assert.IsTrue(channel.ObserveLinkedRegister(15 * Minute, 100.80));
            Assert.AreEqual((int)CrossCheckStatus.Discrepancy, (int)channel.CrossCheckStatus);
            Assert.IsTrue(System.Math.Abs(channel.CrossCheck.DiscrepancyKilowattHours + 0.04) < 1e-6, channel.CrossCheck.DiscrepancyKilowattHours.ToString("F4"));
            Assert.IsTrue(System.Math.Abs(channel.CrossCheck.DiscrepancyPercent + 5.0) < 1e-6, channel.CrossCheck.DiscrepancyPercent.ToString("F3"));
            Assert.AreEqual(1, channel.CrossCheck.DiscrepancyCount);
        }

        [TestMethod]
        public void A_wrong_constant_is_flagged()
        {
            // The meter is set to 1000 imp/kWh but the channel says 1600 (KPM31's constant).
            PulseChannel channel = LinkedChannel(1600);
            channel.ObserveLinkedRegister(0, 10.0);
            AddPulses(channel, 1000); // 1 kWh really
            Assert.IsTrue(channel.ObserveLinkedRegister(20 * Minute, 11.0));
            Assert.AreEqual((int)CrossCheckStatus.Discrepancy, (int)channel.CrossCheckStatus);
            Assert.IsTrue(System.Math.Abs(channel.CrossCheck.DiscrepancyPercent + 37.5) < 1e-6);
        }

        [TestMethod]
        public void At_light_load_the_window_waits_for_enough_energy()
        {
            // 50 quantisation steps of (1/3200 + 0.01) kWh ≈ 0.516 kWh are needed before judging.
            PulseChannel channel = LinkedChannel(3200);
            channel.ObserveLinkedRegister(0, 5.00);
            AddPulses(channel, 320); // 0.1 kWh
            Assert.IsFalse(channel.ObserveLinkedRegister(15 * Minute, 5.10));
            Assert.AreEqual((int)CrossCheckStatus.Pending, (int)channel.CrossCheckStatus);
            AddPulses(channel, 1600);
            Assert.IsTrue(channel.ObserveLinkedRegister(90 * Minute, 5.60));
            Assert.AreEqual((int)CrossCheckStatus.Agreeing, (int)channel.CrossCheckStatus);
        }

        [TestMethod]
        public void Pulses_while_the_register_stands_still_are_flagged()
        {
            // A wiring fault: the pulse input is on another circuit than the linked meter.
            PulseChannel channel = LinkedChannel(1000);
            channel.ObserveLinkedRegister(0, 42.00);
            AddPulses(channel, 1000);
            Assert.IsTrue(channel.ObserveLinkedRegister(15 * Minute, 42.00));
            Assert.AreEqual((int)CrossCheckStatus.Discrepancy, (int)channel.CrossCheckStatus);
        }

        [TestMethod]
        public void A_register_going_backwards_restarts_the_window()
        {
            PulseChannel channel = LinkedChannel(1000);
            channel.ObserveLinkedRegister(0, 500.0);
            AddPulses(channel, 1000);
            Assert.IsFalse(channel.ObserveLinkedRegister(15 * Minute, 0.5), "meter replaced");
            AddPulses(channel, 1000);
            Assert.IsTrue(channel.ObserveLinkedRegister(30 * Minute, 1.5));
            Assert.AreEqual((int)CrossCheckStatus.Agreeing, (int)channel.CrossCheckStatus);
        }

        [TestMethod]
        public void An_unlinked_channel_reports_not_linked()
        {
            var channel = new PulseChannel(0, new PulseChannelSettings("plain", 4, 1000));
            Assert.IsFalse(channel.ObserveLinkedRegister(0, 1.0));
            Assert.AreEqual((int)CrossCheckStatus.NotLinked, (int)channel.CrossCheckStatus);
            Assert.IsNull(channel.CrossCheck, "no comparison state kept for a channel without a link");
        }

        private static PulseChannel LinkedChannel(double constant)
        {
            var settings = new PulseChannelSettings("house", 4, constant);
            settings.FilterMicroseconds = 2000;
            settings.LinkedMeterName = "kpm33b";
            settings.LinkedQuantityName = "import_energy";
            return new PulseChannel(0, settings);
        }

        private static void AddPulses(PulseChannel channel, int count)
        {
            long time = channel.LastPulseTime + 1000000;
            for (int pulse = 0; pulse < count; pulse++)
            {
                channel.OnEdge(time, true);
                channel.OnEdge(time + 5000, false);
                time += 10000;
            }
        }
    }
}
