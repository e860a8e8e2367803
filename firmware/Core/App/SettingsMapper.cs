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

        // --- what a saved configuration changes -------------------------------------------------------------
        // A change is applied to the concerns it touches only (Collector.ApplyNewConfiguration): the rest keeps
        // its objects and their state. Compared value by value, so finding out allocates nothing.

        /// <summary>bus.baud / bus.parity / bus.stopbits / bus.gap: the line's framing and the gaps derived from
        /// it (a new master). bus.timeout and bus.retries are taken by the running master.</summary>
        public static bool SameBusLine(Configuration previous, Configuration next)
        {
            return Same(previous, next, SettingKeys.BusBaud) && Same(previous, next, SettingKeys.BusParity)
                && Same(previous, next, SettingKeys.BusStopBits) && Same(previous, next, SettingKeys.BusGap);
        }

        /// <summary>The meters on the Modbus bus, in order, with their options (each one is a driver).</summary>
        public static bool SameModbusMeters(Configuration previous, Configuration next)
        {
            return SameMeters(previous, next, false);
        }

        /// <summary>mbus.* and the meters on the M-Bus port.</summary>
        public static bool SameMBus(Configuration previous, Configuration next)
        {
            return Same(previous, next, SettingKeys.MBusBaud) && Same(previous, next, SettingKeys.MBusTimeout)
                && Same(previous, next, SettingKeys.MBusRetries) && Same(previous, next, SettingKeys.MBusInterval)
                && SameMeters(previous, next, true);
        }

        /// <summary>pulse.save / pulse.capture and the pulse channels, in order, with their options.</summary>
        public static bool SamePulseChannels(Configuration previous, Configuration next)
        {
            if (!Same(previous, next, SettingKeys.PulseSave) || !Same(previous, next, SettingKeys.PulseCapture)
                || previous.PulseChannelCount != next.PulseChannelCount)
            {
                return false;
            }

            for (int i = 0; i < next.PulseChannelCount; i++)
            {
                PulseChannelEntry a = previous.PulseChannelAt(i);
                PulseChannelEntry b = next.PulseChannelAt(i);
                if (a.Name != b.Name || a.Pin != b.Pin || a.ImpulsesPerKilowattHour != b.ImpulsesPerKilowattHour
                    || a.FilterMicroseconds != b.FilterMicroseconds || a.RisingEdge != b.RisingEdge
                    || a.EnergyOffsetKilowattHours != b.EnergyOffsetKilowattHours
                    || a.LinkedMeterName != b.LinkedMeterName || a.LinkedQuantityName != b.LinkedQuantityName)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Every mqtt.* key but mqtt.interval, and the board (named in health and discovery): the broker session,
        /// the topics and the ring are built from them, so a change needs a new publisher. mqtt.interval is the
        /// collector's own cadence (<see cref="PublishIntervalMicroseconds"/>) and is taken as it is.
        /// </summary>
        public static bool SamePublishing(Configuration previous, Configuration next)
        {
            return Same(previous, next, SettingKeys.Board)
                && Same(previous, next, SettingKeys.MqttHost) && Same(previous, next, SettingKeys.MqttPort)
                && Same(previous, next, SettingKeys.MqttUser) && Same(previous, next, SettingKeys.MqttPassword)
                && Same(previous, next, SettingKeys.MqttTls) && Same(previous, next, SettingKeys.MqttTlsCa)
                && Same(previous, next, SettingKeys.MqttTlsInsecure) && Same(previous, next, SettingKeys.MqttTopic)
                && Same(previous, next, SettingKeys.MqttDiscovery) && Same(previous, next, SettingKeys.MqttDiscoveryPrefix)
                && Same(previous, next, SettingKeys.MqttCollectorId) && Same(previous, next, SettingKeys.MqttKeepAlive)
                && Same(previous, next, SettingKeys.MqttBuffer) && Same(previous, next, SettingKeys.MqttRelay);
        }

        /// <summary>The explicit values (an unset key and one set to its default count as a change: rebuilt, as
        /// before; looking the default up would build the key's table row).</summary>
        private static bool Same(Configuration previous, Configuration next, string key)
        {
            return previous.GetExplicit(key) == next.GetExplicit(key);
        }

        private static bool SameMeters(Configuration previous, Configuration next, bool mbus)
        {
            int a = 0;
            int b = 0;
            while (true)
            {
                a = NextMeter(previous, a, mbus);
                b = NextMeter(next, b, mbus);
                if (a == previous.MeterCount || b == next.MeterCount)
                {
                    return a == previous.MeterCount && b == next.MeterCount;
                }

                MeterEntry x = previous.MeterAt(a);
                MeterEntry y = next.MeterAt(b);
                if (x.Name != y.Name || x.Type != y.Type || x.Address != y.Address || x.SecondaryAddress != y.SecondaryAddress
                    || x.RelayEnabled != y.RelayEnabled || x.WordOrder != y.WordOrder || x.ReadHistory != y.ReadHistory)
                {
                    return false;
                }

                a++;
                b++;
            }
        }

        /// <summary>Index of the first meter at or after <paramref name="from"/> on that port, or the meter count.</summary>
        private static int NextMeter(Configuration configuration, int from, bool mbus)
        {
            while (from < configuration.MeterCount && configuration.MeterAt(from).IsMBus != mbus)
            {
                from++;
            }

            return from;
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
