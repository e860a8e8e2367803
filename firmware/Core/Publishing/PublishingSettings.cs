namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Publishing configuration with its defaults. The configuration concern fills it; <see cref="Normalize"/>
    /// clamps every bound so that a bad value cannot threaten the heap budget (a plain ESP32 leaves about 80 KB of managed heap).
    /// </summary>
    public sealed class PublishingSettings
    {
        /// <summary>Largest store-and-forward arena accepted: a quarter of the smallest ESP32 heap.</summary>
        public const int MaximumBufferBytes = 20480;
        public const int MaximumBufferMessages = 4096;

        public string TopicPrefix = "espcollector";

        /// <summary>Collector id in topics; null or empty: derived from the MAC (see <see cref="TopicLayout.DefaultCollectorId"/>).</summary>
        public string CollectorId;

        public string DiscoveryPrefix = "homeassistant";
        public bool DiscoveryEnabled = true;

        public string BrokerHost = "127.0.0.1";
        public int BrokerPort = 1883;
        public string UserName;
        public string Password;
        public bool UseTls;
        public string CaCertificatePem;

        /// <summary>TLS without a CA of the broker's own (mqtt.tls.insecure): only the device's stored CAs.</summary>
        public bool TlsInsecure;
        public int KeepAliveSeconds = 30;
        public int ResponseTimeoutMilliseconds = 5000;

        /// <summary>
        /// Store-and-forward arena (bytes) and the number of messages it may hold at most. The message bound
        /// costs no memory (records carry their own length); the arena is the real bound: ~200 B per KPM33B reading.
        /// </summary>
        public int BufferBytes = 8192;
        public int BufferMessages = 1024;

        /// <summary>Replay pacing: sustained messages per second and the burst allowed on top.</summary>
        public int ReplayMessagesPerSecond = 10;
        public int ReplayBurst = 10;

        /// <summary>Discovery configs published per service call, so a reconnect does not flood the broker.</summary>
        public int DiscoveryMessagesPerService = 8;

        /// <summary>How long retained discovery configs are collected after connecting, to find entities of removed meters.</summary>
        public int DiscoverySweepMilliseconds = 1500;

        /// <summary>Reconnect backoff: first delay, cap.</summary>
        public int ReconnectInitialMilliseconds = 1000;
        public int ReconnectMaximumMilliseconds = 300000;

        /// <summary>HA expire_after for meter sensors in seconds; 0: not set.</summary>
        public int ExpireAfterSeconds;

        /// <summary>Relay switching over MQTT is refused unless this is set explicitly.</summary>
        public bool RelayControlEnabled;

        /// <summary>Largest command payload accepted; anything larger gets an error result.</summary>
        public int MaximumCommandBytes = 256;

        public string FirmwareVersion = "0.0.0";
        public string Board = "esp32";

        /// <summary>Clamps bounds into ranges that fit the device.</summary>
        public void Normalize()
        {
            BufferBytes = Clamp(BufferBytes, 512, MaximumBufferBytes);
            BufferMessages = Clamp(BufferMessages, 4, MaximumBufferMessages);
            ReplayMessagesPerSecond = Clamp(ReplayMessagesPerSecond, 1, 1000);
            ReplayBurst = Clamp(ReplayBurst, 1, 1000);
            DiscoveryMessagesPerService = Clamp(DiscoveryMessagesPerService, 1, 1000);
            DiscoverySweepMilliseconds = Clamp(DiscoverySweepMilliseconds, 0, 60000);
            ReconnectInitialMilliseconds = Clamp(ReconnectInitialMilliseconds, 10, 600000);
            ReconnectMaximumMilliseconds = Clamp(ReconnectMaximumMilliseconds, ReconnectInitialMilliseconds, 3600000);
            KeepAliveSeconds = Clamp(KeepAliveSeconds, 5, 3600);
            MaximumCommandBytes = Clamp(MaximumCommandBytes, 32, 1024);
            if (ExpireAfterSeconds < 0)
            {
                ExpireAfterSeconds = 0;
            }

            if (string.IsNullOrEmpty(TopicPrefix))
            {
                TopicPrefix = "espcollector";
            }

            if (string.IsNullOrEmpty(DiscoveryPrefix))
            {
                DiscoveryPrefix = "homeassistant";
            }
        }

        private static int Clamp(int value, int minimum, int maximum)
        {
            if (value < minimum)
            {
                return minimum;
            }

            return value > maximum ? maximum : value;
        }
    }
}
