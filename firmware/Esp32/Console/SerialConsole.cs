using System.IO.Ports;
using System.Text;
using EspCollector.Core.Console;
using EspCollector.Core.Supervision;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The console on its own UART (COM3, 115200 8N1; pins mapped by <see cref="BoardPinSetup"/>): implements
    /// <see cref="IConsoleOutput"/> and feeds received bytes to the <see cref="ConsoleSession"/> from one thread.
    /// COM1 stays the nanoFramework debugger link. Writes are bounded by a timeout so an unplugged cable never
    /// blocks the collector.
    /// </summary>
    public sealed class SerialConsole : IConsoleOutput
    {
        public const string PortName = "COM3";
        public const int BaudRate = 115200;

        private static readonly byte[] _lineEnd = new byte[] { 13, 10 };

        private readonly SerialPort _port;
        private readonly byte[] _receiveBuffer = new byte[64];
        private ConsoleSession _session;
        private GuardedThread _thread;

        public SerialConsole()
        {
            _port = new SerialPort(PortName, BaudRate, Parity.None, 8, StopBits.One);
            _port.ReadBufferSize = 256;
            _port.ReadTimeout = 100;
            _port.WriteTimeout = 500;
        }

        /// <summary>Opens the UART and starts the reading thread, guarded and beating <paramref name="heartbeat"/>
        /// (an exception in the read loop is reported to the supervisor instead of silently ending the console).</summary>
        public void Start(ConsoleSession session, Heartbeat heartbeat)
        {
            _session = session;
            _port.Open();
            session.Start();
            _thread = new GuardedThread(ReadPass, heartbeat);
            _thread.Start();
        }

        public void Write(string text)
        {
            if (text.Length > 0)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                _port.Write(bytes, 0, bytes.Length);
            }
        }

        public void WriteLine(string text)
        {
            Write(text);
            _port.Write(_lineEnd, 0, _lineEnd.Length);
        }

        private int ReadPass()
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return 20;
            }

            int count = _port.Read(_receiveBuffer, 0, available < _receiveBuffer.Length ? available : _receiveBuffer.Length);
            if (count > 0)
            {
                _session.Receive(_receiveBuffer, 0, count);
            }

            return 0;
        }
    }
}
