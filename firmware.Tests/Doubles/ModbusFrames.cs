using System;
using EspCollector.Core.Bus;

namespace EspCollector.Tests.Doubles
{
    /// <summary>Byte-exact frames for tests: hex text to bytes, CRC appended, and back to text for messages.</summary>
    public static class ModbusFrames
    {
        /// <summary>"01 03 00 00" (spaces optional) to bytes.</summary>
        public static byte[] Hex(string text)
        {
            byte[] scratch = new byte[text.Length / 2 + 1];
            int count = 0;
            int high = -1;
            for (int index = 0; index < text.Length; index++)
            {
                int digit = HexDigit(text[index]);
                if (digit < 0)
                {
                    continue;
                }

                if (high < 0)
                {
                    high = digit;
                }
                else
                {
                    scratch[count++] = (byte)((high << 4) | digit);
                    high = -1;
                }
            }

            if (high >= 0)
            {
                throw new ArgumentException("odd number of hex digits");
            }

            byte[] result = new byte[count];
            Array.Copy(scratch, result, count);
            return result;
        }

        /// <summary>The bytes of <paramref name="text"/> followed by their CRC (low byte first).</summary>
        public static byte[] HexWithCrc(string text)
        {
            return WithCrc(Hex(text));
        }

        public static byte[] WithCrc(byte[] body)
        {
            byte[] frame = new byte[body.Length + 2];
            Array.Copy(body, frame, body.Length);
            ModbusCrc.Append(frame, 0, body.Length);
            return frame;
        }

        public static byte[] Concat(byte[] first, byte[] second)
        {
            byte[] result = new byte[first.Length + second.Length];
            Array.Copy(first, result, first.Length);
            Array.Copy(second, 0, result, first.Length, second.Length);
            return result;
        }

        public static string ToHex(byte[] bytes, int offset, int count)
        {
            const string digits = "0123456789ABCDEF";
            char[] text = new char[count * 3];
            for (int index = 0; index < count; index++)
            {
                byte value = bytes[offset + index];
                text[index * 3] = digits[value >> 4];
                text[index * 3 + 1] = digits[value & 0xF];
                text[index * 3 + 2] = ' ';
            }

            return new string(text, 0, count > 0 ? count * 3 - 1 : 0);
        }

        public static bool SameBytes(byte[] expected, byte[] actual, int actualOffset, int count)
        {
            if (expected.Length != count)
            {
                return false;
            }

            for (int index = 0; index < count; index++)
            {
                if (expected[index] != actual[actualOffset + index])
                {
                    return false;
                }
            }

            return true;
        }

        private static int HexDigit(char character)
        {
            if (character >= '0' && character <= '9')
            {
                return character - '0';
            }

            if (character >= 'A' && character <= 'F')
            {
                return character - 'A' + 10;
            }

            if (character >= 'a' && character <= 'f')
            {
                return character - 'a' + 10;
            }

            return -1;
        }
    }
}
