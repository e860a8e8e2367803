using System;
using System.Device.Gpio;
using EspCollector.Core.Ports;

namespace EspCollector.Esp32
{
    /// <summary>
    /// One UART (the bus UART, COM2) on several pin sets: the RS485 transceiver's TX/RX/DE and the M-Bus master
    /// interface's TX/RX. The ESP32's GPIO matrix connects a UART's signals to any GPIO and can change that at run
    /// time (ESP32 Technical Reference Manual, "IO MUX and GPIO Matrix"; firmware/PLATFORM.md "UARTs"): a route
    /// maps its pins with SetPinFunction and reconfigures the open port, whose driver then calls uart_set_pin
    /// (<see cref="Esp32SerialLine.UsePins"/>). The pins of the other routes are parked as GPIO outputs, which takes
    /// them off the UART (ESP-IDF gpio_config → gpio_output_enable connects the pad to SIG_GPIO_OUT_IDX): every DE low
    /// (the transceiver receives and leaves the RS485 bus to the meters' fail-safe bias) and every TX high (mark: an
    /// auto-direction transceiver stays off the bus, the M-Bus stays at its mark voltage, never a break). SetPinMode
    /// drives the pin low first (nf-interpreter sys_dev_gpio_native GpioPin::SetPinMode → CPU_GPIO_EnableOutputPin(pin,
    /// Low)); Toggle then raises a TX from the driver's state store without a PinValue (nanoCLR keeps structs on the
    /// managed heap). That low pulse lasts one managed call, tens of µs, at the moment its bus becomes idle: the bus
    /// stays idle for at least the other master's turn, and both protocols resynchronise on idle line (Modbus t3.5,
    /// M-Bus frames start on a start byte). The GpioPin objects are opened once here, so a switch allocates nothing:
    /// two native calls per parked TX, one per parked DE, the SetPinFunction calls and one driver reconfiguration.
    /// </summary>
    public sealed class Esp32RoutedSerialLine : IRoutedSerialLine, IDisposable
    {
        private readonly Esp32SerialLine _line;
        private readonly int[] _transmit;
        private readonly int[] _receive;
        private readonly int[] _driverEnable;
        private readonly GpioPin[] _parkedTransmit;
        private readonly GpioPin[] _parkedDriverEnable;
        private int _route = -1;

        /// <param name="routes">One row per route: { TX, RX, DE or -1 }.</param>
        public Esp32RoutedSerialLine(string portName, int[][] routes, GpioController gpio, IClock clock, int readBufferSize)
        {
            if (routes == null || routes.Length == 0 || gpio == null)
            {
                throw new ArgumentNullException(gpio == null ? "gpio" : "routes");
            }

            int count = routes.Length;
            _transmit = new int[count];
            _receive = new int[count];
            _driverEnable = new int[count];
            _parkedTransmit = new GpioPin[count];
            _parkedDriverEnable = new GpioPin[count];
            for (int route = 0; route < count; route++)
            {
                _transmit[route] = routes[route][0];
                _receive[route] = routes[route][1];
                _driverEnable[route] = routes[route][2];

                // Parked until routed, before the UART opens: TX high, DE low.
                _parkedTransmit[route] = gpio.OpenPin(_transmit[route], PinMode.Output);
                _parkedTransmit[route].Toggle();
                if (_driverEnable[route] >= 0)
                {
                    _parkedDriverEnable[route] = gpio.OpenPin(_driverEnable[route], PinMode.Output);
                }
            }

            _line = new Esp32SerialLine(portName, _transmit[0], _receive[0], _driverEnable[0], clock, readBufferSize);
        }

        public int RouteCount
        {
            get { return _transmit.Length; }
        }

        public void Route(int route)
        {
            if (route == _route)
            {
                return;
            }

            // Park the others first, so that no two interfaces ever carry the UART's TX at once.
            for (int other = 0; other < _transmit.Length; other++)
            {
                if (other != route)
                {
                    _parkedTransmit[other].SetPinMode(PinMode.Output);
                    _parkedTransmit[other].Toggle();
                    if (_parkedDriverEnable[other] != null)
                    {
                        _parkedDriverEnable[other].SetPinMode(PinMode.Output);
                    }
                }
            }

            _line.UsePins(_transmit[route], _receive[route], _driverEnable[route]);
            _route = route;
        }

        public void Configure(SerialSettings settings)
        {
            _line.Configure(settings);
        }

        public int BytesToRead
        {
            get { return _line.BytesToRead; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            return _line.Read(buffer, offset, count, timeoutMicroseconds);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _line.Write(buffer, offset, count);
        }

        public void Dispose()
        {
            _line.Dispose();
        }
    }
}
