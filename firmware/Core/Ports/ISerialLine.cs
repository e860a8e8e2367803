namespace EspCollector.Core.Ports
{
    /// <summary>
    /// A byte-level serial line: the RS485 bus UART, the console UART, a host tty or a test double.
    /// Implementations never allocate per call; buffers belong to the caller.
    /// </summary>
    public interface ISerialLine
    {
        /// <summary>Applies baud rate and framing; takes effect for the next byte sent or received.</summary>
        void Configure(SerialSettings settings);

        /// <summary>Bytes received and not yet read.</summary>
        int BytesToRead { get; }

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes into the caller's buffer. Returns as soon as at least
        /// one byte is available, or 0 when none arrived within <paramref name="timeoutMicroseconds"/>.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds);

        /// <summary>
        /// Sends the bytes. Returns once they have left the transmitter, so a half-duplex RS485 driver has
        /// released the bus (driver-enable low) when the call returns.
        /// </summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
