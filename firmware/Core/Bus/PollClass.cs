namespace EspCollector.Core.Bus
{
    /// <summary>
    /// How often a register block is read. The intervals belong to the bus configuration
    /// (<see cref="PollerSettings"/>); a meter driver only says which class each block is in.
    /// </summary>
    public enum PollClass
    {
        /// <summary>Instantaneous values (voltage, current, power): every fast interval.</summary>
        Fast = 0,

        /// <summary>Energy totals: every slow interval.</summary>
        Slow = 1,

        /// <summary>History, settings: every rare interval.</summary>
        Rare = 2,

        /// <summary>Identity (serial number, firmware): once per connection, i.e. at start and each time the
        /// meter comes back online.</summary>
        Once = 3,
    }
}
