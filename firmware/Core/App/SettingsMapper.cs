using EspCollector.Core.Board;
using EspCollector.Core.Bus;
using EspCollector.Core.Config;
using EspCollector.Core.MBus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Core.App
{
    /// <summary>
    /// Turns the persisted configuration (one dotted key namespace, Core/Config) into the settings objects of
    /// each concern. The only place that knows both sides, so neither depends on the other.
    /// </summary>
    public static class SettingsMapper
    {
        private const long MicrosecondsPerSecond = 1000000;

        /// <summary>bus.baud / bus.parity / bus.stopbits / bus.timeout / bus.retries / bus.gap.</summary>
        public static BusSettings Bus(Configuration configuration)
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = configuration.GetInteger(SettingKeys.BusBaud);
            settings.Parity = Parity(configuration.Get(SettingKeys.BusParity));
            settings.StopBits = configuration.GetInteger(SettingKeys.BusStopBits);
            settings.ResponseTimeoutMicroseconds = configuration.GetInteger(SettingKeys.BusTimeout) * 1000;
            settings.Retries = configuration.GetInteger(SettingKeys.BusRetries);
            settings.InterCharacterTimeoutMicroseconds = configuration.GetInteger(SettingKeys.BusGap) * 1000;
            return settings;
        }

        /// <summary>
        /// bus.interval is the fast (instantaneous values) interval; energy totals are read every minute or
        /// every fast interval when that is longer; history and settings every 15 minutes or longer.
        /// </summary>
        public static PollerSettings Poller(Configuration configuration)
        {
            PollerSettings settings = new PollerSettings();
            long fast = configuration.GetInteger(SettingKeys.BusInterval) * MicrosecondsPerSecond;
            long slow = fast > settings.SlowIntervalMicroseconds ? fast : settings.SlowIntervalMicroseconds;
            long rare = slow > settings.RareIntervalMicroseconds ? slow : settings.RareIntervalMicroseconds;
            settings.FastIntervalMicroseconds = Clamp(fast);
            settings.SlowIntervalMicroseconds = Clamp(slow);
            settings.RareIntervalMicroseconds = Clamp(rare);
            return settings;
        }

        /// <summary>meter add ... relay=on|off wordorder=auto|abcd|cdab history=on|off.</summary>
        public static MeterSettings Meter(MeterEntry entry)
        {
            MeterSettings settings = new MeterSettings();
            settings.RelayEnabled = entry.RelayEnabled;
            settings.ReadHistory = entry.ReadHistory;
            settings.DetectWordOrder = entry.DetectWordOrder;
            settings.WordOrder = entry.LowWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
            return settings;
        }

        /// <summary>pulse add name pin imp/kWh filter= edge= offset= link=.</summary>
        public static PulseChannelSettings PulseChannel(PulseChannelEntry entry)
        {
            PulseChannelSettings settings = new PulseChannelSettings(entry.Name, entry.Pin, entry.ImpulsesPerKilowattHour);
            settings.FilterMicroseconds = entry.FilterMicroseconds;
            settings.ActiveEdge = entry.RisingEdge ? PulseEdge.Rising : PulseEdge.Falling;
            settings.EnergyOffsetKilowattHours = entry.EnergyOffsetKilowattHours;
            settings.LinkedMeterName = entry.LinkedMeterName;
            settings.LinkedQuantityName = entry.LinkedQuantityName;
            return settings;
        }

        public static PulseChannelSettings[] PulseChannels(Configuration configuration)
        {
            PulseChannelSettings[] channels = new PulseChannelSettings[configuration.PulseChannelCount];
            for (int i = 0; i < channels.Length; i++)
            {
                channels[i] = PulseChannel(configuration.PulseChannelAt(i));
            }

            return channels;
        }

        /// <summary>mbus.baud / mbus.timeout (ms, 0 = standard) / mbus.retries / mbus.interval.</summary>
        public static MBusSettings MBus(Configuration configuration)
        {
            MBusSettings settings = new MBusSettings();
            settings.BaudRate = configuration.GetInteger(SettingKeys.MBusBaud);
            settings.ResponseTimeoutMicroseconds = configuration.GetInteger(SettingKeys.MBusTimeout) * 1000;
            settings.Retries = configuration.GetInteger(SettingKeys.MBusRetries);
            settings.IntervalSeconds = configuration.GetInteger(SettingKeys.MBusInterval);
            return settings;
        }

        /// <summary>meter add name klefr-mbus &lt;primary address | secondary address&gt;.</summary>
        public static MBusMeter MBusMeter(MeterEntry entry)
        {
            return entry.SecondaryAddress >= 0
                ? EspCollector.Core.MBus.MBusMeter.AtSecondaryAddress(entry.Name, entry.SecondaryAddress)
                : EspCollector.Core.MBus.MBusMeter.AtPrimaryAddress(entry.Name, (byte)entry.Address);
        }

        /// <summary>pulse.save, in minutes.</summary>
        public static long TotalsSaveIntervalMicroseconds(Configuration configuration)
        {
            return configuration.GetInteger(SettingKeys.PulseSave) * 60 * MicrosecondsPerSecond;
        }

        /// <summary>mqtt.* keys; the CA certificate is read from the file mqtt.tls.ca names.</summary>
        public static PublishingSettings Publishing(Configuration configuration, ISystemControl system, string firmwareVersion)
        {
            PublishingSettings settings = new PublishingSettings();
            settings.TopicPrefix = configuration.Get(SettingKeys.MqttTopic);
            settings.CollectorId = EmptyToNull(configuration.Get(SettingKeys.MqttCollectorId));
            settings.DiscoveryPrefix = configuration.Get(SettingKeys.MqttDiscoveryPrefix);
            settings.DiscoveryEnabled = configuration.GetBoolean(SettingKeys.MqttDiscovery);
            settings.BrokerHost = configuration.Get(SettingKeys.MqttHost);
            settings.BrokerPort = configuration.GetInteger(SettingKeys.MqttPort);
            settings.UserName = EmptyToNull(configuration.Get(SettingKeys.MqttUser));
            settings.Password = EmptyToNull(configuration.Get(SettingKeys.MqttPassword));
            settings.UseTls = configuration.GetBoolean(SettingKeys.MqttTls);
            settings.TlsInsecure = configuration.GetBoolean(SettingKeys.MqttTlsInsecure);
            string caPath = configuration.Get(SettingKeys.MqttTlsCa);
            if (settings.UseTls && caPath.Length > 0 && system != null)
            {
                settings.CaCertificatePem = system.ReadTextFile(caPath);
            }

            settings.KeepAliveSeconds = configuration.GetInteger(SettingKeys.MqttKeepAlive);
            // mqtt.buffer when set, else the board's envelope chooses (4 KB plain ESP32, 16 KB with PSRAM).
            settings.BufferBytes = HeapEnvelope.RingBytes(configuration, configuration.BoardProfile);
            settings.RelayControlEnabled = configuration.GetBoolean(SettingKeys.MqttRelay);
            settings.FirmwareVersion = firmwareVersion;
            BoardProfile board = configuration.BoardProfile;
            settings.Board = board != null ? board.Name : configuration.Get(SettingKeys.Board);
            return settings;
        }

        /// <summary>mqtt.interval: seconds between pulse states and health messages.</summary>
        public static long PublishIntervalMicroseconds(Configuration configuration)
        {
            return configuration.GetInteger(SettingKeys.MqttInterval) * MicrosecondsPerSecond;
        }

        private static SerialParity Parity(string text)
        {
            if (text == "none")
            {
                return SerialParity.None;
            }

            return text == "odd" ? SerialParity.Odd : SerialParity.Even;
        }

        private static int Clamp(long microseconds)
        {
            // The poller keeps intervals in int microseconds (35 minutes at most): longer intervals are capped.
            return microseconds > int.MaxValue ? int.MaxValue : (int)microseconds;
        }

        private static string EmptyToNull(string text)
        {
            return text == null || text.Length == 0 ? null : text;
        }
    }
}
