using System;
using EspCollector.Core.Bus;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The one table-driven driver for every meter type: its blocks come from the type's register table and
    /// readable ranges (<see cref="BlockPlan"/>), and each block read is decoded row by row into the
    /// preallocated slots of <see cref="Readings"/>, checked for plausibility and, for counters, for going
    /// backwards. Identity rows fill <see cref="Identity"/> once per connection. No allocation per poll in
    /// steady state (identity strings are made once per connection).
    /// </summary>
    public sealed class MeterDriver : IPolledDevice
    {
        /// <summary>Mains frequency window used to tell the word order (issue 4: "frequency between 45 and 65 Hz").</summary>
        public const double FrequencyMinimum = 45.0;
        public const double FrequencyMaximum = 65.0;

        private readonly MeterType _type;
        private readonly MeterSettings _settings;
        private readonly BlockPlan _plan;
        private readonly MeterReadings _readings;
        private readonly MeterIdentity _identity;

        /// <summary>Slot in <see cref="Readings"/> of each plan row; -1 for identity rows.</summary>
        private readonly int[] _slotOfRow;

        /// <summary>Plan row of the frequency (word order detection), or -1.</summary>
        private readonly int _frequencyRow;

        /// <summary>Last accepted value of each monotonic slot, and whether there is one.</summary>
        private readonly double[] _reference;
        private readonly bool[] _hasReference;

        /// <summary>Whether each slot was rejected at its last read (events only on the transition).</summary>
        private readonly bool[] _rejected;

        /// <summary>Raw bytes of each identity row as last read (null for quantity rows), so that a word order
        /// detected later re-decodes a 32-bit serial number without another read.</summary>
        private readonly byte[][] _identityRaw;
        private readonly bool[] _identityRawValid;

        /// <summary>False for a type without identity registers (KPM31): its identity is its model.</summary>
        private readonly bool _hasIdentityRows;

        private byte _address;
        private WordOrder _wordOrder;

        public MeterDriver(MeterType type, byte address, MeterSettings settings)
        {
            if (type == null)
            {
                throw new ArgumentNullException("type");
            }

            _type = type;
            _settings = settings ?? new MeterSettings();
            _address = address;
            _wordOrder = _settings.WordOrder;

            RegisterDefinition[] table = type.Registers;
            RegisterDefinition[] rows = table;
            if (_settings.ReadHistory && type.HasCompereHistory)
            {
                RegisterDefinition[] history = CompereHistoryRegisters.Build();
                rows = new RegisterDefinition[table.Length + history.Length];
                Array.Copy(table, rows, table.Length);
                Array.Copy(history, 0, rows, table.Length, history.Length);
            }

            _plan = new BlockPlan(rows, type.ReadableRanges);

            int quantityCount = 0;
            for (int index = 0; index < _plan.Rows.Length; index++)
            {
                if (_plan.Rows[index].Quantity != null)
                {
                    quantityCount++;
                }
            }

            Quantity[] quantities = new Quantity[quantityCount];
            _slotOfRow = new int[_plan.Rows.Length];
            _identityRaw = new byte[_plan.Rows.Length][];
            _identityRawValid = new bool[_plan.Rows.Length];
            _frequencyRow = -1;
            int slot = 0;
            for (int index = 0; index < _plan.Rows.Length; index++)
            {
                RegisterDefinition row = _plan.Rows[index];
                if (row.Quantity == null)
                {
                    _slotOfRow[index] = -1;
                    _identityRaw[index] = new byte[row.Length * 2];
                    continue;
                }

                if (row.Quantity.Name == QuantityNames.Frequency && row.DataType == DataType.Float32)
                {
                    _frequencyRow = index;
                }

                quantities[slot] = row.Quantity;
                _slotOfRow[index] = slot;
                slot++;
            }

            _readings = new MeterReadings(quantities, MeterEventQueue.DefaultCapacity);
            _reference = new double[quantityCount];
            _hasReference = new bool[quantityCount];
            _rejected = new bool[quantityCount];
            _identity = new MeterIdentity(type.Manufacturer, type.Model);
            _hasIdentityRows = type.FindIdentityRow(IdentityField.SerialNumber) != null
                || type.FindIdentityRow(IdentityField.FirmwareVersion) != null
                || type.FindIdentityRow(IdentityField.MeterCode) != null;

            // The poller starts every device as online and only reports changes.
            _readings.Online = true;
            _identity.IsRead = !_hasIdentityRows;
        }

        public MeterType Type
        {
            get { return _type; }
        }

        public MeterSettings Settings
        {
            get { return _settings; }
        }

        public MeterReadings Readings
        {
            get { return _readings; }
        }

        public MeterIdentity Identity
        {
            get { return _identity; }
        }

        /// <summary>The block layout, with the rows each block covers (for the console's dump and tests).</summary>
        public BlockPlan Plan
        {
            get { return _plan; }
        }

        /// <summary>The word order in use (configured, or as detected).</summary>
        public WordOrder WordOrder
        {
            get { return _wordOrder; }
        }

        // ------------------------------------------------------------------ IPolledDevice

        public byte Address
        {
            get { return _address; }
        }

        public RegisterBlock[] Blocks
        {
            get { return _plan.Blocks; }
        }

        /// <summary>After a successful address change (<see cref="MeterCommands.ChangeAddress"/>): the poller
        /// reads <see cref="Address"/> for every transaction.</summary>
        public void SetAddress(byte address)
        {
            _address = address;
        }

        public void OnBlockRead(int blockIndex, byte[] data, int offset, int byteCount, long monotonicMicroseconds)
        {
            RegisterBlock block = _plan.Blocks[blockIndex];
            lock (_readings.SyncRoot)
            {
                if (byteCount < block.DataByteCount)
                {
                    // The bus checks the byte count against the request; a short field here is a bug upstream.
                    _readings.BlocksFailed++;
                    return;
                }

                _readings.BlocksRead++;
                _readings.LastReadMicroseconds = monotonicMicroseconds;
                bool bits = block.FunctionCode <= 2;
                int first = _plan.FirstRow[blockIndex];
                int last = first + _plan.RowCount[blockIndex];

                if (_settings.DetectWordOrder && _frequencyRow >= first && _frequencyRow < last)
                {
                    DetectWordOrder(block, data, offset, monotonicMicroseconds);
                }

                bool swap = _wordOrder != _type.DocumentedWordOrder;
                bool identityRows = false;
                for (int rowIndex = first; rowIndex < last; rowIndex++)
                {
                    RegisterDefinition row = _plan.Rows[rowIndex];
                    int relative = row.Address - block.StartAddress;
                    int position = bits ? offset + relative / 8 : offset + relative * 2;
                    int slot = _slotOfRow[rowIndex];
                    if (slot < 0)
                    {
                        identityRows = true;
                        Array.Copy(data, position, _identityRaw[rowIndex], 0, _identityRaw[rowIndex].Length);
                        _identityRawValid[rowIndex] = true;
                        StoreIdentity(row, RegisterDecoder.ReadText(row, data, position, swap), monotonicMicroseconds);
                        continue;
                    }

                    double value = RegisterDecoder.ReadNumber(row, data, position, relative % 8, swap) * row.Scale;
                    Store(rowIndex, slot, value, monotonicMicroseconds);
                }

                if (identityRows)
                {
                    _identity.IsRead = true;
                }
            }
        }

        public void OnBlockFailed(int blockIndex, ModbusStatus status)
        {
            // Values stay as last read (their update time tells their age); availability decides validity.
            lock (_readings.SyncRoot)
            {
                _readings.BlocksFailed++;
            }
        }

        public void OnAvailabilityChanged(bool online)
        {
            lock (_readings.SyncRoot)
            {
                _readings.Online = online;
                if (!online)
                {
                    // Nothing is published for an offline meter, and the identity is read again on reconnection.
                    _readings.InvalidateAll();
                    _identity.IsRead = false;
                }
                else if (!_hasIdentityRows)
                {
                    // A type without identity registers (KPM31) is identified by its model alone.
                    _identity.IsRead = true;
                }
            }
        }

        // ------------------------------------------------------------------ decoding

        private void Store(int rowIndex, int slot, double value, long monotonicMicroseconds)
        {
            RegisterDefinition row = _plan.Rows[rowIndex];
            Quantity quantity = row.Quantity;
            if (!quantity.IsPlausible(value))
            {
                _readings.RejectedValues++;
                _readings.Invalidate(slot);
                if (!_rejected[slot])
                {
                    _rejected[slot] = true;
                    _readings.Events.Enqueue(MeterEventKind.ImplausibleValue, slot, _readings.ValueAt(slot), value, monotonicMicroseconds);
                }

                return;
            }

            _rejected[slot] = false;
            if (row.IsMonotonic)
            {
                if (_hasReference[slot] && value < _reference[slot])
                {
                    // Reset or replaced meter: report it, and take the new value as the reference so that no
                    // consumer ever sees a negative difference derived from the two readings.
                    _readings.EnergyBackwardsEvents++;
                    _readings.Events.Enqueue(MeterEventKind.EnergyWentBackwards, slot, _reference[slot], value, monotonicMicroseconds);
                }

                _reference[slot] = value;
                _hasReference[slot] = true;
            }

            _readings.Set(slot, value, monotonicMicroseconds);
        }

        private void StoreIdentity(RegisterDefinition row, string text, long monotonicMicroseconds)
        {
            switch (row.Identity)
            {
                case IdentityField.SerialNumber:
                    if (_identity.SerialNumber.Length > 0 && text != _identity.SerialNumber)
                    {
                        // Another meter at this address: its counters are not comparable with the old ones.
                        for (int slot = 0; slot < _hasReference.Length; slot++)
                        {
                            _hasReference[slot] = false;
                        }

                        _readings.Events.Enqueue(MeterEventKind.SerialNumberChanged, -1, 0, 0, monotonicMicroseconds);
                    }

                    _identity.SerialNumber = text;
                    break;
                case IdentityField.FirmwareVersion:
                    _identity.FirmwareVersion = text;
                    break;
                case IdentityField.MeterCode:
                    _identity.MeterCode = text;
                    break;
            }
        }

        private void DetectWordOrder(RegisterBlock block, byte[] data, int offset, long monotonicMicroseconds)
        {
            RegisterDefinition row = _plan.Rows[_frequencyRow];
            int position = offset + (row.Address - block.StartAddress) * 2;
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            double current = RegisterDecoder.ReadNumber(row, data, position, 0, swap) * row.Scale;
            if (IsMainsFrequency(current))
            {
                return;
            }

            double other = RegisterDecoder.ReadNumber(row, data, position, 0, !swap) * row.Scale;
            if (IsMainsFrequency(other))
            {
                _wordOrder = _wordOrder == WordOrder.HighWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
                _readings.WordOrderChanges++;
                _readings.Events.Enqueue(MeterEventKind.WordOrderChanged, _slotOfRow[_frequencyRow], current, other, monotonicMicroseconds);
                RedecodeIdentity();
            }
        }

        /// <summary>The identity may have been read (poll class Once comes first) before the frequency showed the
        /// word order: decode its raw bytes again in the new order. Runs only on a word order change.</summary>
        private void RedecodeIdentity()
        {
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            for (int rowIndex = 0; rowIndex < _plan.Rows.Length; rowIndex++)
            {
                if (_identityRawValid[rowIndex])
                {
                    RegisterDefinition row = _plan.Rows[rowIndex];
                    string text = RegisterDecoder.ReadText(row, _identityRaw[rowIndex], 0, swap);
                    if (row.Identity == IdentityField.SerialNumber)
                    {
                        // Same meter, better reading: not a serial number change.
                        _identity.SerialNumber = text;
                    }
                    else
                    {
                        StoreIdentity(row, text, 0);
                    }
                }
            }
        }

        /// <summary>True for a frequency a 50 or 60 Hz grid can have.</summary>
        public static bool IsMainsFrequency(double hertz)
        {
            return hertz >= FrequencyMinimum && hertz <= FrequencyMaximum;
        }
    }
}
