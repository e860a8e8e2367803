using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Messages waiting for the broker, oldest first, in one byte arena allocated once. Each record is a
    /// two-byte length (big-endian) and its bytes, records back to back; a record that does not fit before
    /// the end of the arena starts again at offset 0 (the gap left at the end is remembered, not marked),
    /// so a record is always contiguous and can be handed to the transport or decoder in place. There are
    /// no per-message index arrays: 2 bytes of overhead per message, whatever the bound on messages.
    /// When a new record does not fit, or the message bound is reached, the oldest are dropped and counted:
    /// the newest readings are worth more than old ones, and the count is published in health.
    /// The ring knows nothing of what a record means (see <see cref="ReadingRecord"/>).
    /// Not thread-safe: the publisher serialises access.
    /// </summary>
    public sealed class StoreAndForwardRing
    {
        /// <summary>Bytes in front of every record: its length, 0..65535 (the arena is at most 20 KB).</summary>
        public const int RecordOverhead = 2;

        private readonly byte[] _arena;
        private readonly int _capacityMessages;

        // Live records: [_head, _tail) when not wrapped; [_head, _wrapAt) then [0, _tail) when wrapped.
        private int _head;
        private int _tail;
        private int _wrapAt;
        private bool _wrapped;
        private int _count;
        private int _usedBytes;
        private long _dropped;

        public StoreAndForwardRing(int capacityBytes, int capacityMessages)
        {
            if (capacityBytes < RecordOverhead + 1 || capacityBytes > 65535 || capacityMessages < 1)
            {
                throw new ArgumentOutOfRangeException("capacityBytes");
            }

            _arena = new byte[capacityBytes];
            _capacityMessages = capacityMessages;
        }

        /// <summary>Messages waiting.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Arena bytes in use by waiting messages, their length prefixes included.</summary>
        public int UsedBytes
        {
            get { return _usedBytes; }
        }

        public int CapacityBytes
        {
            get { return _arena.Length; }
        }

        /// <summary>Most messages held at once (a counter only: no memory per message).</summary>
        public int CapacityMessages
        {
            get { return _capacityMessages; }
        }

        /// <summary>Messages dropped since start: pushed out by newer ones, or larger than the whole arena.</summary>
        public long Dropped
        {
            get { return _dropped; }
        }

        /// <summary>The arena; the oldest message's bytes are at <see cref="OldestOffset"/>, <see cref="OldestLength"/>.</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>Largest message that can be queued at all.</summary>
        public int LargestMessage
        {
            get { return _arena.Length - RecordOverhead; }
        }

        /// <summary>
        /// Queues a copy of the payload. Drops the oldest messages until it fits; returns false (and counts
        /// the message as dropped) only when it is larger than the whole arena.
        /// </summary>
        public bool Enqueue(byte[] payload, int offset, int count)
        {
            int position = Reserve(count);
            if (position < 0)
            {
                return false;
            }

            Array.Copy(payload, offset, _arena, position, count);
            return true;
        }

        /// <summary>
        /// Makes room for a message of <paramref name="count"/> bytes at the new end, dropping the oldest as
        /// needed, and returns the arena offset where the caller writes it (the message is queued from now
        /// on); -1 (counted as dropped) when it is larger than the whole arena.
        /// </summary>
        public int Reserve(int count)
        {
            if (count < 0 || count > LargestMessage)
            {
                _dropped++;
                return -1;
            }

            int size = RecordOverhead + count;
            if (_count >= _capacityMessages)
            {
                DropOldest();
            }

            int position = FindSpace(size);
            while (position < 0)
            {
                DropOldest();
                position = FindSpace(size);
            }

            if (_count > 0 && !_wrapped && position < _tail)
            {
                // The record goes to the start: the live data now ends at the old tail.
                _wrapped = true;
                _wrapAt = _tail;
            }

            _arena[position] = (byte)(count >> 8);
            _arena[position + 1] = (byte)count;
            _tail = position + size;
            _count++;
            _usedBytes += size;
            return position + RecordOverhead;
        }

        /// <summary>Arena offset of the oldest message's bytes (0 when empty).</summary>
        public int OldestOffset
        {
            get { return _count == 0 ? 0 : _head + RecordOverhead; }
        }

        /// <summary>Length of the oldest message (0 when empty).</summary>
        public int OldestLength
        {
            get { return _count == 0 ? 0 : LengthAt(_head); }
        }

        /// <summary>Removes the oldest message after it has been published.</summary>
        public void RemoveOldest()
        {
            if (_count == 0)
            {
                return;
            }

            int size = RecordOverhead + LengthAt(_head);
            _usedBytes -= size;
            _count--;
            _head += size;
            if (_count == 0)
            {
                _head = 0;
                _tail = 0;
                _wrapped = false;
            }
            else if (_wrapped && _head >= _wrapAt)
            {
                _head = 0;
                _wrapped = false;
            }
        }

        /// <summary>Drops every waiting message, counting each.</summary>
        public void DropAll()
        {
            while (_count > 0)
            {
                DropOldest();
            }
        }

        public void Clear()
        {
            while (_count > 0)
            {
                RemoveOldest();
            }
        }

        /// <summary>
        /// Walks the waiting messages oldest first without removing them: start with the oldest message's
        /// offset (<see cref="OldestOffset"/>), then pass each offset here for the next one.
        /// </summary>
        public int NextOffset(int offset)
        {
            int next = offset + LengthAt(offset - RecordOverhead);
            if (_wrapped && next == _wrapAt)
            {
                return RecordOverhead;
            }

            return next + RecordOverhead;
        }

        /// <summary>Length of the message whose bytes start at <paramref name="offset"/>.</summary>
        public int LengthOf(int offset)
        {
            return LengthAt(offset - RecordOverhead);
        }

        private int LengthAt(int recordStart)
        {
            return (_arena[recordStart] << 8) | _arena[recordStart + 1];
        }

        private void DropOldest()
        {
            RemoveOldest();
            _dropped++;
        }

        /// <summary>Arena position where a record of <paramref name="size"/> bytes fits after the newest one, or -1.</summary>
        private int FindSpace(int size)
        {
            if (_count == 0)
            {
                return size <= _arena.Length ? 0 : -1;
            }

            if (_wrapped)
            {
                // Used [_head, _wrapAt) and [0, _tail); free [_tail, _head).
                return _tail + size <= _head ? _tail : -1;
            }

            // Used [_head, _tail); free after it, then before _head.
            if (_tail + size <= _arena.Length)
            {
                return _tail;
            }

            return size <= _head ? 0 : -1;
        }
    }
}
