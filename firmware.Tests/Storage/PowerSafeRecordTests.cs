using System;
using EspCollector.Core.Storage;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Storage
{
    [TestClass]
    public class PowerSafeRecordTests
    {
        private const byte Kind = (byte)'T';

        [TestMethod]
        public void Crc32_of_123456789_is_the_IEEE_check_value()
        {
            byte[] digits = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual((uint)0xCBF43926, Crc32.Compute(digits, 0, digits.Length));
        }

        [TestMethod]
        public void Empty_store_loads_as_empty()
        {
            var record = new PowerSafeRecord(new MemoryRecordStore(2, 64), Kind);
            Assert.AreEqual((int)RecordLoadResult.Empty, (int)record.Load(new byte[64], 0));
            Assert.AreEqual(-1, record.NewestSlot);
        }

        [TestMethod]
        public void Saves_alternate_between_slots_and_the_newest_is_loaded_after_reboot()
        {
            var store = new MemoryRecordStore(2, 64);
            var record = new PowerSafeRecord(store, Kind);
            byte[] payload = new byte[8];
            for (int save = 1; save <= 5; save++)
            {
                Fill(payload, save);
                Assert.IsTrue(record.Save(3, payload, 0, payload.Length));
                Assert.AreEqual((save - 1) % 2, record.NewestSlot, "slot of save " + save.ToString());
                Assert.AreEqual((uint)save, record.Sequence);
            }

            var rebooted = new PowerSafeRecord(store, Kind);
            byte[] loaded = new byte[32];
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)rebooted.Load(loaded, 0));
            Assert.AreEqual(8, rebooted.PayloadLength);
            Assert.AreEqual(3, rebooted.SchemaVersion);
            Assert.AreEqual((uint)5, rebooted.Sequence);
            Assert.AreEqual(5, PayloadMarker(loaded));
        }

        [TestMethod]
        public void Sequence_comparison_is_wrap_safe()
        {
            Assert.IsTrue(PowerSafeRecord.IsNewer(1, 0xFFFFFFFF));
            Assert.IsTrue(PowerSafeRecord.IsNewer(0, 0xFFFFFFFF));
            Assert.IsFalse(PowerSafeRecord.IsNewer(0xFFFFFFFF, 1));
            Assert.IsTrue(PowerSafeRecord.IsNewer(0x80000000, 0x7FFFFFFF));
            Assert.IsFalse(PowerSafeRecord.IsNewer(7, 7));
        }

        [TestMethod]
        public void Newest_record_wins_across_the_sequence_wrap()
        {
            // Slot 0 holds sequence 0xFFFFFFFF, slot 1 then receives sequence 0: slot 1 must win.
            var store = new MemoryRecordStore(2, 64);
            byte[] image = new byte[64];
            byte[] payload = new byte[4];
            Fill(payload, 1);
            int length = BuildRecord(image, 0xFFFFFFFF, payload);
            store.Write(0, image, 0, length);

            var record = new PowerSafeRecord(store, Kind);
            byte[] loaded = new byte[16];
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)record.Load(loaded, 0));
            Assert.AreEqual(0xFFFFFFFF, record.Sequence);

            Fill(payload, 2);
            Assert.IsTrue(record.Save(1, payload, 0, payload.Length));
            Assert.AreEqual(1, record.NewestSlot);
            Assert.AreEqual((uint)0, record.Sequence);

            var rebooted = new PowerSafeRecord(store, Kind);
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)rebooted.Load(loaded, 0));
            Assert.AreEqual(2, PayloadMarker(loaded));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public void A_write_torn_at_every_byte_offset_leaves_the_previous_record_loadable(int tail)
        {
            byte[] payload = new byte[20];
            int recordLength = payload.Length + PowerSafeRecord.Overhead;
            for (int tearAt = 0; tearAt <= recordLength; tearAt++)
            {
                var store = new MemoryRecordStore(2, 64);
                var record = new PowerSafeRecord(store, Kind);

                // Three saves so both slots hold records and the next save overwrites a real older record.
                for (int save = 1; save <= 3; save++)
                {
                    Fill(payload, save);
                    Assert.IsTrue(record.Save(1, payload, 0, payload.Length));
                }

                Fill(payload, 4);
                store.TearNextWriteAfter(tearAt, (TornTail)tail);
                record.Save(1, payload, 0, payload.Length);

                var rebooted = new PowerSafeRecord(store, Kind);
                byte[] loaded = new byte[64];
                RecordLoadResult result = rebooted.Load(loaded, 0);
                int marker = PayloadMarker(loaded);
                string where = "torn at " + tearAt.ToString() + " tail " + tail.ToString();
                if (tearAt >= recordLength)
                {
                    Assert.AreEqual((int)RecordLoadResult.Loaded, (int)result, where);
                    Assert.AreEqual(4, marker, where);
                }
                else
                {
                    Assert.IsTrue(result == RecordLoadResult.Loaded || result == RecordLoadResult.LoadedAfterFallback, where);
                    Assert.AreEqual(3, marker, where);
                    Assert.IsTrue(IsConsistent(loaded, 20), "payload intact, " + where);

                    // After the reboot the next save goes to the damaged slot again, never over the survivor.
                    Fill(payload, 5);
                    Assert.IsTrue(rebooted.Save(1, payload, 0, payload.Length), where);
                    var again = new PowerSafeRecord(store, Kind);
                    Assert.AreEqual((int)RecordLoadResult.Loaded, (int)again.Load(loaded, 0), where);
                    Assert.AreEqual(5, PayloadMarker(loaded), where);
                }
            }
        }

        [TestMethod]
        public void A_flipped_bit_in_the_newest_record_falls_back_to_the_previous_one()
        {
            var store = new MemoryRecordStore(2, 64);
            var record = new PowerSafeRecord(store, Kind);
            byte[] payload = new byte[10];
            Fill(payload, 1);
            record.Save(1, payload, 0, payload.Length);
            Fill(payload, 2);
            record.Save(1, payload, 0, payload.Length);

            store.FlipBit(1, PowerSafeRecord.HeaderLength + 3, 5);

            var rebooted = new PowerSafeRecord(store, Kind);
            byte[] loaded = new byte[64];
            Assert.AreEqual((int)RecordLoadResult.LoadedAfterFallback, (int)rebooted.Load(loaded, 0));
            Assert.AreEqual(1, rebooted.DamagedSlotCount);
            Assert.AreEqual(1, PayloadMarker(loaded));
        }

        [TestMethod]
        public void A_record_of_another_kind_is_not_loaded()
        {
            var store = new MemoryRecordStore(2, 64);
            new PowerSafeRecord(store, (byte)'C').Save(1, new byte[4], 0, 4);

            var other = new PowerSafeRecord(store, (byte)'P');
            Assert.AreEqual((int)RecordLoadResult.Corrupt, (int)other.Load(new byte[64], 0));
        }

        [TestMethod]
        public void A_failed_write_keeps_the_previous_record_newest_and_retries_the_same_slot()
        {
            var store = new MemoryRecordStore(2, 64);
            var record = new PowerSafeRecord(store, Kind);
            byte[] payload = new byte[6];
            Fill(payload, 1);
            Assert.IsTrue(record.Save(1, payload, 0, payload.Length));

            store.FailWrites = true;
            Fill(payload, 2);
            Assert.IsFalse(record.Save(1, payload, 0, payload.Length));
            Assert.AreEqual(1, record.SaveFailureCount);
            Assert.AreEqual(0, record.NewestSlot);

            store.FailWrites = false;
            Assert.IsTrue(record.Save(1, payload, 0, payload.Length));
            Assert.AreEqual(1, record.NewestSlot);
            Assert.AreEqual((uint)2, record.Sequence);
        }

        [TestMethod]
        public void A_payload_larger_than_the_callers_buffer_is_reported_not_copied()
        {
            var store = new MemoryRecordStore(2, 64);
            var record = new PowerSafeRecord(store, Kind);
            record.Save(1, new byte[40], 0, 40);
            Assert.AreEqual((int)RecordLoadResult.PayloadTooLarge, (int)new PowerSafeRecord(store, Kind).Load(new byte[10], 0));
        }

        [TestMethod]
        public void Save_without_load_still_protects_the_newest_record()
        {
            var store = new MemoryRecordStore(2, 64);
            var first = new PowerSafeRecord(store, Kind);
            byte[] payload = new byte[4];
            Fill(payload, 1);
            first.Save(1, payload, 0, 4);
            Fill(payload, 2);
            first.Save(1, payload, 0, 4); // slot 1 newest

            var second = new PowerSafeRecord(store, Kind);
            Fill(payload, 3);
            Assert.IsTrue(second.Save(1, payload, 0, 4));
            Assert.AreEqual(0, second.NewestSlot);
            Assert.AreEqual((uint)3, second.Sequence);
        }

        [TestMethod]
        public void Loading_in_place_leaves_the_newest_payload_in_the_records_buffer_and_falls_back_like_a_copy()
        {
            var store = new MemoryRecordStore(2, 64);
            var record = new PowerSafeRecord(store, Kind);
            byte[] payload = new byte[10];
            Fill(payload, 1);
            record.Save(2, payload, 0, payload.Length);
            Fill(payload, 2);
            record.Save(3, payload, 0, 7);

            var rebooted = new PowerSafeRecord(store, Kind);
            Assert.AreEqual((int)RecordLoadResult.Loaded, (int)rebooted.LoadInPlace());
            Assert.AreEqual(7, rebooted.PayloadLength);
            Assert.AreEqual(3, rebooted.SchemaVersion);
            Assert.AreEqual(PowerSafeRecord.HeaderLength, rebooted.PayloadOffset);
            byte[] inPlace = new byte[7];
            Array.Copy(rebooted.PayloadBuffer, rebooted.PayloadOffset, inPlace, 0, 7);
            Assert.AreEqual(2, PayloadMarker(inPlace));
            Assert.IsTrue(IsConsistent(inPlace, 7));

            store.FlipBit(1, PowerSafeRecord.HeaderLength + 3, 5);
            var damaged = new PowerSafeRecord(store, Kind);
            Assert.AreEqual((int)RecordLoadResult.LoadedAfterFallback, (int)damaged.LoadInPlace());
            Assert.AreEqual(10, damaged.PayloadLength);
            Assert.AreEqual(2, damaged.SchemaVersion);
            Assert.AreEqual(1, damaged.PayloadBuffer[damaged.PayloadOffset] / 7);

            Assert.AreEqual((int)RecordLoadResult.Empty, (int)new PowerSafeRecord(new MemoryRecordStore(2, 64), Kind).LoadInPlace());
            store.FlipBit(0, 2, 0);
            Assert.AreEqual((int)RecordLoadResult.Corrupt, (int)new PowerSafeRecord(store, Kind).LoadInPlace());
        }

        [TestMethod]
        public void A_store_is_checked_without_making_a_record()
        {
            PowerSafeRecord.CheckStore(new MemoryRecordStore(2, 64));
            Assert.ThrowsException(typeof(ArgumentNullException), () => PowerSafeRecord.CheckStore(null));
            Assert.ThrowsException(typeof(ArgumentException), () => PowerSafeRecord.CheckStore(new MemoryRecordStore(1, 64)));
            Assert.ThrowsException(typeof(ArgumentException), () => PowerSafeRecord.CheckStore(new MemoryRecordStore(2, PowerSafeRecord.Overhead)));
        }

        /// <summary>Payload pattern: byte i = marker * 7 + i, so any mix of two payloads is detectable.</summary>
        private static void Fill(byte[] payload, int marker)
        {
            for (int index = 0; index < payload.Length; index++)
            {
                payload[index] = (byte)(marker * 7 + index);
            }
        }

        private static int PayloadMarker(byte[] payload)
        {
            return payload[0] / 7;
        }

        private static bool IsConsistent(byte[] payload, int length)
        {
            for (int index = 0; index < length; index++)
            {
                if (payload[index] != (byte)(payload[0] + index))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Builds a record image by hand from the documented layout (independent of Save).</summary>
        private static int BuildRecord(byte[] image, uint sequence, byte[] payload)
        {
            image[0] = 0x45;
            image[1] = 0x43;
            image[2] = PowerSafeRecord.FormatVersion;
            image[3] = Kind;
            LittleEndian.WriteUInt16(image, 4, 1);
            LittleEndian.WriteUInt16(image, 6, payload.Length);
            LittleEndian.WriteUInt32(image, 8, sequence);
            Array.Copy(payload, 0, image, PowerSafeRecord.HeaderLength, payload.Length);
            uint crc = Crc32.Compute(image, 0, PowerSafeRecord.HeaderLength + payload.Length);
            LittleEndian.WriteUInt32(image, PowerSafeRecord.HeaderLength + payload.Length, crc);
            return payload.Length + PowerSafeRecord.Overhead;
        }
    }
}
