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

        public static void Close(ISerialLine line)
        {
            (line as IDisposable)?.Dispose();
        }
    }
}
