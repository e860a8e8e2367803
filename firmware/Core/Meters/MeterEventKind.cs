namespace EspCollector.Core.Meters
{
    /// <summary>Things a meter driver reports besides readings (for the log, the console and MQTT).</summary>
    public enum MeterEventKind
    {
        None = 0,

        /// <summary>A cumulative counter read lower than before: the meter was reset or replaced. The new value
        /// becomes the reference; no negative consumption is derived from it.</summary>
        EnergyWentBackwards = 1,

        /// <summary>A value was NaN, infinite or outside the quantity's physical limits and was not published.
        /// Reported when a quantity turns implausible, not on every read while it stays so (the counter in
        /// <see cref="MeterReadings"/> counts every rejection).</summary>
        ImplausibleValue = 2,

        /// <summary>The frequency was implausible in the word order in use and plausible in the other: the driver
        /// switched word order (SDM630-style meters choose it themselves).</summary>
        WordOrderChanged = 3,

        /// <summary>The serial number read at reconnection differs from the previous one: another meter answers
        /// at this address; counters start a new reference.</summary>
        SerialNumberChanged = 4,
    }
}
