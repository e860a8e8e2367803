using System;
using System.Diagnostics;
using System.IO;
using System.IO.Ports;
using System.Threading;
using EspCollector.Core.Ports;

namespace EspCollector.HostAdapters.Serial
{
    /// <summary>
    /// <see cref="ISerialLine"/> over System.IO.Ports for real USB-RS485 adapters (/dev/ttyUSB*, /dev/ttyACM*,
    /// COMn): the port is opened and configured (baud, 8 data bits, parity, stop bits, no handshake) by
    /// <see cref="SerialPort"/>; writes go through its stream and wait until the bytes have left the driver.
    ///
    /// What System.IO.Ports cannot do, measured (Linux, .NET 10, System.IO.Ports 10.0.15, a socat pty pair,
    /// 1000 repetitions of an 8-byte request at 9600 baud on this 2-core machine under load):
    ///   - SerialPort.Open with Parity.Even on a pseudo-terminal throws ArgumentException ("Value does not fall
    ///     within the expected range"; None and Odd open). The meters' factory framing is 8E1, so pseudo-terminals
    ///     keep the project's own <see cref="TermiosSerialLine"/> (<see cref="SerialLineFactory"/> chooses).
    ///   - SerialPort.ReadTimeout has whole milliseconds, and a Read with ReadTimeout = 1 ms that gets nothing
    ///     returned after 32.4 ms (median; p99 52 ms): the port's own timeout cannot resolve t1.5/t3.5
    ///     (1.72/4.01 ms at 9600, 0.86/2.01 ms at 19200). termios ppoll asked for 0.86 ms waited 0.95 ms (median).
    ///   - Bytes written become visible in SerialPort.BytesToRead after 0.002 ms (median; SerialPort.Read 0.11 ms,
    ///     termios ppoll 0.05 ms; p99 12-15 ms for all three, the machine's scheduling).
    /// So this line never uses SerialPort's read timeout: <see cref="Read"/> watches BytesToRead against a
    /// Stopwatch deadline in microseconds (sleeping 1 ms while more than 2 ms are left, yielding near the end),
    /// and takes only bytes already there from the stream.
    /// </summary>
    public sealed class SerialPortLine : ISerialLine, IDisposable
    {
        private readonly SerialPort _port;

        public SerialPortLine(string portName)
        {
            _port = new SerialPort(portName)
            {
                DataBits = 8,
                Handshake = Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout,
                WriteTimeout = 5000,
            };
        }

        public string PortName
        {
            get { return _port.PortName; }
        }

        public void Configure(SerialSettings settings)
        {
            _port.BaudRate = settings.BaudRate;
            _port.Parity = settings.Parity == SerialParity.Even ? Parity.Even : settings.Parity == SerialParity.Odd ? Parity.Odd : Parity.None;
            _port.StopBits = settings.StopBits == 2 ? StopBits.Two : StopBits.One;
            try
            {
                if (!_port.IsOpen)
                {
                    _port.Open();
                }
            }
            catch (ArgumentException exception)
            {
                throw new IOException(_port.PortName + " refused " + settings.BaudRate + " " + _port.Parity + ": " + exception.Message, exception);
            }

            _port.DiscardInBuffer();
        }

        public int BytesToRead
        {
            get { return _port.IsOpen ? _port.BytesToRead : 0; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            if (count <= 0)
            {
                return 0;
            }

            long start = Stopwatch.GetTimestamp();
            int available = _port.BytesToRead;
            while (available == 0)
            {
                long left = timeoutMicroseconds - (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (left <= 0)
                {
                    return 0;
                }

                if (left > 2000)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.Yield();
                }

                available = _port.BytesToRead;
            }

            return _port.BaseStream.Read(buffer, offset, Math.Min(count, available));
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _port.BaseStream.Write(buffer, offset, count);
            _port.BaseStream.Flush();
        }

        public void Dispose()
        {
            _port.Dispose();
        }
    }

    /// <summary>Which adapter serves a serial device (the CLI's --serial option).</summary>
    public enum SerialApi
    {
        /// <summary>termios for pseudo-terminals, System.IO.Ports for everything else.</summary>
        Auto,
        Ports,
        Termios,
    }

    /// <summary>Opens a serial device with the adapter the measurement in <see cref="SerialPortLine"/> calls for.</summary>
    public static class SerialLineFactory
    {
        /// <summary>A configured line; the caller disposes it.</summary>
        public static ISerialLine Open(string device, SerialSettings settings, SerialApi api)
        {
            bool termios = api == SerialApi.Termios || (api == SerialApi.Auto && IsPseudoTerminal(device));
            ISerialLine line = termios ? new TermiosSerialLine(device) : new SerialPortLine(device);
            try
            {
                line.Configure(settings);
            }
            catch
            {
                ((IDisposable)line).Dispose();
                throw;
            }

            return line;
        }

        /// <summary>True for /dev/pts/N (also behind a symbolic link such as socat's link=/tmp/busA) and /dev/ptmx.</summary>
        public static bool IsPseudoTerminal(string device)
        {
            string path = device;
            try
            {
                FileSystemInfo target = new FileInfo(device).ResolveLinkTarget(true);
                if (target != null)
                {
                    path = target.FullName;
                }
            }
            catch (IOException)
            {
            }

            return path.StartsWith("/dev/pts/", StringComparison.Ordinal) || path == "/dev/ptmx";
        }
    }
}
