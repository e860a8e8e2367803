namespace EspCollector.Core.Pulses
{
    /// <summary>State of the comparison between pulse-derived energy and a linked meter's energy register.</summary>
    public enum CrossCheckStatus
    {
        /// <summary>No meter linked to the channel.</summary>
        NotLinked = 0,

        /// <summary>Linked, but no window has completed yet (too little time or energy so far).</summary>
        Pending = 1,

        /// <summary>The last window's increases agree within the threshold.</summary>
        Agreeing = 2,

        /// <summary>The last window's increases differ beyond the threshold: missed or extra pulses, a wrong
        /// constant, or a wiring fault (pulse input on another circuit than the register's meter).</summary>
        Discrepancy = 3,
    }
}
