namespace EspCollector.Simulators.Modbus
{
    /// <summary>Frame-length and timing rules of Modbus over Serial Line V1.02 used by the slave side.</summary>
    public static class RtuFraming
    {
        /// <summary>Largest RTU frame (V1.02, 2.5.1.1: 256 bytes).</summary>
        public const int MaximumFrameLength = 256;

        /// <summary>
        /// Length of a request frame (address + PDU + CRC) once enough header bytes are in: 0 when more bytes are
        /// needed to know, -1 for a function code whose request length the slave cannot tell (framed by silence).
        /// </summary>
        public static int ExpectedRequestLength(byte[] frame, int received)
        {
            if (received < 2)
            {
                return 0;
            }

            switch (frame[1])
            {
                case 0x01:
                case 0x02:
                case 0x03:
                case 0x04:
                case 0x05:
                case 0x06:
                case 0x08:
                    return 8;
                case 0x07:
                case 0x0B:
                case 0x0C:
                case 0x11:
                    return 4;
                case 0x0F:
                case 0x10:
                    return received < 7 ? 0 : 9 + frame[6];
                default:
                    return -1;
            }
        }

        /// <summary>Time of one character on the wire in microseconds (start + 8 data + parity + stop bits).</summary>
        public static int CharacterMicroseconds(int baudRate, int bitsPerCharacter)
        {
            return (int)((bitsPerCharacter * 1_000_000L + baudRate - 1) / baudRate);
        }

        /// <summary>
        /// The 3.5-character inter-frame silence (V1.02, 2.5.1.1), fixed at 1750 us above 19200 baud as the
        /// spec recommends.
        /// </summary>
        public static int InterFrameMicroseconds(int baudRate, int bitsPerCharacter)
        {
            if (baudRate > 19200)
            {
                return 1750;
            }

            return (CharacterMicroseconds(baudRate, bitsPerCharacter) * 7 + 1) / 2;
        }
    }
}
