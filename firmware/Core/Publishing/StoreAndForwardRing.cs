using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Messages waiting for the broker, oldest first, in one byte arena allocated once. Each record is a
    /// two-byte length (big-endian) and its bytes, records back to back; a record that does not fit before
    /// the end of the arena starts again at offset 0 (the gap left at the end is remembered, not marked),
    /// so a record is always contiguous and can be handed to the transport or decoder in place. There are
    /// no per-message index arrays: 2 bytes of overhead per message, whatever the bound on messages.
    /// <para>
    /// When a new record does not fit, or the message bound is reached, room is made by THINNING, not by
    /// dropping the oldest run. Product requirement: "readings made while the broker is unreachable are kept,
    /// bounded, and delivered later in order; what must be dropped is counted and published", and "no reading
    /// is lost across reboots and outages" as far as the heap allows. Energy registers are cumulative, so a
    /// coarser series of a meter still accounts for all of its energy, while dropping the oldest would lose
    /// all but the last minutes of an outage (8 KB hold ~3 minutes of four meters polled every 10 s). So:
    /// </para>
    /// <list type="number">
    /// <item>Each series (the readings of one meter or pulse channel, told by <see cref="IRecordSeries"/> with
    /// each record's ordinal in its series) keeps only the records whose ordinal is a multiple of 2^level
    /// (<see cref="ThinningLevel"/>), plus its first record (the start of the outage) and its newest. The level
    /// starts at 1 and goes up by one whenever thinning at the current level does not make room, so the kept
    /// readings span the whole outage at an even interval (2^level polls, whatever their age), and the readings
    /// queued since the last thinning are all kept until the next.</item>
    /// <item>Records of no series (events) are never thinned. When nothing can be thinned any more (level 16,
    /// the ordinals' modulus), the oldest reading is dropped, and only when no reading is left the oldest
    /// event.</item>
    /// </list>
    /// Thinning compacts the kept records in place, in order (no allocation), and every record it removes is
    /// counted in <see cref="Dropped"/>. Without an <see cref="IRecordSeries"/> every record is treated like an
    /// event (oldest dropped first). The level goes back to 0 when the ring empties (the backlog was delivered).
    /// Not thread-safe: the publisher serialises access.
    /// </summary>
    public sealed class StoreAndForwardRing
    {
        /// <summary>Bytes in front of every record: its length, 0..65535 (the arena is at most 20 KB).</summary>
        public const int RecordOverhead = 2;

        /// <summary>Series numbers a record may have (one bit each in the thinning bitmap).</summary>
        public const int MaximumSeries = 256;

        /// <summary>Highest thinning level: ordinals are counted modulo 2^16.</summary>
        public const int MaximumLevel = 16;

        private readonly byte[] _arena;
        private readonly int _capacityMessages;
        private readonly IRecordSeries _series;

        // Per series during one thinning pass, one bit each: whether its first record was seen.
        private readonly int[] _seen;

        // Live records: [_head, _tail) when not wrapped; [_head, _wrapAt) then [0, _tail) when wrapped.
        private int _head;
        private int _tail;
        private int _wrapAt;
        private bool _wrapped;
        private int _count;
        private int _usedBytes;
        private long _dropped;

        // Thinning: records whose ordinal is not a multiple of 2^_level go when room is needed.
        private int _level;
        private long _thinned;

        /// <summary>A ring that drops the oldest records when full (no series: nothing is thinned).</summary>
        public StoreAndForwardRing(int capacityBytes, int capacityMessages)
            : this(capacityBytes, capacityMessages, null)
        {
        }

        /// <summary>A ring that thins the series <paramref name="series"/> tells when full (see the class summary).</summary>
        public StoreAndForwardRing(int capacityBytes, int capacityMessages, IRecordSeries series)
        {
            if (capacityBytes < RecordOverhead + 1 || capacityBytes > 65535 || capacityMessages < 1)
            {
                throw new ArgumentOutOfRangeException("capacityBytes");
            }

            _arena = new byte[capacityBytes];
            _capacityMessages = capacityMessages;
            _series = series;
            if (series != null)
            {
                _seen = new int[MaximumSeries / 32];
            }
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

        /// <summary>
        /// Messages dropped since start: thinned out, pushed out by newer ones, or larger than the whole arena.
        /// </summary>
        public long Dropped
        {
            get { return _dropped; }
        }

        /// <summary>Of <see cref="Dropped"/>, the readings removed by thinning their series.</summary>
        public long Thinned
        {
            get { return _thinned; }
        }

        /// <summary>
        /// The thinning level since the ring was last empty: of the readings older than the last thinning,
        /// those whose ordinal is a multiple of 2^level are kept (with each series' first and newest).
        /// </summary>
        public int ThinningLevel
        {
            get { return _level; }
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
        /// Queues a copy of the payload, making room (thinning, see the class summary) until it fits; returns
        /// false (and counts the message as dropped) only when it is larger than the whole arena.
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
        /// Makes room for a message of <paramref name="count"/> bytes at the new end, thinning or dropping as
        /// needed (see the class summary), and returns the arena offset where the caller writes it (the message is queued from now
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
            MakeRoom(size);
            int position = FindSpace(size);

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
                Reset();
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

        private void Reset()
        {
            _head = 0;
            _tail = 0;
            _wrapped = false;
            _count = 0;
            _usedBytes = 0;
            _level = 0;
        }

        private bool HasRoom(int size)
        {
            return _count < _capacityMessages && FindSpace(size) >= 0;
        }

        /// <summary>Thins, then drops, until a record of <paramref name="size"/> bytes fits (see the class summary).</summary>
        private void MakeRoom(int size)
        {
            if (HasRoom(size))
            {
                return;
            }

            if (_series != null)
            {
                // The readings queued since the last thinning go down to the current grid; then the grid
                // doubles until there is room.
                if (_level > 0)
                {
                    Compact(false);
                }

                while (!HasRoom(size) && _level < MaximumLevel)
                {
                    _level++;
                    Compact(false);
                }
            }

            // Every series is down to its first and newest reading and the multiples of 2^16 (or there is no
            // series): the oldest reading goes first, events only when no reading is left.
            while (!HasRoom(size))
            {
                if (_series == null || Compact(true) == 0)
                {
                    DropOldest();
                }
            }
        }

        /// <summary>
        /// One pass over the waiting records, oldest first: a record of a series goes unless it is the first of
        /// its series or its ordinal is a multiple of 2^level (or, with <paramref name="oldestReadingOnly"/>, only
        /// the oldest record of any series goes). Records of no series stay. The kept records move towards the
        /// oldest in place, in order; returns how many were dropped (all counted).
        /// </summary>
        private int Compact(bool oldestReadingOnly)
        {
            if (_count == 0)
            {
                return 0;
            }

            for (int w = 0; w < _seen.Length; w++)
            {
                _seen[w] = 0;
            }

            int grid = (1 << _level) - 1;

            // Read and write positions walk the records in order; write never overtakes read. Once read has
            // wrapped to the start of the arena, write may go on filling the end of the arena (free: every
            // record there was read) and wraps only when the next record does not fit there.
            int read = _head;
            int write = _head;
            bool writeWrapped = false;
            int wrapAt = _wrapAt;
            int records = _count;
            int dropped = 0;
            for (int i = 0; i < records; i++)
            {
                int size = RecordOverhead + LengthAt(read);
                int next = read + size;
                if (_wrapped && next == _wrapAt)
                {
                    next = 0;
                }

                int ordinal;
                int series = _series.SeriesOf(_arena, read + RecordOverhead, size - RecordOverhead, out ordinal);
                bool keep = true;
                if (series >= 0 && series < MaximumSeries)
                {
                    int word = series >> 5;
                    int bit = 1 << (series & 31);
                    bool first = (_seen[word] & bit) == 0;
                    _seen[word] |= bit;
                    keep = oldestReadingOnly ? dropped > 0 : first || (ordinal & grid) == 0;
                }

                if (keep)
                {
                    if (!writeWrapped && read < write && write + size > _arena.Length)
                    {
                        wrapAt = write;
                        write = 0;
                        writeWrapped = true;
                    }

                    MoveRecord(read, write, size);
                    write += size;
                }
                else
                {
                    dropped++;
                    _usedBytes -= size;
                }

                read = next;
            }

            _count -= dropped;
            _dropped += dropped;
            if (!oldestReadingOnly)
            {
                _thinned += dropped;
            }

            if (_count == 0)
            {
                Reset();
            }
            else if (!_wrapped || !writeWrapped)
            {
                // Everything now lies in [_head, write).
                _wrapped = false;
                _tail = write;
            }
            else if (write == 0)
            {
                // Nothing left at the start of the arena.
                _wrapped = false;
                _tail = wrapAt;
            }
            else if (wrapAt == _head)
            {
                // Nothing left at the end of the arena.
                _head = 0;
                _wrapped = false;
                _tail = write;
            }
            else
            {
                _wrapAt = wrapAt;
                _tail = write;
            }

            return dropped;
        }

        /// <summary>Moves a record to an earlier place in the walk; front to back, so overlapping is fine.</summary>
        private void MoveRecord(int from, int to, int size)
        {
            if (from == to)
            {
                return;
            }

            for (int i = 0; i < size; i++)
            {
                _arena[to + i] = _arena[from + i];
            }
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
