namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// The edge that starts a pulse. S0 outputs are open-collector transistors (KPM33B manual 4.2, KPM31 manual
    /// "Pulse output", KLEFR manual "pulse outputs"): with the collector pulled up at the input, the transistor
    /// conducting pulls the line low, so a pulse starts with a falling edge.
    /// </summary>
    public enum PulseEdge
    {
        Falling = 0,
        Rising = 1,
    }
}
