using System;
using System.Collections;
using System.Collections.Generic;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Meters;
using EspCollector.Core.Pulses;
using EspCollector.Simulators.MBus;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>Which parts of the standard configuration a rig gets (to bisect what allocates).</summary>
    [Flags]
    public enum RigParts
    {
        None = 0,
        Meters = 1,
        Pulses = 2,
        Broker = 4,
        All = Meters | Pulses | Broker,

        /// <summary>
        /// A typical cabinet instead of the worst case: one KPM33B (main) instead of the four meters, the same
        /// two S0 channels (main_s0 linked to it, flat_s0 unlinked) and broker. Combine with the parts above.
        /// </summary>
        OneMeter = 8,
        Typical = All | OneMeter,

        /// <summary>Eight S0 channels instead of two (the first two as usual, six more unlinked, each driven by a
        /// meter's simulated S0 output so pulses flow on all eight).</summary>
        EightPulses = 16,

        /// <summary>Sixteen meters, the four types in turn at addresses 1..16, instead of four.</summary>
        SixteenMeters = 32,

        /// <summary>What a plain ESP32 (no PSRAM) must carry (heap issue): the four types, one each, 8 S0 channels.</summary>
        PlainEsp32 = All | EightPulses,

        /// <summary>What a PSRAM board must carry at least: 16 meters (and 8 S0 channels).</summary>
        Psram = All | EightPulses | SixteenMeters,

        /// <summary>A KLEFR M-bus version (cabinet, primary address 5) on a second, in-process M-Bus (issue 16).</summary>
        MBus = 64,
    }

    /// <summary>
    /// The whole collector (Core/App/Collector, as on the ESP32) on a virtual clock: four simulated meters of
    /// the four types at 9600 8E1 on an in-process RS485 bus (one KPM33B with <see cref="RigParts.OneMeter"/>),
    /// two S0 channels following two of them, memory
    /// record stores for the configuration and the totals, and a counting in-memory broker. The configuration
    /// is entered through ConfigManager like an installer's console input (the twin's defaults, device
    /// defaults otherwise: bus.interval 10 s, mqtt.interval 60 s, pulse.save 5 min, mqtt.buffer from the board's envelope: 4096 on a plain ESP32, 16384 with PSRAM).
    /// </summary>
    public sealed class CollectorRig
    {
        public static readonly DateTime WallStart = new DateTime(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);

        public readonly VirtualClock Clock = new VirtualClock();
        public readonly VirtualBus Bus;
        public readonly MeteredSerialLine Line;
        public readonly BenchBroker Broker = new BenchBroker();
        public readonly MemoryRecordStore ConfigRecords = new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity);
        public readonly MemoryRecordStore TotalsRecords = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
        public readonly List<SimulatedMeter> Simulators = new List<SimulatedMeter>();
        public readonly VirtualMBusLine MBusLine;
        public readonly S0Outputs Outputs;
        public readonly CollectorPorts Ports = new CollectorPorts();
        public ConfigManager Config;
        public Collector Collector;
        public long Steps;

        /// <summary>Called after every Step of <see cref="RunFor"/> (may be null): a benchmark's probe between steps.</summary>
        public Action AfterStep;

        public CollectorRig(RigParts parts = RigParts.All)
            : this(config => Apply(config, parts))
        {
        }

        /// <summary>A rig whose configuration <paramref name="configure"/> enters (and saves) instead of one of the
        /// <see cref="RigParts"/> configurations (the heap cost table's measurements).</summary>
        public CollectorRig(Action<ConfigManager> configure)
        {
            Clock.SynchronizeTo(WallStart);
            ConfigManager setup = new ConfigManager(new ConfigStore(ConfigRecords));
            setup.Load();
            configure(setup);

            // Simulated meters follow the saved configuration, at the bus's framing (the installer set them so).
            Bus = new VirtualBus(Clock);
            Line = new MeteredSerialLine(Bus);
            MBusLine = new VirtualMBusLine(Clock);
            Hashtable models = new Hashtable();
            SimulatedMeter[] meters = MeterFactory.ForConfiguration(setup.Active, Clock);
            for (int i = 0; i < meters.Length; i++)
            {
                MeterEntry entry = setup.Active.MeterAt(i);
                if (entry.IsMBus)
                {
                    MBusLine.Attach(new KlefrMBusSimulator((byte)entry.Address, 13070001 + i));
                    continue;
                }

                Bus.Attach(meters[i]);
                Simulators.Add(meters[i]);
                models[entry.Name] = meters[i].Model;
            }

            MeterModel[] sources = new MeterModel[setup.Active.PulseChannelCount];
            for (int i = 0; i < sources.Length; i++)
            {
                PulseChannelEntry channel = setup.Active.PulseChannelAt(i);
                sources[i] = channel.HasLink ? (MeterModel)models[channel.LinkedMeterName] : null;
                if (sources[i] == null && i >= 2 && Simulators.Count > 0)
                {
                    sources[i] = Simulators[i % Simulators.Count].Model;
                }
            }

            Outputs = new S0Outputs(Clock, sources);
            Ports.Clock = Clock;
            Ports.WallClock = Clock;
            Ports.BusLine = Line;
            Ports.MBusLine = new MeteredSerialLine(MBusLine);
            Ports.PulseCapture = Outputs;
            Ports.TotalsStore = TotalsRecords;
            Ports.Network = new FakeNetworkStatus();
            Ports.TransportFactory = Broker;
            Ports.System = new BenchSystem();
        }

        /// <summary>Loads the configuration and builds the collector (what the device does at boot).</summary>
        public Collector Boot()
        {
            Config = new ConfigManager(new ConfigStore(ConfigRecords));
            Config.Load();
            Collector = new Collector(Ports, Config);
            Collector.Start();
            return Collector;
        }

        /// <summary>The device's main loop on virtual time: S0 edges, one Step, then the idle it asks for.</summary>
        public void RunFor(long microseconds)
        {
            long end = Clock.MonotonicMicroseconds + microseconds;
            while (Clock.MonotonicMicroseconds < end)
            {
                Outputs.Emit();
                long before = Clock.MonotonicMicroseconds;
                int idle = Collector.Step();
                Steps++;
                AfterStep?.Invoke();
                if (idle > 0)
                {
                    Clock.Advance(idle);
                }
                else if (Clock.MonotonicMicroseconds == before)
                {
                    Clock.Advance(1000);
                }
            }
        }

        public static void Apply(ConfigManager config, RigParts parts)
        {
            ArrayList warnings = new ArrayList();
            if ((parts & RigParts.Broker) != 0)
            {
                Check(config.Set(SettingKeys.MqttHost, "broker.bench", warnings));
                Check(config.Set(SettingKeys.MqttCollectorId, "bench", warnings));
            }

            // Sixteen meters need the PSRAM envelope (firmware/Core/Config/HeapEnvelope): the ESP32-S3 board, whose
            // S0 inputs are other GPIOs.
            bool psram = (parts & RigParts.SixteenMeters) != 0;
            if (psram)
            {
                Check(config.UseBoard("waveshare-esp32-s3-rs485-can", warnings));
            }

            bool oneMeter = (parts & RigParts.OneMeter) != 0;
            if ((parts & RigParts.Meters) != 0 && oneMeter)
            {
                Check(config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[0]));
            }
            else if ((parts & RigParts.Meters) != 0 && (parts & RigParts.SixteenMeters) != 0)
            {
                string[] types = { MeterTypes.Kpm33bName, MeterTypes.Kpm31Name, MeterTypes.KlefrName, MeterTypes.Sdm630Name };
                string[] names = { "main", "flat", "heatpump", "solar" };
                for (int i = 0; i < 16; i++)
                {
                    Check(config.AddMeter(i < 4 ? names[i] : "meter" + (i + 1), types[i % 4], (i + 1).ToString(), new string[0]));
                }
            }
            else if ((parts & RigParts.Meters) != 0)
            {
                Check(config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[0]));
                Check(config.AddMeter("flat", MeterTypes.Kpm31Name, "2", new string[0]));
                Check(config.AddMeter("heatpump", MeterTypes.KlefrName, "3", new string[0]));
                Check(config.AddMeter("solar", MeterTypes.Sdm630Name, "4", new string[0]));
            }

            if ((parts & RigParts.MBus) != 0)
            {
                Check(config.AddMeter("cabinet", MeterEntry.MBusType, "5", new string[0]));
            }

            if ((parts & RigParts.Pulses) != 0)
            {
                bool linked = (parts & RigParts.Meters) != 0;
                Check(config.AddPulseChannel("main_s0", psram ? "4" : "32", "3200", linked ? new[] { "link=main" } : new string[0], warnings));
                Check(config.AddPulseChannel("flat_s0", psram ? "5" : "33", "1600", linked && !oneMeter ? new[] { "link=flat" } : new string[0], warnings));
                if ((parts & RigParts.EightPulses) != 0)
                {
                    string[] pins = psram ? new[] { "6", "7", "8", "9", "10", "11" } : new[] { "18", "19", "23", "13", "14", "34" };
                    for (int i = 0; i < pins.Length; i++)
                    {
                        Check(config.AddPulseChannel("s0_" + (i + 3), pins[i], "1000", new string[0], warnings));
                    }
                }
            }

            Check(config.Save());
        }

        private static void Check(string error)
        {
            if (error != null)
            {
                throw new InvalidOperationException("benchmark configuration rejected: " + error);
            }
        }

        private sealed class BenchSystem : ISystemControl
        {
            public string BootCause => "power-on";

            public int FreeMemoryBytes() => -1;

            public string ReadTextFile(string path) => null;

            public void Reboot(string cause)
            {
            }
        }
    }
}
