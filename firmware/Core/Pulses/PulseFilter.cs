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
    /// active at boot) are ignored and counted as lost. The state is a row of the channel's <see cref="PulseLedger"/>;
    /// the settings come with each call. Allocation-free.
    /// </summary>
    internal static class PulseFilter
    {
        internal const long Never = long.MinValue / 4;

        /// <summary>Restarts the state machine of a channel at an idle line (new filter or mode).</summary>
        internal static void Reset(PulseLedger ledger, int channel)
        {
            int row = channel * PulseLedger.LongSlots;
            ledger.Longs[row + PulseLedger.LastEdge] = Never;
            ledger.Longs[row + PulseLedger.RunStart] = Never;
            ledger.Set(channel, PulseLedger.RawActive | PulseLedger.DebouncedActive, false);
        }

        /// <summary>
        /// Start of an active run still in progress (a pulse whose trailing edge has not come yet), or
        /// long.MinValue when the line is idle. The power bound measures from here: a pulse may be under way.
        /// </summary>
        internal static long PendingPulseStart(PulseLedger ledger, int channel, bool measureWidth)
        {
            if (!measureWidth || !ledger.Is(channel, PulseLedger.RawActive) || ledger.Is(channel, PulseLedger.DebouncedActive))
            {
                return long.MinValue;
            }

            int row = channel * PulseLedger.LongSlots;
            long runStart = ledger.Longs[row + PulseLedger.RunStart];
            return runStart == Never ? ledger.Longs[row + PulseLedger.LastEdge] : runStart;
        }

        /// <summary>
        /// Feeds one edge; returns true when it completes an accepted pulse, whose start is then in
        /// <paramref name="pulseTime"/>. Lost edges (two at the same level) and rejected runs are counted in
        /// the ledger.
        /// </summary>
        internal static bool OnEdge(PulseLedger ledger, int channel, int filterMicroseconds, bool measureWidth,
            long timestampMicroseconds, bool active, out long pulseTime)
        {
            long[] longs = ledger.Longs;
            int row = channel * PulseLedger.LongSlots;
            int counters = channel * PulseLedger.IntSlots;
            pulseTime = 0;
            if (!measureWidth)
            {
                // Spacing mode: an active edge counts when it comes at least the filter time after the last counted one.
                if (!active)
                {
                    return false;
                }

                long lastCounted = longs[row + PulseLedger.RunStart];
                if (lastCounted != Never && timestampMicroseconds - lastCounted < filterMicroseconds)
                {
                    ledger.Ints[counters + PulseLedger.Rejected]++;
                    return false;
                }

                longs[row + PulseLedger.RunStart] = timestampMicroseconds;
                pulseTime = timestampMicroseconds;
                return true;
            }

            bool rawActive = ledger.Is(channel, PulseLedger.RawActive);
            if (active == rawActive)
            {
                // Both edges are always posted, so two at the same level mean at least one edge in between was
                // lost (on the ESP32: the GPIO ISR is not IRAM-safe and misses edges while flash is written; the
                // latched interrupt then reports the level after the write). Counted, never silent.
                ledger.Ints[counters + PulseLedger.LostEdges]++;
                return false;
            }

            bool accepted = false;
            bool debouncedActive = ledger.Is(channel, PulseLedger.DebouncedActive);
            long lastEdge = longs[row + PulseLedger.LastEdge];
            long runStart = longs[row + PulseLedger.RunStart];
            long spanEnd = timestampMicroseconds;
            if (rawActive != debouncedActive)
            {
                // The span that just ended is at the candidate level: it extends (or starts) the run.
                if (runStart == Never)
                {
                    runStart = lastEdge;
                }

                if (spanEnd - runStart >= filterMicroseconds && spanEnd - lastEdge >= filterMicroseconds / 2)
                {
                    ledger.Set(channel, PulseLedger.DebouncedActive, rawActive);
                    if (rawActive)
                    {
                        pulseTime = runStart;
                        accepted = true;
                    }

                    runStart = Never;
                }
            }
            else if (runStart != Never && spanEnd - lastEdge >= filterMicroseconds / 4)
            {
                // A long interruption at the settled level: what came before was a glitch, not the start of a run.
                if (!debouncedActive)
                {
                    ledger.Ints[counters + PulseLedger.Rejected]++;
                }

                runStart = Never;
            }

            longs[row + PulseLedger.RunStart] = runStart;
            longs[row + PulseLedger.LastEdge] = timestampMicroseconds;
            ledger.Set(channel, PulseLedger.RawActive, active);
            return accepted;
        }
    }
}
