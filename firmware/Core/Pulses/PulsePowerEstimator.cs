namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Instantaneous power from pulse timing, without spikes and decaying toward 0 when pulses stop.
    ///
    /// Units: C impulses/kWh, so one pulse is 1/C kWh = 1000/C Wh. Over an interval of Δt µs
    /// (= Δt / 3.6e9 h) carrying n pulses the mean power is
    ///     P [W] = n · (1000 / C) [Wh] / (Δt / 3.6e9) [h] = n · 3.6e12 / (C · Δt[µs]).
    ///
    /// Interval estimate: the span from the newest pulse back to the most recent older pulse that makes the
    /// span at least the power window (default 2 s), using up to <see cref="HistoryLength"/> - 1 intervals.
    /// With one pulse per minute that is the last interval alone; at 200 Hz it averages 15 intervals, so a
    /// timestamp jitter of j µs moves the estimate by at most 2j/span instead of 2j/interval.
    ///
    /// Upper bound: at time t, no pulse has arrived for e = t − t_last µs, so less than one pulse of energy
    /// flowed in e: P ≤ 3.6e12 / (C · e), applied with a slack of 1.25 (<see cref="BoundSlack"/>) for
    /// timestamp jitter. A pulse is counted at its trailing edge but stamped with its leading
    /// edge, so when a pulse is under way (leading edge seen at t_s) the bound is taken from t_s instead of
    /// t_last: otherwise the width of the pulse in progress would pull the value down. The published value is min(interval estimate, bound): it equals the
    /// interval estimate while pulses keep coming, and falls as 1/e after they stop (no stale value, no spike
    /// when they resume: a resumed pulse only shortens the next interval estimate to what was measured).
    /// Allocation-free.
    /// </summary>
    public sealed class PulsePowerEstimator
    {
        /// <summary>Pulse events remembered for the interval estimate (16 × 16 bytes per channel).</summary>
        public const int HistoryLength = 16;

        private const double MicrosecondWattsPerImpulse = 3.6e12;

        /// <summary>
        /// The bound allows 1.25 pulses per elapsed time rather than 1: edge timestamps carry the dispatch
        /// latency of the managed GPIO handler, so a pulse can look up to a quarter of an interval late without
        /// the value dipping. After that the value still falls as 1/e.
        /// </summary>
        public const double BoundSlack = 1.25;

        private readonly long[] _times = new long[HistoryLength];
        private readonly long[] _counts = new long[HistoryLength];
        private int _newest = -1;
        private int _stored;

        private double _impulsesPerKilowattHour;
        private long _windowMicroseconds;

        public PulsePowerEstimator(double impulsesPerKilowattHour, long windowMicroseconds)
        {
            Configure(impulsesPerKilowattHour, windowMicroseconds);
        }

        public void Configure(double impulsesPerKilowattHour, long windowMicroseconds)
        {
            _impulsesPerKilowattHour = impulsesPerKilowattHour;
            _windowMicroseconds = windowMicroseconds;
            _stored = 0;
            _newest = -1;
        }

        /// <summary>Timestamp of the newest pulse event (valid when <see cref="HasPulse"/>).</summary>
        public long LastPulseTime
        {
            get { return _newest < 0 ? 0 : _times[_newest]; }
        }

        public bool HasPulse
        {
            get { return _stored > 0; }
        }

        /// <summary>
        /// Records that the cumulative count reached <paramref name="cumulativeCount"/> at
        /// <paramref name="timestampMicroseconds"/> (one call per pulse in edge mode, one per changed
        /// read in hardware-counter mode).
        /// </summary>
        public void Record(long timestampMicroseconds, long cumulativeCount)
        {
            _newest = (_newest + 1) % HistoryLength;
            _times[_newest] = timestampMicroseconds;
            _counts[_newest] = cumulativeCount;
            if (_stored < HistoryLength)
            {
                _stored++;
            }
        }

        /// <summary>Power in watts at <paramref name="nowMicroseconds"/>; 0 before two pulses were seen.</summary>
        public double PowerWatts(long nowMicroseconds)
        {
            return PowerWatts(nowMicroseconds, long.MinValue);
        }

        /// <summary>
        /// Power in watts at <paramref name="nowMicroseconds"/>, with the start of a pulse still in progress
        /// (long.MinValue when none) moving the reference of the upper bound.
        /// </summary>
        public double PowerWatts(long nowMicroseconds, long pendingPulseStart)
        {
            if (_stored < 2)
            {
                return 0;
            }

            long newestTime = _times[_newest];
            long newestCount = _counts[_newest];
            int index = _newest;
            long span = 0;
            long pulses = 0;
            for (int back = 1; back < _stored; back++)
            {
                index = index == 0 ? HistoryLength - 1 : index - 1;
                span = newestTime - _times[index];
                pulses = newestCount - _counts[index];
                if (span >= _windowMicroseconds)
                {
                    break;
                }
            }

            if (span <= 0 || pulses <= 0)
            {
                return 0;
            }

            double estimate = pulses * MicrosecondWattsPerImpulse / (_impulsesPerKilowattHour * span);

            long reference = pendingPulseStart > newestTime ? pendingPulseStart : newestTime;
            long sinceLast = nowMicroseconds - reference;
            if (sinceLast > 0)
            {
                double bound = BoundSlack * MicrosecondWattsPerImpulse / (_impulsesPerKilowattHour * sinceLast);
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
