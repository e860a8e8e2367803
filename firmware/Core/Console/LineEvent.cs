namespace EspCollector.Core.Console
{
    /// <summary>What one byte fed to the <see cref="LineEditor"/> completed.</summary>
    public enum LineEvent
    {
        /// <summary>Nothing yet.</summary>
        None = 0,

        /// <summary>A line ended (CR, LF or CR LF); <see cref="LineEditor.Line"/> holds it.</summary>
        Line = 1,

        /// <summary>A line ended that was longer than the maximum: it is dropped whole, never truncated.</summary>
        Rejected = 2,

        /// <summary>Ctrl-C: the line being typed was abandoned.</summary>
        Cancelled = 3,
    }
}
