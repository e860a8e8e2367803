namespace EspCollector.Core.Ports
{
    /// <summary>Baud rate and character framing of a serial line: 8 data bits, parity, 1 or 2 stop bits.</summary>
    public sealed class SerialSettings
    {
        public int BaudRate;
        public SerialParity Parity;
        public int StopBits;

        public SerialSettings(int baudRate, SerialParity parity, int stopBits)
        {
            BaudRate = baudRate;
            Parity = parity;
            StopBits = stopBits;
        }

        /// <summary>Bits on the wire per character: start + 8 data + parity + stop bits.</summary>
        public int BitsPerCharacter
        {
            get { return 1 + 8 + (Parity == SerialParity.None ? 0 : 1) + StopBits; }
        }
    }
}
