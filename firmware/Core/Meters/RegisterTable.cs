using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A meter type's register table as the firmware keeps it: the rows declared packed (<see cref="RegisterRow"/>,
    /// one per manual line, in the *Registers.cs tables; <see cref="RegisterDefinition"/> is their readable form for
    /// tests and tools), kept in one byte
    /// array of <see cref="RowBytes"/> bytes per row, in the order given (<see cref="BlockPlan"/> gives them in
    /// block order). nanoFramework spends a 12-byte heap block on every field of an object and 20 bytes on every
    /// array header, so a 10-field row object costs 132 bytes and ten parallel arrays ~200 bytes of headers; here
    /// a row costs 6 bytes (address 2, function code with scale, data type with length, poll class with flags,
    /// quantity), and the declared <c>long</c> rows are garbage once it is built. Quantities are positions in
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


        /// <summary>Compacts the declarations (tests and tools; the firmware builds its tables from packed rows).</summary>
        public RegisterTable(RegisterDefinition[] rows)
            : this(PackAll(rows), RenamedOf(rows))
        {
        }

        /// <summary>
        /// The table of packed rows (<see cref="Pack"/>, one <c>long</c> a row, as the *Registers.cs tables declare
        /// them), in the order given. <paramref name="names"/> (may be null) names a row whose published name is not
        /// its vocabulary entry's (the Compere monthly history); null entries keep the vocabulary's name.
        /// </summary>
        public RegisterTable(long[] rows, string[] names)
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
                long packed = rows[row];
                int at = row * RowBytes;
                for (int index = 0; index < RowBytes; index++)
                {
                    _rows[at + index] = (byte)(packed >> (8 * index));
                }

                if (_rows[at + QuantityByte] == NoQuantityByte)
                {
                    slotOfRow[row] = (short)(-1 - identityCount);
                    identityFirst = identityFirst && quantityCount == 0;
                    identityCount++;
                    continue;
                }

                if (names != null && names[row] != null)
                {
                    if (_renamed == null)
                    {
                        _renamed = StringArrays.Create(count);
                    }

                    _renamed[row] = names[row];
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

        /// <summary>
        /// One row packed into a <c>long</c>: the table's <see cref="RowBytes"/> bytes, byte n in bits 8n..8n+7. The
        /// tables declare their rows with these (<see cref="RegisterRow"/>), so building a plan makes no declaration
        /// objects (on nanoFramework ~250 B a row with its quantity: a type's table was ~16 KB of garbage at boot).
        /// <paramref name="quantity"/> is the vocabulary position, or <see cref="NoQuantity"/> for an identity row.
        /// </summary>
        public static long Pack(byte functionCode, int address, DataType dataType, WordOrder wordOrder, int length,
            double scale, int quantity, PollClass pollClass, bool isMonotonic, IdentityField identity)
        {
            if (address < 0 || address > 0xFFFF || length < 1)
            {
                throw new ArgumentException("Register definition outside the Modbus address space");
            }

            if (length > NibbleMask || functionCode > NibbleMask)
            {
                throw new ArgumentException("Register definition longer than 15 registers or not a read");
            }

            int classAndFlags = (int)pollClass | ((int)identity << IdentityShift);
            if (wordOrder == WordOrder.LowWordFirst)
            {
                classAndFlags |= LowWordFirstFlag;
            }

            if (isMonotonic)
            {
                classAndFlags |= MonotonicFlag;
            }

            long packed = (long)(byte)(address >> 8)
                | ((long)(byte)address << 8)
                | ((long)(byte)(functionCode | ((ExponentOf(scale) + ExponentBias) << 4)) << 16)
                | ((long)(byte)((int)dataType | (length << 4)) << 24)
                | ((long)(byte)classAndFlags << 32);
            return packed | ((long)(quantity < 0 ? NoQuantityByte : (byte)quantity) << 40);
        }

        /// <summary>Function code of a packed row.</summary>
        public static byte PackedFunctionCode(long row)
        {
            return (byte)((row >> (8 * FunctionAndScaleByte)) & NibbleMask);
        }

        /// <summary>Protocol address of a packed row.</summary>
        public static int PackedAddress(long row)
        {
            return (int)(((row >> (8 * AddressHigh)) & 0xFF) << 8) | (int)((row >> (8 * AddressLow)) & 0xFF);
        }

        /// <summary>Last address (register or bit) a packed row occupies.</summary>
        public static int PackedLastAddress(long row)
        {
            return PackedAddress(row) + (int)((row >> (8 * TypeAndLengthByte + 4)) & NibbleMask) - 1;
        }

        /// <summary>Poll class of a packed row.</summary>
        public static PollClass PackedPollClass(long row)
        {
            return (PollClass)((row >> (8 * ClassAndFlagsByte)) & PollClassMask);
        }

        private static long[] PackAll(RegisterDefinition[] rows)
        {
            if (rows == null)
            {
                throw new ArgumentNullException("rows");
            }

            long[] packed = new long[rows.Length];
            for (int row = 0; row < rows.Length; row++)
            {
                RegisterDefinition definition = rows[row];
                packed[row] = Pack(definition.FunctionCode, definition.Address, definition.DataType, definition.WordOrder,
                    definition.Length, definition.Scale, definition.Quantity == null ? NoQuantity : CatalogIndexOf(definition.Quantity),
                    definition.PollClass, definition.IsMonotonic, definition.Identity);
            }

            return packed;
        }

        /// <summary>The names of declared rows whose quantity was renamed from its vocabulary entry, or null.</summary>
        private static string[] RenamedOf(RegisterDefinition[] rows)
        {
            string[] names = null;
            for (int row = 0; rows != null && row < rows.Length; row++)
            {
                Quantity quantity = rows[row].Quantity;
                if (quantity != null && quantity.Name != QuantityNames.NameAt(CatalogIndexOf(quantity)))
                {
                    if (names == null)
                    {
                        names = StringArrays.Create(rows.Length);
                    }

                    names[row] = quantity.Name;
                }
            }

            return names;
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
