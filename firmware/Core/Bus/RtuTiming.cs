namespace EspCollector.Core.Bus
{
    /// <summary>
    /// The RTU timing rules as pure functions of the baud rate (Modbus over Serial Line V1.02, 2.5.1.1).
    /// A frame is preceded and followed by at least 3.5 character times of silence (t3.5); a silence of more
    /// than 1.5 character times (t1.5) inside a frame ends it. The specification counts an RTU character as
    /// 11 bits (1 start, 8 data, 1 parity, 1 stop, or 2 stop bits without parity; 2.5.1), so 8N1 (10 bits
    /// on the wire) gets a slightly longer margin. Above 19200 baud the timers are fixed at 750 µs and
    /// 1.750 ms, because the per-character interrupts would otherwise overload the receiver.
    /// </summary>
    public static class RtuTiming
    {
        /// <summary>Bits per RTU character counted by the specification (2.5.1).</summary>
        public const int SpecificationBitsPerCharacter = 11;

        /// <summary>Baud rates above this use the fixed timer values (2.5.1.1).</summary>
        public const int FixedTimersAboveBaudRate = 19200;

        /// <summary>t1.5 above 19200 baud (2.5.1.1).</summary>
        public const int FixedInterCharacterTimeoutMicroseconds = 750;

        /// <summary>t3.5 above 19200 baud (2.5.1.1).</summary>
        public const int FixedInterFrameDelayMicroseconds = 1750;

        /// <summary>One 11-bit character time, rounded up.</summary>
        public static int CharacterTimeMicroseconds(int baudRate)
        {
            return DivideRoundingUp(SpecificationBitsPerCharacter * 1000000L, baudRate);
        }

        /// <summary>t3.5: the silence required before (and after) every frame.</summary>
        public static int InterFrameDelayMicroseconds(int baudRate)
        {
            if (baudRate > FixedTimersAboveBaudRate)
            {
                return FixedInterFrameDelayMicroseconds;
            }

            // 3.5 characters x 11 bits = 38.5 bit times.
            return DivideRoundingUp(38500000L, baudRate);
        }

        /// <summary>t1.5: a longer silence between two characters ends (and invalidates) the frame.</summary>
        public static int InterCharacterTimeoutMicroseconds(int baudRate)
        {
            if (baudRate > FixedTimersAboveBaudRate)
            {
                return FixedInterCharacterTimeoutMicroseconds;
            }

            // 1.5 characters x 11 bits = 16.5 bit times.
            return DivideRoundingUp(16500000L, baudRate);
        }

        /// <summary>Time to send <paramref name="byteCount"/> characters of <paramref name="bitsPerCharacter"/>
        /// bits back to back (the real framing: 10 bits for 8N1, 11 for 8E1/8O1/8N2).</summary>
        public static int TransmissionMicroseconds(int byteCount, int bitsPerCharacter, int baudRate)
        {
            return DivideRoundingUp((long)byteCount * bitsPerCharacter * 1000000L, baudRate);
        }

        private static int DivideRoundingUp(long numerator, int denominator)
        {
            return (int)((numerator + denominator - 1) / denominator);
        }
    }
}
