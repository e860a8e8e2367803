using System;

namespace EspCollector.Core.Storage
{
    /// <summary>
    /// A record that survives a power cut at any instant of a save: write-new-then-switch over two or more
    /// slots of an <see cref="IRecordStore"/>. Each save goes to the slot AFTER the newest valid one (with two
    /// slots: the older one), so a torn write can only damage a slot that did not hold the newest record; boot
    /// loads the valid record with the highest sequence number.
    ///
    /// Slot layout (little-endian; offsets in bytes):
    ///   0  magic 'E','C' (0x45 0x43)
    ///   2  format version of this layout (1)
    ///   3  record kind, chosen by the owner ('P' pulse totals, 'C' configuration) so that one store can
    ///      never be loaded as the other
    ///   4  schema version of the payload (uint16), chosen by the owner, for migrations
    ///   6  payload length (uint16)
    ///   8  sequence number (uint32), +1 per save, compared wrap-safe (serial-number arithmetic, RFC 1982)
    ///  12  payload
    ///  12+n CRC-32 (IEEE) over bytes 0 .. 12+n-1
    ///
    /// Allocation-free after construction: one work buffer of the slot capacity, caller-owned payload buffers (or the
    /// payload read in place in the work buffer, <see cref="LoadInPlace"/>).
    /// Not thread-safe: one owner calls Load and Save.
    /// </summary>
    public sealed class PowerSafeRecord
    {
        public const int HeaderLength = 12;
        public const int CrcLength = 4;
        public const int Overhead = HeaderLength + CrcLength;
        public const byte FormatVersion = 1;

        private const byte MagicFirst = 0x45;  // 'E'
        private const byte MagicSecond = 0x43; // 'C'

        private readonly IRecordStore _store;
        private readonly byte _recordKind;
        private readonly byte[] _work;

        private bool _scanned;
        private int _newestSlot = -1;
        private uint _newestSequence;
        private int _newestSchemaVersion;
        private int _newestPayloadLength;
        private int _damagedSlotCount;

        private int _saveCount;
        private int _saveFailureCount;

        public PowerSafeRecord(IRecordStore store, byte recordKind)
        {
            CheckStore(store);
            _store = store;
            _recordKind = recordKind;
            _work = new byte[store.SlotCapacity];
        }

        /// <summary>
        /// Throws when the store cannot hold a power-safe record (fewer than two slots, or a slot capacity that leaves
        /// no payload or more than a 16-bit length). Allocates nothing: an owner that makes its record only for a
        /// load or a save checks its store once, at boot, without a slot-sized work buffer.
        /// </summary>
        public static void CheckStore(IRecordStore store)
        {
            if (store == null)
            {
                throw new ArgumentNullException("store");
            }

            if (store.SlotCount < 2)
            {
                throw new ArgumentException("a power-safe record needs at least two slots");
            }

            if (store.SlotCapacity <= Overhead || store.SlotCapacity - Overhead > 0xFFFF)
            {
                throw new ArgumentException("slot capacity must leave room for the header and CRC");
            }
        }

        /// <summary>Largest payload one record can carry.</summary>
        public int MaximumPayloadLength
        {
            get { return _work.Length - Overhead; }
        }

        /// <summary>Sequence number of the newest valid record (0 when none).</summary>
        public uint Sequence
        {
            get { return _newestSequence; }
        }

        /// <summary>Slot holding the newest valid record, -1 when none.</summary>
        public int NewestSlot
        {
            get { return _newestSlot; }
        }

        /// <summary>Schema version of the newest valid record (as loaded or saved).</summary>
        public int SchemaVersion
        {
            get { return _newestSchemaVersion; }
        }

        /// <summary>Payload length of the newest valid record.</summary>
        public int PayloadLength
        {
            get { return _newestPayloadLength; }
        }

        /// <summary>Slots that held bytes failing the checks at the last Load.</summary>
        public int DamagedSlotCount
        {
            get { return _damagedSlotCount; }
        }

        public int SaveCount
        {
            get { return _saveCount; }
        }

        public int SaveFailureCount
        {
            get { return _saveFailureCount; }
        }

        /// <summary>
        /// Finds the newest valid record and copies its payload into <paramref name="payload"/> at
        /// <paramref name="offset"/>; <see cref="PayloadLength"/> and <see cref="SchemaVersion"/> describe it.
        /// </summary>
        public RecordLoadResult Load(byte[] payload, int offset)
        {
            int slotsWithBytes = Scan();
            if (_newestSlot < 0)
            {
                return slotsWithBytes == 0 ? RecordLoadResult.Empty : RecordLoadResult.Corrupt;
            }

            if (payload == null || offset < 0 || payload.Length - offset < _newestPayloadLength)
            {
                return RecordLoadResult.PayloadTooLarge;
            }

            RecordLoadResult result = ReadNewest();
            if (result != RecordLoadResult.Corrupt)
            {
                Array.Copy(_work, HeaderLength, payload, offset, _newestPayloadLength);
            }

            return result;
        }

        /// <summary>
        /// Finds the newest valid record and leaves it in the record's own work buffer: its payload is
        /// <see cref="PayloadBuffer"/> from <see cref="PayloadOffset"/>, <see cref="PayloadLength"/> bytes, until the
        /// next Load or Save. For an owner that reads the payload once (the configuration at boot): no second
        /// slot-sized buffer. Same results as <see cref="Load(byte[], int)"/> (never PayloadTooLarge).
        /// </summary>
        public RecordLoadResult LoadInPlace()
        {
            int slotsWithBytes = Scan();
            if (_newestSlot < 0)
            {
                return slotsWithBytes == 0 ? RecordLoadResult.Empty : RecordLoadResult.Corrupt;
            }

            return ReadNewest();
        }

        /// <summary>Where <see cref="LoadInPlace"/> leaves the payload (the work buffer; overwritten by the next Load or Save).</summary>
        public byte[] PayloadBuffer
        {
            get { return _work; }
        }

        /// <summary>Offset of the payload in <see cref="PayloadBuffer"/>.</summary>
        public int PayloadOffset
        {
            get { return HeaderLength; }
        }

        /// <summary>Reads the slot the scan chose into the work buffer again and checks it is still that record.</summary>
        private RecordLoadResult ReadNewest()
        {
            // The scan validated every slot through the one work buffer; read the winner again to copy it.
            int length = _store.Read(_newestSlot, _work, 0);
            if (Validate(length) != _newestPayloadLength || Sequence != LittleEndian.ReadUInt32(_work, 8))
            {
                // The slot changed between two reads: nothing else writes it, so this is failing storage.
                _damagedSlotCount++;
                _newestSlot = -1;
                return RecordLoadResult.Corrupt;
            }

            return _damagedSlotCount > 0 ? RecordLoadResult.LoadedAfterFallback : RecordLoadResult.Loaded;
        }

        /// <summary>
        /// Writes a new record into the slot after the newest valid one and reads it back. Returns false when
        /// the store reported a failure or the read-back does not verify; the previous record stays the
        /// newest valid one, and the next save targets the same slot again.
        /// </summary>
        public bool Save(int schemaVersion, byte[] payload, int offset, int count)
        {
            if (count < 0 || count > MaximumPayloadLength)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (schemaVersion < 0 || schemaVersion > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException("schemaVersion");
            }

            if (!_scanned)
            {
                Scan();
            }

            int slot = _newestSlot < 0 ? 0 : (_newestSlot + 1) % _store.SlotCount;
            uint sequence = _newestSequence + 1;

            _work[0] = MagicFirst;
            _work[1] = MagicSecond;
            _work[2] = FormatVersion;
            _work[3] = _recordKind;
            LittleEndian.WriteUInt16(_work, 4, schemaVersion);
            LittleEndian.WriteUInt16(_work, 6, count);
            LittleEndian.WriteUInt32(_work, 8, sequence);
            if (count > 0)
            {
                Array.Copy(payload, offset, _work, HeaderLength, count);
            }

            uint crc = Crc32.Compute(_work, 0, HeaderLength + count);
            LittleEndian.WriteUInt32(_work, HeaderLength + count, crc);

            int recordLength = count + Overhead;
            bool written = _store.Write(slot, _work, 0, recordLength);

            // Read back: a flash that acknowledged the write but kept other bytes must not be trusted as the
            // newest record (the old one would then be overwritten by the next save).
            if (!written || Validate(_store.Read(slot, _work, 0)) != count || LittleEndian.ReadUInt32(_work, 8) != sequence)
            {
                _saveFailureCount++;
                return false;
            }

            _newestSlot = slot;
            _newestSequence = sequence;
            _newestSchemaVersion = schemaVersion;
            _newestPayloadLength = count;
            _saveCount++;
            return true;
        }

        /// <summary>True when sequence <paramref name="candidate"/> is newer than <paramref name="reference"/>,
        /// also across the 2^32 wrap (RFC 1982 serial number arithmetic).</summary>
        public static bool IsNewer(uint candidate, uint reference)
        {
            return (int)(candidate - reference) > 0;
        }

        /// <summary>Validates every slot; remembers the newest valid one. Returns the count of slots with bytes.</summary>
        private int Scan()
        {
            _scanned = true;
            _newestSlot = -1;
            _newestSequence = 0;
            _newestSchemaVersion = 0;
            _newestPayloadLength = 0;
            _damagedSlotCount = 0;
            int slotsWithBytes = 0;

            for (int slot = 0; slot < _store.SlotCount; slot++)
            {
                int length = _store.Read(slot, _work, 0);
                if (length == 0)
                {
                    continue;
                }

                slotsWithBytes++;
                int payloadLength = Validate(length);
                if (payloadLength < 0)
                {
                    _damagedSlotCount++;
                    continue;
                }

                uint sequence = LittleEndian.ReadUInt32(_work, 8);
                if (_newestSlot < 0 || IsNewer(sequence, _newestSequence))
                {
                    _newestSlot = slot;
                    _newestSequence = sequence;
                    _newestSchemaVersion = LittleEndian.ReadUInt16(_work, 4);
                    _newestPayloadLength = payloadLength;
                }
            }

            return slotsWithBytes;
        }

        /// <summary>Checks the record in the work buffer; returns its payload length, or -1 when invalid.</summary>
        private int Validate(int length)
        {
            if (length < Overhead || length > _work.Length)
            {
                return -1;
            }

            if (_work[0] != MagicFirst || _work[1] != MagicSecond || _work[2] != FormatVersion || _work[3] != _recordKind)
            {
                return -1;
            }

            int payloadLength = LittleEndian.ReadUInt16(_work, 6);

            // A store may keep bytes after the record (erased flash, old content): only the declared length counts.
            if (payloadLength + Overhead > length)
            {
                return -1;
            }

            uint stored = LittleEndian.ReadUInt32(_work, HeaderLength + payloadLength);
            if (Crc32.Compute(_work, 0, HeaderLength + payloadLength) != stored)
            {
                return -1;
            }

            return payloadLength;
        }
    }
}
