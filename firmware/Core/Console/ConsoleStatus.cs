using System.Collections;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// The figures "status" prints, filled by <see cref="IConsoleActions.FillStatus"/>. Plain fields so the lead
    /// maps the features' statistics onto them without the console depending on those types.
    /// </summary>
    public sealed class ConsoleStatus
    {
        public long UptimeSeconds;

        /// <summary>Free managed heap in bytes; -1 when unknown.</summary>
        public int FreeMemoryBytes = -1;

        /// <summary>The lowest free managed heap seen since boot; -1 when unknown.</summary>
        public int LowestFreeMemoryBytes = -1;

        /// <summary>e.g. "connected to Home, 192.168.1.20, RSSI -61 dBm" or "disconnected (retry in 20 s)".</summary>
        public string Network = "unknown";

        /// <summary>e.g. "connected to mqtt.local:1883 (TLS)" or "not configured".</summary>
        public string Broker = "unknown";

        public int BusRequests;
        public int BusTimeouts;
        public int BusCrcErrors;
        public int BusExceptionResponses;

        /// <summary>Further lines (per meter, per pulse channel), printed as given.</summary>
        public readonly ArrayList Details = new ArrayList();
    }
}
