using System;
using System.Threading;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using nanoFramework.Networking;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Joins the configured WiFi network and keeps trying, on a guarded thread of its own (so pulses are counted
    /// meanwhile). Each failed <c>WifiNetworkHelper.ConnectDhcp</c> stores the WiFi configuration, a flash write
    /// (firmware/PLATFORM.md "ESP32 platform", WiFi) during which GPIO edges are lost: so ConnectDhcp runs once per
    /// boot, later attempts use <c>WifiNetworkHelper.Reconnect</c> with the stored configuration, spaced by
    /// <see cref="ReconnectBackoff"/> from 30 s up to 15 min. The native stack reconnects by itself after a drop
    /// (WifiReconnectionKind.Automatic); SNTP starts once an address is obtained.
    /// </summary>
    public sealed class WifiJoiner
    {
        private const long InitialBackoffMicroseconds = 30L * 1000000;
        private const long MaximumBackoffMicroseconds = 15L * 60 * 1000000;
        private const int AttemptTimeoutMilliseconds = 60000;

        private readonly string _ssid;
        private readonly string _password;
        private readonly WifiNetworkStatus _status;
        private readonly IClock _clock;
        private readonly JitterSource _jitter;
        private bool _configurationStored;
        private int _failures;
        private long _nextAttempt;

        public WifiJoiner(string ssid, string password, WifiNetworkStatus status, IClock clock)
        {
            _ssid = ssid;
            _password = password;
            _status = status;
            _clock = clock;
            _jitter = new JitterSource(JitterSource.SeedFrom(status.MacAddress));
        }

        /// <summary>Attempts made since boot; the first one wrote the configuration to flash.</summary>
        public int Attempts { get; private set; }

        /// <summary>One pass of the WiFi thread (a GuardedThread body); returns the milliseconds to sleep.</summary>
        public int Pass()
        {
            if (_status.IsConnected)
            {
                _failures = 0;
                return 5000;
            }

            long now = _clock.MonotonicMicroseconds;
            if (now < _nextAttempt)
            {
                return 1000;
            }

            Attempts++;
            bool joined;
            try
            {
                CancellationTokenSource timeout = new CancellationTokenSource(AttemptTimeoutMilliseconds);
                if (!_configurationStored)
                {
                    _configurationStored = true;
                    joined = WifiNetworkHelper.ConnectDhcp(_ssid, _password, System.Device.Wifi.WifiReconnectionKind.Automatic,
                        false, 0, timeout.Token);
                }
                else
                {
                    joined = WifiNetworkHelper.Reconnect(false, 0, timeout.Token);
                }
            }
            catch (Exception)
            {
                // An expected failure (no access point, wrong password): retried after the backoff.
                joined = false;
            }

            if (!joined)
            {
                _failures++;
                _nextAttempt = _clock.MonotonicMicroseconds + ReconnectBackoff.DelayMicroseconds(
                    _failures, InitialBackoffMicroseconds, MaximumBackoffMicroseconds, _jitter.Next());
            }

            return 1000;
        }
    }
}
