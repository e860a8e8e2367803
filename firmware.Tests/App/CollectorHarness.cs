using System.Collections;
using System.Text;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using EspCollector.Tests.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// The collector's composition (Core/App/Collector) over test doubles only: the virtual clock, an in-memory
    /// RS485 bus with a KPM33B at address 1 and a KPM31 at address 2 (register images written at the manuals'
    /// addresses), simulated pulse capture, two in-memory record stores (configuration, pulse totals), the memory
    /// broker, a fake network link and a platform that records reboots. The configuration is entered through
    /// ConfigManager exactly as the console's set / meter add / pulse add / save do.
    /// A "reboot" builds a new ConfigManager and Collector over the same record stores, as the device would.
    /// </summary>
    public delegate bool HarnessCondition();

    public sealed class CollectorHarness
    {
        public const string CollectorId = "test";
        public const string Base = "espcollector/test/";
        public const string DiscoveryStart = "homeassistant/sensor/test/";
        public const string KpmSerial = "2407260001234";

        private const byte Holding = 3;

        public readonly VirtualClock Clock = new VirtualClock();
        public readonly ScriptedSerialLine Line;
        public readonly SimulatedMeterBus Bus;

        /// <summary>KPM33B (User Manual V3.4) at address 1, named "main" by <see cref="ConfigureDefault"/>.</summary>
        public readonly SimulatedMeterSlave Main;

        /// <summary>KPM31 (user instructions V2.1) at address 2, named "flat" by <see cref="ConfigureDefault"/>.</summary>
        public readonly SimulatedMeterSlave Flat;

        /// <summary>The M-Bus port after <see cref="AttachMBus"/> (null before: the tests without M-Bus keep the
        /// heap they had; on nanoCLR an extra line's 8 KB buffer per harness ran the App tests out of memory).</summary>
        public ScriptedSerialLine MBusLine;
        public MBusTestBus MBus;
        public KlefrMBusSlave Klefr;
        public const byte KlefrPrimaryAddress = 5;

        /// <summary>After <see cref="AttachSharedMBus"/>: the bus UART shared by both masters (the ESP32 composition
        /// when the M-Bus port is the bus UART), its routed-pins double and the two lanes.</summary>
        public SharedSerialLine SharedLine;
        public RoutedLineDouble Routed;
        public const int KlefrIdentification = 12345678;

        public readonly SimulatedPulseCapture Capture;
        public readonly MemoryRecordStore ConfigRecords = new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity);
        public readonly MemoryRecordStore TotalsRecords = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
        public readonly MemoryBroker Broker = new MemoryBroker();
        public readonly FakeNetworkStatus Network = new FakeNetworkStatus();
        public readonly CapturedConsoleOutput Output = new CapturedConsoleOutput();

        public ConfigManager Config;
        public RecordingSystemControl System;
        public Collector Collector;
        public ConsoleSession Console;

        private readonly Hashtable _silenced = new Hashtable();
        private SlaveResponder _busResponder;

        public CollectorHarness(PulseCaptureMode captureMode)
        {
            Line = new ScriptedSerialLine(Clock);
            Bus = new SimulatedMeterBus(Line);
            _busResponder = Line.Responder;
            Line.Responder = Respond;
            // Only the bytes' timing matters here; keeping a copy of every frame would grow without bound.
            Line.RecordWrites = false;

            SerialSettings framing = SimulatedMeters.Framing(9600, SerialParity.Even);
            Main = SimulatedMeters.Kpm33b(1, framing, KpmSerial);
            // KPM33B User Manual V3.4, 6.3 basic measurement area (floats, big-endian) and 6.4 energy.
            Main.SetFloat(Holding, 0x0036, 5.0f);       // 0036H Phase A current, A
            Main.SetFloat(Holding, 0x0038, 4.0f);       // 0038H Phase B current
            Main.SetFloat(Holding, 0x003A, 3.0f);       // 003AH Phase C current
            Main.SetFloat(Holding, 0x0048, 2760.0f);    // 0048H Three phase active power, W
            Main.SetFloat(Holding, 0x0060, 0.98f);      // 0060H "Three phase power meter" (total power factor)
            Main.SetFloat(Holding, 0x0080, 1240.25f);   // 0080H Total active energy, kWh
            Main.SetFloat(Holding, 0x0084, 5.75f);      // 0084H Reverse active energy, kWh
            Main.SetCoil(0x0001, true);                 // 0001H Relay1 (DO1) 1=ON
            // 0023H Time "Year Month Day Hour Minute Second (6 byte)": 2024-07-26 12:30:00, one byte each.
            Main.SetUInt16(Holding, 0x0023, (24 << 8) | 7);
            Main.SetUInt16(Holding, 0x0024, (26 << 8) | 12);
            Main.SetUInt16(Holding, 0x0025, (30 << 8) | 0);
            Bus.Add(Main);

            Flat = SimulatedMeters.Kpm31(2, framing);
            // KPM31 user instructions V2.1, 6.2 measurement area.
            Flat.SetFloat(Holding, 0x0032, 4.5f);       // 0032H I, A
            Flat.SetFloat(Holding, 0x0034, 1030.5f);    // 0034H P, W
            Flat.SetFloat(Holding, 0x003A, 0.99f);      // 003AH PF
            Bus.Add(Flat);

            Capture = new SimulatedPulseCapture(captureMode);
            Network.Mac = new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };
        }

        // ------------------------------------------------------------------------ configuration and boot

        /// <summary>
        /// Gives the collector an M-Bus port (call before <see cref="Boot"/>): a KLEFR M-bus version (manual,
        /// Appendix 2) at primary address 5, identification number 12345678, alone on its line.
        /// </summary>
        public void AttachMBus()
        {
            MBusLine = new ScriptedSerialLine(Clock);
            MBusLine.RecordWrites = false;
            MBus = new MBusTestBus(MBusLine);
            Klefr = MBus.Add(new KlefrMBusSlave(KlefrPrimaryAddress, KlefrIdentification));
        }

        /// <summary>
        /// Gives the collector the M-Bus port on the bus UART (call before <see cref="Boot"/>): the KLEFR of
        /// <see cref="AttachMBus"/> behind route 1 of one routed UART whose route 0 leads to the Modbus meters, both
        /// masters on lanes of one <see cref="SharedSerialLine"/>. The KLEFR answers only at its own baud rate.
        /// </summary>
        public void AttachSharedMBus()
        {
            AttachMBus();
            SlaveResponder mbus = MBusLine.Responder;
            MBusLine.Responder = delegate(byte[] request, int offset, int count)
            {
                return MBusLine.Settings.BaudRate == Klefr.BaudRate ? mbus(request, offset, count) : null;
            };
            Routed = new RoutedLineDouble(Clock, new ScriptedSerialLine[] { Line, MBusLine });
            SharedLine = new SharedSerialLine(Routed, Clock, 2);
            SharedLine.AddLane("modbus", 0);
            SharedLine.AddLane("m-bus", 1);
        }

        /// <summary>
        /// First boot's configuration as an installer would type it: broker, collector id, 10 s polls and
        /// publications, the two meters (main with relay writes enabled), two S0 channels (main_s0 linked to main).
        /// </summary>
        public void ConfigureDefault()
        {
            LoadConfiguration();
            Check(Set(SettingKeys.MqttHost, "broker.local"));
            Check(Set(SettingKeys.MqttCollectorId, CollectorId));
            Check(Set(SettingKeys.BusInterval, "10"));
            Check(Set(SettingKeys.MqttInterval, "10"));
            Check(Config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[] { "relay=on" }));
            Check(Config.AddMeter("flat", MeterTypes.Kpm31Name, "2", new string[0]));
            Check(Config.AddPulseChannel("main_s0", "32", "3200", new string[] { "link=main" }, new ArrayList()));
            Check(Config.AddPulseChannel("flat_s0", "33", "1600", new string[0], new ArrayList()));
            Check(Config.Save());
        }

        public string Set(string key, string value)
        {
            return Config.Set(key, value, new ArrayList());
        }

        /// <summary>Stages and saves one setting on the running collector's ConfigManager.</summary>
        public void SetAndSave(string key, string value)
        {
            Check(Set(key, value));
            Check(Config.Save());
        }

        /// <summary>Loads the configuration from the record store, as the device does at boot.</summary>
        public void LoadConfiguration()
        {
            Config = new ConfigManager(new ConfigStore(ConfigRecords));
            Config.Load();
        }

        /// <summary>Builds the collector (and a console session on it) from the stored configuration and starts it.</summary>
        public void Boot(string bootCause)
        {
            LoadConfiguration();
            System = new RecordingSystemControl(bootCause);
            CollectorPorts ports = new CollectorPorts();
            ports.Clock = Clock;
            ports.WallClock = Clock;
            ports.BusLine = SharedLine != null ? (ISerialLine)SharedLine.LaneAt(0) : Line;
            ports.MBusLine = SharedLine != null ? (ISerialLine)SharedLine.LaneAt(1) : MBusLine;
            ports.SharedLine = SharedLine;
            ports.PulseCapture = Capture;
            ports.TotalsStore = TotalsRecords;
            ports.Network = Network;
            ports.TransportFactory = Broker;
            ports.System = System;
            ports.FirmwareVersion = "1.2.3";
            Collector = new Collector(ports, Config);
            Console = new ConsoleSession(Output, Collector, Config, Clock, false);
            Collector.Start();
        }

        /// <summary>
        /// Runs the main loop as the device does: Step, then sleep what it returns (at least 1 ms); the S0
        /// outputs started with <see cref="StartPulses"/> emit their pulses as time passes.
        /// </summary>
        public void Run(long microseconds)
        {
            long end = Clock.MonotonicMicroseconds + microseconds;
            while (Clock.MonotonicMicroseconds < end)
            {
                int idle = Collector.Step();
                GeneratePulses();
                Clock.Advance(idle < 1000 ? 1000 : idle);
            }
        }

        /// <summary>Runs until <paramref name="condition"/> holds after a pass, at most <paramref name="limitMicroseconds"/>;
        /// returns whether it held.</summary>
        public bool RunUntil(HarnessCondition condition, long limitMicroseconds)
        {
            long end = Clock.MonotonicMicroseconds + limitMicroseconds;
            while (Clock.MonotonicMicroseconds < end)
            {
                int idle = Collector.Step();
                GeneratePulses();
                if (condition())
                {
                    return true;
                }

                Clock.Advance(idle < 1000 ? 1000 : idle);
            }

            return false;
        }

        public void RunSeconds(int seconds)
        {
            Run(seconds * 1000000L);
        }

        /// <summary>Types a console line and Enter, as over the console UART.</summary>
        public void Type(string line)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\r");
            Console.Receive(bytes, 0, bytes.Length);
        }

        /// <summary>The first console line containing <paramref name="text"/>, or null.</summary>
        public string OutputLineWith(string text)
        {
            for (int i = 0; i < Output.Count; i++)
            {
                if (Output[i].IndexOf(text) >= 0)
                {
                    return Output[i];
                }
            }

            return null;
        }

        // ------------------------------------------------------------------------ the bus

        /// <summary>The slave at this address stops answering (cable cut) or answers again.</summary>
        public void Silence(int address, bool silent)
        {
            if (silent)
            {
                _silenced[address] = true;
            }
            else
            {
                _silenced.Remove(address);
            }
        }

        private byte[] Respond(byte[] request, int offset, int count)
        {
            if (count > 0 && _silenced.Contains((int)request[offset]))
            {
                return null;
            }

            return _busResponder(request, offset, count);
        }

        // ------------------------------------------------------------------------ pulses

        /// <summary>Active time of a generated S0 pulse (IEC 62053-31 asks at least 30 ms).</summary>
        public const long PulseWidthMicroseconds = 50000;

        private readonly long[] _pulseSpacing = new long[PulseChannelSettings.MaximumChannels];
        private readonly long[] _nextPulse = new long[PulseChannelSettings.MaximumChannels];

        /// <summary>Pulses emitted per channel (accepted by the ring or the counter).</summary>
        public readonly long[] PulsesEmitted = new long[PulseChannelSettings.MaximumChannels];

        /// <summary>The channel's S0 output emits one pulse every <paramref name="spacingMicroseconds"/> from now on.</summary>
        public void StartPulses(int channel, long spacingMicroseconds)
        {
            _pulseSpacing[channel] = spacingMicroseconds;
            _nextPulse[channel] = Clock.MonotonicMicroseconds;
        }

        public void StopPulses(int channel)
        {
            _pulseSpacing[channel] = 0;
        }

        /// <summary>Emits every pulse whose inactive edge has passed: edges into the channel's current ring (as the
        /// GPIO callback would) or counts into the hardware counter.</summary>
        public void GeneratePulses()
        {
            long now = Clock.MonotonicMicroseconds;
            bool edges = Capture.Mode == PulseCaptureMode.Edges;
            for (int channel = 0; channel < _pulseSpacing.Length; channel++)
            {
                long spacing = _pulseSpacing[channel];
                if (spacing <= 0)
                {
                    continue;
                }

                if (!edges)
                {
                    long due = _nextPulse[channel] + PulseWidthMicroseconds <= now
                        ? (now - PulseWidthMicroseconds - _nextPulse[channel]) / spacing + 1
                        : 0;
                    if (due > 0)
                    {
                        Capture.AddCount(channel, due);
                        PulsesEmitted[channel] += due;
                        _nextPulse[channel] += due * spacing;
                    }

                    continue;
                }

                EdgeRing ring = Capture.Ring;
                while (_nextPulse[channel] + PulseWidthMicroseconds <= now)
                {
                    long start = _nextPulse[channel];
                    if (ring.Record(channel, start, true) && ring.Record(channel, start + PulseWidthMicroseconds, false))
                    {
                        PulsesEmitted[channel]++;
                    }

                    _nextPulse[channel] += spacing;
                }
            }
        }

        // ------------------------------------------------------------------------ the broker

        public ArrayList MessagesOn(string relativeTopic)
        {
            return Broker.MessagesOn(Base + relativeTopic);
        }

        public Hashtable LastJson(string relativeTopic)
        {
            string text = Broker.LastTextOn(Base + relativeTopic);
            Assert.IsNotNull(text, "nothing published on " + relativeTopic);
            return TestJson.ParseObject(text);
        }

        public static Hashtable Json(BrokerMessage message)
        {
            return TestJson.ParseObject(message.Text);
        }

        /// <summary>Events published so far whose "event" field is <paramref name="kind"/>.</summary>
        public ArrayList Events(string kind)
        {
            ArrayList found = new ArrayList();
            ArrayList all = MessagesOn("event");
            for (int i = 0; i < all.Count; i++)
            {
                Hashtable json = Json((BrokerMessage)all[i]);
                if ((string)json["event"] == kind)
                {
                    found.Add(json);
                }
            }

            return found;
        }

        public static double Number(Hashtable json, string field)
        {
            object value = json[field];
            Assert.IsNotNull(value, "no field " + field);
            return (double)value;
        }

        public static void AssertNear(double expected, double actual, double tolerance, string what)
        {
            double difference = expected - actual;
            Assert.IsTrue(difference <= tolerance && -difference <= tolerance,
                what + ": expected " + expected.ToString() + " got " + actual.ToString());
        }

        private static void Check(string error)
        {
            Assert.IsNull(error, "configuration refused: " + error);
        }
    }
}
