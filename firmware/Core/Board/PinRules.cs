namespace EspCollector.Core.Board
{
    /// <summary>
    /// What each chip allows on each GPIO, from Espressif's datasheets. Facts only about the bare chip and its
    /// standard module; what a particular board wires internally (in-package flash on ESP32-PICO-D4, octal PSRAM
    /// on ESP32-S3 R8 modules, on-board peripherals) is listed by its <see cref="BoardProfile"/> as reserved pins.
    ///
    /// Sources (section names are stable across datasheet revisions; numbering is not, so it is not quoted):
    /// - ESP32 Series Datasheet, chapter "Pins": pin description table and notes (GPIO34..39 input-only,
    ///   without pull-up/pull-down; GPIO6..11 wired to the SPI flash of WROOM/WROVER modules), section
    ///   "Strapping Pins" (GPIO0, GPIO2, GPIO5, MTDI = GPIO12, MTDO = GPIO15). GPIO20, 24, 28..31 are not bonded.
    /// - ESP32-S3 Series Datasheet, chapter "Pins": GPIO26..32 are the SPI0/1 flash and PSRAM pins; section
    ///   "Strapping Pins" (GPIO0, GPIO3, GPIO45, GPIO46); GPIO19/20 are USB D-/D+; GPIO22..25 do not exist.
    ///   All S3 GPIOs can be outputs and have internal pull-ups.
    /// - ESP32-C3 Series Datasheet, chapter "Pins": GPIO12..17 are the SPI flash pins, strapping pins GPIO2,
    ///   GPIO8, GPIO9; GPIO18/19 USB D-/D+; GPIO20/21 U0RXD/U0TXD; two UARTs only.
    /// - nanoFramework ESP32 targets: the wire protocol (debugger, deployment) uses UART0 on U0TXD/U0RXD
    ///   (nf-interpreter targets/ESP32/_include/WireProtocol_Uart_Pins.h); S3 and C3 targets may use the
    ///   native USB instead ("USB CDC or serial"), so there the UART0 pins are a warning, not an error.
    /// </summary>
    public static class PinRules
    {
        /// <summary>Highest GPIO number of the chip.</summary>
        public static int HighestGpio(Chip chip)
        {
            switch (chip)
            {
                case Chip.Esp32S3:
                    return 48;
                case Chip.Esp32C3:
                    return 21;
                default:
                    return 39;
            }
        }

        /// <summary>Number of UARTs: COM1 = UART0 (debugger link), COM2 = UART1, COM3 = UART2 where it exists.</summary>
        public static int UartCount(Chip chip)
        {
            return chip == Chip.Esp32C3 ? 2 : 3;
        }

        public static string ChipName(Chip chip)
        {
            switch (chip)
            {
                case Chip.Esp32S3:
                    return "ESP32-S3";
                case Chip.Esp32C3:
                    return "ESP32-C3";
                default:
                    return "ESP32";
            }
        }

        /// <summary>True when the chip has a pad for this GPIO number.</summary>
        public static bool Exists(Chip chip, int pin)
        {
            if (pin < 0 || pin > HighestGpio(chip))
            {
                return false;
            }

            switch (chip)
            {
                case Chip.Esp32:
                    return pin != 20 && pin != 24 && (pin < 28 || pin > 31);
                case Chip.Esp32S3:
                    return pin < 22 || pin > 25;
                default:
                    return true;
            }
        }

        /// <summary>Why the pin must not be used at all (wired to the flash), or null.</summary>
        public static string FlashReason(Chip chip, int pin)
        {
            switch (chip)
            {
                case Chip.Esp32:
                    return pin >= 6 && pin <= 11 ? "is wired to the SPI flash (GPIO6..11)" : null;
                case Chip.Esp32S3:
                    return pin >= 26 && pin <= 32 ? "is an SPI flash/PSRAM pin (GPIO26..32)" : null;
                default:
                    return pin >= 12 && pin <= 17 ? "is an SPI flash pin (GPIO12..17)" : null;
            }
        }

        /// <summary>True for pins that can only be inputs (ESP32 GPIO34..39).</summary>
        public static bool IsInputOnly(Chip chip, int pin)
        {
            return chip == Chip.Esp32 && pin >= 34 && pin <= 39;
        }

        /// <summary>True when the pad has an internal pull-up (all but ESP32 GPIO34..39).</summary>
        public static bool HasInternalPullUp(Chip chip, int pin)
        {
            return !IsInputOnly(chip, pin);
        }

        /// <summary>True for pins sampled at reset to select the boot mode or flash voltage.</summary>
        public static bool IsStrapping(Chip chip, int pin)
        {
            switch (chip)
            {
                case Chip.Esp32:
                    return pin == 0 || pin == 2 || pin == 5 || pin == 12 || pin == 15;
                case Chip.Esp32S3:
                    return pin == 0 || pin == 3 || pin == 45 || pin == 46;
                default:
                    return pin == 2 || pin == 8 || pin == 9;
            }
        }

        /// <summary>What the strapping pin selects at reset, for the warning text.</summary>
        public static string StrappingEffect(Chip chip, int pin)
        {
            if (chip == Chip.Esp32 && pin == 12)
            {
                // ESP32 datasheet, "Strapping Pins": MTDI high at reset selects 1.8 V for the flash supply, and a
                // module with 3.3 V flash then fails to boot.
                return "selects the flash voltage at reset (high = 1.8 V: a 3.3 V flash module will not boot)";
            }

            if (pin == 0 || (chip == Chip.Esp32C3 && pin == 9))
            {
                return "selects download mode when low at reset";
            }

            return "is sampled at reset; the circuit on it must not pull it to the wrong level while booting";
        }

        /// <summary>Why using the pin breaks the debugger/USB link, or null. <paramref name="fatal"/> says whether
        /// that is an error (ESP32: the wire protocol is always on UART0) or a warning (S3/C3 may use USB).</summary>
        public static string DebugLinkReason(Chip chip, int pin, out bool fatal)
        {
            fatal = false;
            switch (chip)
            {
                case Chip.Esp32:
                    fatal = true;
                    return pin == 1 || pin == 3 ? "is UART0, the nanoFramework debugger link (GPIO1 TX, GPIO3 RX)" : null;
                case Chip.Esp32S3:
                    if (pin == 43 || pin == 44)
                    {
                        return "is UART0 (GPIO43 TX, GPIO44 RX), the debugger link when not on USB";
                    }

                    return pin == 19 || pin == 20 ? "is native USB D-/D+ (GPIO19/20), the debugger link on USB boards" : null;
                default:
                    if (pin == 20 || pin == 21)
                    {
                        return "is UART0 (GPIO21 TX, GPIO20 RX), the debugger link when not on USB";
                    }

                    return pin == 18 || pin == 19 ? "is native USB D-/D+ (GPIO18/19), the debugger link on USB boards" : null;
            }
        }
    }
}
