namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The current values of one meter, in preallocated slots (one per quantity of its table): what the
    /// publisher and the console enumerate. Written by the bus thread under <see cref="SyncRoot"/>; readers take
    /// the same lock for a consistent set (a double is not written atomically on a 32-bit CPU). Names, units and
    /// limits are not copied per meter: they come from the type's shared <see cref="RegisterTable"/> and the
    /// vocabulary; a meter keeps only its values, validity and update times.
    /// </summary>
    public sealed class MeterReadings
    {
        private readonly RegisterTable _table;
        private readonly double[] _values;
        private readonly bool[] _valid;
        private readonly long[] _updated;
        private readonly object _sync = new object();

        /// <summary>Slots for the quantity rows of <paramref name="table"/>, in its row order.</summary>
        public MeterReadings(RegisterTable table, int eventCapacity)
        {
            if (table == null)
            {
                throw new System.ArgumentNullException("table");
            }

            _table = table;
            int count = table.QuantityCount;
            _values = new double[count];
            _valid = new bool[count];
            _updated = new long[count];
            Events = new MeterEventQueue(eventCapacity);
        }

        public object SyncRoot
        {
            get { return _sync; }
        }

        public int Count
        {
            get { return _values.Length; }
        }

        /// <summary>The quantity of a slot as a new object (not for hot paths: use <see cref="NameAt"/>,
        /// <see cref="UnitAt"/>, <see cref="IsDiagnosticAt"/>).</summary>
        public Quantity QuantityAt(int index)
        {
            Quantity quantity = QuantityNames.QuantityAt(_table.QuantityIndexOfSlot(index));
            string name = _table.NameOfSlot(index);
            return name == quantity.Name ? quantity : quantity.WithName(name);
        }

        /// <summary>Canonical name (see <see cref="QuantityNames"/>).</summary>
        public string NameAt(int index)
        {
            return _table.NameOfSlot(index);
        }

        public string UnitAt(int index)
        {
            return QuantityNames.UnitAt(_table.QuantityIndexOfSlot(index));
        }

        /// <summary>True for settings, codes and counters of the meter itself (Home Assistant "diagnostic").</summary>
        public bool IsDiagnosticAt(int index)
        {
            return QuantityNames.IsDiagnosticAt(_table.QuantityIndexOfSlot(index));
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
            for (int index = 0; index < _values.Length; index++)
            {
                if (_table.NameOfSlot(index) == name)
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
