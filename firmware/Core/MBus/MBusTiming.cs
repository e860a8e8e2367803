namespace EspCollector.Core.MBus
{
    /// <summary>
    /// EN 13757-2 timing as pure functions of the baud rate. Characters are 11 bits (start, 8 data, even parity,
    /// stop). A slave answers within 330 bit times + 50 ms of the end of the request; the master waits that long
    /// for the first byte.
    /// </summary>
    public static class MBusTiming
    {
        public const int BitsPerCharacter = 11;

        /// <summary>The baud rates EN 13757-2 allows on a bus and the KLEFR M-bus version offers (manual, 5.4).</summary>
        public static bool IsSupportedBaudRate(int baudRate)
        {
            return baudRate == 300 || baudRate == 600 || baudRate == 1200 || baudRate == 2400 || baudRate == 4800 || baudRate == 9600;
        }

        /// <summary>330 bit times + 50 ms, in µs (300 baud: 1,150,000; 2400: 187,500; 9600: 84,375).</summary>
        public static int ResponseTimeoutMicroseconds(int baudRate)
        {
            return (int)(330L * 1000000L / baudRate) + 50000;
        }

        /// <summary>Time on the wire of <paramref name="characters"/> characters, in µs (rounded up).</summary>
        public static int TransmissionMicroseconds(int characters, int baudRate)
        {
            long bits = (long)characters * BitsPerCharacter;
            return (int)((bits * 1000000L + baudRate - 1) / baudRate);
        }

        /// <summary>
        /// Silence that ends a frame being received: 50 ms, the slack the standard grants on top of the bit times,
        /// but at least 20 character times (a UART driver hands bytes over in chunks; on ESP32 ~10 characters
        /// after the last one).
        /// </summary>
        public static int FrameSilenceMicroseconds(int baudRate)
        {
            int characters = TransmissionMicroseconds(20, baudRate);
            return characters > 50000 ? characters : 50000;
        }

        /// <summary>Pause the master keeps after the line's last activity before the next request: 33 bit times
        /// (a conservative turnaround so that a slave's late bytes are not taken for the next answer).</summary>
        public static int TurnaroundMicroseconds(int baudRate)
        {
            return (int)((33L * 1000000L + baudRate - 1) / baudRate);
        }
    }
}
