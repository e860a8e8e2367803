namespace EspCollector.Core.Bus
{
    /// <summary>
    /// CRC-16/MODBUS: polynomial 0x8005 processed reflected (0xA001), initial value 0xFFFF, no final XOR.
    /// The low byte is sent first (Modbus over Serial Line V1.02, 2.5.1.2 and 6.2.2). A 256-entry table
    /// (512 bytes, built once) keeps the per-byte cost to one lookup on the interpreted runtime.
    /// </summary>
    public static class ModbusCrc
    {
        public const ushort InitialValue = 0xFFFF;

        private const ushort ReflectedPolynomial = 0xA001;

        private static readonly ushort[] Table = BuildTable();

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int value = 0; value < 256; value++)
            {
                int crc = value;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
                }

                table[value] = (ushort)crc;
            }

            return table;
        }

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] buffer, int offset, int count)
        {
            int crc = InitialValue;
            int end = offset + count;
            for (int index = offset; index < end; index++)
            {
                crc = (crc >> 8) ^ Table[(crc ^ buffer[index]) & 0xFF];
            }

            return (ushort)crc;
        }

        /// <summary>Appends the CRC of the first <paramref name="length"/> bytes, low byte first; returns the new length.</summary>
        public static int Append(byte[] buffer, int offset, int length)
        {
            ushort crc = Compute(buffer, offset, length);
            buffer[offset + length] = (byte)(crc & 0xFF);
            buffer[offset + length + 1] = (byte)(crc >> 8);
            return length + 2;
        }

        /// <summary>True when the last two of <paramref name="length"/> bytes are the CRC of the others.</summary>
        public static bool IsValid(byte[] buffer, int offset, int length)
        {
            if (length < 3)
            {
                return false;
            }

            ushort crc = Compute(buffer, offset, length - 2);
            return buffer[offset + length - 2] == (byte)(crc & 0xFF) && buffer[offset + length - 1] == (byte)(crc >> 8);
        }
    }
}
