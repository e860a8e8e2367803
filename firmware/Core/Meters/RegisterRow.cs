using EspCollector.Core.Bus;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The row declarations of the *Registers.cs tables, as packed rows (<see cref="RegisterTable.Pack"/>): the same
    /// factories as <see cref="RegisterDefinition"/>'s, returning a <c>long</c> instead of an object, so a table is
    /// one <c>long</c> array while its plan is built (~0.5 KB for a type) instead of a declaration object and a
    /// quantity per row. <see cref="MeterType.Registers"/> gives them back as declarations for tests and tools.
    /// </summary>
    public static class RegisterRow
    {
        /// <summary>A measured quantity (instantaneous value, setting, code); every manual documents its 32-bit values
        /// high word first, so tables state HighWordFirst.</summary>
        public static long Measure(byte functionCode, int address, DataType dataType, double scale, string quantityName, PollClass pollClass)
        {
            return RegisterTable.Pack(functionCode, address, dataType, WordOrder.HighWordFirst, RegisterDefinition.LengthOf(dataType), scale,
                QuantityOf(quantityName), pollClass, false, IdentityField.None);
        }

        /// <summary>A cumulative energy counter: checked for going backwards.</summary>
        public static long Counter(byte functionCode, int address, DataType dataType, double scale, string quantityName, PollClass pollClass)
        {
            return RegisterTable.Pack(functionCode, address, dataType, WordOrder.HighWordFirst, RegisterDefinition.LengthOf(dataType), scale,
                QuantityOf(quantityName), pollClass, true, IdentityField.None);
        }

        /// <summary>A row read once per connection into the meter's identity.</summary>
        public static long IdentityRow(byte functionCode, int address, DataType dataType, int length, IdentityField field)
        {
            return RegisterTable.Pack(functionCode, address, dataType, WordOrder.HighWordFirst, length, 1.0, RegisterTable.NoQuantity,
                PollClass.Once, false, field);
        }

        /// <summary>The vocabulary position of a name; a name outside the vocabulary is a mistake in a table.</summary>
        private static int QuantityOf(string name)
        {
            int index = QuantityNames.IndexOf(name);
            if (index < 0)
            {
                throw new System.ArgumentException("Unknown quantity " + name);
            }

            return index;
        }
    }
}
