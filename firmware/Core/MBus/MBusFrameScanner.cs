namespace EspCollector.Core.MBus
{
    /// <summary>What <see cref="MBusFrameScanner.Scan"/> found.</summary>
    public enum MBusScanResult
    {
        /// <summary>No frame, and no candidate that more bytes could complete.</summary>
        None = 0,

        /// <summary>A candidate frame start whose declared length is not yet received.</summary>
        NeedMore = 1,

        /// <summary>A valid slave frame: see <see cref="MBusFrameScanner.Kind"/> and the offsets.</summary>
        Found = 2,
    }

    /// <summary>Kind of a frame found by the scanner.</summary>
    public enum MBusFrameKind
    {
        None = 0,
        SingleCharacter = 1,
        Long = 2,
    }

    /// <summary>
    /// Finds a slave's frame in received bytes (EN 13757-2): the single character E5 (when expected) or a long
    /// frame <c>68 L L 68 C A CI data CS 16</c> with matching L fields, checksum and stop byte. Every other byte
    /// is skipped, so the search resynchronises on the next start byte after noise, a collision or a broken
    /// frame. Valid frames with a master's C field (short frames, SND_UD, REQ_UD2) are echoes of the request
    /// and skipped whole. Bounded: each call looks at each position once and checks at most
    /// <see cref="MBusFrame.MaximumFrameLength"/> bytes there. Never allocates, never throws on any content.
    /// </summary>
    public sealed class MBusFrameScanner
    {
        public MBusFrameKind Kind;

        /// <summary>Offset of the frame's first byte.</summary>
        public int FrameOffset;

        public int FrameLength;

        public byte Control;

        public byte Address;

        /// <summary>Offset of the CI field of a long frame.</summary>
        public int CiOffset;

        /// <summary>Bytes from CI to the last data byte (L - 2).</summary>
        public int UserDataLength;

        /// <summary>A candidate with the right shape failed its checksum or stop byte in the last scan.</summary>
        public bool ChecksumFailureSeen;

        /// <summary>Bytes that were part of a valid master frame (the echo) in the last scan.</summary>
        public int EchoBytes;

        /// <summary>
        /// Scans <paramref name="buffer"/>[<paramref name="start"/>..<paramref name="count"/>). With
        /// <paramref name="final"/> false, an incomplete candidate gives NeedMore (unless a complete frame follows
        /// it); with final true (the line went silent) incomplete candidates are skipped as garbage.
        /// </summary>
        public MBusScanResult Scan(byte[] buffer, int start, int count, bool acceptSingleCharacter, bool final)
        {
            Kind = MBusFrameKind.None;
            ChecksumFailureSeen = false;
            EchoBytes = 0;
            bool incomplete = false;
            int position = start < 0 ? 0 : start;
            if (count > buffer.Length)
            {
                count = buffer.Length;
            }

            while (position < count)
            {
                byte first = buffer[position];
                if (first == MBusFrame.SingleCharacter && acceptSingleCharacter)
                {
                    Kind = MBusFrameKind.SingleCharacter;
                    FrameOffset = position;
                    FrameLength = 1;
                    return MBusScanResult.Found;
                }

                if (first == MBusFrame.ShortStart)
                {
                    if (position + 5 > count)
                    {
                        incomplete = true;
                    }
                    else if (buffer[position + 4] == MBusFrame.Stop
                        && buffer[position + 3] == (byte)(buffer[position + 1] + buffer[position + 2]))
                    {
                        // Only masters send short frames: this is the echo of our request.
                        EchoBytes += 5;
                        position += 5;
                        continue;
                    }
                }
                else if (first == MBusFrame.LongStart)
                {
                    int step = CheckLong(buffer, position, count);
                    if (step > 0)
                    {
                        if (MBusFrame.IsMasterControl(buffer[position + 4]))
                        {
                            EchoBytes += step;
                            position += step;
                            continue;
                        }

                        Kind = MBusFrameKind.Long;
                        FrameOffset = position;
                        FrameLength = step;
                        Control = buffer[position + 4];
                        Address = buffer[position + 5];
                        CiOffset = position + 6;
                        UserDataLength = step - 8;
                        return MBusScanResult.Found;
                    }

                    if (step < 0)
                    {
                        incomplete = true;
                    }
                }

                position++;
            }

            return incomplete && !final ? MBusScanResult.NeedMore : MBusScanResult.None;
        }

        /// <summary>Length of a valid long frame at <paramref name="position"/>; -1 when it could still complete;
        /// 0 when it is not one.</summary>
        private int CheckLong(byte[] buffer, int position, int count)
        {
            if (position + 4 > count)
            {
                return -1;
            }

            int length = buffer[position + 1];
            if (length < 3 || buffer[position + 2] != length || buffer[position + 3] != MBusFrame.LongStart)
            {
                return 0;
            }

            int total = length + 6;
            if (position + total > count)
            {
                return -1;
            }

            if (buffer[position + total - 1] != MBusFrame.Stop
                || buffer[position + total - 2] != MBusFrame.Checksum(buffer, position + 4, length))
            {
                ChecksumFailureSeen = true;
                return 0;
            }

            return total;
        }
    }
}
