using System;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A writable setting of a meter (address, baud rate, tariff, ...): where it is, how it is written, and
    /// which user values are allowed with the code the meter wants for each. Read back with function 03.
    /// </summary>
    public sealed class SettingRegister
    {
        /// <summary>06 write single register or 16 write multiple registers, as the manual prescribes.</summary>
        public readonly byte WriteFunctionCode;

        public readonly ushort Address;

        /// <summary>UInt16/Int16 (one register), Float32 (two registers, value as a float), ByteLow (the low
        /// byte of a register whose high byte must be kept: read, modify, write).</summary>
        public readonly DataType DataType;

        /// <summary>The values a user may ask for (bit/s for a baud rate, 1..247 for an address); null when
        /// <see cref="MinimumValue"/>..<see cref="MaximumValue"/> applies.</summary>
        public readonly int[] Values;

        /// <summary>The code written for each entry of <see cref="Values"/>; null when the value itself is written.</summary>
        public readonly int[] Codes;

        public readonly int MinimumValue;
        public readonly int MaximumValue;

        public SettingRegister(byte writeFunctionCode, int address, DataType dataType, int[] values, int[] codes,
            int minimumValue, int maximumValue)
        {
            if (codes != null && (values == null || codes.Length != values.Length))
            {
                throw new ArgumentException("Setting codes must pair with values");
            }

            WriteFunctionCode = writeFunctionCode;
            Address = (ushort)address;
            DataType = dataType;
            Values = values;
            Codes = codes;
            MinimumValue = minimumValue;
            MaximumValue = maximumValue;
        }

        /// <summary>A setting whose value is written as is, within a range.</summary>
        public static SettingRegister Range(byte writeFunctionCode, int address, DataType dataType, int minimum, int maximum)
        {
            return new SettingRegister(writeFunctionCode, address, dataType, null, null, minimum, maximum);
        }

        /// <summary>A setting with a list of allowed values, each written as its code (or itself if codes is null).</summary>
        public static SettingRegister Coded(byte writeFunctionCode, int address, DataType dataType, int[] values, int[] codes)
        {
            return new SettingRegister(writeFunctionCode, address, dataType, values, codes, 0, 0);
        }

        /// <summary>Registers written: two for a float, else one.</summary>
        public int RegisterCount
        {
            get { return DataType == DataType.Float32 ? 2 : 1; }
        }

        /// <summary>The code to write for a user value, or -1 when the value is not allowed.</summary>
        public int CodeFor(int value)
        {
            if (Values == null)
            {
                return value >= MinimumValue && value <= MaximumValue ? value : -1;
            }

            for (int index = 0; index < Values.Length; index++)
            {
                if (Values[index] == value)
                {
                    return Codes == null ? value : Codes[index];
                }
            }

            return -1;
        }
    }
}
