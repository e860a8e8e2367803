namespace EspCollector.Core.Storage
{
    /// <summary>Outcome of <see cref="PowerSafeRecord.Load"/>.</summary>
    public enum RecordLoadResult
    {
        /// <summary>No slot holds any bytes: first boot, start from defaults.</summary>
        Empty = 0,

        /// <summary>The newest valid record was loaded and no slot was damaged.</summary>
        Loaded = 1,

        /// <summary>
        /// The newest valid record was loaded, and another slot held bytes that failed the checks (a save torn
        /// by a power cut, or flash damage): the store "fell back to the previous record".
        /// </summary>
        LoadedAfterFallback = 2,

        /// <summary>Slots hold bytes but none is a valid record of this kind: start from defaults and say so.</summary>
        Corrupt = 3,

        /// <summary>A valid record was found but its payload does not fit the caller's buffer (a newer schema).</summary>
        PayloadTooLarge = 4,
    }
}
