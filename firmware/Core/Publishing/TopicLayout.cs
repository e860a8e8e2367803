namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// The topic tree, in one place:
    /// <code>
    /// &lt;prefix&gt;/&lt;id&gt;/status                       online | offline (retained, offline is the last will)
    /// &lt;prefix&gt;/&lt;id&gt;/meter/&lt;name&gt;/state           JSON per poll
    /// &lt;prefix&gt;/&lt;id&gt;/meter/&lt;name&gt;/availability    online | offline (retained)
    /// &lt;prefix&gt;/&lt;id&gt;/pulse/&lt;name&gt;/state           JSON
    /// &lt;prefix&gt;/&lt;id&gt;/health                       JSON
    /// &lt;prefix&gt;/&lt;id&gt;/event                        JSON
    /// &lt;prefix&gt;/&lt;id&gt;/cmd/&lt;verb&gt;                   command in, &lt;verb&gt;/result out
    /// &lt;discovery&gt;/sensor/&lt;id&gt;/&lt;object id&gt;/config   HA discovery (retained)
    /// &lt;discovery&gt;/status                           HA birth message
    /// </code>
    /// Topic strings are built when the configuration is applied and kept, so publishing allocates none.
    /// </summary>
    public sealed class TopicLayout
    {
        public const string Online = "online";
        public const string Offline = "offline";

        private readonly string _base;

        public readonly string Prefix;
        public readonly string CollectorId;
        public readonly string DiscoveryPrefix;

        public readonly string Status;
        public readonly string Health;
        public readonly string Event;

        /// <summary>Filter for every command verb: one level below cmd, so results (cmd/verb/result) do not match.</summary>
        public readonly string CommandFilter;

        /// <summary>Start of every command topic, "&lt;prefix&gt;/&lt;id&gt;/cmd/".</summary>
        public readonly string CommandStart;

        /// <summary>Home Assistant's birth/last-will topic; "online" there means discovery must be sent again.</summary>
        public readonly string DiscoveryStatus;

        /// <summary>Filter matching every sensor config this collector ever published (for removing stale ones).</summary>
        public readonly string DiscoverySweepFilter;

        public TopicLayout(string prefix, string collectorId, string discoveryPrefix)
        {
            Prefix = prefix;
            CollectorId = collectorId;
            DiscoveryPrefix = discoveryPrefix;
            _base = prefix + "/" + collectorId + "/";
            Status = _base + "status";
            Health = _base + "health";
            Event = _base + "event";
            CommandStart = _base + "cmd/";
            CommandFilter = CommandStart + "+";
            DiscoveryStatus = discoveryPrefix + "/status";
            DiscoverySweepFilter = discoveryPrefix + "/sensor/" + collectorId + "/+/config";
        }

        public string MeterState(string meterName)
        {
            return _base + "meter/" + meterName + "/state";
        }

        public string MeterAvailability(string meterName)
        {
            return _base + "meter/" + meterName + "/availability";
        }

        public string PulseState(string channelName)
        {
            return _base + "pulse/" + channelName + "/state";
        }

        public string CommandResult(string verb)
        {
            return CommandStart + verb + "/result";
        }

        /// <summary>HA discovery topic of one sensor (HA MQTT discovery: &lt;discovery_prefix&gt;/&lt;component&gt;/[&lt;node_id&gt;/]&lt;object_id&gt;/config).</summary>
        public string DiscoveryConfig(string objectId)
        {
            return DiscoveryPrefix + "/sensor/" + CollectorId + "/" + objectId + "/config";
        }

        /// <summary>
        /// The default collector id: "espcollector-" and the last three MAC bytes in hex, as ESPHome and Tasmota
        /// name devices; unique on one site and stable across reflashing.
        /// </summary>
        public static string DefaultCollectorId(byte[] macAddress)
        {
            string hex = MacHex(macAddress);
            return "espcollector-" + (hex.Length >= 6 ? hex.Substring(hex.Length - 6) : hex);
        }

        /// <summary>The MAC as 12 lower-case hex digits, the collector's part of every unique_id.</summary>
        public static string MacHex(byte[] macAddress)
        {
            if (macAddress == null)
            {
                return "000000000000";
            }

            char[] text = new char[macAddress.Length * 2];
            for (int i = 0; i < macAddress.Length; i++)
            {
                text[i * 2] = HexDigit(macAddress[i] >> 4);
                text[i * 2 + 1] = HexDigit(macAddress[i] & 0xF);
            }

            return new string(text);
        }

        /// <summary>
        /// A name usable as one topic level and as part of an HA object id: 1..32 of [a-z0-9_-]. Excludes the
        /// MQTT wildcards + and # and the separator / (MQTT 3.1.1, 4.7.1), and HA's object id rule.
        /// </summary>
        public static bool IsValidName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!valid)
                {
                    return false;
                }
            }

            return true;
        }

        private static char HexDigit(int nibble)
        {
            return (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }
}
