using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A meter type's register table as the firmware keeps it: the rows declared with
    /// <see cref="RegisterDefinition"/> (one per manual line, in the *Registers.cs tables), compacted into
    /// parallel arrays of primitives, in the order given (<see cref="BlockPlan"/> gives them in block order).
    /// nanoFramework spends a 12-byte heap block on every field of an object, so a 10-field row object costs
    /// 132 bytes; here a row costs about 10 bytes (address 2, function code, data type, length, poll class,
    /// quantity, flags, scale index, counter index 1 each), and the declarations are garbage once it is built.
    /// Quantities are positions in the vocabulary (<see cref="QuantityNames"/>), scales indexes into the few
    /// distinct scales of the table. Immutable: one instance is shared by every driver of the type.
    /// </summary>
    public sealed class RegisterTable
    {
        /// <summary>Quantity index of an identity row.</summary>
        public const int NoQuantity = -1;

        private const byte NoQuantityByte = byte.MaxValue;
        private const byte NoCounterByte = byte.MaxValue;
        private const byte LowWordFirstFlag = 0x01;
        private const byte MonotonicFlag = 0x02;
        private const int IdentityShift = 2;
        private const byte IdentityMask = 0x0C;

        private readonly ushort[] _addresses;
        private readonly byte[] _functionCodes;
        private readonly byte[] _dataTypes;

        /// <summary>Registers (or bits) of each row; identity rows state up to 7 (KPM33B serial number).</summary>
        private readonly byte[] _lengths;
        private readonly byte[] _pollClasses;

        /// <summary>Position of each row's quantity in the vocabulary; 255 for identity rows.</summary>
        private readonly byte[] _quantities;

        /// <summary>Word order (bit 0), monotonic counter (bit 1), identity field (bits 2..3).</summary>
        private readonly byte[] _flags;
        private readonly byte[] _scaleIndexes;
        private readonly double[] _scales;

        /// <summary>Published name of a row whose quantity was renamed from its vocabulary entry (the Compere
        /// monthly history: energy_total_month_3); null when no row is renamed, as in every base table.</summary>
        private readonly string[] _renamed;

        /// <summary>Identity rows ahead of every quantity row, as in every plan (<see cref="BlockPlan"/> puts the
        /// poll class Once first, and only identity rows are Once): then row r is identity ordinal r, or slot
        /// r - <see cref="IdentityRowCount"/>, and the two maps below are null.</summary>
        private readonly int _identityCount;

        /// <summary>Only when identity and quantity rows interleave: slot of each row (quantity rows in row order),
        /// or for identity rows -1 - the identity row's ordinal; and the row of each slot.</summary>
        private readonly short[] _slotOfRow;
        private readonly short[] _rowOfSlot;

        /// <summary>Offset of each identity row's raw bytes in a driver's identity buffer, plus the total at the end.</summary>
        private readonly short[] _identityOffsets;

        /// <summary>Per slot: position among the monotonic counters (a driver keeps a reference value only for
        /// those), 255 for other quantities.</summary>
        private readonly byte[] _counterOfSlot;
        private readonly int _counterCount;

        /// <summary>Compacts the declarations (which the caller may drop afterwards).</summary>
        public RegisterTable(RegisterDefinition[] rows)
        {
            if (rows == null)
            {
                throw new ArgumentNullException("rows");
            }

            int count = rows.Length;
            _addresses = new ushort[count];
            _functionCodes = new byte[count];
            _dataTypes = new byte[count];
            _lengths = new byte[count];
            _pollClasses = new byte[count];
            _quantities = new byte[count];
            _flags = new byte[count];
            _scaleIndexes = new byte[count];
            short[] slotOfRow = new short[count];
            double[] scales = new double[count];
            int scaleCount = 0;
            int quantityCount = 0;
            int identityCount = 0;
            bool identityFirst = true;
            for (int row = 0; row < count; row++)
            {
                RegisterDefinition definition = rows[row];
                if (definition.Length > byte.MaxValue)
                {
                    throw new ArgumentException("Register definition longer than 255 registers");
                }

                _addresses[row] = definition.Address;
                _functionCodes[row] = definition.FunctionCode;
                _dataTypes[row] = (byte)definition.DataType;
                _lengths[row] = (byte)definition.Length;
                _pollClasses[row] = (byte)definition.PollClass;
                byte flags = (byte)((int)definition.Identity << IdentityShift);
                if (definition.WordOrder == WordOrder.LowWordFirst)
                {
                    flags |= LowWordFirstFlag;
                }

                if (definition.IsMonotonic)
                {
                    flags |= MonotonicFlag;
                }

                _flags[row] = flags;

                int scale = 0;
                while (scale < scaleCount && scales[scale] != definition.Scale)
                {
                    scale++;
                }

                if (scale == scaleCount)
                {
                    scales[scaleCount++] = definition.Scale;
                }

                _scaleIndexes[row] = (byte)scale;

                if (definition.Quantity == null)
                {
                    _quantities[row] = NoQuantityByte;
                    slotOfRow[row] = (short)(-1 - identityCount);
                    identityFirst = identityFirst && quantityCount == 0;
                    identityCount++;
                    continue;
                }

                int quantity = CatalogIndexOf(definition.Quantity);
                _quantities[row] = (byte)quantity;
                if (definition.Quantity.Name != QuantityNames.NameAt(quantity))
                {
                    if (_renamed == null)
                    {
                        _renamed = StringArrays.Create(count);
                    }

                    _renamed[row] = definition.Quantity.Name;
                }

                slotOfRow[row] = (short)quantityCount;
                quantityCount++;
            }

            _scales = new double[scaleCount];
            Array.Copy(scales, _scales, scaleCount);
            _identityCount = identityCount;
            _identityOffsets = new short[identityCount + 1];
            _counterOfSlot = new byte[quantityCount];
            short[] rowOfSlot = new short[quantityCount];
            int offset = 0;
            int counters = 0;
            for (int row = 0; row < count; row++)
            {
                int slot = slotOfRow[row];
                if (slot < 0)
                {
                    _identityOffsets[-1 - slot] = (short)offset;
                    offset += _lengths[row] * 2;
                    continue;
                }

                rowOfSlot[slot] = (short)row;
                if ((_flags[row] & MonotonicFlag) == 0)
                {
                    _counterOfSlot[slot] = NoCounterByte;
                    continue;
                }

                if (counters == NoCounterByte)
                {
                    throw new ArgumentException("More than 254 monotonic counters in one table");
                }

                _counterOfSlot[slot] = (byte)counters;
                counters++;
            }

            _identityOffsets[identityCount] = (short)offset;
            _counterCount = counters;
            if (!identityFirst)
            {
                _slotOfRow = slotOfRow;
                _rowOfSlot = rowOfSlot;
            }
        }

        /// <summary>Rows in the table.</summary>
        public int Count
        {
            get { return _addresses.Length; }
        }

        /// <summary>Rows that carry a quantity: the slots of a meter's readings.</summary>
        public int QuantityCount
        {
            get { return _counterOfSlot.Length; }
        }

        /// <summary>Rows read into the identity.</summary>
        public int IdentityRowCount
        {
            get { return _identityCount; }
        }

        /// <summary>Slots holding a monotonic counter (checked for going backwards).</summary>
        public int CounterCount
        {
            get { return _counterCount; }
        }

        /// <summary>Raw bytes of all identity rows together (a driver keeps them to re-decode after a word order change).</summary>
        public int IdentityByteCount
        {
            get { return _identityOffsets[_identityOffsets.Length - 1]; }
        }

        // ------------------------------------------------------------------ one row

        public byte FunctionCodeAt(int row)
        {
            return _functionCodes[row];
        }

        /// <summary>Protocol address (0-based, as on the wire).</summary>
        public int AddressAt(int row)
        {
            return _addresses[row];
        }

        /// <summary>Last address (register or bit) the row occupies.</summary>
        public int LastAddressAt(int row)
        {
            return _addresses[row] + _lengths[row] - 1;
        }

        public DataType DataTypeAt(int row)
        {
            return (DataType)_dataTypes[row];
        }

        public WordOrder WordOrderAt(int row)
        {
            return (_flags[row] & LowWordFirstFlag) != 0 ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
        }

        /// <summary>Registers (or bits for function codes 01/02) the value occupies.</summary>
        public int LengthAt(int row)
        {
            return _lengths[row];
        }

        /// <summary>Multiplier from the meter's unit to the normalised unit.</summary>
        public double ScaleAt(int row)
        {
            return _scales[_scaleIndexes[row]];
        }

        public PollClass PollClassAt(int row)
        {
            return (PollClass)_pollClasses[row];
        }

        public bool IsMonotonicAt(int row)
        {
            return (_flags[row] & MonotonicFlag) != 0;
        }

        public IdentityField IdentityAt(int row)
        {
            return (IdentityField)((_flags[row] & IdentityMask) >> IdentityShift);
        }

        /// <summary>Position of the row's quantity in the vocabulary, or <see cref="NoQuantity"/> for an identity row.</summary>
        public int QuantityIndexAt(int row)
        {
            byte quantity = _quantities[row];
            return quantity == NoQuantityByte ? NoQuantity : quantity;
        }

        /// <summary>The name the row's value is published under; null for an identity row.</summary>
        public string QuantityNameAt(int row)
        {
            byte quantity = _quantities[row];
            if (quantity == NoQuantityByte)
            {
                return null;
            }

            if (_renamed != null && _renamed[row] != null)
            {
                return _renamed[row];
            }

            return QuantityNames.NameAt(quantity);
        }

        /// <summary>The row's slot in a meter's readings; -1 for an identity row.</summary>
        public int SlotOfRow(int row)
        {
            if (_slotOfRow == null)
            {
                return row >= _identityCount ? row - _identityCount : -1;
            }

            int slot = _slotOfRow[row];
            return slot >= 0 ? slot : -1;
        }

        /// <summary>The row of a readings slot.</summary>
        public int RowOfSlot(int slot)
        {
            return _rowOfSlot == null ? slot + _identityCount : _rowOfSlot[slot];
        }

        /// <summary>Ordinal of an identity row among the identity rows; -1 for a quantity row.</summary>
        public int IdentityOrdinalOfRow(int row)
        {
            if (_slotOfRow == null)
            {
                return row < _identityCount ? row : -1;
            }

            int slot = _slotOfRow[row];
            return slot < 0 ? -1 - slot : -1;
        }

        /// <summary>Position of a slot among the monotonic counters; -1 when the slot is not one.</summary>
        public int CounterOfSlot(int slot)
        {
            byte counter = _counterOfSlot[slot];
            return counter == NoCounterByte ? -1 : counter;
        }

        /// <summary>Where an identity row's raw bytes start in a buffer of <see cref="IdentityByteCount"/> bytes.</summary>
        public int IdentityByteOffset(int ordinal)
        {
            return _identityOffsets[ordinal];
        }

        /// <summary>The row as a declaration object, made on each call (tests, tools): not for hot paths.</summary>
        public RegisterDefinition RowAt(int row)
        {
            int quantityIndex = QuantityIndexAt(row);
            Quantity quantity = null;
            if (quantityIndex != NoQuantity)
            {
                quantity = QuantityNames.QuantityAt(quantityIndex);
                if (_renamed != null && _renamed[row] != null)
                {
                    quantity = quantity.WithName(_renamed[row]);
                }
            }

            return new RegisterDefinition(FunctionCodeAt(row), AddressAt(row), DataTypeAt(row), WordOrderAt(row),
                LengthAt(row), ScaleAt(row), quantity, PollClassAt(row), IsMonotonicAt(row), IdentityAt(row));
        }

        // ------------------------------------------------------------------ slots (the readings' order)

        public string NameOfSlot(int slot)
        {
            return QuantityNameAt(RowOfSlot(slot));
        }

        /// <summary>Position in the vocabulary of a slot's quantity (its unit, limits, diagnostic flag).</summary>
        public int QuantityIndexOfSlot(int slot)
        {
            return _quantities[RowOfSlot(slot)];
        }

        // ------------------------------------------------------------------ look-ups (linear: not for hot paths)

        /// <summary>The row whose value is published under that name, or -1.</summary>
        public int IndexOfQuantity(string name)
        {
            for (int row = 0; row < _quantities.Length; row++)
            {
                if (_quantities[row] != NoQuantityByte && QuantityNameAt(row) == name)
                {
                    return row;
                }
            }

            return -1;
        }

        /// <summary>The identity row for a field, or -1.</summary>
        public int IndexOfIdentity(IdentityField field)
        {
            for (int row = 0; row < _flags.Length; row++)
            {
                if (IdentityAt(row) == field)
                {
                    return row;
                }
            }

            return -1;
        }

        private static int CatalogIndexOf(Quantity quantity)
        {
            int index = quantity.CatalogIndex;
            if (index < 0)
            {
                index = QuantityNames.IndexOf(quantity.Name);
            }

            if (index < 0)
            {
                throw new ArgumentException("Quantity " + quantity.Name + " is not in the vocabulary");
            }

            return index;
        }
    }
}
