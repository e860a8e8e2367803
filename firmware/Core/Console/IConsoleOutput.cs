namespace EspCollector.Core.Console
{
    /// <summary>Where the console writes: the console UART on the device, a list of lines in tests.</summary>
    public interface IConsoleOutput
    {
        /// <summary>Writes text without ending the line (prompt, echo).</summary>
        void Write(string text);

        /// <summary>Writes text and ends the line (CR LF on a serial terminal).</summary>
        void WriteLine(string text);
    }
}
