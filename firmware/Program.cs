using System.Device.Gpio;
using System.Threading;
using EspCollector.Core.App;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.Esp32;
using nanoFramework.Networking;

namespace EspCollector
{
    /// <summary>
    /// Composition on the ESP32: load the configuration, map the board's pins, create the ESP32 adapters of the
    /// core's ports, start the console on its own UART, connect WiFi in the background, and run the collector's
    /// main loop for ever. All logic lives in firmware/Core (see Core/App/Collector.cs).
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "0.1.0";

        /// <summary>Bus UART (COM2 = UART1; COM1 is the debugger link, nf-interpreter ESP32 target).</summary>
        private const string BusPort = "COM2";

        private static string _wifiSsid;
        private static string _wifiPassword;

        public static void Main()
        {
            Esp32Clock clock = new Esp32Clock();
            Esp32System system = new Esp32System();

            ConfigManager config = new ConfigManager(new ConfigStore(
                new FileRecordStore("I:\\config", 2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            Configuration active = config.Active;

            // A configuration whose pins break the chip's rules is not applied: the console still starts (on the
            // board's default pins) so the installer can fix it.
            GpioController gpio = new GpioController();
            if (!active.ValidatePins().IsValid)
            {
                active = new Configuration();
            }

            BoardPinSetup.Apply(active, gpio);

            CollectorPorts ports = new CollectorPorts();
            ports.Clock = clock;
            ports.WallClock = clock;
            ports.System = system;
            ports.FirmwareVersion = FirmwareVersion;
            ports.BusLine = new Esp32SerialLine(BusPort,
                active.EffectivePin(SettingKeys.PinBusTransmit),
                active.EffectivePin(SettingKeys.PinBusReceive),
                active.EffectivePin(SettingKeys.PinBusDriverEnable),
                clock,
                Esp32SerialLine.DefaultReadBufferSize);
            // pulse.capture: GPIO edge timestamps with the per-channel software filter (default), or the chip's
            // hardware pulse counters, exact under any CPU load but with a nanosecond glitch filter only (no S0
            // 30 ms filter). The ESP32-C3 has no pulse counter (nf-interpreter ESP32 target).
            bool counter = active.Get(SettingKeys.PulseCapture) == "counter" && active.BoardProfile.Chip != Chip.Esp32C3;
            ports.PulseCapture = counter ? (IPulseCapture)new PcntPulseCapture() : new GpioPulseCapture(clock, gpio);
            ports.TotalsStore = new FileRecordStore("I:\\pulses", 2, PulseTotalsStore.RecommendedSlotCapacity);
            _wifiSsid = active.Get(SettingKeys.WifiSsid);
            _wifiPassword = active.Get(SettingKeys.WifiPassword);
            ports.Network = new WifiNetworkStatus(_wifiSsid);
            ports.TransportFactory = new M2MqttTransportFactory();

            Collector collector = new Collector(ports, config);
            collector.Start();

            SerialConsole console = new SerialConsole();
            console.Start(new ConsoleSession(console, collector, config, clock, true));

            if (_wifiSsid != null && _wifiSsid.Length > 0)
            {
                new Thread(ConnectWifi).Start();
            }

            while (true)
            {
                clock.Sleep(collector.Step());
            }
        }

        /// <summary>
        /// Joins the configured network; the native stack reconnects by itself afterwards (Automatic), and SNTP
        /// starts once an address is obtained. Runs off the main loop so pulses keep being counted meanwhile.
        /// </summary>
        private static void ConnectWifi()
        {
            while (!WifiNetworkHelper.ConnectDhcp(_wifiSsid, _wifiPassword, System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0,
                new CancellationTokenSource(60000).Token))
            {
                Thread.Sleep(30000);
            }
        }
    }
}
