namespace EspCollector.Core.MBus
{
    /// <summary>Counters of one M-Bus master (read by the console and diagnostics; never reset by the master).</summary>
    public sealed class MBusStatistics
    {
        public int Requests;
        public int Answers;
        public int Retries;
        public int Timeouts;
        public int ChecksumErrors;
        public int Collisions;
        public int UnexpectedFrames;

        /// <summary>Bytes received that were not part of an accepted frame or of the echo (noise, collisions,
        /// broken frames, late answers drained before a request).</summary>
        public int DroppedBytes;

        /// <summary>Bytes recognised as the echo of our own request (level converters that hear themselves).</summary>
        public int EchoBytes;
    }
}
