using System;

namespace EspCollector.Core.Meters
{
    /// <summary>Encodes setting values into registers for writes (the inverse of <see cref="RegisterDecoder"/>).</summary>
    public static class RegisterEncoder
    {
        /// <summary>
        /// IEEE 754 single-precision bits of a value, rounded to nearest (settings are small integers, exact in a
        /// float). Computed from the double's bits: the device's BitConverter has no allocation-free float path.
        /// </summary>
        public static uint SingleBits(double value)
        {
            if (value == 0)
            {
                return 0;
            }

            long bits = BitConverter.DoubleToInt64Bits(value);
            uint sign = bits < 0 ? 0x80000000u : 0u;
            int exponent = (int)((bits >> 52) & 0x7FF) - 1023 + 127;
            long mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent <= 0 || exponent >= 0xFF)
            {
                // Settings never come near the float limits; refuse rather than encode garbage.
                throw new ArgumentOutOfRangeException("value");
            }

            // Keep 23 of the 52 mantissa bits, rounding half to even on the 29 dropped.
            long kept = mantissa >> 29;
            long dropped = mantissa & 0x1FFFFFFF;
            if (dropped > 0x10000000 || (dropped == 0x10000000 && (kept & 1) != 0))
            {
                kept++;
                if (kept == 0x800000)
                {
                    kept = 0;
                    exponent++;
                }
            }

            return sign | ((uint)exponent << 23) | (uint)kept;
        }

        /// <summary>Writes a value of a setting's data type into <paramref name="registers"/> from index 0.</summary>
        public static int Encode(DataType dataType, int value, WordOrder wordOrder, ushort[] registers)
        {
            if (dataType == DataType.Float32)
            {
                uint bits = SingleBits(value);
                ushort high = (ushort)(bits >> 16);
                ushort low = (ushort)(bits & 0xFFFF);
                registers[0] = wordOrder == WordOrder.HighWordFirst ? high : low;
                registers[1] = wordOrder == WordOrder.HighWordFirst ? low : high;
                return 2;
            }

            registers[0] = (ushort)value;
            return 1;
        }
    }
}
