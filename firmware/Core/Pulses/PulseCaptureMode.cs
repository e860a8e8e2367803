namespace EspCollector.Core.Pulses
{
    /// <summary>How a capture delivers pulses to the processor.</summary>
    public enum PulseCaptureMode
    {
        /// <summary>Timestamped edges in the shared <see cref="EdgeRing"/>, filtered in software.</summary>
        Edges = 0,

        /// <summary>
        /// A hardware pulse counter (ESP32/S3 PCNT) counts; the processor reads cumulative counts. Exact under
        /// any CPU load, but its glitch filter is nanoseconds (not a millisecond debounce) and there are no
        /// per-pulse timestamps, so power comes from counts between reads.
        /// </summary>
        HardwareCounter = 1,
    }
}
