using System;
using System.IO.Ports;
using System.Threading;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;
using nanoFramework.Hardware.Esp32;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The RS485 bus UART as an <see cref="ISerialLine"/>: System.IO.Ports.SerialPort in SerialMode.RS485, where
    /// the ESP-IDF driver raises the pin mapped to RTS (the transceiver's DE/RE) only while transmitting.
    /// COM2/COM3 have no default pins on ESP32, so the pins are mapped before Open (nf-interpreter ESP32
    /// platform"). Reads never block in the driver: the adapter polls BytesToRead (no TimeoutException on the hot
    /// path, no allocation), and ReadTimeout/WriteTimeout are still set so no call can hang forever.
    /// </summary>
    public sealed class Esp32SerialLine : ISerialLine, IDisposable
    {
        /// <summary>Driver receive buffer: a whole echoed request plus the longest response (2 x 256 bytes).</summary>
        public const int DefaultReadBufferSize = 1024;

        private const int DriverTimeoutMilliseconds = 500;

        private readonly string _portName;
        private readonly IClock _clock;
        private readonly int _readBufferSize;
        private SerialPort _port;
        private int _bitsPerCharacter = 11;
        private int _baudRate = 9600;
        private readonly bool _hasDriverEnable;

        /// <param name="portName">"COM2" or "COM3" (COM1 is the deployment link).</param>
        public Esp32SerialLine(string portName, int transmitPin, int receivePin, int driverEnablePin, IClock clock, int readBufferSize)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            _portName = portName;
            _clock = clock;
            _readBufferSize = readBufferSize > 0 ? readBufferSize : DefaultReadBufferSize;

            // Boards with an auto-direction transceiver (LilyGO T-CAN485, M5Stack RS485 base) have no DE pin
            // (-1): the UART then runs in normal mode and the transceiver switches by itself.
            _hasDriverEnable = driverEnablePin >= 0;
            if (portName == "COM2")
            {
                Configuration.SetPinFunction(transmitPin, DeviceFunction.COM2_TX);
                Configuration.SetPinFunction(receivePin, DeviceFunction.COM2_RX);
                if (_hasDriverEnable)
                {
                    Configuration.SetPinFunction(driverEnablePin, DeviceFunction.COM2_RTS);
                }
            }
            else if (portName == "COM3")
            {
                Configuration.SetPinFunction(transmitPin, DeviceFunction.COM3_TX);
                Configuration.SetPinFunction(receivePin, DeviceFunction.COM3_RX);
                if (_hasDriverEnable)
                {
                    Configuration.SetPinFunction(driverEnablePin, DeviceFunction.COM3_RTS);
                }
            }
            else
            {
                throw new ArgumentException("bus UART must be COM2 or COM3");
            }
        }

        public void Configure(SerialSettings settings)
        {
            if (_port != null)
            {
                _port.Close();
                _port.Dispose();
                _port = null;
            }

            Parity parity = settings.Parity == SerialParity.Even ? Parity.Even
                : settings.Parity == SerialParity.Odd ? Parity.Odd : Parity.None;
            StopBits stopBits = settings.StopBits == 2 ? StopBits.Two : StopBits.One;
            SerialPort port = new SerialPort(_portName, settings.BaudRate, parity, 8, stopBits);
            port.Handshake = Handshake.None;
            port.Mode = _hasDriverEnable ? SerialMode.RS485 : SerialMode.Normal;
            port.ReadBufferSize = _readBufferSize; // must precede Open
            port.ReadTimeout = DriverTimeoutMilliseconds;
            port.WriteTimeout = DriverTimeoutMilliseconds;
            port.Open();
            _port = port;
            _bitsPerCharacter = settings.BitsPerCharacter;
            _baudRate = settings.BaudRate;
        }

        public int BytesToRead
        {
            get { return _port == null ? 0 : _port.BytesToRead; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            if (_port == null || count <= 0)
            {
                return 0;
            }

            long deadline = _clock.MonotonicMicroseconds + timeoutMicroseconds;
            while (true)
            {
                int available = _port.BytesToRead;
                if (available > 0)
                {
                    // Only what is already buffered: the driver call returns without waiting.
                    return _port.Read(buffer, offset, available < count ? available : count);
                }

                long remaining = deadline - _clock.MonotonicMicroseconds;
                if (remaining <= 0)
                {
                    return 0;
                }

                // 1 ms polling: below t3.5 at 9600 baud (4 ms); the driver's own receive timeout (about 10
                // characters of idle line) already delays bytes more than this.
                Thread.Sleep(remaining >= 1000 ? 1 : 0);
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (_port == null)
            {
                throw new InvalidOperationException("serial line not configured");
            }

            long start = _clock.MonotonicMicroseconds;
            _port.Write(buffer, offset, count);

            // The port contract: return once the bytes have left, so the master's silence and response timers
            // start at the end of the frame. Write may return while the UART FIFO still drains; wait out the rest
            // of the frame's transmission time.
            long end = start + RtuTiming.TransmissionMicroseconds(count, _bitsPerCharacter, _baudRate);
            long remaining = end - _clock.MonotonicMicroseconds;
            if (remaining > 0)
            {
                _clock.Sleep((int)remaining);
            }
        }

        public void Dispose()
        {
            if (_port != null)
            {
                _port.Close();
                _port.Dispose();
                _port = null;
            }
        }
    }
}
