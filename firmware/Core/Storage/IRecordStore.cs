namespace EspCollector.Core.Storage
{
    /// <summary>
    /// A small set of byte slots that survive a reboot: one LittleFS file per slot on the device, a host
    /// file in the host twin, an array in tests. A write may be torn at ANY byte by a power cut (the slot
    /// then holds a prefix of the new bytes and old content or erased 0xFF after it, or is truncated), so a
    /// store alone is not power-safe: <see cref="PowerSafeRecord"/> adds the sequence number and CRC that
    /// make it so.
    /// </summary>
    public interface IRecordStore
    {
        /// <summary>Number of slots (a power-safe record needs at least two).</summary>
        int SlotCount { get; }

        /// <summary>Largest number of bytes one slot holds.</summary>
        int SlotCapacity { get; }

        /// <summary>
        /// Copies the slot's bytes into <paramref name="buffer"/> at <paramref name="offset"/>; the caller
        /// provides at least <see cref="SlotCapacity"/> bytes there. Returns the number of bytes the slot
        /// holds, 0 when the slot is empty (never written), or -1 when it cannot be read (I/O error, longer
        /// than the capacity). Never throws for an expected failure.
        /// </summary>
        int Read(int slot, byte[] buffer, int offset);

        /// <summary>
        /// Replaces the slot's content with <paramref name="count"/> bytes (count ≤ <see cref="SlotCapacity"/>)
        /// and makes them durable (flush/fsync) before returning. Returns false when the write failed; the
        /// slot's content is then undefined (torn), which the record format detects.
        /// </summary>
        bool Write(int slot, byte[] buffer, int offset, int count);
    }
}
