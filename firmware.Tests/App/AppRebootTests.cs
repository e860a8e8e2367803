using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// Pulse totals across "reboots": a new Collector over the same record stores continues the count. An orderly
    /// reboot (PrepareForReboot) saves first and loses nothing; a power cut loses at most what was counted since
    /// the last periodic save (pulse.save minutes), never more, and never counts backwards below that save.
    /// </summary>
    [TestClass]
    public class AppRebootTests
    {
        [TestMethod]
        public void AnOrderlyRebootContinuesTheCountWithoutLoss()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.StartPulses(0, 1000000);
            h.StartPulses(1, 2000000);
            h.RunSeconds(90);
            h.StopPulses(0);
            h.StopPulses(1);
            h.Run(100000);
            long main = h.PulsesEmitted[0];
            long flat = h.PulsesEmitted[1];
            Assert.AreEqual(main, h.Collector.Pulses.Channels[0].TotalPulses);

            h.Collector.PrepareForReboot("test");

            Assert.AreEqual("offline", h.Broker.RetainedText(CollectorHarness.Base + "status"), "orderly offline before the restart");
            Assert.IsTrue(h.Broker.LastTransport.DisconnectedCleanly);
            Assert.AreEqual("orderly reboot: test", (string)((Hashtable)h.Events("reboot")[1])["detail"]);

            h.Boot("reboot:test");
            Assert.AreEqual(main, h.Collector.Pulses.Channels[0].TotalPulses, "main_s0 restored exactly");
            Assert.AreEqual(flat, h.Collector.Pulses.Channels[1].TotalPulses, "flat_s0 restored exactly");

            h.StartPulses(0, 1000000);
            h.RunSeconds(15);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "status"));
            ArrayList reboots = h.Events("reboot");
            Assert.AreEqual("reboot:test", (string)((Hashtable)reboots[reboots.Count - 1])["detail"], "the new boot reports its cause");
            Hashtable state = h.LastJson("pulse/main_s0/state");
            Assert.IsTrue(CollectorHarness.Number(state, "pulses") > main, "the count continues upwards");
            h.StopPulses(0);
            h.Run(100000);
            Assert.AreEqual(h.PulsesEmitted[0], h.Collector.Pulses.Channels[0].TotalPulses, "before and after the reboot, every pulse");
        }

        [TestMethod]
        public void APowerCutLosesOnlyThePulsesSinceTheLastSave()
        {
            CollectorHarness h = AppMeterTests.Started();
            // pulse.save defaults to 5 minutes.
            h.StartPulses(0, 1000000);
            int writes = h.TotalsRecords.WriteCount;
            long countAtLastSave = -1;
            long end = h.Clock.MonotonicMicroseconds + 12L * 60 * 1000000;
            while (h.Clock.MonotonicMicroseconds < end)
            {
                // Checked right after the pass that saved (pulses emitted after it wait for the next pass).
                if (h.RunUntil(delegate { return h.TotalsRecords.WriteCount != writes; }, end - h.Clock.MonotonicMicroseconds))
                {
                    writes = h.TotalsRecords.WriteCount;
                    countAtLastSave = h.Collector.Pulses.Channels[0].TotalPulses;
                    h.Clock.Advance(1000);
                }
            }

            long counted = h.Collector.Pulses.Channels[0].TotalPulses;
            Assert.IsTrue(countAtLastSave > 0, "saved during 12 minutes");
            Assert.IsTrue(counted > countAtLastSave, "counted on after the last save");
            Assert.IsTrue(counted - countAtLastSave <= 5 * 60 + 2, "the last save is at most 5 minutes old");

            // Power cut: no PrepareForReboot.
            h.Boot("power-on");

            Assert.AreEqual(countAtLastSave, h.Collector.Pulses.Channels[0].TotalPulses, "restored from the last save");
        }

        [TestMethod]
        public void ADamagedTotalsRecordAtBootIsReportedAsAnEvent()
        {
            // Regression: the pulse totals are restored before the publisher is built, and the fallback used to be
            // reported to a publisher that did not exist yet, so the event was lost.
            CollectorHarness h = AppMeterTests.Started();
            h.StartPulses(0, 1000000);
            h.RunSeconds(20);
            h.StopPulses(0);
            h.Collector.PrepareForReboot("test");
            h.Collector.PrepareForReboot("test");
            Assert.IsTrue(h.TotalsRecords.LengthOf(0) > 0 && h.TotalsRecords.LengthOf(1) > 0, "both slots hold a record");
            // A damaged slot, whichever it is, makes the load fall back or skip it: either way it is reported.
            h.TotalsRecords.FlipBit(0, 14, 3);

            h.Boot("power-on");
            h.RunSeconds(3);

            Assert.AreEqual(1, h.Events("storage").Count, "the fallback to the previous record is reported");
        }

        [TestMethod]
        public void AConfigurationChangeLosesNoCapturedPulse()
        {
            CollectorHarness h = AppMeterTests.Started();
            h.StartPulses(0, 200000);
            h.RunSeconds(20);
            // Edges the capture recorded after the last pass: the change is applied at the start of the next pass.
            h.Clock.Advance(400000);
            h.GeneratePulses();
            h.StopPulses(0);
            long emitted = h.PulsesEmitted[0];
            Assert.AreNotEqual(emitted, h.Collector.Pulses.Channels[0].TotalPulses, "some edges wait in the ring");

            h.SetAndSave(SettingKeys.MqttInterval, "15");
            h.Run(100000);

            Assert.AreEqual(emitted, h.Collector.Pulses.Channels[0].TotalPulses, "pulses in the ring at the change are counted");
        }
    }
}
