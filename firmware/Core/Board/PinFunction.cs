namespace EspCollector.Core.Board
{
    /// <summary>What the firmware does with a GPIO; the validator checks each against the chip's pin rules.</summary>
    public enum PinFunction
    {
        /// <summary>UART transmit to the RS485 transceiver's DI input.</summary>
        BusTransmit = 0,

        /// <summary>UART receive from the transceiver's RO output.</summary>
        BusReceive = 1,

        /// <summary>Transceiver driver enable (DE, usually tied to /RE), driven by the UART's RTS in RS485 mode.</summary>
        BusDriverEnable = 2,

        /// <summary>Console UART transmit (to the installer's USB-serial cable RX).</summary>
        ConsoleTransmit = 3,

        /// <summary>Console UART receive (from the cable's TX).</summary>
        ConsoleReceive = 4,

        /// <summary>S0 pulse input (open collector to ground, pulled up).</summary>
        PulseInput = 5,

        /// <summary>Status LED output.</summary>
        StatusLed = 6,

        /// <summary>A board output driven to a fixed level at start (transceiver power or shutdown pins).</summary>
        FixedOutput = 7,
    }
}
