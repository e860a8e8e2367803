namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A bounded ring of events, written by the bus thread and read by the publisher or console. When full the
    /// newest event is dropped and counted: the oldest ones explain how a problem started.
    /// </summary>
    public sealed class MeterEventQueue
    {
        public const int DefaultCapacity = 16;

        private readonly MeterEvent[] _ring;
        private readonly object _sync = new object();
        private int _head;
        private int _count;
        private int _dropped;

        public MeterEventQueue(int capacity)
        {
            _ring = new MeterEvent[capacity];
            for (int index = 0; index < capacity; index++)
            {
                _ring[index] = new MeterEvent();
            }
        }

        public int Capacity
        {
            get { return _ring.Length; }
        }

        public int Count
        {
            get { lock (_sync) { return _count; } }
        }

        /// <summary>Events lost because the queue was full.</summary>
        public int Dropped
        {
            get { lock (_sync) { return _dropped; } }
        }

        /// <summary>Adds an event; false (and counted) when the queue is full.</summary>
        public bool Enqueue(MeterEventKind kind, int quantityIndex, double previousValue, double value, long monotonicMicroseconds)
        {
            lock (_sync)
            {
                if (_count == _ring.Length)
                {
                    _dropped++;
                    return false;
                }

                MeterEvent slot = _ring[(_head + _count) % _ring.Length];
                slot.Kind = kind;
                slot.QuantityIndex = quantityIndex;
                slot.PreviousValue = previousValue;
                slot.Value = value;
                slot.MonotonicMicroseconds = monotonicMicroseconds;
                _count++;
                return true;
            }
        }

        /// <summary>Copies the oldest event into <paramref name="destination"/> and removes it; false when empty.</summary>
        public bool TryDequeue(MeterEvent destination)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    return false;
                }

                destination.CopyFrom(_ring[_head]);
                _head = (_head + 1) % _ring.Length;
                _count--;
                return true;
            }
        }

        public void Clear()
        {
            lock (_sync)
            {
                _head = 0;
                _count = 0;
            }
        }
    }
}
