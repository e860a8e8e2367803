using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using EspCollector.Core.Publishing;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The WiFi station link as the publisher sees it: up when the station interface has an IPv4 address.
    /// <c>NetworkInterface.IPv4Address</c> is a snapshot taken when that object was made (firmware/PLATFORM.md
    /// "ESP32 platform", WiFi), so the address is read afresh from <c>GetAllNetworkInterfaces()</c> whenever
    /// <c>NetworkChange</c> reports a change, and every 30 s as a fallback (the read allocates, so not more often).
    /// No API gives the RSSI of the current connection: the signal strength comes from the last scan result for
    /// the configured SSID, refreshed by <see cref="RequestSignalScan"/>; 0 when unknown.
    /// </summary>
    public sealed class WifiNetworkStatus : INetworkStatus
    {
        private const long FallbackCheckMilliseconds = 30000;

        private readonly WifiAdapter _adapter;
        private readonly string _ssid;
        private readonly byte[] _mac = new byte[6];
        private long _checkedAtMilliseconds;
        private bool _changed = true;
        private bool _connected;
        private string _address = "0.0.0.0";
        private int _signalStrength;

        /// <param name="ssid">The configured network, whose scan entry gives the signal strength.</param>
        public WifiNetworkStatus(string ssid)
        {
            _ssid = ssid;
            NetworkInterface station = FindStation();
            if (station != null && station.PhysicalAddress != null && station.PhysicalAddress.Length == 6)
            {
                Array.Copy(station.PhysicalAddress, _mac, 6);
            }

            NetworkChange.NetworkAddressChanged += OnAddressChanged;
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
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
                if (_changed || now - _checkedAtMilliseconds >= FallbackCheckMilliseconds)
                {
                    _changed = false;
                    _checkedAtMilliseconds = now;
                    NetworkInterface station = FindStation();
                    string address = station == null ? null : station.IPv4Address;
                    _connected = address != null && address.Length > 0 && address != "0.0.0.0";
                    _address = _connected ? address : "0.0.0.0";
                    if (!_connected)
                    {
                        _signalStrength = 0;
                    }
                }

                return _connected;
            }
        }

        /// <summary>The station's current address ("0.0.0.0" when none), for the console.</summary>
        public string Address
        {
            get { return _address; }
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

        private static NetworkInterface FindStation()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return interfaces[i];
                }
            }

            return null;
        }

        private void OnAddressChanged(object sender, EventArgs e)
        {
            _changed = true;
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            _changed = true;
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
