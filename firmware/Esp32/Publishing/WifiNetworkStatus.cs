using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using EspCollector.Core.Publishing;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The WiFi station link as the publisher sees it. Up means the station interface has an IPv4 address
    /// (checked at most once a second: reading the interface allocates). nanoFramework has no "RSSI of the
    /// current connection" call; the signal strength comes from the last scan result for the configured
    /// SSID (WifiAdapter.NetworkReport), refreshed by <see cref="RequestSignalScan"/>, which the composition
    /// calls rarely (a scan briefly takes the radio off channel).
    /// </summary>
    public sealed class WifiNetworkStatus : INetworkStatus
    {
        private const long CheckIntervalMilliseconds = 1000;

        private readonly NetworkInterface _interface;
        private readonly WifiAdapter _adapter;
        private readonly string _ssid;
        private readonly byte[] _mac;
        private long _checkedAtMilliseconds = -CheckIntervalMilliseconds;
        private bool _connected;
        private int _signalStrength;

        /// <param name="ssid">The configured network, whose scan entry gives the signal strength.</param>
        public WifiNetworkStatus(string ssid)
        {
            _ssid = ssid;
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    _interface = interfaces[i];
                    break;
                }
            }

            _mac = _interface != null ? _interface.PhysicalAddress : new byte[6];
            WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
            if (adapters.Length > 0)
            {
                _adapter = adapters[0];
                _adapter.AvailableNetworksChanged += OnScanCompleted;
            }
        }

        public bool IsConnected
        {
            get
            {
                long now = Environment.TickCount64;
                if (now - _checkedAtMilliseconds >= CheckIntervalMilliseconds)
                {
                    _checkedAtMilliseconds = now;
                    string address = _interface == null ? null : _interface.IPv4Address;
                    _connected = address != null && address.Length > 0 && address != "0.0.0.0";
                    if (!_connected)
                    {
                        _signalStrength = 0;
                    }
                }

                return _connected;
            }
        }

        public int SignalStrength
        {
            get { return _signalStrength; }
        }

        public byte[] MacAddress
        {
            get { return _mac; }
        }

        /// <summary>Starts a scan; the signal strength is updated when it completes.</summary>
        public void RequestSignalScan()
        {
            if (_adapter == null)
            {
                return;
            }

            try
            {
                _adapter.ScanAsync();
            }
            catch (Exception)
            {
                // A scan already running or the radio busy: try again next time.
            }
        }

        private void OnScanCompleted(WifiAdapter sender, object e)
        {
            WifiAvailableNetwork[] networks = sender.NetworkReport.AvailableNetworks;
            for (int i = 0; i < networks.Length; i++)
            {
                if (networks[i].Ssid == _ssid)
                {
                    _signalStrength = (int)networks[i].NetworkRssiInDecibelMilliwatts;
                    return;
                }
            }
        }
    }
}
