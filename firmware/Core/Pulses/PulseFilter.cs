namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Turns raw edges into accepted pulses on timestamps alone (the ESP32 GPIO debounce is not used: it runs
    /// on a ~10 ms FreeRTOS timer and has lost events, nf-interpreter ESP32 target).
    ///
    /// Width mode (both edges captured): a debouncer with two levels. The debounced level changes only when
    /// the line has been at the other level for at least the filter time; a pulse is counted when the
    /// debounced level becomes active, stamped with the start of that active run. Interruptions shorter than
    /// a quarter of the filter (contact bounce, a glitch inside a pulse) do not break a run; longer ones
    /// restart it. The run completes when it has lasted the filter time AND its last uninterrupted span lasted
    /// half of it, so a fast square wave (pulses much shorter than the filter with short pauses, e.g. KLEFR's
    /// 2.5 ms pulses behind the default 30 ms filter) never adds up to a pulse. So bounce on either edge counts
    /// once, a pulse shorter than the filter never counts, and the pause must also last the filter time
    /// before the next pulse can count (S0: pulse and pause ≥ 30 ms).
    /// The pulse is counted when its trailing edge arrives (its width is known only then).
    ///
    /// Spacing mode (only the active edge captured): an active edge counts when it comes at least the filter
    /// time after the last counted one.
    ///
    /// Edges at the level the line is already at (an opposite edge lost to a ring overflow, or a line that is
    /// active at boot) are ignored. Allocation-free.
    /// </summary>
    public sealed class PulseFilter
    {
        private const long Never = long.MinValue / 4;

        private int _filterMicroseconds;
        private bool _measureWidth;

        private bool _rawActive;
        private bool _debouncedActive;
        private long _lastEdge = Never;
        private long _runStart = Never;
        private long _lastCounted = Never;

        private long _acceptedPulseTime;
        private int _rejectedCount;

        public PulseFilter(int filterMicroseconds, bool measureWidth)
        {
            Configure(filterMicroseconds, measureWidth);
        }

        /// <summary>Changes the filter and restarts the state machine at an idle line.</summary>
        public void Configure(int filterMicroseconds, bool measureWidth)
        {
            _filterMicroseconds = filterMicroseconds;
            _measureWidth = measureWidth;
            _rawActive = false;
            _debouncedActive = false;
            _lastEdge = Never;
            _runStart = Never;
            _lastCounted = Never;
        }

        /// <summary>Timestamp (start) of the pulse the last call to <see cref="OnEdge"/> accepted.</summary>
        public long AcceptedPulseTime
        {
            get { return _acceptedPulseTime; }
        }

        /// <summary>
        /// Start of an active run still in progress (a pulse whose trailing edge has not come yet), or
        /// long.MinValue when the line is idle. The power bound measures from here: a pulse may be under way.
        /// </summary>
        public long PendingPulseStart
        {
            get
            {
                if (!_measureWidth || !_rawActive || _debouncedActive)
                {
                    return long.MinValue;
                }

                return _runStart == Never ? _lastEdge : _runStart;
            }
        }

        /// <summary>Width mode: edges found missing (two edges in a row at the same level).</summary>
        public int MissedEdgeCount
        {
            get { return _missedEdgeCount; }
        }

        private int _missedEdgeCount;

        /// <summary>Active runs or edges rejected as too short or too close (bounce, glitches).</summary>
        public int RejectedCount
        {
            get { return _rejectedCount; }
        }

        /// <summary>Feeds one edge; returns true when it completes an accepted pulse.</summary>
        public bool OnEdge(long timestampMicroseconds, bool active)
        {
            if (!_measureWidth)
            {
                return OnActiveEdgeOnly(timestampMicroseconds, active);
            }

            if (active == _rawActive)
            {
                // Both edges are always posted, so two at the same level mean at least one edge in between was
                // lost (on the ESP32: the GPIO ISR is not IRAM-safe and misses edges while flash is written; the
                // latched interrupt then reports the level after the write). Counted, never silent.
                _missedEdgeCount++;
                return false;
            }

            bool accepted = false;
            long spanEnd = timestampMicroseconds;
            if (_rawActive != _debouncedActive)
            {
                // The span that just ended is at the candidate level: it extends (or starts) the run.
                if (_runStart == Never)
                {
                    _runStart = _lastEdge;
                }

                if (spanEnd - _runStart >= _filterMicroseconds && spanEnd - _lastEdge >= _filterMicroseconds / 2)
                {
                    _debouncedActive = _rawActive;
                    if (_debouncedActive)
                    {
                        _acceptedPulseTime = _runStart;
                        accepted = true;
                    }

                    _runStart = Never;
                }
            }
            else if (_runStart != Never && spanEnd - _lastEdge >= _filterMicroseconds / 4)
            {
                // A long interruption at the settled level: what came before was a glitch, not the start of a run.
                if (!_debouncedActive)
                {
                    _rejectedCount++;
                }

                _runStart = Never;
            }

            _rawActive = active;
            _lastEdge = timestampMicroseconds;
            return accepted;
        }

        private bool OnActiveEdgeOnly(long timestampMicroseconds, bool active)
        {
            if (!active)
            {
                return false;
            }

            if (_lastCounted != Never && timestampMicroseconds - _lastCounted < _filterMicroseconds)
            {
                _rejectedCount++;
                return false;
            }

            _lastCounted = timestampMicroseconds;
            _acceptedPulseTime = timestampMicroseconds;
            return true;
        }
    }
}
