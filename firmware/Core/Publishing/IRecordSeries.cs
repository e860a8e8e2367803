namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Tells the store-and-forward ring which queued records form a series that may be thinned when it is
    /// full (the readings of one meter or one pulse channel) and where each stands in its series. The ring
    /// itself knows nothing of what a record means.
    /// </summary>
    public interface IRecordSeries
    {
        /// <summary>
        /// The series (0..255) of the record whose bytes are at <paramref name="offset"/> in
        /// <paramref name="arena"/>, with its <paramref name="ordinal"/>: its number among the records of its
        /// series, counting up by one per record, modulo 65536. -1 for a record that is never thinned: an event,
        /// or the newest record of its series (so every series' latest state reaches the broker).
        /// </summary>
        int SeriesOf(byte[] arena, int offset, int length, out int ordinal);
    }
}
