namespace EspCollector.Core.Meters
{
    /// <summary>Per-meter options from the configuration (defaults are the safe ones).</summary>
    public sealed class MeterSettings
    {
        /// <summary>
        /// Relays cut a customer's power: no relay command reaches the meter unless this is set (issue 4).
        /// Default off.
        /// </summary>
        public bool RelayEnabled;

        /// <summary>Read the Compere monthly history (130 values every rare interval). Default off: heap.</summary>
        public bool ReadHistory;

        /// <summary>Word order of the meter's 32-bit values, as a scan found it or the user set it.</summary>
        public WordOrder WordOrder = WordOrder.HighWordFirst;

        /// <summary>Switch word order when the frequency is implausible in the current order and plausible in the
        /// other (SDM630-style meters choose their order themselves). Default on.</summary>
        public bool DetectWordOrder = true;
    }
}
