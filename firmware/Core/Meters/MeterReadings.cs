namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The current values of one meter, in preallocated slots (one per quantity of its table): what the
    /// publisher and the console enumerate. Written by the bus thread under <see cref="SyncRoot"/>; readers take
    /// the same lock for a consistent set (a double is not written atomically on a 32-bit CPU).
    /// </summary>
    public sealed class MeterReadings
    {
        private readonly Quantity[] _quantities;
        private readonly double[] _values;
        private readonly bool[] _valid;
        private readonly long[] _updated;
        private readonly object _sync = new object();

        public MeterReadings(Quantity[] quantities, int eventCapacity)
        {
            _quantities = quantities;
            _values = new double[quantities.Length];
            _valid = new bool[quantities.Length];
            _updated = new long[quantities.Length];
            Events = new MeterEventQueue(eventCapacity);
        }

        public object SyncRoot
        {
            get { return _sync; }
        }

        public int Count
        {
            get { return _quantities.Length; }
        }

        public Quantity QuantityAt(int index)
        {
            return _quantities[index];
        }

        /// <summary>Canonical name (see <see cref="QuantityNames"/>).</summary>
        public string NameAt(int index)
        {
            return _quantities[index].Name;
        }

        public string UnitAt(int index)
        {
            return _quantities[index].Unit;
        }

        /// <summary>The last plausible value in the normalised unit; meaningful only while <see cref="IsValid"/>.</summary>
        public double ValueAt(int index)
        {
            return _values[index];
        }

        /// <summary>True when the last read of the quantity gave a plausible value and the meter is online.</summary>
        public bool IsValid(int index)
        {
            return _valid[index];
        }

        /// <summary>Monotonic time of the read that produced the value.</summary>
        public long UpdatedMicroseconds(int index)
        {
            return _updated[index];
        }

        /// <summary>Index of a quantity by name, or -1 (not for hot paths: a linear search).</summary>
        public int IndexOf(string name)
        {
            for (int index = 0; index < _quantities.Length; index++)
            {
                if (_quantities[index].Name == name)
                {
                    return index;
                }
            }

            return -1;
        }

        /// <summary>True while the bus considers the meter online.</summary>
        public bool Online;

        /// <summary>Values rejected as NaN, infinite or out of physical range.</summary>
        public int RejectedValues;

        /// <summary>Times a cumulative counter went backwards.</summary>
        public int EnergyBackwardsEvents;

        /// <summary>Blocks decoded and blocks that failed (timeout, exception, short response).</summary>
        public int BlocksRead;
        public int BlocksFailed;

        /// <summary>Word order switches made by detection.</summary>
        public int WordOrderChanges;

        /// <summary>Monotonic time of the last block decoded.</summary>
        public long LastReadMicroseconds;

        /// <summary>Events (energy backwards, implausible value, word order, serial change), bounded.</summary>
        public readonly MeterEventQueue Events;

        internal void Set(int index, double value, long monotonicMicroseconds)
        {
            _values[index] = value;
            _valid[index] = true;
            _updated[index] = monotonicMicroseconds;
        }

        internal void Invalidate(int index)
        {
            _valid[index] = false;
        }

        internal void InvalidateAll()
        {
            for (int index = 0; index < _valid.Length; index++)
            {
                _valid[index] = false;
            }
        }
    }
}
