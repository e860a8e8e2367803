namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// One preallocated ring of edge words shared by all channels, written by the capture callback (single
    /// producer) and drained by <see cref="PulseProcessor"/> (single consumer), without locks.
    ///
    /// Edge word (32 bits): the edge's time in µs modulo 2^28 (bits 4..31), the channel (bits 1..3, up to
    /// <see cref="PulseChannelSettings.MaximumChannels"/>) and the level (bit 0: 1 when the edge enters the
    /// active level). The consumer rebuilds the full time from its own clock reading: an edge is taken at most
    /// <see cref="MaximumAgeMicroseconds"/> (251 s) after its time, since the main loop is rebooted after 180 s
    /// without a beat (firmware/Program.cs, main loop heartbeat), or less than <see cref="MaximumLeadMicroseconds"/>
    /// (16.7 s) before it (an edge recorded while a pass drains, or a test double recording ahead of its clock).
    /// A word is 4 bytes instead of the 8 of a 64-bit timestamp: 128 edges cost 540 B on the device heap. The
    /// per-channel overflow counters follow the ring's slots in the same array (one array header, not two).
    ///
    /// Why no lock is needed: the producer only writes the slot at <c>_head</c> and then advances <c>_head</c>;
    /// the consumer only reads slots below <c>_head</c> and then advances <c>_tail</c>. Each index is written by
    /// one side only, and an int store is atomic on nanoCLR (and on .NET). All GPIO callbacks run on the one CLR
    /// event thread (firmware/PLATFORM.md, GPIO), so the channels share one producer.
    ///
    /// When the ring is full the NEW edge is dropped and counted for its channel (<see cref="OverflowCountOf"/>):
    /// an overflow is always reported, never silent. Record allocates nothing and never blocks.
    /// </summary>
    public sealed class EdgeRing
    {
        /// <summary>
        /// Share of the ring per channel. An S0 input (EN 62053-31: pulse and pause at least 30 ms) makes at most
        /// 33 edges/s, so at most 4 between two processing passes 100 ms apart; 16 per channel hold 480 ms of every
        /// input at that rate at once.
        /// </summary>
        public const int EdgesPerChannel = 16;

        /// <summary>
        /// Smallest ring: 32 edges, 480 ms of two inputs at the S0 maximum. An input faster than S0 (KLEFR at
        /// 10000 imp/kWh: 2.5 ms pulses, 384 edges/s near its maximum, KLEFR manual technical data) fills it in
        /// 83 ms: count it with the hardware counter (PCNT on ESP32/S3, the default there), or configure more
        /// channels' worth of ring. The shared ring gives all its room to whichever input is busy.
        /// </summary>
        public const int MinimumCapacity = 32;

        /// <summary>Largest ring: the GPIO ISR queue holds 128 events and drops the oldest beyond that
        /// (firmware/PLATFORM.md, GPIO), so no larger burst reaches the callback at once.</summary>
        public const int MaximumCapacity = 128;

        public const int TimeBits = 28;
        private const int TimeMask = (1 << TimeBits) - 1;

        /// <summary>How far ahead of the consumer's clock an edge may be stamped and still be read right.</summary>
        public const long MaximumLeadMicroseconds = 1L << 24;

        /// <summary>How old an edge may be when it is taken and still be read right (2^28 µs less the lead).</summary>
        public const long MaximumAgeMicroseconds = (1L << TimeBits) - MaximumLeadMicroseconds;

        private readonly int[] _words;      // capacity edge words, then one overflow counter per channel
        private readonly int _mask;
        private int _head;
        private int _tail;

        /// <param name="capacity">A power of two (index wrap by mask), see <see cref="CapacityFor"/>.</param>
        /// <param name="channels">Channels that record into the ring (1..8).</param>
        public EdgeRing(int capacity, int channels)
        {
            if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            if (channels < 0 || channels > PulseChannelSettings.MaximumChannels)
            {
                throw new System.ArgumentOutOfRangeException("channels");
            }

            _words = new int[capacity + channels];
            _mask = capacity - 1;
        }

        /// <summary>The ring for <paramref name="channels"/> inputs: 16 edges each, at least 32, at most 128.</summary>
        public static int CapacityFor(int channels)
        {
            int capacity = MinimumCapacity;
            while (capacity < channels * EdgesPerChannel && capacity < MaximumCapacity)
            {
                capacity <<= 1;
            }

            return capacity;
        }

        public int Capacity
        {
            get { return _mask + 1; }
        }

        public int ChannelCount
        {
            get { return _words.Length - _mask - 1; }
        }

        /// <summary>Edges waiting to be processed.</summary>
        public int Count
        {
            get { return _head - _tail; }
        }

        /// <summary>Edges dropped because the ring was full, all channels.</summary>
        public int OverflowCount
        {
            get
            {
                int total = 0;
                for (int index = _mask + 1; index < _words.Length; index++)
                {
                    total += _words[index];
                }

                return total;
            }
        }

        /// <summary>Edges of <paramref name="channel"/> dropped because the ring was full (written by the producer only).</summary>
        public int OverflowCountOf(int channel)
        {
            return _words[_mask + 1 + channel];
        }

        /// <summary>Producer side (capture callback): records one edge of a channel. Returns false when dropped.</summary>
        public bool Record(int channel, long timestampMicroseconds, bool active)
        {
            if (channel < 0 || channel >= ChannelCount)
            {
                return false;
            }

            int head = _head;
            if (head - _tail > _mask)
            {
                _words[_mask + 1 + channel]++;
                return false;
            }

            _words[head & _mask] = ((int)timestampMicroseconds << 4) | (channel << 1) | (active ? 1 : 0);
            _head = head + 1;
            return true;
        }

        /// <summary>
        /// Consumer side: takes the oldest edge; false when empty. The time is rebuilt from
        /// <paramref name="nowMicroseconds"/> (the consumer's clock, read before draining).
        /// </summary>
        public bool TryTake(long nowMicroseconds, out int channel, out long timestampMicroseconds, out bool active)
        {
            int tail = _tail;
            if (tail == _head)
            {
                channel = -1;
                timestampMicroseconds = 0;
                active = false;
                return false;
            }

            int word = _words[tail & _mask];
            _tail = tail + 1;
            channel = (word >> 1) & 7;
            active = (word & 1) != 0;
            timestampMicroseconds = TimeOf(word, nowMicroseconds);
            return true;
        }

        /// <summary>The full time of an edge word, from a clock reading within the window around it.</summary>
        public static long TimeOf(int word, long nowMicroseconds)
        {
            // Wrap-safe: the difference of the 28-bit times modulo 2^28 is the age, whatever the wraps between.
            long age = ((int)nowMicroseconds - (int)((uint)word >> 4)) & TimeMask;
            if (age > MaximumAgeMicroseconds)
            {
                age -= 1L << TimeBits; // stamped ahead of the clock reading
            }

            return nowMicroseconds - age;
        }
    }
}
