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
        private bool _hasDriverEnable;

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

            if (portName != "COM2" && portName != "COM3")
            {
                throw new ArgumentException("bus UART must be COM2 or COM3");
            }

            MapPins(transmitPin, receivePin, driverEnablePin);
        }

        /// <summary>
        /// Moves the UART to other pins at run time (<see cref="Esp32RoutedSerialLine"/>): the GPIO matrix connects
        /// the UART's signals to any GPIO (ESP32 Technical Reference Manual, "IO MUX and GPIO Matrix"), and the driver
        /// applies the mapped pins each time the open port is reconfigured (nf-interpreter
        /// sys_io_ser_native_System_IO_Ports_SerialPort.cpp, NativeConfig: uart_set_pin with the pins given to
        /// SetPinFunction). Setting Mode reconfigures it (the RS485 mode also maps RTS to DE); no allocation.
        /// </summary>
        public void UsePins(int transmitPin, int receivePin, int driverEnablePin)
        {
            MapPins(transmitPin, receivePin, driverEnablePin);
            if (_port != null)
            {
                _port.Mode = _hasDriverEnable ? SerialMode.RS485 : SerialMode.Normal;
            }
        }

        private void MapPins(int transmitPin, int receivePin, int driverEnablePin)
        {
            // Boards with an auto-direction transceiver (LilyGO T-CAN485, M5Stack RS485 base) have no DE pin
            // (-1): the UART then runs in normal mode and the transceiver switches by itself.
            _hasDriverEnable = driverEnablePin >= 0;
            bool com2 = _portName == "COM2";
            Configuration.SetPinFunction(transmitPin, com2 ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            Configuration.SetPinFunction(receivePin, com2 ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            if (_hasDriverEnable)
            {
                Configuration.SetPinFunction(driverEnablePin, com2 ? DeviceFunction.COM2_RTS : DeviceFunction.COM3_RTS);
            }
        }

        /// <summary>Opens the port at the first call; later calls change only what differs on the open port (each
        /// property setter reconfigures the driver in place: no new SerialPort, no allocation, the pins kept).</summary>
        public void Configure(SerialSettings settings)
        {
            Parity parity = settings.Parity == SerialParity.Even ? Parity.Even
                : settings.Parity == SerialParity.Odd ? Parity.Odd : Parity.None;
            StopBits stopBits = settings.StopBits == 2 ? StopBits.Two : StopBits.One;
            _bitsPerCharacter = settings.BitsPerCharacter;
            _baudRate = settings.BaudRate;
            if (_port != null)
            {
                if (_port.BaudRate != settings.BaudRate)
                {
                    _port.BaudRate = settings.BaudRate;
                }

                if (_port.Parity != parity)
                {
                    _port.Parity = parity;
                }

                if (_port.StopBits != stopBits)
                {
                    _port.StopBits = stopBits;
                }

                return;
            }

            SerialPort port = new SerialPort(_portName, settings.BaudRate, parity, 8, stopBits);
            port.Handshake = Handshake.None;
            port.Mode = _hasDriverEnable ? SerialMode.RS485 : SerialMode.Normal;
            port.ReadBufferSize = _readBufferSize; // must precede Open
            port.ReadTimeout = DriverTimeoutMilliseconds;
            port.WriteTimeout = DriverTimeoutMilliseconds;
            port.Open();
            _port = port;
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
