namespace EspCollector.Simulators.Modbus
{
    /// <summary>What a simulated meter does wrong to its next responses, to test a master's error paths.</summary>
    public enum FaultKind
    {
        None = 0,

        /// <summary>No response at all (meter off, wrong address, broken wire): the master must time out.</summary>
        Silence,

        /// <summary>The response is sent with its CRC damaged: the master must discard it.</summary>
        CorruptCrc,

        /// <summary>
        /// The byte-count field of a read response is 2 less than the data that follows; the CRC is valid over the
        /// bytes actually sent. A master that frames by the byte count sees a CRC error; one that checks the count
        /// against the request sees the mismatch.
        /// </summary>
        WrongByteCount,

        /// <summary>A read response with one register (or bit byte) fewer than asked, consistently framed and CRC'd.</summary>
        ShortResponse,

        /// <summary>An exception response with <see cref="FaultInjection.ExceptionCode"/> to every request.</summary>
        Exception,

        /// <summary>
        /// The response is sent in two halves with <see cref="FaultInjection.DelayMicroseconds"/> of silence between
        /// them: longer than 1.5 character times violates Modbus over Serial Line V1.02, 2.5.1.1.
        /// </summary>
        DelayMidFrame,
    }

    /// <summary>Fault switches of one simulated meter. Thread-safe enough for a test thread flipping them.</summary>
    public sealed class FaultInjection
    {
        private readonly object gate = new object();
        private FaultKind kind;
        private int remaining = -1;

        public ModbusExceptionCode ExceptionCode { get; set; } = ModbusExceptionCode.ServerDeviceBusy;

        public int DelayMicroseconds { get; set; } = 50_000;

        /// <summary>Number of responses the fault was applied to since it was set.</summary>
        public int AppliedCount { get; private set; }

        public FaultKind Kind
        {
            get
            {
                lock (gate)
                {
                    return kind;
                }
            }
        }

        /// <summary>Applies <paramref name="fault"/> to the next <paramref name="count"/> responses (-1: until cleared).</summary>
        public void Set(FaultKind fault, int count = -1)
        {
            lock (gate)
            {
                kind = fault;
                remaining = count;
                AppliedCount = 0;
            }
        }

        public void Clear()
        {
            Set(FaultKind.None);
        }

        /// <summary>The fault to apply to the response being built, consuming one use of it.</summary>
        internal FaultKind Take()
        {
            lock (gate)
            {
                if (kind == FaultKind.None || remaining == 0)
                {
                    return FaultKind.None;
                }

                FaultKind taken = kind;
                AppliedCount++;
                if (remaining > 0)
                {
                    remaining--;
                    if (remaining == 0)
                    {
                        kind = FaultKind.None;
                    }
                }

                return taken;
            }
        }
    }
}
