using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Messages waiting for the broker, oldest first, in memory allocated once: a byte arena holding the
    /// payloads back to back (wrapping at the end) and parallel index arrays (topic, offset, length, retain,
    /// time queued). When a new message does not fit, the oldest are dropped and counted: the newest
    /// readings are worth more than old ones, and the count is published in health. Topics are the
    /// publisher's preallocated strings, so queuing copies bytes and allocates nothing.
    /// Not thread-safe: the publisher serialises access.
    /// </summary>
    public sealed class StoreAndForwardRing
    {
        private readonly byte[] _arena;
        private readonly string[] _topics;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly bool[] _retain;
        private readonly long[] _queuedAt;

        private int _first;
        private int _count;
        private int _usedBytes;
        private long _dropped;

        public StoreAndForwardRing(int capacityBytes, int capacityMessages)
        {
            if (capacityBytes < 1 || capacityMessages < 1)
            {
                throw new ArgumentOutOfRangeException("capacityBytes");
            }

            _arena = new byte[capacityBytes];
            _topics = new string[capacityMessages];
            _offsets = new int[capacityMessages];
            _lengths = new int[capacityMessages];
            _retain = new bool[capacityMessages];
            _queuedAt = new long[capacityMessages];
        }

        /// <summary>Messages waiting.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Arena bytes in use by waiting messages (each takes at least one byte).</summary>
        public int UsedBytes
        {
            get { return _usedBytes; }
        }

        public int CapacityBytes
        {
            get { return _arena.Length; }
        }

        public int CapacityMessages
        {
            get { return _topics.Length; }
        }

        /// <summary>Messages dropped since start: pushed out by newer ones, or larger than the whole arena.</summary>
        public long Dropped
        {
            get { return _dropped; }
        }

        /// <summary>The arena; a message's bytes are at <see cref="OldestOffset"/>, <see cref="OldestLength"/>.</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>
        /// Queues a copy of the payload. Drops the oldest messages until it fits; returns false (and counts
        /// the message as dropped) only when it is larger than the whole arena.
        /// </summary>
        public bool Enqueue(string topic, byte[] payload, int offset, int count, bool retain, long queuedAtMicroseconds)
        {
            // Every message occupies at least one byte, so offsets strictly increase until the arena wraps
            // and an empty payload never makes "wrapped" and "not wrapped" look alike.
            int size = count < 1 ? 1 : count;
            if (size > _arena.Length)
            {
                _dropped++;
                return false;
            }

            int position = FindSpace(size);
            while (position < 0)
            {
                DropOldest();
                position = FindSpace(size);
            }

            int slot = (_first + _count) % _topics.Length;
            Array.Copy(payload, offset, _arena, position, count);
            _topics[slot] = topic;
            _offsets[slot] = position;
            _lengths[slot] = count;
            _retain[slot] = retain;
            _queuedAt[slot] = queuedAtMicroseconds;
            _count++;
            _usedBytes += size;
            return true;
        }

        public string OldestTopic
        {
            get { return _count == 0 ? null : _topics[_first]; }
        }

        public int OldestOffset
        {
            get { return _count == 0 ? 0 : _offsets[_first]; }
        }

        public int OldestLength
        {
            get { return _count == 0 ? 0 : _lengths[_first]; }
        }

        public bool OldestRetain
        {
            get { return _count != 0 && _retain[_first]; }
        }

        public long OldestQueuedAtMicroseconds
        {
            get { return _count == 0 ? 0 : _queuedAt[_first]; }
        }

        /// <summary>Removes the oldest message after it has been published.</summary>
        public void RemoveOldest()
        {
            if (_count == 0)
            {
                return;
            }

            int size = _lengths[_first] < 1 ? 1 : _lengths[_first];
            _topics[_first] = null;
            _usedBytes -= size;
            _first = (_first + 1) % _topics.Length;
            _count--;
        }

        public void Clear()
        {
            while (_count > 0)
            {
                RemoveOldest();
            }
        }

        private void DropOldest()
        {
            RemoveOldest();
            _dropped++;
        }

        /// <summary>Arena position where <paramref name="size"/> bytes fit after the newest message, or -1.</summary>
        private int FindSpace(int size)
        {
            if (_count == _topics.Length)
            {
                return -1;
            }

            if (_count == 0)
            {
                return 0;
            }

            int newest = (_first + _count - 1) % _topics.Length;
            int oldestStart = _offsets[_first];
            int newestEnd = _offsets[newest] + (_lengths[newest] < 1 ? 1 : _lengths[newest]);
            if (_offsets[newest] >= oldestStart)
            {
                // Not wrapped: used [oldestStart, newestEnd); free after it, then before oldestStart.
                if (newestEnd + size <= _arena.Length)
                {
                    return newestEnd;
                }

                return size <= oldestStart ? 0 : -1;
            }

            // Wrapped: used [oldestStart, end) and [0, newestEnd); free [newestEnd, oldestStart).
            return newestEnd + size <= oldestStart ? newestEnd : -1;
        }
    }
}
