using System.Device.Gpio;
using EspCollector.Core.App;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.Core.Supervision;
using EspCollector.Esp32;

namespace EspCollector
{
    /// <summary>
    /// Composition on the ESP32: read the boot record, load the configuration, map the board's pins, create the
    /// ESP32 adapters of the core's ports, start the console on its own UART, WiFi, the MQTT transport and the
    /// supervisor on guarded threads of their own, and run the collector's main loop for ever. A setup that
    /// throws falls back to the board's defaults in safe mode with the console running; three crash/supervisor
    /// restarts within 10 minutes boot in safe mode (console and pulse counting only). All logic lives in
    /// firmware/Core (Core/App/Collector.cs, Core/Supervision).
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "0.2.0";

        /// <summary>Bus UART (COM2 = UART1; COM1 is the debugger link, firmware/PLATFORM.md "ESP32 platform").</summary>
        private const string BusPort = "COM2";

        /// <summary>The ESP32 UART driver hands received bytes over at 120 in the FIFO or after 10 idle
        /// characters: a silence fallback must outlast 120 + 10 + 1 character times.</summary>
        private const int BusDeliveryGapCharacters = 131;

        /// <summary>That driver's RX idle timeout and FIFO threshold: an answer's last bytes come after 10 idle
        /// characters, which count towards the t3.5 before the next request (BusSettings.DeliveryIdleCharacters).</summary>
        private const int BusDeliveryIdleCharacters = 10;
        private const int BusDeliveryThresholdBytes = 120;

        private const long Second = 1000000;

        private static Esp32Clock _clock;
        private static Esp32System _system;
        private static BootRecord _bootRecord;
        private static Supervisor _supervisor;
        private static Heartbeat _mainHeartbeat;
        private static Heartbeat _busHeartbeat;
        private static Heartbeat _transportHeartbeat;
        private static Heartbeat _consoleHeartbeat;
        private static Heartbeat _wifiHeartbeat;
        private static GpioController _gpio;
        private static ConfigManager _config;
        private static Collector _collector;
        private static ThreadedTransportFactory _transport;
        private static WifiJoiner _wifi;

        public static void Main()
        {
            _clock = new Esp32Clock();
            _bootRecord = new BootRecord(new FileRecordStore("I:\\boot", 2, BootRecord.RecommendedSlotCapacity));
            _bootRecord.OnBoot();
            _system = new Esp32System(_bootRecord, _clock);
            _system.StateSaver = SaveTotals;

            // Limits: a bus scan from the console holds the bus (and so the main loop) for up to about a minute;
            // M2Mqtt blocks up to 30 s in connect plus DNS and close; a WiFi attempt is bounded at 60 s.
            _mainHeartbeat = new Heartbeat("main loop", _clock, 180 * Second);
            _busHeartbeat = new Heartbeat("bus", _clock, 180 * Second);
            _transportHeartbeat = new Heartbeat("transport", _clock, ThreadedTransportFactory.HeartbeatLimitMicroseconds);
            _consoleHeartbeat = new Heartbeat("console", _clock, 180 * Second);
            _wifiHeartbeat = new Heartbeat("wifi", _clock, 180 * Second);
            _supervisor = new Supervisor(_clock, _system);
            _supervisor.Watch(_mainHeartbeat);
            _supervisor.Watch(_busHeartbeat);
            _supervisor.Watch(_consoleHeartbeat);
            new GuardedThread(SupervisorPass, null).Start();
            _gpio = new GpioController();

            StartupGuard.Run(Setup, Fallback);

            // The main loop, guarded: an exception is reported to the supervisor, which restarts (cause crash).
            new GuardedThread(MainPass, _mainHeartbeat).Run(0);
        }

        private static void Setup()
        {
            _config = new ConfigManager(new ConfigStore(
                new FileRecordStore("I:\\config", 2, ConfigStore.RecommendedSlotCapacity)));
            _config.Load();
            Configuration active = _config.Active;
            string safeMode = _bootRecord.SafeModeReason;

            // A configuration whose pins break the chip's rules is not applied: the console still starts (on the
            // board's default pins) so the installer can fix it.
            if (!active.ValidatePins().IsValid)
            {
                active = new Configuration();
                if (safeMode == null)
                {
                    safeMode = "the saved pins break the chip's rules; running on the board's defaults";
                }
            }

            Compose(active, safeMode, false);
        }

        /// <summary>The setup threw: board defaults, safe mode, the console running and saying why.</summary>
        private static void Fallback(string failure)
        {
            if (_config == null)
            {
                _config = new ConfigManager(new ConfigStore(
                    new FileRecordStore("I:\\config", 2, ConfigStore.RecommendedSlotCapacity)));
            }

            Compose(new Configuration(), failure, true);
        }

        private static void Compose(Configuration active, string safeMode, bool fallback)
        {
            BoardPinSetup.Apply(active, _gpio);
            CollectorPorts ports = new CollectorPorts();
            ports.Clock = _clock;
            ports.WallClock = _clock;
            ports.System = _system;
            ports.FirmwareVersion = FirmwareVersion;
            ports.SafeModeReason = safeMode;
            ports.MainHeartbeat = _mainHeartbeat;
            ports.BusHeartbeat = _busHeartbeat;
            ports.BusDeliveryGapCharacters = BusDeliveryGapCharacters;
            ports.BusDeliveryIdleCharacters = BusDeliveryIdleCharacters;
            ports.BusDeliveryThresholdBytes = BusDeliveryThresholdBytes;
            // M-Bus (klefr-mbus meters): the board's M-Bus port. On the bus UART (every profile: COM2 on pins of its own)
            // the two interfaces share COM2 in time through the GPIO matrix (boards/README.md "M-Bus port",
            // firmware/PLATFORM.md "UARTs"), and the console keeps COM3. Not in safe mode (no bus traffic there).
            BoardProfile board = active.BoardProfile;
            bool mbus = safeMode == null && !fallback && active.HasMBusMeters && board.MBusPort != null;
            int busTransmit = active.EffectivePin(SettingKeys.PinBusTransmit);
            int busReceive = active.EffectivePin(SettingKeys.PinBusReceive);
            int busDriverEnable = active.EffectivePin(SettingKeys.PinBusDriverEnable);
            if (fallback)
            {
                ports.BusLine = new IdleSerialLine();
            }
            else if (mbus && board.MBusPort == BusPort)
            {
                int[][] routes = new int[][]
                {
                    new int[] { busTransmit, busReceive, busDriverEnable },
                    new int[] { board.MBusTransmitPin, board.MBusReceivePin, -1 },
                };
                SharedSerialLine shared = new SharedSerialLine(
                    new Esp32RoutedSerialLine(BusPort, routes, _gpio, _clock, Esp32SerialLine.DefaultReadBufferSize), _clock, 2);
                ports.SharedLine = shared;
                ports.BusLine = shared.AddLane("modbus", 0);
                ports.MBusLine = shared.AddLane("m-bus", 1);
            }
            else
            {
                ports.BusLine = new Esp32SerialLine(BusPort, busTransmit, busReceive, busDriverEnable, _clock,
                    Esp32SerialLine.DefaultReadBufferSize);
            }

            // Safe mode with M-Bus meters configured: the interface stays wired but unpolled; hold its TX at mark so the
            // M-Bus is not driven to a break by a floating pin.
            if (!mbus && !fallback && active.HasMBusMeters && board.MBusPort != null)
            {
                _gpio.OpenPin(board.MBusTransmitPin, PinMode.Output).Write(PinValue.High);
            }

            // A profile whose M-Bus port is a UART of its own (none today): COM3 in place of the console.
            bool mbusTakesConsole = mbus && board.MBusPort != BusPort && board.MBusPort == board.ConsolePort;
            if (mbus && board.MBusPort != BusPort)
            {
                ports.MBusLine = new Esp32SerialLine(board.MBusPort, board.MBusTransmitPin, board.MBusReceivePin, -1, _clock,
                    Esp32SerialLine.DefaultReadBufferSize);
            }

            // pulse.capture auto: the chip's hardware counters (exact under any CPU load and during flash writes)
            // where it has them, GPIO edge timestamps on the ESP32-C3 (firmware/PLATFORM.md, "ESP32 platform").
            string capture = active.Get(SettingKeys.PulseCapture);
            bool counter = capture != "gpio" && active.BoardProfile.Chip != Chip.Esp32C3;
            ports.PulseCapture = counter ? (IPulseCapture)PcntCounterSource.CreateCapture() : new GpioPulseCapture(_clock, _gpio);
            ports.TotalsStore = new FileRecordStore("I:\\pulses", 2, PulseTotalsStore.RecommendedSlotCapacity);

            string ssid = active.Get(SettingKeys.WifiSsid);
            WifiNetworkStatus network = new WifiNetworkStatus(ssid);
            ports.Network = network;
            if (safeMode == null && _transport == null)
            {
                _transport = new ThreadedTransportFactory(new M2MqttTransportFactory(), ThreadedTransportFactory.DefaultQueueCapacity);
                _supervisor.Watch(_transportHeartbeat);
                new GuardedThread(TransportPass, _transportHeartbeat).Start();
            }

            ports.TransportFactory = _transport;
            _collector = new Collector(ports, _config);
            _collector.Start();

            // No console thread when the M-Bus took the console's UART: its heartbeat is not expected.
            _consoleHeartbeat.Pause(mbusTakesConsole);
            if (!mbusTakesConsole)
            {
                SerialConsole console = new SerialConsole();
                console.Start(new ConsoleSession(console, _collector, _config, _clock, true), _consoleHeartbeat);
            }

            if (safeMode == null && ssid != null && ssid.Length > 0 && _wifi == null)
            {
                _wifi = new WifiJoiner(ssid, active.Get(SettingKeys.WifiPassword), network, _clock);
                _supervisor.Watch(_wifiHeartbeat);
                new GuardedThread(WifiPass, _wifiHeartbeat).Start();
            }
        }

        private static int MainPass()
        {
            return (_collector.Step() + 999) / 1000;
        }

        private static int TransportPass()
        {
            return _transport.WorkOnce(100);
        }

        private static int WifiPass()
        {
            return _wifi.Pass();
        }

        private static int SupervisorPass()
        {
            _supervisor.Check();
            return 1000;
        }

        private static void SaveTotals()
        {
            Collector collector = _collector;
            if (collector != null && collector.Totals != null)
            {
                collector.Totals.SaveNow();
            }
        }

        /// <summary>The bus in the fallback: nothing attached (the bus UART may be what failed).</summary>
        private sealed class IdleSerialLine : ISerialLine
        {
            public void Configure(SerialSettings settings)
            {
            }

            public int BytesToRead
            {
                get { return 0; }
            }

            public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
            {
                return 0;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
            }
        }
    }
}
