using System;
using System.Text;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Decodes table rows from a response's data field (registers big-endian as on the wire, coils packed
    /// least significant bit first: Application Protocol V1.1b3, 4.2 and 6.1). Static, allocation-free for
    /// numbers: floats are rebuilt from their bits with arithmetic, not through a scratch byte array.
    /// </summary>
    public static class RegisterDecoder
    {
        // 2^-149: the weight of the mantissa's last bit of a subnormal single (IEEE 754, binary32).
        private const double SubnormalUnit = 1.401298464324817E-45;

        /// <summary>Unsigned 16-bit register at a byte position.</summary>
        public static int ReadUInt16(byte[] data, int position)
        {
            return (data[position] << 8) | data[position + 1];
        }

        /// <summary>Two registers as an unsigned 32-bit value in the given word order.</summary>
        public static uint ReadUInt32(byte[] data, int position, WordOrder wordOrder)
        {
            uint first = (uint)ReadUInt16(data, position);
            uint second = (uint)ReadUInt16(data, position + 2);
            return wordOrder == WordOrder.HighWordFirst ? (first << 16) | second : (second << 16) | first;
        }

        /// <summary>IEEE 754 single from its 32 bits, widened exactly to double (NaN and infinities kept).</summary>
        public static double SingleFromBits(uint bits)
        {
            bool negative = (bits & 0x80000000u) != 0;
            int exponent = (int)((bits >> 23) & 0xFF);
            long mantissa = bits & 0x7FFFFF;
            double value;
            if (exponent == 0xFF)
            {
                value = mantissa == 0 ? double.PositiveInfinity : double.NaN;
            }
            else if (exponent == 0)
            {
                value = mantissa * SubnormalUnit;
            }
            else
            {
                // Same number in binary64: exponent re-biased from 127 to 1023, mantissa moved up 29 bits.
                long doubleBits = ((long)(exponent - 127 + 1023) << 52) | (mantissa << 29);
                value = BitConverter.Int64BitsToDouble(doubleBits);
            }

            return negative ? -value : value;
        }

        /// <summary>
        /// The numeric value of a row's registers, before scaling. <paramref name="swapWords"/> reads 32-bit
        /// values in the order opposite to the row's documented one. Returns NaN for a date that is not one.
        /// </summary>
        public static double ReadNumber(RegisterDefinition row, byte[] data, int position, int bitIndex, bool swapWords)
        {
            return ReadNumber(row.DataType, row.WordOrder, data, position, bitIndex, swapWords);
        }

        /// <summary>The same for a row of a compact <see cref="RegisterTable"/>: its data type and documented word order.</summary>
        public static double ReadNumber(DataType dataType, WordOrder wordOrder, byte[] data, int position, int bitIndex, bool swapWords)
        {
            WordOrder order = wordOrder;
            if (swapWords)
            {
                order = order == WordOrder.HighWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
            }

            switch (dataType)
            {
                case DataType.Float32:
                    return SingleFromBits(ReadUInt32(data, position, order));
                case DataType.Int16:
                    return (short)ReadUInt16(data, position);
                case DataType.UInt16:
                case DataType.Hex16:
                    return ReadUInt16(data, position);
                case DataType.Int32:
                    return (int)ReadUInt32(data, position, order);
                case DataType.UInt32:
                case DataType.Hex32:
                    return ReadUInt32(data, position, order);
                case DataType.ByteLow:
                    return data[position + 1];
                case DataType.ByteHigh:
                    return data[position];
                case DataType.Bit:
                    return (data[position] >> bitIndex) & 1;
                case DataType.DateTime6:
                    return ReadDateTime6(data, position);
                default:
                    // Ascii has no numeric value.
                    return double.NaN;
            }
        }

        /// <summary>The text of a row for the identity (serial number, firmware, meter code).</summary>
        public static string ReadText(RegisterDefinition row, byte[] data, int position, bool swapWords)
        {
            return ReadText(row.DataType, row.WordOrder, row.Length, data, position, swapWords);
        }

        /// <summary>The same for a row of a compact <see cref="RegisterTable"/>; <paramref name="length"/> in registers.</summary>
        public static string ReadText(DataType dataType, WordOrder wordOrder, int length, byte[] data, int position, bool swapWords)
        {
            switch (dataType)
            {
                case DataType.Ascii:
                    return ReadAscii(data, position, length * 2);
                case DataType.Hex16:
                    return ReadUInt16(data, position).ToString("X4");
                case DataType.Hex32:
                    {
                        WordOrder order = wordOrder;
                        if (swapWords)
                        {
                            order = order == WordOrder.HighWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
                        }

                        return ReadUInt32(data, position, order).ToString("X8");
                    }

                case DataType.Float32:
                    return ReadNumber(dataType, wordOrder, data, position, 0, swapWords).ToString("F2");
                default:
                    {
                        double number = ReadNumber(dataType, wordOrder, data, position, 0, swapWords);
                        return ((long)number).ToString();
                    }
            }
        }

        /// <summary>Printable characters up to the first NUL, trailing spaces removed (KPM33B 0x0012: "14
        /// consecutive bytes, the first 13 bytes are the serial number").</summary>
        public static string ReadAscii(byte[] data, int position, int byteCount)
        {
            StringBuilder text = new StringBuilder(byteCount);
            for (int index = 0; index < byteCount; index++)
            {
                byte character = data[position + index];
                if (character == 0)
                {
                    break;
                }

                if (character >= 0x20 && character < 0x7F)
                {
                    text.Append((char)character);
                }
            }

            return text.ToString().Trim();
        }

        private static double ReadDateTime6(byte[] data, int position)
        {
            int year = data[position];
            int month = data[position + 1];
            int day = data[position + 2];
            int hour = data[position + 3];
            int minute = data[position + 4];
            int second = data[position + 5];
            if (year > 99 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
            {
                return double.NaN;
            }

            // yyMMddHHmmss stays below 2^53, so the double holds it exactly.
            return ((((year * 100.0 + month) * 100.0 + day) * 100.0 + hour) * 100.0 + minute) * 100.0 + second;
        }
    }
}
