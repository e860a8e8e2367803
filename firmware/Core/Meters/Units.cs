namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The normalised units every published quantity is expressed in, whatever the meter reports
    /// (KLEFR reports kW/kvar/kVA: its table scales by 1000). Strings as Home Assistant expects them.
    /// </summary>
    public static class Units
    {
        public const string Volt = "V";
        public const string Ampere = "A";
        public const string Watt = "W";
        public const string VoltAmpereReactive = "var";
        public const string VoltAmpere = "VA";
        public const string Hertz = "Hz";
        public const string KilowattHour = "kWh";
        public const string KilovarHour = "kvarh";

        /// <summary>Power factor, codes, counters, states.</summary>
        public const string None = "";

        /// <summary>S0 pulse output rate (KLEFR 0x400D).</summary>
        public const string ImpulsesPerKilowattHour = "imp/kWh";
    }
}
