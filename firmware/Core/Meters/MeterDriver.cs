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
        private readonly MeterReadings _readings;
        private readonly MeterIdentity _identity;

        /// <summary>Plan row of the frequency (word order detection), or -1.</summary>
        private readonly int _frequencyRow;

        /// <summary>Raw bytes of the identity rows as last read (at <see cref="RegisterTable.IdentityByteOffset"/>),
        /// so that a word order detected later re-decodes a 32-bit serial number without another read.</summary>
        private readonly byte[] _identityRaw;
        /// <summary>Bit n set: identity row n's raw bytes were read (at most three identity rows per table).</summary>
        private int _identityRawRead;

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
            RegisterTable table = _plan.Table;
            _identityRaw = new byte[_plan.Table.IdentityByteCount];
            _frequencyRow = -1;
            int frequency = QuantityNames.IndexOf(QuantityNames.Frequency);
            for (int row = 0; row < _plan.Table.Count; row++)
            {
                if (_plan.Table.QuantityIndexAt(row) == frequency && _plan.Table.DataTypeAt(row) == DataType.Float32)
                {
                    _frequencyRow = row;
                }
            }

            _readings = new MeterReadings(_plan, MeterEventQueue.DefaultCapacity);
            _identity = new MeterIdentity(type.Manufacturer, type.Model);

            // The poller starts every device as online and only reports changes.
            _readings.Online = true;
            _identity.IsRead = !HasIdentityRows;
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
                _readings.BlockRead(blockIndex, monotonicMicroseconds);
                bool bits = block.FunctionCode <= 2;
                int first = _plan.FirstRowOf(blockIndex);
                int last = _plan.FirstRowOf(blockIndex + 1);

                if (_settings.DetectWordOrder && _frequencyRow >= first && _frequencyRow < last)
                {
                    DetectWordOrder(block, data, offset, monotonicMicroseconds);
                }

                bool swap = _wordOrder != _type.DocumentedWordOrder;
                bool identityRows = false;
                RegisterTable table = _plan.Table;
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
                        _identityRawRead |= 1 << ordinal;
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
                else if (!HasIdentityRows)
                {
                    // A type without identity registers (KPM31) is identified by its model alone.
                    _identity.IsRead = true;
                }
            }
        }

        /// <summary>False for a type without identity registers (KPM31): its identity is its model. Identity rows
        /// are the serial number, firmware and meter code rows (<see cref="RegisterDefinition.IdentityRow"/>).</summary>
        private bool HasIdentityRows
        {
            get { return _plan.Table.IdentityRowCount > 0; }
        }

        // ------------------------------------------------------------------ decoding

        private void Store(int rowIndex, int slot, double value, long monotonicMicroseconds)
        {
            if (!QuantityNames.IsPlausible(_plan.Table.QuantityIndexAt(rowIndex), value))
            {
                _readings.RejectedValues++;
                if (_readings.Reject(slot))
                {
                    _readings.Events.Enqueue(MeterEventKind.ImplausibleValue, slot, _readings.ValueAt(slot), value, monotonicMicroseconds);
                }

                return;
            }

            // The last accepted value of a counter is its slot's value (kept while the slot is invalid).
            if (_plan.Table.IsMonotonicAt(rowIndex) && _readings.HasReference(slot) && value < _readings.ValueAt(slot))
            {
                // Reset or replaced meter: report it, and take the new value as the reference so that no
                // consumer ever sees a negative difference derived from the two readings.
                _readings.EnergyBackwardsEvents++;
                _readings.Events.Enqueue(MeterEventKind.EnergyWentBackwards, slot, _readings.ValueAt(slot), value, monotonicMicroseconds);
            }

            _readings.Set(slot, value);
        }

        private string ReadText(int rowIndex, byte[] data, int position, bool swap)
        {
            return RegisterDecoder.ReadText(_plan.Table.DataTypeAt(rowIndex), _plan.Table.WordOrderAt(rowIndex), _plan.Table.LengthAt(rowIndex),
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
                        _readings.ForgetReferences();

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
            int position = offset + (_plan.Table.AddressAt(row) - block.StartAddress) * 2;
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            DataType dataType = _plan.Table.DataTypeAt(row);
            WordOrder documented = _plan.Table.WordOrderAt(row);
            double scale = _plan.Table.ScaleAt(row);
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
                _readings.Events.Enqueue(MeterEventKind.WordOrderChanged, _plan.Table.SlotOfRow(_frequencyRow), current, other, monotonicMicroseconds);
                RedecodeIdentity();
            }
        }

        /// <summary>The identity may have been read (poll class Once comes first) before the frequency showed the
        /// word order: decode its raw bytes again in the new order. Runs only on a word order change.</summary>
        private void RedecodeIdentity()
        {
            bool swap = _wordOrder != _type.DocumentedWordOrder;
            for (int rowIndex = 0; rowIndex < _plan.Table.Count; rowIndex++)
            {
                int ordinal = _plan.Table.IdentityOrdinalOfRow(rowIndex);
                if (ordinal >= 0 && (_identityRawRead & (1 << ordinal)) != 0)
                {
                    string text = ReadText(rowIndex, _identityRaw, _plan.Table.IdentityByteOffset(ordinal), swap);
                    IdentityField field = _plan.Table.IdentityAt(rowIndex);
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
