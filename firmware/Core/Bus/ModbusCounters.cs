namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Transaction counters shared by <see cref="BusStatistics"/> and <see cref="DeviceStatistics"/>. Plain
    /// fields, written by the bus thread only; readers (console, health telemetry) may see a value one
    /// transaction old, which is fine for statistics.
    /// </summary>
    public class ModbusCounters
    {
        /// <summary>Request frames sent, retries and broadcasts included.</summary>
        public int Requests;

        /// <summary>Valid responses (normal or exception).</summary>
        public int Answers;

        /// <summary>Attempts that ended without a response.</summary>
        public int Timeouts;

        /// <summary>Attempts whose response arrived with a wrong CRC.</summary>
        public int CrcErrors;

        /// <summary>Attempts answered by a valid frame that did not match the request.</summary>
        public int InvalidResponses;

        /// <summary>Exception responses (function | 0x80).</summary>
        public int Exceptions;

        /// <summary>Attempts after the first one of a transaction.</summary>
        public int Retries;

        /// <summary>End of request to end of the valid response, last and worst.</summary>
        public int LastResponseLatencyMicroseconds;

        public int WorstResponseLatencyMicroseconds;

        public void RecordLatency(int microseconds)
        {
            LastResponseLatencyMicroseconds = microseconds;
            if (microseconds > WorstResponseLatencyMicroseconds)
            {
                WorstResponseLatencyMicroseconds = microseconds;
            }
        }

        /// <summary>Copies the counters (into a preallocated snapshot).</summary>
        public void CopyCountersTo(ModbusCounters target)
        {
            target.Requests = Requests;
            target.Answers = Answers;
            target.Timeouts = Timeouts;
            target.CrcErrors = CrcErrors;
            target.InvalidResponses = InvalidResponses;
            target.Exceptions = Exceptions;
            target.Retries = Retries;
            target.LastResponseLatencyMicroseconds = LastResponseLatencyMicroseconds;
            target.WorstResponseLatencyMicroseconds = WorstResponseLatencyMicroseconds;
        }

        /// <summary>Adds what changed between <paramref name="before"/> and <paramref name="after"/>: how the
        /// poller attributes the bus's counts of one transaction to the device it addressed.</summary>
        public void AddDifference(ModbusCounters after, ModbusCounters before)
        {
            Requests += after.Requests - before.Requests;
            Answers += after.Answers - before.Answers;
            Timeouts += after.Timeouts - before.Timeouts;
            CrcErrors += after.CrcErrors - before.CrcErrors;
            InvalidResponses += after.InvalidResponses - before.InvalidResponses;
            Exceptions += after.Exceptions - before.Exceptions;
            Retries += after.Retries - before.Retries;
        }

        public virtual void Reset()
        {
            Requests = 0;
            Answers = 0;
            Timeouts = 0;
            CrcErrors = 0;
            InvalidResponses = 0;
            Exceptions = 0;
            Retries = 0;
            LastResponseLatencyMicroseconds = 0;
            WorstResponseLatencyMicroseconds = 0;
        }

        protected string DescribeCounters()
        {
            return "req=" + Requests.ToString() + " ans=" + Answers.ToString() + " tmo=" + Timeouts.ToString()
                + " crc=" + CrcErrors.ToString() + " inv=" + InvalidResponses.ToString()
                + " exc=" + Exceptions.ToString() + " rty=" + Retries.ToString()
                + " lat=" + (LastResponseLatencyMicroseconds / 1000).ToString() + "ms"
                + " worst=" + (WorstResponseLatencyMicroseconds / 1000).ToString() + "ms";
        }
    }

    /// <summary>Counters of one bus (every transaction of its master).</summary>
    public sealed class BusStatistics : ModbusCounters
    {
        /// <summary>Broadcast writes sent (no answer expected).</summary>
        public int Broadcasts;

        /// <summary>Bytes found waiting before a request and drained (late answers, noise).</summary>
        public int DrainedBytes;

        /// <summary>Received bytes that were not part of the response (skipped by resynchronisation).</summary>
        public int SkippedBytes;

        /// <summary>Requests not sent because the line never went silent.</summary>
        public int LineBusy;

        /// <summary>Duration of the last full round over every device (see <see cref="BusPoller"/>).</summary>
        public int LastCycleDurationMicroseconds;

        public override void Reset()
        {
            base.Reset();
            Broadcasts = 0;
            DrainedBytes = 0;
            SkippedBytes = 0;
            LineBusy = 0;
            LastCycleDurationMicroseconds = 0;
        }

        public string Describe()
        {
            return DescribeCounters() + " bcast=" + Broadcasts.ToString() + " drained=" + DrainedBytes.ToString()
                + " skipped=" + SkippedBytes.ToString() + " busy=" + LineBusy.ToString()
                + " cycle=" + (LastCycleDurationMicroseconds / 1000).ToString() + "ms";
        }
    }

    /// <summary>Counters and availability of one polled device.</summary>
    public sealed class DeviceStatistics : ModbusCounters
    {
        public bool Online = true;

        /// <summary>Transactions failed in a row (timeouts, CRC errors, invalid responses; exception responses
        /// prove the meter is alive and do not count).</summary>
        public int ConsecutiveFailures;

        /// <summary>Times the device went offline.</summary>
        public int OfflineTransitions;

        /// <summary>Time from the start of the last full pass over the device's due blocks to its end.</summary>
        public int LastCycleDurationMicroseconds;

        /// <summary>Full passes over the device's due blocks so far: one per poll, however many blocks it took,
        /// so a consumer can publish exactly once per poll.</summary>
        public int CompletedCycles;

        /// <summary>Monotonic time of the last valid answer, 0 if none yet.</summary>
        public long LastAnswerMicroseconds;

        public override void Reset()
        {
            base.Reset();
            ConsecutiveFailures = 0;
            OfflineTransitions = 0;
            LastCycleDurationMicroseconds = 0;
            CompletedCycles = 0;
            LastAnswerMicroseconds = 0;
        }

        public string Describe()
        {
            return (Online ? "online " : "offline ") + DescribeCounters()
                + " fails=" + ConsecutiveFailures.ToString() + " offline#=" + OfflineTransitions.ToString()
                + " cycle=" + (LastCycleDurationMicroseconds / 1000).ToString() + "ms";
        }
    }
}
