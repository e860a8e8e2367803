namespace EspCollector.Core.MBus
{
    /// <summary>
    /// EN 13757-2 (M-Bus physical and link layer) frame formats, written into caller-owned buffers:
    /// single character <c>E5</c>; short frame <c>10 C A CS 16</c>; control frame <c>68 03 03 68 C A CI CS 16</c>;
    /// long frame <c>68 L L 68 C A CI data CS 16</c>, L = 3 + data length (at most 252 data bytes). CS is the
    /// arithmetic sum, modulo 256, of the bytes from C to the last data byte.
    /// </summary>
    public static class MBusFrame
    {
        public const byte SingleCharacter = 0xE5;
        public const byte ShortStart = 0x10;
        public const byte LongStart = 0x68;
        public const byte Stop = 0x16;

        /// <summary>C field SND_NKE: link initialisation, also resets the FCB state of the slave.</summary>
        public const byte SendNke = 0x40;

        /// <summary>C field SND_UD (FCV set, FCB clear); <see cref="FrameCountBit"/> added when toggling.</summary>
        public const byte SendUserData = 0x53;

        /// <summary>C field REQ_UD2 (FCV set, FCB clear): class 2 data request.</summary>
        public const byte RequestUserData2 = 0x5B;

        /// <summary>C field RSP_UD without ACD/DFC bits; a response's C field masked with 0xCF equals it.</summary>
        public const byte ResponseUserData = 0x08;

        /// <summary>FCB bit of a master C field (EN 13757-2, C field bit 5).</summary>
        public const byte FrameCountBit = 0x20;

        /// <summary>Network layer address of a selected slave (secondary addressing).</summary>
        public const byte NetworkAddress = 0xFD;

        /// <summary>Broadcast that one meter answers (read only, one meter on the bus).</summary>
        public const byte BroadcastWithAnswer = 0xFE;

        /// <summary>Broadcast without answer.</summary>
        public const byte BroadcastNoAnswer = 0xFF;

        /// <summary>Highest primary address a slave can have.</summary>
        public const byte MaximumPrimaryAddress = 250;

        /// <summary>CI of a secondary address selection (EN 13757-3).</summary>
        public const byte SelectionCi = 0x52;

        /// <summary>CI of a data send to the slave (SND_UD with records).</summary>
        public const byte DataSendCi = 0x51;

        /// <summary>CI of a variable data response with long header (EN 13757-3).</summary>
        public const byte VariableDataLongHeaderCi = 0x72;

        /// <summary>CI of a variable data response with short header.</summary>
        public const byte VariableDataShortHeaderCi = 0x7A;

        /// <summary>Most user data bytes after CI in a long frame (L is at most 255: C, A, CI and 252 bytes).</summary>
        public const int MaximumDataLength = 252;

        /// <summary>Longest frame on the wire: 68 L L 68, 255 bytes from C on, CS and 16.</summary>
        public const int MaximumFrameLength = 261;

        /// <summary>Arithmetic sum modulo 256.</summary>
        public static byte Checksum(byte[] buffer, int offset, int count)
        {
            int sum = 0;
            for (int index = 0; index < count; index++)
            {
                sum += buffer[offset + index];
            }

            return (byte)sum;
        }

        /// <summary>Writes a short frame at <paramref name="offset"/>; returns its length, 5.</summary>
        public static int WriteShort(byte[] buffer, int offset, byte control, byte address)
        {
            buffer[offset] = ShortStart;
            buffer[offset + 1] = control;
            buffer[offset + 2] = address;
            buffer[offset + 3] = (byte)(control + address);
            buffer[offset + 4] = Stop;
            return 5;
        }

        /// <summary>
        /// Starts a long frame at <paramref name="offset"/>: header, C, A, CI. The caller writes the data from
        /// <c>offset + 7</c> and calls <see cref="FinishLong"/> with the data length.
        /// </summary>
        public static void BeginLong(byte[] buffer, int offset, byte control, byte address, byte ci)
        {
            buffer[offset] = LongStart;
            buffer[offset + 3] = LongStart;
            buffer[offset + 4] = control;
            buffer[offset + 5] = address;
            buffer[offset + 6] = ci;
        }

        /// <summary>Sets L, CS and the stop byte of a long frame begun with <see cref="BeginLong"/>; returns its length,
        /// or 0 when the data length is out of range.</summary>
        public static int FinishLong(byte[] buffer, int offset, int dataLength)
        {
            if (dataLength < 0 || dataLength > MaximumDataLength)
            {
                return 0;
            }

            int length = 3 + dataLength;
            buffer[offset + 1] = (byte)length;
            buffer[offset + 2] = (byte)length;
            buffer[offset + 4 + length] = Checksum(buffer, offset + 4, length);
            buffer[offset + 5 + length] = Stop;
            return length + 6;
        }

        /// <summary>Writes a whole long frame, copying the data; returns its length or 0 when the data is too long.</summary>
        public static int WriteLong(byte[] buffer, int offset, byte control, byte address, byte ci, byte[] data, int dataOffset, int dataLength)
        {
            if (dataLength < 0 || dataLength > MaximumDataLength)
            {
                return 0;
            }

            BeginLong(buffer, offset, control, address, ci);
            for (int index = 0; index < dataLength; index++)
            {
                buffer[offset + 7 + index] = data[dataOffset + index];
            }

            return FinishLong(buffer, offset, dataLength);
        }

        /// <summary>
        /// Writes the <c>52</c> selection (EN 13757-3, secondary addressing): identification number as 8 BCD
        /// digits low byte first, manufacturer low byte first, version, medium. A nibble F in
        /// <paramref name="identificationNibbles"/> and FF bytes (FFFF for the manufacturer) are wildcards.
        /// </summary>
        public static int WriteSelection(byte[] buffer, int offset, uint identificationNibbles, ushort manufacturer, byte version, byte medium)
        {
            BeginLong(buffer, offset, SendUserData, NetworkAddress, SelectionCi);
            int data = offset + 7;
            buffer[data] = (byte)identificationNibbles;
            buffer[data + 1] = (byte)(identificationNibbles >> 8);
            buffer[data + 2] = (byte)(identificationNibbles >> 16);
            buffer[data + 3] = (byte)(identificationNibbles >> 24);
            buffer[data + 4] = (byte)manufacturer;
            buffer[data + 5] = (byte)(manufacturer >> 8);
            buffer[data + 6] = version;
            buffer[data + 7] = medium;
            return FinishLong(buffer, offset, 8);
        }

        /// <summary>True for a C field a master sends (SND_NKE, SND_UD, REQ_UD1/2): such a frame seen in the
        /// receive path is an echo, never an answer. PRM bit (6) set.</summary>
        public static bool IsMasterControl(byte control)
        {
            return (control & 0x40) != 0;
        }

        /// <summary>True for an RSP_UD C field (ACD and DFC bits ignored).</summary>
        public static bool IsResponseUserData(byte control)
        {
            return (control & 0xCF) == ResponseUserData;
        }

        /// <summary>An 8-digit identification number (0..99999999) as BCD nibbles, or 0xFFFFFFFF when out of range.</summary>
        public static uint ToBcd(int number)
        {
            if (number < 0 || number > 99999999)
            {
                return 0xFFFFFFFF;
            }

            uint result = 0;
            for (int digit = 0; digit < 8; digit++)
            {
                result |= (uint)(number % 10) << (4 * digit);
                number /= 10;
            }

            return result;
        }

        /// <summary>BCD nibbles to a number; -1 when a nibble is not a decimal digit.</summary>
        public static int FromBcd(uint nibbles)
        {
            int result = 0;
            for (int digit = 7; digit >= 0; digit--)
            {
                uint nibble = (nibbles >> (4 * digit)) & 0xF;
                if (nibble > 9)
                {
                    return -1;
                }

                result = result * 10 + (int)nibble;
            }

            return result;
        }

        /// <summary>EN 13757-3 manufacturer code: three letters A..Z packed 5 bits each ('A' = 1). 0 when invalid.</summary>
        public static ushort ManufacturerCode(string letters)
        {
            if (letters == null || letters.Length != 3)
            {
                return 0;
            }

            int code = 0;
            for (int index = 0; index < 3; index++)
            {
                char letter = letters[index];
                if (letter < 'A' || letter > 'Z')
                {
                    return 0;
                }

                code = (code << 5) | (letter - 'A' + 1);
            }

            return (ushort)code;
        }

        /// <summary>The three letters of a manufacturer code (allocates a string: identity only, not per read).</summary>
        public static string ManufacturerLetters(ushort code)
        {
            char[] letters = new char[3];
            letters[0] = (char)('@' + ((code >> 10) & 0x1F));
            letters[1] = (char)('@' + ((code >> 5) & 0x1F));
            letters[2] = (char)('@' + (code & 0x1F));
            return new string(letters);
        }
    }
}
