using System;
using System.IO;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters.Serial;

namespace EspCollector.Cli
{
    /// <summary>Opens a serial device as an ISerialLine: raw mode, baud, parity, stop bits (TermiosSerialLine).</summary>
    public static class SerialLines
    {
        public static ISerialLine Open(string port, SerialSettings settings)
        {
            var line = new TermiosSerialLine(port);
            try
            {
                line.Configure(settings);
            }
            catch
            {
                line.Dispose();
                throw;
            }

            return line;
        }

        /// <summary>
        /// Opens the device for a verb; when the device is missing or not accessible, writes
        /// "&lt;verb&gt;: cannot open &lt;port&gt;: &lt;reason&gt;" to <paramref name="error"/> and returns null.
        /// </summary>
        public static ISerialLine OpenOrReport(string verb, string port, SerialSettings settings, TextWriter error)
        {
            try
            {
                return Open(port, settings);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
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
