using System;
using System.IO;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters.Serial;

namespace EspCollector.Cli
{
    /// <summary>Opens a serial device for a verb (<see cref="SerialLineFactory"/>: System.IO.Ports, or termios for pseudo-terminals).</summary>
    public static class SerialLines
    {
        /// <summary>
        /// Opens the device for a verb; when the device is missing or not accessible, writes
        /// "&lt;verb&gt;: cannot open &lt;port&gt;: &lt;reason&gt;" to <paramref name="error"/> and returns null.
        /// </summary>
        public static ISerialLine OpenOrReport(string verb, string port, SerialSettings settings, SerialApi api, TextWriter error)
        {
            try
            {
                return SerialLineFactory.Open(port, settings, api);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException)
            {
                error.WriteLine($"{verb}: cannot open {port}: {exception.Message}");
                return null;
            }
        }

        public static void Close(ISerialLine line)
        {
            (line as IDisposable)?.Dispose();
        }
    }
}
