namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Preallocated ring of edge words (timestamp in microseconds and level), written by the capture callback
    /// (single producer) and drained by <see cref="PulseProcessor"/> (single consumer), without locks.
    ///
    /// Why no lock is needed: the producer only writes the slot at <c>_head</c> and then advances
    /// <c>_head</c>; the consumer only reads slots below <c>_head</c> and then advances <c>_tail</c>. Each
    /// index is written by one side only, and an int field store is atomic on nanoCLR (and on .NET). nanoCLR
    /// runs all managed threads on one native task, switching only between IL instructions, so the slot store
    /// is complete before the head store is seen by the other thread; the 64-bit slot is never read while it
    /// can be written, because the producer refuses to write when the ring is full (head - tail == capacity).
    /// (On the host the tests and the benchmark drive both sides from one thread.)
    ///
    /// When the ring is full the NEW edge is dropped and <see cref="OverflowCount"/> counts it: an overflow is
    /// always reported, never silent. Record allocates nothing and never blocks.
    /// </summary>
    public sealed class EdgeRing
    {
        /// <summary>64 edges = 32 pulses: 160 ms of a 200 Hz input between two processing passes.</summary>
        public const int DefaultCapacity = 64;

        private readonly long[] _edges;
        private readonly int _mask;
        private int _head;
        private int _tail;
        private int _overflowCount;

        /// <param name="capacity">A power of two (index wrap by mask).</param>
        public EdgeRing(int capacity)
        {
            if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            _edges = new long[capacity];
            _mask = capacity - 1;
        }

        public int Capacity
        {
            get { return _edges.Length; }
        }

        /// <summary>Edges waiting to be processed.</summary>
        public int Count
        {
            get { return _head - _tail; }
        }

        /// <summary>Edges dropped because the ring was full (written by the producer only).</summary>
        public int OverflowCount
        {
            get { return _overflowCount; }
        }

        /// <summary>Producer side (capture callback): records one edge. Returns false when dropped.</summary>
        public bool Record(long timestampMicroseconds, bool active)
        {
            int head = _head;
            if (head - _tail >= _edges.Length)
            {
                _overflowCount++;
                return false;
            }

            _edges[head & _mask] = Encode(timestampMicroseconds, active);
            _head = head + 1;
            return true;
        }

        /// <summary>Consumer side: takes the oldest edge word; false when empty.</summary>
        public bool TryTake(out long edge)
        {
            int tail = _tail;
            if (tail == _head)
            {
                edge = 0;
                return false;
            }

            edge = _edges[tail & _mask];
            _tail = tail + 1;
            return true;
        }

        /// <summary>Edge word: timestamp times two, plus one when the edge enters the active level.</summary>
        public static long Encode(long timestampMicroseconds, bool active)
        {
            return (timestampMicroseconds << 1) | (active ? 1L : 0L);
        }

        public static long TimestampOf(long edge)
        {
            return edge >> 1;
        }

        public static bool IsActive(long edge)
        {
            return (edge & 1) != 0;
        }
    }
}
