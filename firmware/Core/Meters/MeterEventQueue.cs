namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A bounded ring of events, written by the bus thread and read by the publisher or console. When full the
    /// newest event is dropped and counted: the oldest ones explain how a problem started. The ring is parallel
    /// arrays of primitives, not <see cref="MeterEvent"/> objects: nanoFramework spends a 12-byte block per field,
    /// so 16 five-field objects cost ~1.3 KB per meter, the arrays ~0.5 KB.
    /// </summary>
    public sealed class MeterEventQueue
    {
        public const int DefaultCapacity = 16;

        private readonly byte[] _kinds;

        /// <summary>Slot of each event's quantity, -1 for none (slots are fewer than 256 per meter).</summary>
        private readonly short[] _quantityIndexes;
        private readonly double[] _previousValues;
        private readonly double[] _values;
        private readonly long[] _times;

        /// <summary>The kinds array, which never leaves this class, is the lock: no separate lock object.</summary>
        private object Sync
        {
            get { return _kinds; }
        }

        private int _head;
        private int _count;
        private int _dropped;

        public MeterEventQueue(int capacity)
        {
            _kinds = new byte[capacity];
            _quantityIndexes = new short[capacity];
            _previousValues = new double[capacity];
            _values = new double[capacity];
            _times = new long[capacity];
        }

        public int Capacity
        {
            get { return _kinds.Length; }
        }

        public int Count
        {
            get { lock (Sync) { return _count; } }
        }

        /// <summary>Events lost because the queue was full.</summary>
        public int Dropped
        {
            get { lock (Sync) { return _dropped; } }
        }

        /// <summary>Adds an event; false (and counted) when the queue is full.</summary>
        public bool Enqueue(MeterEventKind kind, int quantityIndex, double previousValue, double value, long monotonicMicroseconds)
        {
            lock (Sync)
            {
                if (_count == _kinds.Length)
                {
                    _dropped++;
                    return false;
                }

                int slot = (_head + _count) % _kinds.Length;
                _kinds[slot] = (byte)kind;
                _quantityIndexes[slot] = (short)quantityIndex;
                _previousValues[slot] = previousValue;
                _values[slot] = value;
                _times[slot] = monotonicMicroseconds;
                _count++;
                return true;
            }
        }

        /// <summary>Copies the oldest event into <paramref name="destination"/> and removes it; false when empty.</summary>
        public bool TryDequeue(MeterEvent destination)
        {
            lock (Sync)
            {
                if (_count == 0)
                {
                    return false;
                }

                destination.Kind = (MeterEventKind)_kinds[_head];
                destination.QuantityIndex = _quantityIndexes[_head];
                destination.PreviousValue = _previousValues[_head];
                destination.Value = _values[_head];
                destination.MonotonicMicroseconds = _times[_head];
                _head = (_head + 1) % _kinds.Length;
                _count--;
                return true;
            }
        }

        public void Clear()
        {
            lock (Sync)
            {
                _head = 0;
                _count = 0;
            }
        }
    }
}
