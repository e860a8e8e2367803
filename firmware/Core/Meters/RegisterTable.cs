using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A meter type's register table as the firmware keeps it: the rows declared with
    /// <see cref="RegisterDefinition"/> (one per manual line, in the *Registers.cs tables), packed into one byte
    /// array of <see cref="RowBytes"/> bytes per row, in the order given (<see cref="BlockPlan"/> gives them in
    /// block order). nanoFramework spends a 12-byte heap block on every field of an object and 20 bytes on every
    /// array header, so a 10-field row object costs 132 bytes and ten parallel arrays ~200 bytes of headers; here
    /// a row costs 6 bytes (address 2, function code with scale, data type with length, poll class with flags,
    /// quantity), and the declarations are garbage once it is built. Quantities are positions in
    /// the vocabulary (<see cref="QuantityNames"/>); scales are powers of ten (every manual's unit is the
    /// published one or its kilo), kept as the exponent.
    /// Immutable: one instance is shared by every driver of the type.
    /// </summary>
    public sealed class RegisterTable
    {
        /// <summary>Quantity index of an identity row.</summary>
        public const int NoQuantity = -1;

        /// <summary>Bytes per packed row: address high, address low, function code (bits 0..3) with the scale's
        /// power of ten + 8 (bits 4..7), data type (bits 0..3) with length (bits 4..7), poll class (bits 0..3)
        /// with flags (bits 4..7), quantity.</summary>
        private const int RowBytes = 6;
        private const int AddressHigh = 0;
        private const int AddressLow = 1;
        private const int FunctionAndScaleByte = 2;
        private const int TypeAndLengthByte = 3;
        private const int ClassAndFlagsByte = 4;
        private const int QuantityByte = 5;
        private const int NibbleMask = 0x0F;
        private const int ExponentBias = 8;

        private const byte NoQuantityByte = byte.MaxValue;
        private const int PollClassMask = 0x0F;
        private const int LowWordFirstFlag = 0x10;
        private const int MonotonicFlag = 0x20;
        private const int IdentityShift = 6;

        /// <summary>The rows, <see cref="RowBytes"/> each.</summary>
        private readonly byte[] _rows;

        /// <summary>Published name of a row whose quantity was renamed from its vocabulary entry (the Compere
        /// monthly history: energy_total_month_3); null when no row is renamed, as in every base table.</summary>
        private readonly string[] _renamed;

        /// <summary>Identity rows ahead of every quantity row, as in every plan (<see cref="BlockPlan"/> puts the
        /// poll class Once first, and only identity rows are Once): then row r is identity ordinal r, or slot
        /// r - <see cref="IdentityRowCount"/>, and the two maps below are null.</summary>
        private readonly int _identityCount;
        private readonly int _quantityCount;

        /// <summary>Only when identity and quantity rows interleave: slot of each row (quantity rows in row order),
        /// or for identity rows -1 - the identity row's ordinal; and the row of each slot.</summary>
        private readonly short[] _slotOfRow;
        private readonly short[] _rowOfSlot;


        /// <summary>Compacts the declarations (which the caller may drop afterwards).</summary>
        public RegisterTable(RegisterDefinition[] rows)
        {
            if (rows == null)
            {
                throw new ArgumentNullException("rows");
            }

            int count = rows.Length;
            _rows = new byte[count * RowBytes];
            short[] slotOfRow = new short[count];
            int quantityCount = 0;
            int identityCount = 0;
            bool identityFirst = true;
            for (int row = 0; row < count; row++)
            {
                RegisterDefinition definition = rows[row];
                if (definition.Length > NibbleMask || definition.FunctionCode > NibbleMask)
                {
                    throw new ArgumentException("Register definition longer than 15 registers or not a read");
                }

                int exponent = ExponentOf(definition.Scale);

                int at = row * RowBytes;
                _rows[at + AddressHigh] = (byte)(definition.Address >> 8);
                _rows[at + AddressLow] = (byte)definition.Address;
                _rows[at + FunctionAndScaleByte] = (byte)(definition.FunctionCode | ((exponent + ExponentBias) << 4));
                _rows[at + TypeAndLengthByte] = (byte)((int)definition.DataType | (definition.Length << 4));
                int classAndFlags = (int)definition.PollClass | ((int)definition.Identity << IdentityShift);
                if (definition.WordOrder == WordOrder.LowWordFirst)
                {
                    classAndFlags |= LowWordFirstFlag;
                }

                if (definition.IsMonotonic)
                {
                    classAndFlags |= MonotonicFlag;
                }

                _rows[at + ClassAndFlagsByte] = (byte)classAndFlags;


                if (definition.Quantity == null)
                {
                    _rows[at + QuantityByte] = NoQuantityByte;
                    slotOfRow[row] = (short)(-1 - identityCount);
                    identityFirst = identityFirst && quantityCount == 0;
                    identityCount++;
                    continue;
                }

                int quantity = CatalogIndexOf(definition.Quantity);
                _rows[at + QuantityByte] = (byte)quantity;
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

            _identityCount = identityCount;
            _quantityCount = quantityCount;
            if (!identityFirst)
            {
                short[] rowOfSlot = new short[quantityCount];
                for (int row = 0; row < count; row++)
                {
                    if (slotOfRow[row] >= 0)
                    {
                        rowOfSlot[slotOfRow[row]] = (short)row;
                    }
                }

                _slotOfRow = slotOfRow;
                _rowOfSlot = rowOfSlot;
            }
        }

        /// <summary>Rows in the table.</summary>
        public int Count
        {
            get { return _rows.Length / RowBytes; }
        }

        /// <summary>Rows that carry a quantity: the slots of a meter's readings.</summary>
        public int QuantityCount
        {
            get { return _quantityCount; }
        }

        /// <summary>Rows read into the identity.</summary>
        public int IdentityRowCount
        {
            get { return _identityCount; }
        }

        /// <summary>Slots holding a monotonic counter (checked for going backwards); counted on each call.</summary>
        public int CounterCount
        {
            get
            {
                int counters = 0;
                for (int slot = 0; slot < _quantityCount; slot++)
                {
                    if (IsMonotonicAt(RowOfSlot(slot)))
                    {
                        counters++;
                    }
                }

                return counters;
            }
        }

        /// <summary>Raw bytes of all identity rows together (a driver keeps them to re-decode after a word order change).</summary>
        public int IdentityByteCount
        {
            get { return IdentityByteOffset(_identityCount); }
        }

        // ------------------------------------------------------------------ one row

        public byte FunctionCodeAt(int row)
        {
            return (byte)(_rows[row * RowBytes + FunctionAndScaleByte] & NibbleMask);
        }

        /// <summary>Protocol address (0-based, as on the wire).</summary>
        public int AddressAt(int row)
        {
            int at = row * RowBytes;
            return (_rows[at + AddressHigh] << 8) | _rows[at + AddressLow];
        }

        /// <summary>Last address (register or bit) the row occupies.</summary>
        public int LastAddressAt(int row)
        {
            return AddressAt(row) + LengthAt(row) - 1;
        }

        public DataType DataTypeAt(int row)
        {
            return (DataType)(_rows[row * RowBytes + TypeAndLengthByte] & NibbleMask);
        }

        public WordOrder WordOrderAt(int row)
        {
            return (_rows[row * RowBytes + ClassAndFlagsByte] & LowWordFirstFlag) != 0 ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
        }

        /// <summary>Registers (or bits for function codes 01/02) the value occupies.</summary>
        public int LengthAt(int row)
        {
            return _rows[row * RowBytes + TypeAndLengthByte] >> 4;
        }

        /// <summary>Multiplier from the meter's unit to the normalised unit.</summary>
        public double ScaleAt(int row)
        {
            return PowerOfTen((_rows[row * RowBytes + FunctionAndScaleByte] >> 4) - ExponentBias);
        }

        public PollClass PollClassAt(int row)
        {
            return (PollClass)(_rows[row * RowBytes + ClassAndFlagsByte] & PollClassMask);
        }

        public bool IsMonotonicAt(int row)
        {
            return (_rows[row * RowBytes + ClassAndFlagsByte] & MonotonicFlag) != 0;
        }

        public IdentityField IdentityAt(int row)
        {
            return (IdentityField)(_rows[row * RowBytes + ClassAndFlagsByte] >> IdentityShift);
        }

        /// <summary>Position of the row's quantity in the vocabulary, or <see cref="NoQuantity"/> for an identity row.</summary>
        public int QuantityIndexAt(int row)
        {
            byte quantity = _rows[row * RowBytes + QuantityByte];
            return quantity == NoQuantityByte ? NoQuantity : quantity;
        }

        /// <summary>The name the row's value is published under; null for an identity row.</summary>
        public string QuantityNameAt(int row)
        {
            byte quantity = _rows[row * RowBytes + QuantityByte];
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

        /// <summary>Position of a slot among the monotonic counters; -1 when the slot is not one. Counted on each
        /// call (tests, tools): a driver keeps its counters' references in their slots.</summary>
        public int CounterOfSlot(int slot)
        {
            if (!IsMonotonicAt(RowOfSlot(slot)))
            {
                return -1;
            }

            int counter = 0;
            for (int before = 0; before < slot; before++)
            {
                if (IsMonotonicAt(RowOfSlot(before)))
                {
                    counter++;
                }
            }

            return counter;
        }

        /// <summary>Where an identity row's raw bytes start in a buffer of <see cref="IdentityByteCount"/> bytes.</summary>
        public int IdentityByteOffset(int ordinal)
        {
            // Summed on each call: identity rows are few (at most three) and read once per connection.
            int offset = 0;
            int count = Count;
            for (int row = 0; row < count; row++)
            {
                int identity = IdentityOrdinalOfRow(row);
                if (identity >= 0 && identity < ordinal)
                {
                    offset += LengthAt(row) * 2;
                }
            }

            return offset;
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
            return _rows[RowOfSlot(slot) * RowBytes + QuantityByte];
        }

        // ------------------------------------------------------------------ look-ups (linear: not for hot paths)

        /// <summary>The row whose value is published under that name, or -1.</summary>
        public int IndexOfQuantity(string name)
        {
            // By vocabulary position: a name made by the vocabulary's switch is a new string block on nanoFramework.
            int quantity = QuantityNames.IndexOf(name);
            int count = Count;
            for (int row = 0; row < count; row++)
            {
                if (_renamed != null && _renamed[row] != null)
                {
                    if (_renamed[row] == name)
                    {
                        return row;
                    }
                }
                else if (quantity >= 0 && _rows[row * RowBytes + QuantityByte] == quantity)
                {
                    return row;
                }
            }

            return -1;
        }

        /// <summary>The identity row for a field, or -1.</summary>
        public int IndexOfIdentity(IdentityField field)
        {
            int count = Count;
            for (int row = 0; row < count; row++)
            {
                if (IdentityAt(row) == field)
                {
                    return row;
                }
            }

            return -1;
        }

        /// <summary>The power of ten a scale is; a scale that is none is a mistake in a table.</summary>
        private static int ExponentOf(double scale)
        {
            for (int exponent = -ExponentBias; exponent < ExponentBias; exponent++)
            {
                if (PowerOfTen(exponent) == scale)
                {
                    return exponent;
                }
            }

            throw new ArgumentException("Scale is not a power of ten from 1e-8 to 1e7");
        }

        /// <summary>Constants, not Math.Pow: the same doubles the tables declare (0.1 is not 10^-1 computed).</summary>
        private static double PowerOfTen(int exponent)
        {
            switch (exponent)
            {
                case -8: return 1e-8;
                case -7: return 1e-7;
                case -6: return 1e-6;
                case -5: return 1e-5;
                case -4: return 1e-4;
                case -3: return 0.001;
                case -2: return 0.01;
                case -1: return 0.1;
                case 0: return 1.0;
                case 1: return 10.0;
                case 2: return 100.0;
                case 3: return 1000.0;
                case 4: return 1e4;
                case 5: return 1e5;
                case 6: return 1e6;
                default: return 1e7;
            }
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
