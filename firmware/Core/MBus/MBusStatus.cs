namespace EspCollector.Core.MBus
{
    /// <summary>Outcome of one M-Bus transaction: the one result type for expected failures (nothing throws on the bus).</summary>
    public enum MBusStatus
    {
        /// <summary>The expected answer came: E5 for SND_NKE, SND_UD and a selection; RSP_UD for REQ_UD2.</summary>
        Ok = 0,

        /// <summary>Nothing came within the response timeout (EN 13757-2: 330 bit times + 50 ms).</summary>
        Timeout = 1,

        /// <summary>A frame with the right shape but a wrong checksum (or stop byte) was received.</summary>
        ChecksumError = 2,

        /// <summary>Bytes came but no frame could be found in them: several slaves answered at once, or noise.</summary>
        Collision = 3,

        /// <summary>A valid frame came, but not the one expected (an E5 for a REQ_UD2, an RSP_UD from another address).</summary>
        UnexpectedFrame = 4,

        /// <summary>The request itself is not valid (address out of range, too much data); nothing was sent.</summary>
        InvalidRequest = 5,

        /// <summary>The meter acknowledged a write but the value read back differs.</summary>
        ReadBackMismatch = 6,
    }

    /// <summary>Names of <see cref="MBusStatus"/> values (enum names are not available on nanoFramework).</summary>
    public static class MBusStatusNames
    {
        public static string Name(MBusStatus status)
        {
            switch (status)
            {
                case MBusStatus.Ok:
                    return "ok";
                case MBusStatus.Timeout:
                    return "timeout";
                case MBusStatus.ChecksumError:
                    return "checksum error";
                case MBusStatus.Collision:
                    return "collision";
                case MBusStatus.UnexpectedFrame:
                    return "unexpected frame";
                case MBusStatus.InvalidRequest:
                    return "invalid request";
                case MBusStatus.ReadBackMismatch:
                    return "read-back mismatch";
                default:
                    return "unknown";
            }
        }
    }
}
