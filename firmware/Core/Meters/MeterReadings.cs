namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The current values of one meter, in preallocated slots (one per quantity of its table): what the
    /// publisher and the console enumerate. Written by the bus thread under <see cref="SyncRoot"/>; readers take
    /// the same lock for a consistent set (a double is not written atomically on a 32-bit CPU). Names, units and
    /// limits are not copied per meter: they come from the type's shared <see cref="RegisterTable"/> and the
    /// vocabulary; a meter keeps only its values, validity and one update time per block: every read of a
    /// block sets or invalidates each of its quantities, so a valid quantity's update time is its block's
    /// (8 bytes per block instead of per quantity).
    /// </summary>
    public sealed class MeterReadings
    {
        private const byte ValidFlag = 0x01;
        private const byte RejectedFlag = 0x02;
        private const byte ReferenceFlag = 0x04;

        private readonly BlockPlan _plan;
        private readonly double[] _values;

        /// <summary>Per slot: valid, rejected at its last read (events on the transition only), and for a
        /// monotonic counter whether its value is the reference a decrease is measured against. One byte per
        /// quantity instead of two flag arrays and a copy of each counter's value (the last accepted value of a
        /// counter is its slot's value: it stays there while the slot is invalid).</summary>
        private readonly byte[] _flags;

        /// <summary>Monotonic time of the last decoded read of each block of the plan.</summary>
        private readonly long[] _blockUpdated;

        /// <summary>Slots for the quantity rows of the plan's table, in its row order.</summary>
        public MeterReadings(BlockPlan plan, int eventCapacity)
        {
            if (plan == null)
            {
                throw new System.ArgumentNullException("plan");
            }

            _plan = plan;
            int count = plan.Table.QuantityCount;
            _values = new double[count];
            _flags = new byte[count];
            _blockUpdated = new long[plan.Blocks.Length];
            Events = new MeterEventQueue(eventCapacity);
        }

        /// <summary>The value array, which never leaves this class: a separate lock object would cost 24 bytes a meter.</summary>
        public object SyncRoot
        {
            get { return _values; }
        }

        public int Count
        {
            get { return _values.Length; }
        }

        /// <summary>The quantity of a slot as a new object (not for hot paths: use <see cref="NameAt"/>,
        /// <see cref="UnitAt"/>, <see cref="IsDiagnosticAt"/>).</summary>
        public Quantity QuantityAt(int index)
        {
            Quantity quantity = QuantityNames.QuantityAt(_plan.Table.QuantityIndexOfSlot(index));
            string name = _plan.Table.NameOfSlot(index);
            return name == quantity.Name ? quantity : quantity.WithName(name);
        }

        /// <summary>Canonical name (see <see cref="QuantityNames"/>).</summary>
        public string NameAt(int index)
        {
            return _plan.Table.NameOfSlot(index);
        }

        public string UnitAt(int index)
        {
            return QuantityNames.UnitAt(_plan.Table.QuantityIndexOfSlot(index));
        }

        /// <summary>True for settings, codes and counters of the meter itself (Home Assistant "diagnostic").</summary>
        public bool IsDiagnosticAt(int index)
        {
            return QuantityNames.IsDiagnosticAt(_plan.Table.QuantityIndexOfSlot(index));
        }

        /// <summary>The last plausible value in the normalised unit; meaningful only while <see cref="IsValid"/>.</summary>
        public double ValueAt(int index)
        {
            return _values[index];
        }

        /// <summary>True when the last read of the quantity gave a plausible value and the meter is online.</summary>
        public bool IsValid(int index)
        {
            return (_flags[index] & ValidFlag) != 0;
        }

        /// <summary>Monotonic time of the read that produced the value (while <see cref="IsValid"/>).</summary>
        public long UpdatedMicroseconds(int index)
        {
            return _blockUpdated[_plan.BlockOfRow(_plan.Table.RowOfSlot(index))];
        }

        /// <summary>Index of a quantity by name, or -1 (not for hot paths: a linear search).</summary>
        public int IndexOf(string name)
        {
            for (int index = 0; index < _values.Length; index++)
            {
                if (_plan.Table.NameOfSlot(index) == name)
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

        /// <summary>Monotonic time of the last block decoded (the latest block time; 0 before any).</summary>
        public long LastReadMicroseconds
        {
            get
            {
                long latest = 0;
                for (int block = 0; block < _blockUpdated.Length; block++)
                {
                    if (_blockUpdated[block] > latest)
                    {
                        latest = _blockUpdated[block];
                    }
                }

                return latest;
            }
        }

        /// <summary>Events (energy backwards, implausible value, word order, serial change), bounded.</summary>
        public readonly MeterEventQueue Events;

        /// <summary>A plausible value: valid, not rejected; for a counter, the new reference.</summary>
        internal void Set(int index, double value)
        {
            _values[index] = value;
            _flags[index] = (byte)(ValidFlag | ReferenceFlag);
        }

        /// <summary>An implausible value: invalid; true when the slot was not rejected already (the transition).</summary>
        internal bool Reject(int index)
        {
            bool transition = (_flags[index] & RejectedFlag) == 0;
            _flags[index] = (byte)((_flags[index] & ~ValidFlag) | RejectedFlag);
            return transition;
        }

        /// <summary>True when a counter's slot holds the value a decrease is measured against.</summary>
        internal bool HasReference(int index)
        {
            return (_flags[index] & ReferenceFlag) != 0;
        }

        /// <summary>Another meter answers at the address: no value is a reference for its counters.</summary>
        internal void ForgetReferences()
        {
            for (int index = 0; index < _flags.Length; index++)
            {
                _flags[index] = (byte)(_flags[index] & ~ReferenceFlag);
            }
        }

        /// <summary>A block was decoded: the time of every quantity it sets.</summary>
        internal void BlockRead(int block, long monotonicMicroseconds)
        {
            _blockUpdated[block] = monotonicMicroseconds;
        }

        internal void InvalidateAll()
        {
            for (int index = 0; index < _flags.Length; index++)
            {
                _flags[index] = (byte)(_flags[index] & ~ValidFlag);
            }
        }
    }
}
