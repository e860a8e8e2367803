using EspCollector.Core.Ports;

namespace EspCollector.Core.Board
{
    /// <summary>
    /// Every supported board, compiled into the one image and chosen with "board use &lt;name&gt;". Each entry
    /// cites where its pin facts come from; boards/&lt;name&gt;.md is its human-readable twin (wiring diagrams,
    /// what to flash). Only boards whose pins could be established from the vendor's own sources are listed.
    /// </summary>
    public static class BoardProfiles
    {
        /// <summary>The profile a fresh collector starts with.</summary>
        public const string DefaultName = "esp32-devkitc-max485";

        private const string DevKitCName = DefaultName;
        private const string LilyGoTCan485Name = "lilygo-t-can485";
        private const string M5StackAtomRs485Name = "m5stack-atom-rs485";
        private const string WaveshareS3Rs485CanName = "waveshare-esp32-s3-rs485-can";

        // Profiles are built when asked for ("board list", "board use", the configuration's selected board at
        // start), not kept: four profiles with their pin arrays and texts were ~2.2 KB of the ~80 KB heap on
        // nanoFramework for a table that is read a few times per boot. Each call returns a fresh profile.
        private const int ProfileCount = 4;

        public static int Count
        {
            get { return ProfileCount; }
        }

        /// <summary>The profile at this index, built on demand (allocates).</summary>
        public static BoardProfile At(int index)
        {
            switch (index)
            {
                case 0: return DevKitC();
                case 1: return LilyGoTCan485();
                case 2: return M5StackAtomRs485();
                case 3: return WaveshareS3Rs485Can();
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>The name of the profile at this index, without building it.</summary>
        public static string NameAt(int index)
        {
            switch (index)
            {
                case 0: return DevKitCName;
                case 1: return LilyGoTCan485Name;
                case 2: return M5StackAtomRs485Name;
                case 3: return WaveshareS3Rs485CanName;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>The profile with this name (built on demand), or null.</summary>
        public static BoardProfile Find(string name)
        {
            for (int index = 0; index < ProfileCount; index++)
            {
                if (NameAt(index) == name)
                {
                    return At(index);
                }
            }

            return null;
        }

        /// <summary>Every profile name, in order (a new array).</summary>
        public static string[] Names()
        {
            string[] names = StringArrays.Create(ProfileCount);
            for (int index = 0; index < ProfileCount; index++)
            {
                names[index] = NameAt(index);
            }

            return names;
        }

        /// <summary>Profile names separated by '|', for error messages ("allowed: a|b|c").</summary>
        public static string NameList()
        {
            string names = string.Empty;
            for (int index = 0; index < ProfileCount; index++)
            {
                names = index == 0 ? NameAt(index) : names + "|" + NameAt(index);
            }

            return names;
        }

        private static BoardProfile DevKitC()
        {
            BoardProfile profile = new BoardProfile();
            profile.Name = DevKitCName;
            profile.Title = "Espressif ESP32-DevKitC + MAX485/MAX3485 module";
            profile.Chip = Chip.Esp32;
            profile.FirmwareTarget = "ESP32_REV0";
            // Flashed with ESP32_REV0 (no PSRAM support): the plain ESP32 envelope, even on a WROVER module.
            profile.HasPsram = false;
            profile.BusPort = "COM2";
            profile.BusTransmitPin = 26;
            profile.BusReceivePin = 25;
            profile.BusDriverEnablePin = 27;
            profile.ConsolePort = "COM3";
            profile.ConsoleTransmitPin = 22;
            profile.ConsoleReceivePin = 21;

            // M-Bus master interface (level converter with its own 24-36 V bus supply) on the bus UART, pins of its own.
            profile.MBusPort = "COM2";
            profile.MBusTransmitPin = 4;
            profile.MBusReceivePin = 35;
            profile.PulsePins = new int[] { 32, 33, 18, 19 };
            profile.StatusLedPin = -1;
            profile.StatusLedKind = StatusLedKind.None;
            profile.OutputsHighAtStart = new int[0];

            // GPIO16/17 carry the PSRAM of WROVER modules (DevKitC VE): left unused so one profile fits both modules.
            profile.ReservedPins = new int[] { 16, 17 };
            profile.ReservedReasons = new string[] { "is the PSRAM pin of WROVER modules", "is the PSRAM pin of WROVER modules" };
            profile.Source = "ESP32-DevKitC V4 user guide (header pin-out); ESP32-WROOM-32/WROVER datasheets; wiring chosen by this project";
            profile.Notes = "DevKitC has no user LED (set pin.led for an external one). Use a 3.3 V transceiver (MAX3485/SP3485) or divide RO down: a 5 V MAX485 drives 5 V into GPIO25. WROVER (PSRAM) boards: flash ESP32_PSRAM_REV0.";
            return profile;
        }

        private static BoardProfile LilyGoTCan485()
        {
            BoardProfile profile = new BoardProfile();
            profile.Name = LilyGoTCan485Name;
            profile.Title = "LilyGO T-CAN485 (ESP32, MAX13487E auto-direction RS485)";
            profile.Chip = Chip.Esp32;
            profile.FirmwareTarget = "ESP32_REV0";
            // Flashed with ESP32_REV0 (no PSRAM support): the plain ESP32 envelope, even on a WROVER module.
            profile.HasPsram = false;
            profile.BusPort = "COM2";
            profile.BusTransmitPin = 22;
            profile.BusReceivePin = 21;

            // MAX13487E switches direction itself (AutoDirection): no DE pin for the UART to drive.
            profile.BusDriverEnablePin = -1;
            profile.ConsolePort = "COM3";
            profile.ConsoleTransmitPin = 25;
            profile.ConsoleReceivePin = 18;

            // M-Bus master interface on the bus UART: the header's IO05 (strapping: only SDIO timing, harmless while
            // the interface's TXD input does not pull it low at reset) and IO35 (input only, no pull-up).
            profile.MBusPort = "COM2";
            profile.MBusTransmitPin = 5;
            profile.MBusReceivePin = 35;
            profile.PulsePins = new int[] { 32, 33 };
            profile.StatusLedPin = 4;
            profile.StatusLedKind = StatusLedKind.AddressableRgb;

            // Vendor example RS485.ino: GPIO16 enables the ME2107 boost (5 V for RS485/CAN), GPIO19 high = MAX13487E
            // not shut down, GPIO17 high = its /RE line as the example sets it.
            profile.OutputsHighAtStart = new int[] { 16, 19, 17 };
            profile.ReservedPins = new int[] { 0, 2, 13, 14, 15, 23, 26, 27 };
            profile.ReservedReasons = new string[]
            {
                "is the BOOT button", "is the SD card MISO", "is the SD card CS", "is the SD card SCLK", "is the SD card MOSI",
                "is the CAN transceiver speed mode", "is CAN RX", "is CAN TX",
            };
            profile.Source = "Xinyuan-LilyGO/T-CAN485: libraries/private_library/t_can485_config.h, examples/RS485/RS485.ino; header pins IO25/32/33/05/12/34/35/18 per issue #31";
            profile.Notes = "Uncertain: the vendor's esphome/rs485.yaml declares GPIO16/17/19 as inverted outputs, the Arduino example drives them high; this profile follows the example. GPIO34 on the header can be an S0 input with an external 10 kOhm pull-up; IO05/IO35 are the M-Bus interface's TX/RX.";
            return profile;
        }

        private static BoardProfile M5StackAtomRs485()
        {
            BoardProfile profile = new BoardProfile();
            profile.Name = M5StackAtomRs485Name;
            profile.Title = "M5Stack ATOM Lite on the ATOMIC RS485 Base (A131)";
            profile.Chip = Chip.Esp32;
            profile.FirmwareTarget = "ESP32_PICO";
            // ESP32-PICO-D4: no PSRAM.
            profile.HasPsram = false;
            profile.BusPort = "COM2";
            profile.BusTransmitPin = 19;
            profile.BusReceivePin = 22;

            // The base's SP3485 is switched by a transistor on TX (automatic direction): no DE pin.
            profile.BusDriverEnablePin = -1;
            profile.ConsolePort = "COM3";
            profile.ConsoleTransmitPin = 26;
            profile.ConsoleReceivePin = 32;

            // M-Bus master interface on the bus UART: the ATOM's header pins G23 (TX) and G33 (RX).
            profile.MBusPort = "COM2";
            profile.MBusTransmitPin = 23;
            profile.MBusReceivePin = 33;
            profile.PulsePins = new int[] { 21, 25 };
            profile.StatusLedPin = 27;
            profile.StatusLedKind = StatusLedKind.AddressableRgb;
            profile.OutputsHighAtStart = new int[0];

            // ESP32-PICO-D4 datasheet: GPIO6..11, 16 and 17 connect the in-package flash.
            profile.ReservedPins = new int[] { 16, 17, 39, 12 };
            profile.ReservedReasons = new string[]
            {
                "connects the in-package flash of the ESP32-PICO-D4", "connects the in-package flash of the ESP32-PICO-D4",
                "is the ATOM button", "is the ATOM infrared LED",
            };
            profile.Source = "M5Stack ATOM Lite docs (G27 RGB LED, G39 button, G12 IR); M5Stack AtomicRS485 example (Serial2 RX=22, TX=19); ATOMIC RS485 Base schematic (SP3485, TX-switched direction)";
            profile.Notes = "Console on the Grove port (G26 TX, G32 RX). S0 on G21/G25 and the M-Bus interface on G23/G33: these header pins sit under the base, so wires must be soldered to them (not verified that the base passes them through).";
            return profile;
        }

        private static BoardProfile WaveshareS3Rs485Can()
        {
            BoardProfile profile = new BoardProfile();
            profile.Name = WaveshareS3Rs485CanName;
            profile.Title = "Waveshare ESP32-S3-RS485-CAN (isolated RS485, DIN rail)";
            profile.Chip = Chip.Esp32S3;
            profile.FirmwareTarget = "ESP32_S3_OCTAL";
            // ESP32-S3-WROOM-1 N16R8: 8 MB octal PSRAM, used by the ESP32_S3_OCTAL firmware.
            profile.HasPsram = true;
            profile.BusPort = "COM2";
            profile.BusTransmitPin = 17;
            profile.BusReceivePin = 18;
            profile.BusDriverEnablePin = 21;
            profile.ConsolePort = "COM3";
            profile.ConsoleTransmitPin = 1;
            profile.ConsoleReceivePin = 2;
            profile.PulsePins = new int[0];
            profile.StatusLedPin = -1;
            profile.StatusLedKind = StatusLedKind.None;
            profile.OutputsHighAtStart = new int[0];

            // ESP32-S3 datasheet: with octal PSRAM (WROOM-1 N16R8) GPIO33..37 are also SPI pins.
            profile.ReservedPins = new int[] { 15, 16, 33, 34, 35, 36, 37, 38, 39, 47 };
            profile.ReservedReasons = new string[]
            {
                "is CAN TX", "is CAN RX", "is an octal PSRAM pin", "is an octal PSRAM pin", "is an octal PSRAM pin",
                "is an octal PSRAM pin", "is an octal PSRAM pin", "is the RTC I2C SDA", "is the RTC I2C SCL",
                "is the CH1 control output of the vendor demo",
            };
            profile.Source = "Waveshare demo WS_GPIO.h (TXD1 17, RXD1 18, TXD1EN 21, CAN 15/16, CH1 47) and wiki; RTC I2C 38/39 from the demo's I2C_Driver.h as reported by users";
            profile.Notes = "Uncertain: console pins GPIO1/2 are the SH1.0 I2C/GPIO header as community users report it; check the Waveshare schematic. No free pin is left for S0 inputs: add them with pulse add on pins you have verified.";
            return profile;
        }
    }
}
