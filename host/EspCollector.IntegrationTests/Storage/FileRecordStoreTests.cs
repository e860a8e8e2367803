using System;
using System.IO;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Storage;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Storage
{
    /// <summary>
    /// The power-safe record on real files (the host twin of the device's LittleFS files): a save torn by
    /// truncating the new slot's file at every byte offset, or by leaving the old file's tail behind the new
    /// prefix, always reloads the previous record or the new one, never a corrupt one.
    /// </summary>
    [TestClass]
    public class FileRecordStoreTests
    {
        // Static, set by CreateDirectory: the launcher, like the device's, never creates an instance of a test class.
        private static string _directory;

        [Setup]
        public void CreateDirectory()
        {
            _directory = Path.Combine(Path.GetTempPath(), "espcollector-storage-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        [Cleanup]
        public void DeleteDirectory()
        {
            if (_directory != null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }

        [TestMethod]
        public void Records_survive_in_files_and_alternate_between_them()
        {
            var store = new FileRecordStore(Path.Combine(_directory, "config"), 2, 256);
            var record = new PowerSafeRecord(store, (byte)'C');
            Assert.AreEqual((int)RecordLoadResult.Empty, (int)record.Load(new byte[256], 0));
            for (int save = 1; save <= 3; save++)
            {
                Assert.IsTrue(record.Save(2, Payload(save, 40), 0, 40));
            }

            Assert.IsTrue(File.Exists(store.PathOf(0)) && File.Exists(store.PathOf(1)));
            var reopened = new PowerSafeRecord(new FileRecordStore(Path.Combine(_directory, "config"), 2, 256), (byte)'C');
            byte[] loaded = new byte[256];
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)reopened.Load(loaded, 0));
            Assert.AreEqual(3, (int)loaded[0]);
            Assert.AreEqual(2, reopened.SchemaVersion);
        }

        [TestMethod]
        public void A_file_truncated_at_every_offset_falls_back_to_the_previous_record()
        {
            string basePath = Path.Combine(_directory, "pulses");
            int payloadLength = 64;
            int recordLength = payloadLength + PowerSafeRecord.Overhead;
            for (int cut = 0; cut <= recordLength; cut++)
            {
                var store = new FileRecordStore(basePath, 2, 256);
                var record = new PowerSafeRecord(store, (byte)'P');
                record.Save(1, Payload(1, payloadLength), 0, payloadLength);
                record.Save(1, Payload(2, payloadLength), 0, payloadLength);
                Assert.IsTrue(record.Save(1, Payload(3, payloadLength), 0, payloadLength)); // slot 0, newest
                int newest = record.NewestSlot;

                // Power cut during the save of record 3: its file holds only the first `cut` bytes.
                using (var stream = new FileStream(store.PathOf(newest), FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(cut);
                }

                var rebooted = new PowerSafeRecord(new FileRecordStore(basePath, 2, 256), (byte)'P');
                byte[] loaded = new byte[256];
                RecordLoadResult result = rebooted.Load(loaded, 0);
                string where = "cut at " + cut;
                Assert.IsTrue(result == RecordLoadResult.Loaded || result == RecordLoadResult.LoadedAfterFallback, where);
                Assert.AreEqual(cut == recordLength ? 3 : 2, (int)loaded[0], where);
                Assert.IsTrue(Consistent(loaded, payloadLength), where);
                Assert.AreEqual(cut == 0 || cut == recordLength ? (int)RecordLoadResult.Loaded : (int)RecordLoadResult.LoadedAfterFallback, (int)result, where);

                File.Delete(store.PathOf(0));
                File.Delete(store.PathOf(1));
            }
        }

        [TestMethod]
        public void A_new_prefix_over_an_old_file_is_detected_at_every_offset()
        {
            string basePath = Path.Combine(_directory, "inplace");
            int payloadLength = 24;
            int recordLength = payloadLength + PowerSafeRecord.Overhead;
            for (int cut = 1; cut < recordLength; cut++)
            {
                var store = new FileRecordStore(basePath, 2, 256);
                var record = new PowerSafeRecord(store, (byte)'P');
                record.Save(1, Payload(1, payloadLength), 0, payloadLength); // slot 0
                record.Save(1, Payload(2, payloadLength), 0, payloadLength); // slot 1
                byte[] oldImage = File.ReadAllBytes(store.PathOf(0));
                Assert.IsTrue(record.Save(1, Payload(3, payloadLength), 0, payloadLength)); // slot 0 again
                byte[] newImage = File.ReadAllBytes(store.PathOf(0));

                // An in-place rewrite cut after `cut` bytes: new prefix, old tail.
                byte[] torn = (byte[])oldImage.Clone();
                Array.Copy(newImage, torn, cut);
                File.WriteAllBytes(store.PathOf(0), torn);

                var rebooted = new PowerSafeRecord(new FileRecordStore(basePath, 2, 256), (byte)'P');
                byte[] loaded = new byte[256];
                RecordLoadResult result = rebooted.Load(loaded, 0);
                // While the cut is inside the bytes both records share (magic .. payload length), the file
                // still is the old record, which is valid; once a differing byte is written it is damaged.
                bool stillOld = torn.AsSpan().SequenceEqual(oldImage);
                Assert.AreEqual(stillOld ? (int)RecordLoadResult.Loaded : (int)RecordLoadResult.LoadedAfterFallback, (int)result, "cut " + cut);
                Assert.AreEqual(2, (int)loaded[0], "the newest intact record, cut " + cut);
            }
        }

        [TestMethod]
        public void Pulse_totals_persist_in_files_across_a_simulated_reboot()
        {
            string basePath = Path.Combine(_directory, "totals");
            var clock = new SystemClock();
            var settings = new PulseChannelSettings("house", 4, 3200);
            var channel = new PulseChannel(0, settings);
            var totals = new PulseTotalsStore(new PowerSafeRecord(new FileRecordStore(basePath, 2, PulseTotalsStore.RecommendedSlotCapacity), PulseTotalsStore.RecordKind), clock, 1000000);
            totals.Attach(new[] { channel });
            totals.Restore();
            long time = 0;
            for (int pulse = 0; pulse < 3200; pulse++)
            {
                channel.OnEdge(time, true);
                channel.OnEdge(time + 40000, false);
                time += 100000;
            }

            Assert.IsTrue(totals.SaveNow());

            var rebootedChannel = new PulseChannel(0, settings);
            var rebooted = new PulseTotalsStore(new PowerSafeRecord(new FileRecordStore(basePath, 2, PulseTotalsStore.RecommendedSlotCapacity), PulseTotalsStore.RecordKind), clock, 1000000);
            rebooted.Attach(new[] { rebootedChannel });
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)rebooted.Restore());
            Assert.AreEqual(3200L, rebootedChannel.TotalPulses);
            Assert.IsTrue(Math.Abs(rebootedChannel.EnergyKilowattHours - 1.0) < 1e-12);
        }

        private static byte[] Payload(int marker, int length)
        {
            byte[] payload = new byte[length];
            for (int index = 0; index < length; index++)
            {
                payload[index] = (byte)(marker + index * 3);
            }

            return payload;
        }

        private static bool Consistent(byte[] payload, int length)
        {
            for (int index = 0; index < length; index++)
            {
                if (payload[index] != (byte)(payload[0] + index * 3))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
