namespace EspCollector.Core.Board
{
    /// <summary>
    /// One supported board: chip, the nanoFramework firmware to flash with nanoff, and which GPIO does what.
    /// Profiles are data (see <see cref="BoardProfiles"/>); the human-readable twin of each is boards/&lt;Name&gt;.md.
    /// A pin of -1 means "none" (auto-direction transceiver without DE, board without LED).
    /// </summary>
    public sealed class BoardProfile
    {
        /// <summary>Identifier used by "board use" and stored in the configuration ([a-z0-9-]).</summary>
        public string Name;

        /// <summary>Human-readable board name.</summary>
        public string Title;

        public Chip Chip;

        /// <summary>The module carries PSRAM and the firmware to flash uses it for the managed heap (megabytes instead
        /// of ~100 KB): it decides the board's heap envelope (Core/Config/HeapEnvelope).</summary>
        public bool HasPsram;

        /// <summary>nanoff --target value (e.g. ESP32_REV0, ESP32_PICO, ESP32_S3_OCTAL).</summary>
        public string FirmwareTarget;

        /// <summary>UART of the RS485 bus (COM2 = UART1).</summary>
        public string BusPort;
        public int BusTransmitPin;
        public int BusReceivePin;

        /// <summary>DE(/RE) pin driven by the UART's RTS in RS485 mode; -1 for auto-direction transceivers.</summary>
        public int BusDriverEnablePin;

        /// <summary>UART of the console (COM3 = UART2); never COM1, the debugger link.</summary>
        public string ConsolePort;
        public int ConsoleTransmitPin;
        public int ConsoleReceivePin;

        /// <summary>
        /// UART of an M-Bus master interface (a level converter: the RS485 transceiver cannot drive an M-Bus) and its
        /// TX/RX pins, or null when the board cannot host one. ESP32 and ESP32-S3 have three UARTs, all taken (debugger
        /// link, RS485 bus, console), so the M-Bus port is the bus UART (COM2) on pins of its own: the GPIO matrix
        /// re-routes COM2 between the transceiver's pins and the interface's at run time, and the two masters take
        /// turns (Core/Ports/SharedSerialLine; boards/README.md "M-Bus port"). The console keeps COM3.
        /// </summary>
        public string MBusPort;
        public int MBusTransmitPin = -1;
        public int MBusReceivePin = -1;

        /// <summary>Pins suggested for S0 inputs, in order (the first pulse channel gets the first).</summary>
        public int[] PulsePins;

        public int StatusLedPin;
        public StatusLedKind StatusLedKind;

        /// <summary>Outputs the firmware drives high at start (transceiver power, shutdown, receiver enable).</summary>
        public int[] OutputsHighAtStart;

        /// <summary>Pins the board or its module uses internally (in-package flash, PSRAM, USB, SD card...).</summary>
        public int[] ReservedPins;

        /// <summary>Why each reserved pin is reserved (same order as <see cref="ReservedPins"/>).</summary>
        public string[] ReservedReasons;

        /// <summary>Where the pin facts come from.</summary>
        public string Source;

        /// <summary>Wiring notes and uncertainties, shown by "board list" and in boards/*.md.</summary>
        public string Notes;

        /// <summary>Reason a board-reserved pin is reserved, or null when the board leaves it free.</summary>
        public string ReservedReason(int pin)
        {
            if (ReservedPins == null)
            {
                return null;
            }

            for (int index = 0; index < ReservedPins.Length; index++)
            {
                if (ReservedPins[index] == pin)
                {
                    return ReservedReasons != null && index < ReservedReasons.Length ? ReservedReasons[index] : "is used by the board";
                }
            }

            return null;
        }
    }
}
