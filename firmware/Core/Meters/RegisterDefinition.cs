using System;
using EspCollector.Core.Bus;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// One row of a meter's register table: where a value is (function code, address), how it is encoded
    /// (data type, word order), how it becomes a canonical quantity (scale, quantity) and how often it is read
    /// (poll class). The *Registers.cs tables declare their rows with these, one per manual line; the firmware
    /// keeps them compacted into a <see cref="RegisterTable"/> (parallel primitive arrays, built once per type)
    /// and drops the objects. The driver reads the tables, it has no code per register.
    /// </summary>
    public sealed class RegisterDefinition
    {
        /// <summary>01 coils, 02 discrete inputs, 03 holding registers, 04 input registers.</summary>
        public readonly byte FunctionCode;

        /// <summary>Protocol address (0-based, as on the wire, as the manuals print them in hex).</summary>
        public readonly ushort Address;

        public readonly DataType DataType;

        /// <summary>Word order of 32-bit values as the manual documents it; a meter detected to use the other
        /// order has all its 32-bit rows read the other way (see <see cref="MeterDriver"/>).</summary>
        public readonly WordOrder WordOrder;

        /// <summary>Registers (or bits for function codes 01/02) the value occupies.</summary>
        public readonly int Length;

        /// <summary>Multiplier from the meter's unit to the normalised unit (1000 for kW to W).</summary>
        public readonly double Scale;

        /// <summary>The canonical quantity; null for identity rows.</summary>
        public readonly Quantity Quantity;

        public readonly PollClass PollClass;

        /// <summary>A cumulative counter that only grows while the meter lives: a decrease is reported as an
        /// event (meter reset or replaced), never published as negative consumption.</summary>
        public readonly bool IsMonotonic;

        public readonly IdentityField Identity;

        public RegisterDefinition(byte functionCode, int address, DataType dataType, WordOrder wordOrder, int length,
            double scale, Quantity quantity, PollClass pollClass, bool isMonotonic, IdentityField identity)
        {
            if (address < 0 || address > 0xFFFF || length < 1)
            {
                throw new ArgumentException("Register definition outside the Modbus address space");
            }

            FunctionCode = functionCode;
            Address = (ushort)address;
            DataType = dataType;
            WordOrder = wordOrder;
            Length = length;
            Scale = scale;
            Quantity = quantity;
            PollClass = pollClass;
            IsMonotonic = isMonotonic;
            Identity = identity;
        }

        /// <summary>Last address (register or bit) the value occupies.</summary>
        public int LastAddress
        {
            get { return Address + Length - 1; }
        }

        /// <summary>A measured quantity (instantaneous value, setting, code). Every meter manual documents
        /// its 32-bit values high word first, so tables state HighWordFirst.</summary>
        public static RegisterDefinition Measure(byte functionCode, int address, DataType dataType, double scale,
            string quantityName, PollClass pollClass)
        {
            return new RegisterDefinition(functionCode, address, dataType, WordOrder.HighWordFirst,
                LengthOf(dataType), scale, QuantityNames.Find(quantityName), pollClass, false, IdentityField.None);
        }

        /// <summary>A cumulative energy counter: checked for going backwards.</summary>
        public static RegisterDefinition Counter(byte functionCode, int address, DataType dataType, double scale,
            string quantityName, PollClass pollClass)
        {
            return new RegisterDefinition(functionCode, address, dataType, WordOrder.HighWordFirst,
                LengthOf(dataType), scale, QuantityNames.Find(quantityName), pollClass, true, IdentityField.None);
        }

        /// <summary>A row read once per connection into the meter's identity.</summary>
        public static RegisterDefinition IdentityRow(byte functionCode, int address, DataType dataType, int length,
            IdentityField field)
        {
            return new RegisterDefinition(functionCode, address, dataType, WordOrder.HighWordFirst, length, 1.0,
                null, PollClass.Once, false, field);
        }

        /// <summary>Registers (bits for <see cref="DataType.Bit"/>) of a fixed-size data type.</summary>
        public static int LengthOf(DataType dataType)
        {
            switch (dataType)
            {
                case DataType.Float32:
                case DataType.Int32:
                case DataType.UInt32:
                case DataType.Hex32:
                    return 2;
                case DataType.DateTime6:
                    return 3;
                case DataType.Ascii:
                    throw new ArgumentException("Ascii rows state their length");
                default:
                    return 1;
            }
        }
    }
}
