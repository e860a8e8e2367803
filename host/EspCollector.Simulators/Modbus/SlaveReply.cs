namespace EspCollector.Simulators.Modbus
{
    /// <summary>A response frame and how to put it on the line (latency, optional pause inside the frame).</summary>
    public sealed class SlaveReply
    {
        public readonly byte[] Frame = new byte[RtuFraming.MaximumFrameLength + 8];

        /// <summary>Bytes to send; 0 when the slave stays silent.</summary>
        public int Length;

        public int LatencyMicroseconds;

        /// <summary>When above 0, the first <see cref="SplitAt"/> bytes are sent, then a pause, then the rest.</summary>
        public int SplitAt;

        public int SplitDelayMicroseconds;

        /// <summary>Address of the device that answered (0 when none did).</summary>
        public byte Address;

        public void Reset()
        {
            Length = 0;
            LatencyMicroseconds = 0;
            SplitAt = 0;
            SplitDelayMicroseconds = 0;
            Address = 0;
        }
    }
}
