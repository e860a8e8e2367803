namespace EspCollector.Core.Publishing
{
    /// <summary>The collector's own network link (WiFi on the device).</summary>
    public interface INetworkStatus
    {
        /// <summary>True when the link is up and has an IP address, so a broker connection is worth trying.</summary>
        bool IsConnected { get; }

        /// <summary>Received signal strength in dBm; 0 when unknown or not connected.</summary>
        int SignalStrength { get; }

        /// <summary>The station MAC address, six bytes; the collector's stable identity (ids, unique_ids).</summary>
        byte[] MacAddress { get; }
    }
}
