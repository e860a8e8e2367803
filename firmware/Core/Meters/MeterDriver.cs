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

        /// <summary>Shared with every driver of the type (and the same history setting): immutable.</summary>
        private readonly BlockPlan _plan;
        private readonly RegisterTable _table;
        private readonly MeterReadings _readings;
        private readonly MeterIdentity _identity;

        /// <summary>Plan row of the frequency (word order detection), or -1.</summary>
        private readonly int _frequencyRow;

        /// <summary>Last accepted value of each monotonic counter (<see cref="RegisterTable.CounterOfSlot"/>), and
        /// whether there is one.</summary>
        private readonly double[] _reference;
        private readonly bool[] _hasReference;

        /// <summary>Whether each slot was rejected at its last read (events only on the transition).</summary>
        private readonly bool[] _rejected;

        /// <summary>Raw bytes of the identity rows as last read (at <see cref="RegisterTable.IdentityByteOffset"/>),
        /// so that a word order detected later re-decodes a 32-bit serial number without another read.</summary>
        private readonly byte[] _identityRaw;
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

            _plan = type.PlanFor(_settings);
            _table = _plan.Table;
            int quantityCount = _table.QuantityCount;
            _identityRaw = new byte[_table.IdentityByteCount];
            _identityRawValid = new bool[_table.IdentityRowCount];
            _frequencyRow = -1;
            for (int row = 0; row < _table.Count; row++)
            {
                if (_table.QuantityNameAt(row) == QuantityNames.Frequency && _table.DataTypeAt(row) == DataType.Float32)
                {
                    _frequencyRow = row;
                }
            }

            _readings = new MeterReadings(_table, MeterEventQueue.DefaultCapacity);
            _reference = new double[_table.CounterCount];
            _hasReference = new bool[_table.CounterCount];
            _rejected = new bool[quantityCount];
            _identity = new MeterIdentity(type.Manufacturer, type.Model);
            _hasIdentityRows = _table.IndexOfIdentity(IdentityField.SerialNumber) >= 0
                || _table.IndexOfIdentity(IdentityField.FirmwareVersion) >= 0
                || _table.IndexOfIdentity(IdentityField.MeterCode) >= 0;

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
                RegisterTable table = _table;
                for (int rowIndex = first; rowIndex < last; rowIndex++)
                {
                    int relative = table.AddressAt(rowIndex) - block.StartAddress;
                    int position = bits ? offset + relative / 8 : offset + relative * 2;
                    int slot = table.SlotOfRow(rowIndex);
                    if (slot < 0)
                    {
                        identityRows = true;
                        int ordinal = table.IdentityOrdinalOfRow(rowIndex);
                        Array.Copy(data, position, _identityRaw, table.IdentityByteOffset(ordinal), table.LengthAt(rowIndex) * 2);
                        _identityRawValid[ordinal] = true;
                        StoreIdentity(table.IdentityAt(rowIndex), ReadText(rowIndex, data, position, swap), monotonicMicroseconds);
                        continue;
                    }

                    double value = RegisterDecoder.ReadNumber(table.DataTypeAt(rowIndex), table.WordOrderAt(rowIndex), data, position,
                        relative % 8, swap) * table.ScaleAt(rowIndex);
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
            if (!QuantityNames.IsPlausible(_table.QuantityIndexAt(rowIndex), value))
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
            int counter = _table.CounterOfSlot(slot);
            if (counter >= 0)
            {
                if (_hasReference[counter] && value < _reference[counter])
                {
                    // Reset or replaced meter: report it, and take the new value as the reference so that no
                    // consumer ever sees a negative difference derived from the two readings.
                    _readings.EnergyBackwardsEvents++;
                    _readings.Events.Enqueue(MeterEventKind.EnergyWentBackwards, slot, _reference[counter], value, monotonicMicroseconds);
                }

                _reference[counter] = value;
                _hasReference[counter] = true;
            }

            _readings.Set(slot, value, monotonicMicroseconds);
        }

        private string ReadText(int rowIndex, byte[] data, int position, bool swap)
        {
            return RegisterDecoder.ReadText(_table.DataTypeAt(rowIndex), _table.WordOrderAt(rowIndex), _table.LengthAt(rowIndex),
                data, position, swap);
        }

        private void StoreIdentity(IdentityField field, string text, long monotonicMicroseconds)
        {
            switch (field)
            {
                case IdentityField.SerialNumber:
                    if (_identity.SerialNumber.Length > 0 && text != _identity.SerialNumber)
                    {
                        // Another meter at this address: its counters are not comparable with the old ones.
                        for (int counter = 0; counter < _hasReference.Length; counter++)
                        {
                            _hasReference[counter] = false;
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
            int row = _frequencyRow;
            int position = offset + (_table.AddressAt(row) - block.StartAddress) * 2;
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            DataType dataType = _table.DataTypeAt(row);
            WordOrder documented = _table.WordOrderAt(row);
            double scale = _table.ScaleAt(row);
            double current = RegisterDecoder.ReadNumber(dataType, documented, data, position, 0, swap) * scale;
            if (IsMainsFrequency(current))
            {
                return;
            }

            double other = RegisterDecoder.ReadNumber(dataType, documented, data, position, 0, !swap) * scale;
            if (IsMainsFrequency(other))
            {
                _wordOrder = _wordOrder == WordOrder.HighWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
                _readings.WordOrderChanges++;
                _readings.Events.Enqueue(MeterEventKind.WordOrderChanged, _table.SlotOfRow(_frequencyRow), current, other, monotonicMicroseconds);
                RedecodeIdentity();
            }
        }

        /// <summary>The identity may have been read (poll class Once comes first) before the frequency showed the
        /// word order: decode its raw bytes again in the new order. Runs only on a word order change.</summary>
        private void RedecodeIdentity()
        {
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            for (int rowIndex = 0; rowIndex < _table.Count; rowIndex++)
            {
                int ordinal = _table.IdentityOrdinalOfRow(rowIndex);
                if (ordinal >= 0 && _identityRawValid[ordinal])
                {
                    string text = ReadText(rowIndex, _identityRaw, _table.IdentityByteOffset(ordinal), swap);
                    IdentityField field = _table.IdentityAt(rowIndex);
                    if (field == IdentityField.SerialNumber)
                    {
                        // Same meter, better reading: not a serial number change.
                        _identity.SerialNumber = text;
                    }
                    else
                    {
                        StoreIdentity(field, text, 0);
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
