namespace EspCollector.Core.Config
{
    /// <summary>What <see cref="ConfigStore.Load"/> found; anything but Loaded is reported on the console and
    /// as an event (see <see cref="ConfigManager.LoadNotes"/>).</summary>
    public enum ConfigLoadOutcome
    {
        /// <summary>The newest record was loaded.</summary>
        Loaded = 0,

        /// <summary>No record: first boot, defaults.</summary>
        FirstBoot = 1,

        /// <summary>The newest record was damaged (torn save, flash error); the previous valid one was loaded.</summary>
        RecoveredPrevious = 2,

        /// <summary>No valid record (all damaged, or a schema newer than this firmware): defaults.</summary>
        CorruptUsingDefaults = 3,
    }
}
