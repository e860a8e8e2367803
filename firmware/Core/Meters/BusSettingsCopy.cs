using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Copies of a bus's settings with another baud rate or framing, for the scan and the baud rate change,
    /// which talk through temporary masters (a master derives its timing from its settings once).
    /// </summary>
    public static class BusSettingsCopy
    {
        public static BusSettings WithBaudRate(BusSettings source, int baudRate)
        {
            return WithFraming(source, baudRate, source.Parity, source.StopBits);
        }

        public static BusSettings WithFraming(BusSettings source, int baudRate, SerialParity parity, int stopBits)
        {
            BusSettings copy = new BusSettings();
            copy.BaudRate = baudRate;
            copy.Parity = parity;
            copy.StopBits = stopBits;
            copy.ResponseTimeoutMicroseconds = source.ResponseTimeoutMicroseconds;
            copy.Retries = source.Retries;
            copy.TurnaroundDelayMicroseconds = source.TurnaroundDelayMicroseconds;
            // Fixed inter-character and inter-frame times belong to the old rate; 0 derives them from the new one
            // (a raised t1.5 for bursty adapters is kept: it only lengthens the wait).
            copy.InterCharacterTimeoutMicroseconds = source.InterCharacterTimeoutMicroseconds;
            copy.InterFrameDelayMicroseconds = 0;
            copy.ExpectEcho = source.ExpectEcho;
            return copy;
        }
    }
}
