using System.IO;
using EspCollector.Benchmarks.Soak;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Soak
{
    /// <summary>
    /// The chaos soak in-process: one simulated day with every fault meets every check, and two deliberately
    /// broken doubles (a store that loses its second slot at a power cut, a broker that drops one acknowledged
    /// message) make it fail: the checks can fail.
    /// </summary>
    [TestClass]
    public class SoakTests
    {
        [TestMethod]
        public void OneDayWithEveryFaultMeetsEveryCheck()
        {
            StringWriter output = new StringWriter();
            int result = new SoakRun(1, 1, "all").Run(output);
            string text = output.ToString();
            System.Console.Write(text);
            Assert.AreEqual(0, result, text);
            foreach (string zero in new[]
            {
                "register_energy_mismatches=0", "readings_lost_outside_ring=0", "duplicate_or_reordered_messages=0",
                "config_changes_unintended=0", "unhandled_exceptions=0", "relay_or_register_writes=0", "pulse_restore_mismatches=0",
                "pulse_totals_decreasing=0", "pulse_counted_twice=0", "heap_growth_bytes=0", "discovery_after_retained_loss=1/1",
            })
            {
                Assert.IsTrue(text.Contains("soak: " + zero + "\n") || text.Contains("soak: " + zero + "\r\n"), "expected soak: " + zero);
            }

            Assert.IsFalse(text.Contains(" 0, ") && text.Contains("faults injected: noise 0"), "faults were injected");
        }

        [TestMethod]
        public void AStoreThatLosesItsSecondSlotFailsTheSoak()
        {
            StringWriter output = new StringWriter();
            int result = new SoakRun(0.5, 1, "power-cut,torn-write", SoakSabotage.StorageLosesSecondSlot).Run(output);
            string text = output.ToString();
            Assert.AreEqual(1, result, text);
            Assert.IsFalse(text.Contains("soak: pulse_restore_mismatches=0"), text);
        }

        [TestMethod]
        public void ABrokerThatDropsOneAcknowledgedMessageFailsTheSoak()
        {
            StringWriter output = new StringWriter();
            int result = new SoakRun(0.25, 1, "none", SoakSabotage.BrokerLosesOneMessage).Run(output);
            string text = output.ToString();
            Assert.AreEqual(1, result, text);
            Assert.IsTrue(text.Contains("soak: readings_lost_outside_ring=1"), text);
        }
    }
}
