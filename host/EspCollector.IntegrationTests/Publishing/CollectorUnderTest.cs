using System;
using System.Diagnostics;
using System.Threading;
using EspCollector.Core.Publishing;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Mqtt;
using EspCollector.Tests.Doubles;

namespace EspCollector.IntegrationTests.Publishing
{
    /// <summary>
    /// The core publisher on the host: the project's MQTT client, the system clock, a fixed MAC, recording
    /// command actions, and its service loop on a background thread (as the device's main loop would run it).
    /// </summary>
    public sealed class CollectorUnderTest : IDisposable
    {
        public const string Id = "espcollector-a1b2c3";
        public const string Base = "espcollector/" + Id + "/";
        public static readonly byte[] Mac = { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };

        private readonly Thread _loop;
        private volatile bool _running = true;
        private volatile bool _paused;

        public CollectorUnderTest(int port, bool relayControlEnabled)
        {
            PublishingSettings settings = new PublishingSettings();
            settings.BrokerHost = "127.0.0.1";
            settings.BrokerPort = port;
            settings.KeepAliveSeconds = 5;
            settings.ResponseTimeoutMilliseconds = 2000;
            settings.ReconnectInitialMilliseconds = 200;
            settings.ReconnectMaximumMilliseconds = 1000;
            settings.DiscoverySweepMilliseconds = 300;
            settings.ReplayMessagesPerSecond = 50;
            settings.ReplayBurst = 10;
            settings.RelayControlEnabled = relayControlEnabled;
            settings.FirmwareVersion = "0.9.0";
            settings.Board = "host";

            Clock = new SystemClock();
            Factory = new MqttNetTransportFactory();
            Actions = new RecordingCommandActions();
            Publisher = new Publisher(settings, Clock, Clock, new HostNetworkStatus(Mac), Factory, Actions);
            MeterDevice main = new MeterDevice("main", 1, new string[] { "voltage_l1", "current_l1", "power", "energy_import" });
            main.Manufacturer = "Compere";
            main.Model = "KPM33B";
            main.SerialNumber = "12345678";
            Publisher.Configure(new MeterDevice[] { main }, new PulseChannelDevice[] { new PulseChannelDevice("heatpump", 1000, "main") });

            _loop = new Thread(Loop) { IsBackground = true, Name = "collector-service" };
            _loop.Start();
        }

        public SystemClock Clock { get; }

        public MqttNetTransportFactory Factory { get; }

        public RecordingCommandActions Actions { get; }

        public Publisher Publisher { get; }

        /// <summary>Holds the service loop (the collector neither reconnects nor sends) while true.</summary>
        public bool Paused
        {
            get { return _paused; }
            set { _paused = value; }
        }

        public static bool WaitUntil(Func<bool> condition, int timeoutMilliseconds)
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (!condition())
            {
                if (waited.ElapsedMilliseconds > timeoutMilliseconds)
                {
                    return false;
                }

                Thread.Sleep(10);
            }

            return true;
        }

        public MeterStateSnapshot Reading(int index)
        {
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", 4);
            snapshot.Add("voltage_l1", "V", 200 + index, true);
            snapshot.Add("energy_import", "kWh", 1000 + index, true);
            return snapshot;
        }

        public void Dispose()
        {
            _running = false;
            _loop.Join(10000);
            Publisher.Stop();
        }

        private void Loop()
        {
            while (_running)
            {
                if (!_paused)
                {
                    Publisher.Service();
                }

                Thread.Sleep(10);
            }
        }
    }
}
