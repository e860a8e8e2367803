namespace EspCollector.Core.MBus
{
    /// <summary>What a record's VIF says its value is (EN 13757-3 VIF tables), after decimal scaling.</summary>
    public enum MBusUnit
    {
        /// <summary>No VIF meaning known to this decoder (the record is still skipped correctly).</summary>
        Unknown = 0,
        WattHour = 1,
        Joule = 2,
        CubicMetre = 3,
        Kilogram = 4,
        /// <summary>On time / operating time / durations, in seconds.</summary>
        Second = 5,
        Watt = 6,
        JoulePerHour = 7,
        CubicMetrePerHour = 8,
        KilogramPerHour = 9,
        Celsius = 10,
        Kelvin = 11,
        Bar = 12,
        Volt = 13,
        Ampere = 14,
        /// <summary>Date (type G) or date and time (type F): the raw value, not scaled.</summary>
        TimePoint = 15,
        /// <summary>Fabrication number, enhanced identification, bus address, versions, counters: plain numbers.</summary>
        Number = 16,
        /// <summary>FD 3A: dimensionless (the KLEFR combined code and S0 rate).</summary>
        Dimensionless = 17,
    }
}
