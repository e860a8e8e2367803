using EspCollector.Core.Board;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// The one dotted namespace of settings. Order is the order of "show". Adding a key here is all it takes
    /// for set/unset/show/help and storage to know it.
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
        public const string Board = "board";
        public const string PinBusTransmit = "pin.bus.tx";
        public const string PinBusReceive = "pin.bus.rx";
        public const string PinBusDriverEnable = "pin.bus.de";
        public const string PinConsoleTransmit = "pin.console.tx";
        public const string PinConsoleReceive = "pin.console.rx";
        public const string PinLed = "pin.led";

        private static readonly SettingKey[] _all = Create();

        public static int Count
        {
            get { return _all.Length; }
        }

        public static SettingKey At(int index)
        {
            return _all[index];
        }

        /// <summary>Index of the key, or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int index = 0; index < _all.Length; index++)
            {
                if (_all[index].Name == name)
                {
                    return index;
                }
            }

            return -1;
        }

        public static SettingKey Find(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? null : _all[index];
        }

        /// <summary>True when some key lives in this section (the part before the first dot).</summary>
        public static bool IsSection(string section)
        {
            for (int index = 0; index < _all.Length; index++)
            {
                if (_all[index].Section == section)
                {
                    return true;
                }
            }

            return false;
        }

        private static SettingKey[] Create()
        {
            string[] boardNames = new string[BoardProfiles.Count];
            for (int index = 0; index < boardNames.Length; index++)
            {
                boardNames[index] = BoardProfiles.At(index).Name;
            }

            string[] optionalPin = new string[] { "none" };
            return new SettingKey[]
            {
                new SettingKey(DeviceName, SettingType.Host, 1, 32, null, "espcollector", "name of this collector (MQTT client id, Home Assistant device)"),
                new SettingKey(ConsolePassword, SettingType.Secret, 4, 32, null, "", "password asked before the console accepts commands; unset = none"),
                new SettingKey(WifiSsid, SettingType.Text, 1, 32, null, "", "WiFi network name (quote it when it has leading or trailing spaces)"),
                new SettingKey(WifiPassword, SettingType.Secret, 8, 63, null, "", "WPA2 passphrase; unset for an open network"),
                new SettingKey(MqttHost, SettingType.Host, 1, 64, null, "", "MQTT broker; unset = do not publish"),
                new SettingKey(MqttPort, SettingType.Integer, 1, 65535, null, "1883", "MQTT broker port (8883 usual with TLS)"),
                new SettingKey(MqttUser, SettingType.Text, 1, 64, null, "", "MQTT user name; unset = anonymous"),
                new SettingKey(MqttPassword, SettingType.Secret, 1, 64, null, "", "MQTT password"),
                new SettingKey(MqttTls, SettingType.Boolean, 0, 0, null, "off", "connect to the broker with TLS"),
                new SettingKey(MqttTlsCa, SettingType.Text, 1, 64, null, "", "file holding the broker's CA certificate (PEM) on the device, e.g. I:\\ca.pem"),
                new SettingKey(MqttTopic, SettingType.Topic, 1, 64, null, "espcollector", "topic prefix of readings and events"),
                new SettingKey(MqttDiscovery, SettingType.Boolean, 0, 0, null, "on", "publish Home Assistant discovery"),
                new SettingKey(MqttDiscoveryPrefix, SettingType.Topic, 1, 64, null, "homeassistant", "Home Assistant discovery prefix"),
                new SettingKey(MqttInterval, SettingType.Integer, 5, 3600, null, "60", "seconds between published readings"),
                new SettingKey(MqttCollectorId, SettingType.Identifier, 1, 32, null, "", "collector id in topics and Home Assistant ids; unset = espcollector-<last 3 MAC bytes>"),
                new SettingKey(MqttKeepAlive, SettingType.Integer, 5, 3600, null, "30", "MQTT keep-alive in seconds"),
                new SettingKey(MqttBuffer, SettingType.Integer, 2048, 20480, null, "8192", "bytes kept for readings while the broker is unreachable (heap is ~80 KB)"),
                new SettingKey(MqttRelay, SettingType.Boolean, 0, 0, null, "off", "accept relay commands over MQTT (also needs relay=on on the meter)"),
                new SettingKey(BusBaud, SettingType.Choice, 0, 0, new string[] { "1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200" }, "9600", "RS485 baud rate (every meter on the bus must match)"),
                new SettingKey(BusParity, SettingType.Choice, 0, 0, new string[] { "none", "even", "odd" }, "even", "parity; Modbus over Serial Line V1.02 2.5.1 makes even the default"),
                new SettingKey(BusStopBits, SettingType.Choice, 0, 0, new string[] { "1", "2" }, "1", "stop bits (the spec pairs no parity with 2)"),
                new SettingKey(BusTimeout, SettingType.Integer, 20, 5000, null, "500", "response timeout in milliseconds"),
                new SettingKey(BusRetries, SettingType.Integer, 0, 5, null, "2", "retries after a timeout or CRC error"),
                new SettingKey(BusInterval, SettingType.Integer, 1, 3600, null, "10", "seconds between polls of each meter"),
                new SettingKey(BusGap, SettingType.Integer, 0, 100, null, "0", "inter-character timeout in ms; 0 = from the baud rate (Modbus over Serial Line V1.02 2.5.1.1)"),
                new SettingKey(PulseSave, SettingType.Integer, 1, 1440, null, "5", "minutes between saves of the pulse totals (flash wear vs. counts lost at a power cut)"),
                new SettingKey(Board, SettingType.Choice, 0, 0, boardNames, BoardProfiles.DefaultName, "board profile (also: board list, board use <name>)"),
                new SettingKey(PinBusTransmit, SettingType.Pin, 0, 48, null, "", "RS485 UART TX GPIO; unset = board default"),
                new SettingKey(PinBusReceive, SettingType.Pin, 0, 48, null, "", "RS485 UART RX GPIO; unset = board default"),
                new SettingKey(PinBusDriverEnable, SettingType.Pin, 0, 48, optionalPin, "", "RS485 DE/RE GPIO, none for auto-direction; unset = board default"),
                new SettingKey(PinConsoleTransmit, SettingType.Pin, 0, 48, null, "", "console UART TX GPIO; unset = board default"),
                new SettingKey(PinConsoleReceive, SettingType.Pin, 0, 48, null, "", "console UART RX GPIO; unset = board default"),
                new SettingKey(PinLed, SettingType.Pin, 0, 48, optionalPin, "", "status LED GPIO or none; unset = board default"),
            };
        }
    }
}
