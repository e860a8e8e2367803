namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// CRC-16/MODBUS (Modbus over Serial Line V1.02, 2.5.1.2 and appendix B): polynomial 0xA001 (reflected
    /// 0x8005), initial value 0xFFFF, low byte sent first. The simulators keep their own copy so that they check
    /// the core master against an implementation written separately from it.
    /// </summary>
    public static class ModbusCrc
    {
        private static readonly ushort[] Table = BuildTable();

        public static ushort Compute(byte[] buffer, int offset, int count)
        {
            ushort crc = 0xFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc = (ushort)((crc >> 8) ^ Table[(crc ^ buffer[i]) & 0xFF]);
            }

            return crc;
        }

        /// <summary>Appends the CRC (low byte first) after <paramref name="count"/> bytes; returns the new length.</summary>
        public static int Append(byte[] buffer, int count)
        {
            ushort crc = Compute(buffer, 0, count);
            buffer[count] = (byte)(crc & 0xFF);
            buffer[count + 1] = (byte)(crc >> 8);
            return count + 2;
        }

        /// <summary>True when the last two bytes of the frame are the CRC of the bytes before them.</summary>
        public static bool Check(byte[] buffer, int offset, int length)
        {
            if (length < 4)
            {
                return false;
            }

            ushort crc = Compute(buffer, offset, length - 2);
            return buffer[offset + length - 2] == (byte)(crc & 0xFF) && buffer[offset + length - 1] == (byte)(crc >> 8);
        }

        private static ushort[] BuildTable()
        {
            var table = new ushort[256];
            for (int value = 0; value < 256; value++)
            {
                ushort crc = (ushort)value;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
                }

                table[value] = crc;
            }

            return table;
        }
    }
}
