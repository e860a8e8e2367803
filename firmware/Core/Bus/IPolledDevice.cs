namespace EspCollector.Core.Bus
{
    /// <summary>
    /// A slave on the bus as the <see cref="BusPoller"/> sees it: implemented by meter drivers.
    /// Callbacks run on the poller's thread, right after the transaction; they must not block or allocate.
    /// </summary>
    public interface IPolledDevice
    {
        /// <summary>Slave address 1..247 (Modbus over Serial Line V1.02, 2.2).</summary>
        byte Address { get; }

        /// <summary>The reads this device needs; the array and its blocks must not change after the device
        /// is added to a poller.</summary>
        RegisterBlock[] Blocks { get; }

        /// <summary>
        /// A block was read. <paramref name="data"/> holds the response's data field from
        /// <paramref name="offset"/> for <paramref name="byteCount"/> bytes: registers big-endian as on the
        /// wire, or coils/inputs packed 8 per byte, least significant bit first (Application Protocol
        /// V1.1b3, 6.1). The buffer belongs to the bus and is reused by the next transaction: decode now.
        /// </summary>
        void OnBlockRead(int blockIndex, byte[] data, int offset, int byteCount, long monotonicMicroseconds);

        /// <summary>A block could not be read (after retries): timeout, CRC error, exception, ...</summary>
        void OnBlockFailed(int blockIndex, ModbusStatus status);

        /// <summary>The device went offline (K consecutive failures) or came back online.</summary>
        void OnAvailabilityChanged(bool online);
    }
}
