using EspCollector.Core.Board;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// The one dotted namespace of settings. Order is the order of "show". Adding a key here (a case in
    /// <see cref="NameOf"/> and in <see cref="Create"/>, and <see cref="RowCount"/>) is all it takes for
    /// set/unset/show/help and storage to know it.
    /// </summary>
    public static class SettingKeys
    {
        public const string DeviceName = "device.name";
        public const string ConsolePassword = "console.password";
        public const string WifiSsid = "wifi.ssid";
        public const string WifiPassword = "wifi.password";
        public const string MqttHost = "mqtt.host";
        public const string MqttPort = "mqtt.port";
        public const string MqttUser = "mqtt.user";
        public const string MqttPassword = "mqtt.password";
        public const string MqttTls = "mqtt.tls";
        public const string MqttTlsCa = "mqtt.tls.ca";
        public const string MqttTlsInsecure = "mqtt.tls.insecure";
        public const string MqttTopic = "mqtt.topic";
        public const string MqttDiscovery = "mqtt.discovery";
        public const string MqttDiscoveryPrefix = "mqtt.discovery.prefix";
        public const string MqttInterval = "mqtt.interval";
        public const string MqttCollectorId = "mqtt.id";
        public const string MqttKeepAlive = "mqtt.keepalive";
        public const string MqttBuffer = "mqtt.buffer";
        public const string MqttRelay = "mqtt.relay";
        public const string BusBaud = "bus.baud";
        public const string BusParity = "bus.parity";
        public const string BusStopBits = "bus.stopbits";
        public const string BusTimeout = "bus.timeout";
        public const string BusRetries = "bus.retries";
        public const string BusInterval = "bus.interval";
        public const string BusGap = "bus.gap";
        public const string PulseSave = "pulse.save";
        public const string PulseCapture = "pulse.capture";
        public const string Board = "board";
        public const string PinBusTransmit = "pin.bus.tx";
        public const string PinBusReceive = "pin.bus.rx";
        public const string PinBusDriverEnable = "pin.bus.de";
        public const string PinConsoleTransmit = "pin.console.tx";
        public const string PinConsoleReceive = "pin.console.rx";
        public const string PinLed = "pin.led";
        public const string MBusBaud = "mbus.baud";
        public const string MBusTimeout = "mbus.timeout";
        public const string MBusRetries = "mbus.retries";
        public const string MBusInterval = "mbus.interval";

        /// <summary>Rows of the table (the cases of <see cref="At"/>).</summary>
        private const int RowCount = 39;

        // The table is code, not data: a row is built when asked for (console, configuration load and save,
        // composition), so the rows cost no heap while the collector runs (a kept SettingKey array was
        // ~5 KB of the ~80 KB heap on nanoFramework: 7 fields x 12 B per row plus its strings and choices).

        public static int Count
        {
            get { return RowCount; }
        }

        /// <summary>The row at this index, built on demand (allocates; not for per-reading paths).</summary>
        public static SettingKey At(int index)
        {
            SettingKey key = Create(index);
            if (key == null)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            return key;
        }

        /// <summary>Index of the key, or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int index = 0; index < RowCount; index++)
            {
                if (NameOf(index) == name)
                {
                    return index;
                }
            }

            return -1;
        }

        public static SettingKey Find(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? null : Create(index);
        }

        /// <summary>True when some key lives in this section (the part before the first dot).</summary>
        public static bool IsSection(string section)
        {
            for (int index = 0; index < RowCount; index++)
            {
                string name = NameOf(index);
                int dot = name.IndexOf('.');
                if ((dot < 0 ? name : name.Substring(0, dot)) == section)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The dotted name of a row without building it (same order as <see cref="Create"/>).</summary>
        private static string NameOf(int index)
        {
            switch (index)
            {
                case 0: return DeviceName;
                case 1: return ConsolePassword;
                case 2: return WifiSsid;
                case 3: return WifiPassword;
                case 4: return MqttHost;
                case 5: return MqttPort;
                case 6: return MqttUser;
                case 7: return MqttPassword;
                case 8: return MqttTls;
                case 9: return MqttTlsCa;
                case 10: return MqttTlsInsecure;
                case 11: return MqttTopic;
                case 12: return MqttDiscovery;
                case 13: return MqttDiscoveryPrefix;
                case 14: return MqttInterval;
                case 15: return MqttCollectorId;
                case 16: return MqttKeepAlive;
                case 17: return MqttBuffer;
                case 18: return MqttRelay;
                case 19: return BusBaud;
                case 20: return BusParity;
                case 21: return BusStopBits;
                case 22: return BusTimeout;
                case 23: return BusRetries;
                case 24: return BusInterval;
                case 25: return BusGap;
                case 26: return PulseSave;
                case 27: return PulseCapture;
                case 28: return Board;
                case 29: return PinBusTransmit;
                case 30: return PinBusReceive;
                case 31: return PinBusDriverEnable;
                case 32: return PinConsoleTransmit;
                case 33: return PinConsoleReceive;
                case 34: return PinLed;
                case 35: return MBusBaud;
                case 36: return MBusTimeout;
                case 37: return MBusRetries;
                case 38: return MBusInterval;
                default: return null;
            }
        }

        /// <summary>Row <paramref name="index"/>, or null past the end.</summary>
        private static SettingKey Create(int index)
        {
            switch (index)
            {
                case 0: return new SettingKey(DeviceName, SettingType.Host, 1, 32, null, "espcollector", "name of this collector (MQTT client id, Home Assistant device)");
                case 1: return new SettingKey(ConsolePassword, SettingType.Secret, 4, 32, null, "", "password asked before the console accepts commands; unset = none");
                case 2: return new SettingKey(WifiSsid, SettingType.Text, 1, 32, null, "", "WiFi network name (quote it when it has leading or trailing spaces)");
                case 3: return new SettingKey(WifiPassword, SettingType.Secret, 8, 63, null, "", "WPA2 passphrase; unset for an open network");
                case 4: return new SettingKey(MqttHost, SettingType.Host, 1, 64, null, "", "MQTT broker; unset = do not publish");
                case 5: return new SettingKey(MqttPort, SettingType.Integer, 1, 65535, null, "1883", "MQTT broker port (8883 usual with TLS)");
                case 6: return new SettingKey(MqttUser, SettingType.Text, 1, 64, null, "", "MQTT user name; unset = anonymous");
                case 7: return new SettingKey(MqttPassword, SettingType.Secret, 1, 64, null, "", "MQTT password");
                case 8: return new SettingKey(MqttTls, SettingType.Boolean, 0, 0, null, "off", "connect to the broker with TLS");
                case 9: return new SettingKey(MqttTlsCa, SettingType.Text, 1, 64, null, "", "file holding the broker's CA certificate (PEM) on the device, e.g. I:\\ca.pem");
                case 10: return new SettingKey(MqttTlsInsecure, SettingType.Boolean, 0, 0, null, "off", "TLS without mqtt.tls.ca: on = trust only the CAs stored on the device (no broker-specific CA); off = refuse to connect");
                case 11: return new SettingKey(MqttTopic, SettingType.Topic, 1, 64, null, "espcollector", "topic prefix of readings and events");
                case 12: return new SettingKey(MqttDiscovery, SettingType.Boolean, 0, 0, null, "on", "publish Home Assistant discovery");
                case 13: return new SettingKey(MqttDiscoveryPrefix, SettingType.Topic, 1, 64, null, "homeassistant", "Home Assistant discovery prefix");
                case 14: return new SettingKey(MqttInterval, SettingType.Integer, 5, 3600, null, "60", "seconds between published readings");
                case 15: return new SettingKey(MqttCollectorId, SettingType.Identifier, 1, 32, null, "", "collector id in topics and Home Assistant ids; unset = espcollector-<last 3 MAC bytes>");
                case 16: return new SettingKey(MqttKeepAlive, SettingType.Integer, 5, 3600, null, "30", "MQTT keep-alive in seconds");
                case 17: return new SettingKey(MqttBuffer, SettingType.Integer, 2048, 20480, null, "4096", "bytes kept for readings while the broker is unreachable (unset: 4096 on a plain ESP32, 16384 with PSRAM)");
                case 18: return new SettingKey(MqttRelay, SettingType.Boolean, 0, 0, null, "off", "accept relay commands over MQTT (also needs relay=on on the meter)");
                case 19: return new SettingKey(BusBaud, SettingType.Choice, 0, 0, new string[] { "1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200" }, "9600", "RS485 baud rate (every meter on the bus must match)");
                case 20: return new SettingKey(BusParity, SettingType.Choice, 0, 0, new string[] { "none", "even", "odd" }, "even", "parity; Modbus over Serial Line V1.02 2.5.1 makes even the default");
                case 21: return new SettingKey(BusStopBits, SettingType.Choice, 0, 0, new string[] { "1", "2" }, "1", "stop bits (the spec pairs no parity with 2)");
                case 22: return new SettingKey(BusTimeout, SettingType.Integer, 20, 5000, null, "500", "response timeout in milliseconds");
                case 23: return new SettingKey(BusRetries, SettingType.Integer, 0, 5, null, "2", "retries after a timeout or CRC error");
                case 24: return new SettingKey(BusInterval, SettingType.Integer, 1, 3600, null, "10", "seconds between polls of each meter");
                case 25: return new SettingKey(BusGap, SettingType.Integer, 0, 100, null, "0", "inter-character timeout in ms; 0 = from the baud rate (Modbus over Serial Line V1.02 2.5.1.1)");
                case 26: return new SettingKey(PulseSave, SettingType.Integer, 1, 1440, null, "5", "minutes between saves of the pulse totals (flash wear vs. counts lost at a power cut)");
                case 27: return new SettingKey(PulseCapture, SettingType.Choice, 0, 0, new string[] { "auto", "gpio", "counter" }, "auto", "S0 capture: auto = counter where the chip has pulse counters (not ESP32-C3), else gpio; gpio = edge timestamps filtered per channel; counter = the chip's hardware pulse counters (ESP32, ESP32-S3: exact under any CPU load, no millisecond filter)");
                case 28: return new SettingKey(Board, SettingType.Choice, 0, 0, BoardProfiles.Names(), BoardProfiles.DefaultName, "board profile (also: board list, board use <name>)");
                case 29: return new SettingKey(PinBusTransmit, SettingType.Pin, 0, 48, null, "", "RS485 UART TX GPIO; unset = board default");
                case 30: return new SettingKey(PinBusReceive, SettingType.Pin, 0, 48, null, "", "RS485 UART RX GPIO; unset = board default");
                case 31: return new SettingKey(PinBusDriverEnable, SettingType.Pin, 0, 48, new string[] { "none" }, "", "RS485 DE/RE GPIO, none for auto-direction; unset = board default");
                case 32: return new SettingKey(PinConsoleTransmit, SettingType.Pin, 0, 48, null, "", "console UART TX GPIO; unset = board default");
                case 33: return new SettingKey(PinConsoleReceive, SettingType.Pin, 0, 48, null, "", "console UART RX GPIO; unset = board default");
                case 34: return new SettingKey(PinLed, SettingType.Pin, 0, 48, new string[] { "none" }, "", "status LED GPIO or none; unset = board default");

                // M-Bus port (klefr-mbus meters; 8E1 fixed by EN 13757-2). The KLEFR M-bus version ships at 9600 and
                // can be set to 300..9600 (KLEFR 693-4x manual, 5.4 "M-bus communication specifications").
                case 35: return new SettingKey(MBusBaud, SettingType.Choice, 0, 0, new string[] { "300", "600", "1200", "2400", "4800", "9600" }, "9600", "M-Bus baud rate, 8E1 (every M-Bus meter must match; KLEFR default 9600)");
                case 36: return new SettingKey(MBusTimeout, SettingType.Integer, 0, 5000, null, "0", "M-Bus response timeout in ms; 0 = EN 13757-2's 330 bit times + 50 ms");
                case 37: return new SettingKey(MBusRetries, SettingType.Integer, 0, 5, null, "2", "M-Bus repetitions after a timeout, checksum error or collision");
                case 38: return new SettingKey(MBusInterval, SettingType.Integer, 1, 3600, null, "60", "seconds between readings of each M-Bus meter");
                default: return null;
            }
        }
    }
}
