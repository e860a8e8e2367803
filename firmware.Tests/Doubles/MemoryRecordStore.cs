using System;
using EspCollector.Core.Storage;

namespace EspCollector.Tests.Doubles
{
    /// <summary>How the bytes after the tear point look after a simulated power cut.</summary>
    public enum TornTail
    {
        /// <summary>The slot keeps its previous content after the tear point (a flash page rewritten in place).</summary>
        OldContent = 0,

        /// <summary>The bytes after the tear point read 0xFF (erased flash never programmed).</summary>
        Erased = 1,

        /// <summary>The slot ends at the tear point (a file truncated then partly written).</summary>
        Truncated = 2,
    }

    /// <summary>
    /// An in-memory <see cref="IRecordStore"/> that can tear the next write after N bytes, as a power cut at
    /// any instant would: the first N bytes are the new ones, the rest per <see cref="TornTail"/>. A torn write
    /// returns false (on the device the program would not even see the return).
    /// </summary>
    public sealed class MemoryRecordStore : IRecordStore
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private int _tearAfter = -1;
        private TornTail _tornTail;
        private int _writeCount;
        private bool _failWrites;

        public MemoryRecordStore(int slotCount, int slotCapacity)
        {
            _slots = new byte[slotCount][];
            _lengths = new int[slotCount];
            for (int slot = 0; slot < slotCount; slot++)
            {
                _slots[slot] = new byte[slotCapacity];
            }
        }

        public int SlotCount
        {
            get { return _slots.Length; }
        }

        public int SlotCapacity
        {
            get { return _slots[0].Length; }
        }

        /// <summary>Writes attempted so far (flash wear accounting in tests).</summary>
        public int WriteCount
        {
            get { return _writeCount; }
        }

        /// <summary>When set, every write reports failure without changing the slot.</summary>
        public bool FailWrites
        {
            get { return _failWrites; }
            set { _failWrites = value; }
        }

        /// <summary>The next write stores only its first <paramref name="bytes"/> bytes.</summary>
        public void TearNextWriteAfter(int bytes, TornTail tail)
        {
            _tearAfter = bytes;
            _tornTail = tail;
        }

        public int Read(int slot, byte[] buffer, int offset)
        {
            int length = _lengths[slot];
            Array.Copy(_slots[slot], 0, buffer, offset, length);
            return length;
        }

        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count > SlotCapacity)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            _writeCount++;
            if (_failWrites)
            {
                return false;
            }

            byte[] target = _slots[slot];
            if (_tearAfter < 0)
            {
                Array.Copy(buffer, offset, target, 0, count);
                _lengths[slot] = count;
                return true;
            }

            int written = _tearAfter < count ? _tearAfter : count;
            _tearAfter = -1;
            Array.Copy(buffer, offset, target, 0, written);
            if (_tornTail == TornTail.Truncated)
            {
                _lengths[slot] = written;
            }
            else
            {
                if (_tornTail == TornTail.Erased)
                {
                    for (int index = written; index < count; index++)
                    {
                        target[index] = 0xFF;
                    }
                }

                // Old content keeps its old bytes; the slot reads at least the intended length either way.
                if (_lengths[slot] < count)
                {
                    if (_tornTail == TornTail.OldContent)
                    {
                        for (int index = (_lengths[slot] > written ? _lengths[slot] : written); index < count; index++)
                        {
                            target[index] = 0xFF;
                        }
                    }

                    _lengths[slot] = count;
                }
            }

            return written == count;
        }

        /// <summary>Flips one bit of a stored slot (flash damage after the fact).</summary>
        public void FlipBit(int slot, int byteIndex, int bit)
        {
            _slots[slot][byteIndex] ^= (byte)(1 << bit);
        }

        /// <summary>Bytes the slot holds (for assertions).</summary>
        public int LengthOf(int slot)
        {
            return _lengths[slot];
        }
    }
}
