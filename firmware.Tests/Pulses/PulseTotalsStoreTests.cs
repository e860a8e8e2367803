using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>Persistence of the pulse totals: interval, restore by name, and power cuts during a save.</summary>
    [TestClass]
    public class PulseTotalsStoreTests
    {
        private const long Second = 1000000;

        [TestMethod]
        public void Totals_are_saved_at_the_interval_only_when_they_changed_and_restored_at_boot()
        {
            var clock = new VirtualClock();
            var store = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
            PulseChannel[] channels = Channels("house", "pv");
            var totals = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), clock, PulseTotalsStore.DefaultSaveIntervalMicroseconds);
            totals.Attach(channels);
            Assert.AreEqual((int)RecordLoadResult.Empty, (int)totals.Restore());

            AddPulses(channels[0], 10);
            clock.Advance(299 * Second);
            Assert.IsFalse(totals.SaveIfDue(), "interval not elapsed");
            clock.Advance(1 * Second);
            Assert.IsTrue(totals.SaveIfDue());
            clock.Advance(300 * Second);
            Assert.IsFalse(totals.SaveIfDue(), "nothing changed: no flash write");
            Assert.AreEqual(1, store.WriteCount);

            AddPulses(channels[1], 3);
            Assert.IsTrue(totals.SaveNow(), "orderly reboot saves at once");

            // Reboot: new objects over the same store, channels in another order.
            PulseChannel[] rebooted = Channels("pv", "house");
            var restored = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), new VirtualClock(), PulseTotalsStore.DefaultSaveIntervalMicroseconds);
            restored.Attach(rebooted);
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)restored.Restore());
            Assert.AreEqual(2, restored.RestoredChannelCount);
            Assert.AreEqual((long)3, rebooted[0].TotalPulses);
            Assert.AreEqual((long)10, rebooted[1].TotalPulses);
        }

        [TestMethod]
        public void A_changed_constant_keeps_the_energy_continuous()
        {
            var clock = new VirtualClock();
            var store = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
            PulseChannel[] channels = Channels("klefr forward");
            var totals = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), clock, Second);
            totals.Attach(channels);
            AddPulses(channels[0], 500); // 0.5 kWh at 1000 imp/kWh
            totals.SaveNow();

            var settings = new PulseChannelSettings("klefr forward", 4, 10000);
            settings.FilterMicroseconds = 2000;
            PulseChannel[] reconfigured = new PulseChannel[] { new PulseChannel(0, settings) };
            var restored = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), clock, Second);
            restored.Attach(reconfigured);
            restored.Restore();
            Assert.AreEqual((long)5000, reconfigured[0].TotalPulses);
            Assert.IsTrue(System.Math.Abs(reconfigured[0].EnergyKilowattHours - 0.5) < 1e-9);
        }

        /// <summary>
        /// A power cut at every byte offset of the save: boot always restores a total no older than the previous
        /// save (and the new one when the write completed), never a corrupt one; whatever the torn bytes look like.
        /// </summary>
        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public void A_save_torn_at_every_byte_offset_restores_the_previous_or_the_new_total_never_a_corrupt_one(int tail)
        {
            int recordLength = PowerSafeRecord.Overhead + PulseTotalsStore.HeaderLength + 3 * PulseTotalsStore.BytesPerChannel;
            for (int tearAt = 0; tearAt <= recordLength; tearAt++)
            {
                var clock = new VirtualClock();
                var store = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
                PulseChannel[] channels = Channels("house", "pv", "heat pump");
                var totals = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), clock, Second);
                totals.Attach(channels);
                totals.Restore();

                // Several saves so both slots hold older records; the last completed save holds 1000 + k.
                for (int save = 1; save <= 4; save++)
                {
                    AddPulses(channels[0], 1000);
                    AddPulses(channels[1], 7);
                    AddPulses(channels[2], 1);
                    Assert.IsTrue(totals.SaveNow());
                }

                long previousHouse = channels[0].TotalPulses;
                long previousPv = channels[1].TotalPulses;
                AddPulses(channels[0], 250);
                AddPulses(channels[1], 3);
                AddPulses(channels[2], 2);
                long newHouse = channels[0].TotalPulses;

                store.TearNextWriteAfter(tearAt, (TornTail)tail);
                totals.SaveNow(); // the power cut: this process never sees the return

                PulseChannel[] rebooted = Channels("house", "pv", "heat pump");
                var restored = new PulseTotalsStore(new PowerSafeRecord(store, PulseTotalsStore.RecordKind), new VirtualClock(), Second);
                restored.Attach(rebooted);
                RecordLoadResult result = restored.Restore();
                string where = "torn at byte " + tearAt.ToString() + " of " + recordLength.ToString() + ", tail " + tail.ToString();

                Assert.IsTrue(result == RecordLoadResult.Loaded || result == RecordLoadResult.LoadedAfterFallback, where);
                Assert.AreEqual(3, restored.RestoredChannelCount, where);
                long house = rebooted[0].TotalPulses;
                Assert.IsTrue(house == previousHouse || house == newHouse, where + ": restored " + house.ToString());
                Assert.IsTrue(house >= previousHouse, "never older than the previous save, " + where);
                if (tearAt < recordLength)
                {
                    Assert.AreEqual(previousHouse, house, where);
                    Assert.AreEqual(previousPv, rebooted[1].TotalPulses, where);
                }
                else
                {
                    Assert.AreEqual(newHouse, house, where);
                }
            }
        }

        private static PulseChannel[] Channels(string first)
        {
            return new PulseChannel[] { new PulseChannel(0, Settings(first)) };
        }

        private static PulseChannel[] Channels(string first, string second)
        {
            return new PulseChannel[] { new PulseChannel(0, Settings(first)), new PulseChannel(1, Settings(second)) };
        }

        private static PulseChannel[] Channels(string first, string second, string third)
        {
            return new PulseChannel[] { new PulseChannel(0, Settings(first)), new PulseChannel(1, Settings(second)), new PulseChannel(2, Settings(third)) };
        }

        private static PulseChannelSettings Settings(string name)
        {
            var settings = new PulseChannelSettings(name, 4, 1000);
            settings.FilterMicroseconds = 2000;
            return settings;
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
