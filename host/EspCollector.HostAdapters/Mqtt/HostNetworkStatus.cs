using System.Net.NetworkInformation;
using EspCollector.Core.Publishing;

namespace EspCollector.HostAdapters.Mqtt
{
    /// <summary>
    /// The host's network as the publisher sees it: always up (the broker connection itself tells when it
    /// is not), no signal strength, and a MAC given by the caller or taken from the first interface that
    /// has one, so the host twin gets a stable collector id.
    /// </summary>
    public sealed class HostNetworkStatus : INetworkStatus
    {
        private readonly byte[] _mac;

        public HostNetworkStatus(byte[] macAddress)
        {
            _mac = macAddress ?? FirstInterfaceMac();
        }

        public bool Connected { get; set; } = true;

        public bool IsConnected
        {
            get { return Connected; }
        }

        public int SignalStrength
        {
            get { return 0; }
        }

        public byte[] MacAddress
        {
            get { return _mac; }
        }

        private static byte[] FirstInterfaceMac()
        {
            foreach (NetworkInterface network in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                byte[] address = network.GetPhysicalAddress().GetAddressBytes();
                if (address.Length == 6)
                {
                    return address;
                }
            }

            return new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
        }
    }
}
