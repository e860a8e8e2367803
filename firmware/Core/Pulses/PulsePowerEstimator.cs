namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Instantaneous power from pulse timing, without spikes and decaying toward 0 when pulses stop.
    ///
    /// Units: C impulses/kWh, so one pulse is 1/C kWh = 1000/C Wh. Over an interval of Δt µs
    /// (= Δt / 3.6e9 h) carrying n pulses the mean power is
    ///     P [W] = n · (1000 / C) [Wh] / (Δt / 3.6e9) [h] = n · 3.6e12 / (C · Δt[µs]).
    ///
    /// Interval estimate from two marks instead of a history: the mark is the first pulse event of the current
    /// window; when a pulse event comes at least the power window (default 2 s) after it, the mark becomes the
    /// earlier mark and that event the new mark. The estimate spans from the earlier mark to the newest event:
    /// at least one window, less than two windows plus one interval. With one pulse per minute that is the last
    /// interval alone; at 200 Hz it averages 2 to 4 s, so a timestamp jitter of j µs moves the estimate by at
    /// most 2j/2 s. Until a first window has passed, it spans from the first event to the newest.
    ///
    /// Upper bound: at time t, no pulse has arrived for e = t − t_last µs, so less than one pulse of energy
    /// flowed in e: P ≤ 3.6e12 / (C · e), applied with a slack of 1.25 (<see cref="BoundSlack"/>) for
    /// timestamp jitter. A pulse is counted at its trailing edge but stamped with its leading
    /// edge, so when a pulse is under way (leading edge seen at t_s) the bound is taken from t_s instead of
    /// t_last: otherwise the width of the pulse in progress would pull the value down. The published value is
    /// min(interval estimate, bound): it equals the interval estimate while pulses keep coming, and falls as 1/e
    /// after they stop (no stale value, no spike when they resume: a resumed pulse only shortens the next
    /// interval estimate to what was measured).
    /// The state is five 64-bit slots of the channel's <see cref="PulseLedger"/> row; the newest event's count is
    /// the channel's total (every change of the total records an event; a restored total forgets the marks).
    /// Allocation-free.
    /// </summary>
    public static class PulsePowerEstimator
    {
        private const double MicrosecondWattsPerImpulse = 3.6e12;

        /// <summary>
        /// The bound allows 1.25 pulses per elapsed time rather than 1: edge timestamps carry the dispatch
        /// latency of the managed GPIO handler, so a pulse can look up to a quarter of an interval late without
        /// the value dipping. After that the value still falls as 1/e.
        /// </summary>
        public const double BoundSlack = 1.25;

        /// <summary>Forgets the pulse events of a channel (new constant or window, restored total).</summary>
        internal static void Reset(PulseLedger ledger, int channel)
        {
            ledger.Set(channel, PulseLedger.HasPulse | PulseLedger.HasEarlierMark, false);
        }

        /// <summary>
        /// Records that the cumulative count (the channel's total) reached <paramref name="cumulativeCount"/> at
        /// <paramref name="timestampMicroseconds"/> (one call per pulse in edge mode, one per changed
        /// read in hardware-counter mode).
        /// </summary>
        internal static void Record(PulseLedger ledger, int channel, long windowMicroseconds, long timestampMicroseconds, long cumulativeCount)
        {
            long[] longs = ledger.Longs;
            int row = channel * PulseLedger.LongSlots;
            longs[row + PulseLedger.NewestTime] = timestampMicroseconds;
            if (!ledger.Is(channel, PulseLedger.HasPulse))
            {
                ledger.Set(channel, PulseLedger.HasPulse, true);
                longs[row + PulseLedger.MarkTime] = timestampMicroseconds;
                longs[row + PulseLedger.MarkCount] = cumulativeCount;
                return;
            }

            if (timestampMicroseconds - longs[row + PulseLedger.MarkTime] >= windowMicroseconds)
            {
                longs[row + PulseLedger.EarlierTime] = longs[row + PulseLedger.MarkTime];
                longs[row + PulseLedger.EarlierCount] = longs[row + PulseLedger.MarkCount];
                longs[row + PulseLedger.MarkTime] = timestampMicroseconds;
                longs[row + PulseLedger.MarkCount] = cumulativeCount;
                ledger.Set(channel, PulseLedger.HasEarlierMark, true);
            }
        }

        /// <summary>
        /// Power in watts at <paramref name="nowMicroseconds"/>, with the start of a pulse still in progress
        /// (long.MinValue when none) moving the reference of the upper bound; 0 before two pulse events.
        /// </summary>
        internal static double PowerWatts(PulseLedger ledger, int channel, double impulsesPerKilowattHour, long nowMicroseconds, long pendingPulseStart)
        {
            if (!ledger.Is(channel, PulseLedger.HasPulse))
            {
                return 0;
            }

            long[] longs = ledger.Longs;
            int row = channel * PulseLedger.LongSlots;
            bool earlier = ledger.Is(channel, PulseLedger.HasEarlierMark);
            long newestTime = longs[row + PulseLedger.NewestTime];
            long span = newestTime - longs[row + (earlier ? PulseLedger.EarlierTime : PulseLedger.MarkTime)];
            long pulses = longs[row + PulseLedger.Total] - longs[row + (earlier ? PulseLedger.EarlierCount : PulseLedger.MarkCount)];
            if (span <= 0 || pulses <= 0)
            {
                return 0;
            }

            double estimate = pulses * MicrosecondWattsPerImpulse / (impulsesPerKilowattHour * span);

            long reference = pendingPulseStart > newestTime ? pendingPulseStart : newestTime;
            long sinceLast = nowMicroseconds - reference;
            if (sinceLast > 0)
            {
                double bound = BoundSlack * MicrosecondWattsPerImpulse / (impulsesPerKilowattHour * sinceLast);
                if (bound < estimate)
                {
                    return bound;
                }
            }

            return estimate;
        }

        /// <summary>Mean power of <paramref name="pulses"/> pulses over <paramref name="spanMicroseconds"/>.</summary>
        public static double AveragePowerWatts(long pulses, long spanMicroseconds, double impulsesPerKilowattHour)
        {
            if (spanMicroseconds <= 0)
            {
                return 0;
            }

            return pulses * MicrosecondWattsPerImpulse / (impulsesPerKilowattHour * spanMicroseconds);
        }
    }
}
