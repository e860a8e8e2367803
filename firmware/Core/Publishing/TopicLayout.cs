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
    /// Kept as strings: only the topics of every message (status, health, event; the state topics of the configured
    /// meters and channels are the publisher's record sources). The others are composed when they are needed
    /// (subscribing, an availability change, a command result, a discovery config) or matched in place.
    /// </summary>
    public sealed class TopicLayout
    {
        public const string Online = "online";
        public const string Offline = "offline";

        private const string CommandLevel = "cmd/";
        private const string SensorLevel = "/sensor/";

        public readonly string Prefix;
        public readonly string CollectorId;
        public readonly string DiscoveryPrefix;

        public readonly string Status;
        public readonly string Health;
        public readonly string Event;

        public TopicLayout(string prefix, string collectorId, string discoveryPrefix)
        {
            Prefix = prefix;
            CollectorId = collectorId;
            DiscoveryPrefix = discoveryPrefix;
            Status = Base("status");
            Health = Base("health");
            Event = Base("event");
        }

        /// <summary>Filter for every command verb: one level below cmd, so results (cmd/verb/result) do not match (allocates).</summary>
        public string CommandFilter
        {
            get { return CommandStart + "+"; }
        }

        /// <summary>Start of every command topic, "&lt;prefix&gt;/&lt;id&gt;/cmd/" (allocates).</summary>
        public string CommandStart
        {
            get { return Base(CommandLevel); }
        }

        /// <summary>Home Assistant's birth/last-will topic; "online" there means discovery must be sent again (allocates).</summary>
        public string DiscoveryStatus
        {
            get { return DiscoveryPrefix + "/status"; }
        }

        /// <summary>Filter matching every sensor config this collector ever published (for removing stale ones; allocates).</summary>
        public string DiscoverySweepFilter
        {
            get { return DiscoveryPrefix + SensorLevel + CollectorId + "/+/config"; }
        }

        public string MeterState(string meterName)
        {
            return Base("meter/" + meterName + "/state");
        }

        public string MeterAvailability(string meterName)
        {
            return Base("meter/" + meterName + "/availability");
        }

        public string PulseState(string channelName)
        {
            return Base("pulse/" + channelName + "/state");
        }

        public string CommandResult(string verb)
        {
            return Base(CommandLevel + verb + "/result");
        }

        /// <summary>HA discovery topic of one sensor (HA MQTT discovery: &lt;discovery_prefix&gt;/&lt;component&gt;/[&lt;node_id&gt;/]&lt;object_id&gt;/config).</summary>
        public string DiscoveryConfig(string objectId)
        {
            return DiscoveryPrefix + SensorLevel + CollectorId + "/" + objectId + "/config";
        }

        /// <summary>
        /// Where the verb starts when <paramref name="topic"/> is under "&lt;prefix&gt;/&lt;id&gt;/cmd/" (the verb may be
        /// empty or hold more levels), else -1. Compares in place: it runs for every message the broker delivers.
        /// </summary>
        public int CommandVerbStart(string topic)
        {
            int at = MatchBase(topic);
            return at < 0 ? -1 : Match(topic, at, CommandLevel);
        }

        /// <summary>True for &lt;discovery&gt;/status (compares in place).</summary>
        public bool IsDiscoveryStatus(string topic)
        {
            int at = Match(topic, 0, DiscoveryPrefix);
            at = at < 0 ? -1 : Match(topic, at, "/status");
            return at == (topic == null ? -2 : topic.Length);
        }

        /// <summary>True for topics under &lt;discovery&gt;/sensor/&lt;id&gt;/ (compares in place).</summary>
        public bool IsUnderDiscoveryNode(string topic)
        {
            int at = Match(topic, 0, DiscoveryPrefix);
            at = at < 0 ? -1 : Match(topic, at, SensorLevel);
            at = at < 0 ? -1 : Match(topic, at, CollectorId);
            return at >= 0 && Match(topic, at, "/") >= 0;
        }

        private string Base(string rest)
        {
            return Prefix + "/" + CollectorId + "/" + rest;
        }

        /// <summary>Position after "&lt;prefix&gt;/&lt;id&gt;/" at the start of <paramref name="topic"/>, else -1.</summary>
        private int MatchBase(string topic)
        {
            int at = Match(topic, 0, Prefix);
            at = at < 0 ? -1 : Match(topic, at, "/");
            at = at < 0 ? -1 : Match(topic, at, CollectorId);
            return at < 0 ? -1 : Match(topic, at, "/");
        }

        /// <summary>Position after <paramref name="part"/> when <paramref name="text"/> has it at <paramref name="at"/>, else -1.</summary>
        private static int Match(string text, int at, string part)
        {
            if (text == null || part == null || at < 0 || at + part.Length > text.Length)
            {
                return -1;
            }

            for (int i = 0; i < part.Length; i++)
            {
                if (text[at + i] != part[i])
                {
                    return -1;
                }
            }

            return at + part.Length;
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
