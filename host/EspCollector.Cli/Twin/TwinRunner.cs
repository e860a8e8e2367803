using System;
using System.Collections;
using System.IO;
using System.Threading;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Mqtt;
using EspCollector.HostAdapters.Storage;
using EspCollector.Simulators.MBus;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;
using MQTTnet.Formatter;

namespace EspCollector.Twin
{
    /// <summary>
    /// Runs the collector's main job (Core/App/Collector, exactly as on the ESP32) on this machine: four simulated
    /// meters of the four supported Modbus types on an in-process RS485 bus, a KLEFR M-bus version on a second,
    /// in-process M-Bus, two S0 pulse outputs following two of them,
    /// configuration and pulse totals in files (so a restart keeps them), the console on stdin/stdout and MQTT to
    /// a broker (127.0.0.1:1883 by default; readings are kept while it is unreachable). `espc twin` runs it.
    /// With a terminal on stdout it shows a live table (<see cref="LiveView"/>); otherwise plain summary lines.
    /// </summary>
    public static class TwinRunner
    {
        public static int Run(TwinOptions options)
        {
            if (options.Fresh && Directory.Exists(options.StateDirectory))
            {
                Directory.Delete(options.StateDirectory, true);
            }

            Directory.CreateDirectory(options.StateDirectory);
            Console.WriteLine("EspCollector twin: state in " + options.StateDirectory + ", broker from mqtt.host (first start: "
                + options.BrokerHost + ":" + options.BrokerPort + ", MQTT " + (options.MqttVersion == MqttProtocolVersion.V500 ? "5" : "3.1.1") + ")");

            using (CancellationTokenSource stop = new CancellationTokenSource())
            {
                Console.CancelKeyPress += (sender, e) => { e.Cancel = true; stop.Cancel(); };
                if (options.Seconds > 0)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
                }

                if (options.Live)
                {
                    LiveView.Run(view => Boots(options, view, stop.Token));
                }
                else
                {
                    Boots(options, null, stop.Token);
                }
            }

            return 0;
        }

        /// <summary>One iteration is one "boot" of the collector; a reboot command starts the next.</summary>
        private static void Boots(TwinOptions options, LiveView view, CancellationToken stop)
        {
            string bootCause = "power-on";
            while (!stop.IsCancellationRequested && bootCause != null)
            {
                bootCause = RunOnce(options, view, bootCause, stop);
            }
        }

        /// <summary>Runs until stopped (returns null) or rebooted (returns the cause).</summary>
        private static string RunOnce(TwinOptions options, LiveView view, string bootCause, CancellationToken stop)
        {
            SystemClock clock = new SystemClock();
            TwinSystem system = new TwinSystem(bootCause);
            ConfigManager config = new ConfigManager(new ConfigStore(new FileRecordStore(
                Path.Combine(options.StateDirectory, "config"), 2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            if (config.LoadOutcome == ConfigLoadOutcome.FirstBoot)
            {
                BuiltInDefaults.Apply(config, options);
            }

            // The meters on the simulated bus follow the configuration, so `meter add` in the console can add one.
            VirtualBus bus = new VirtualBus(clock);
            VirtualMBusLine mbus = new VirtualMBusLine(clock);
            Hashtable models = new Hashtable();
            SimulatedMeter[] meters = MeterFactory.ForConfiguration(config.Active, clock);
            for (int i = 0; i < meters.Length; i++)
            {
                MeterEntry entry = config.Active.MeterAt(i);
                if (entry.IsMBus)
                {
                    // The second bus: a KLEFR M-bus version at the configured address (a secondary address is its
                    // identification number), at the configured M-Bus baud rate.
                    KlefrMBusSimulator klefr = new KlefrMBusSimulator(entry.SecondaryAddress >= 0 ? (byte)0 : (byte)entry.Address,
                        entry.SecondaryAddress >= 0 ? entry.SecondaryAddress : 10000000 + i);
                    klefr.BaudRate = SettingsMapper.MBus(config.Active).BaudRate;
                    mbus.Attach(klefr);
                    continue;
                }

                bus.Attach(meters[i]);
                models[entry.Name] = meters[i].Model;
            }

            MeterModel[] pulseSources = new MeterModel[config.Active.PulseChannelCount];
            for (int i = 0; i < pulseSources.Length; i++)
            {
                PulseChannelEntry channel = config.Active.PulseChannelAt(i);
                pulseSources[i] = channel.HasLink ? (MeterModel)models[channel.LinkedMeterName] : null;
            }

            CollectorPorts ports = new CollectorPorts();
            ports.Clock = clock;
            ports.WallClock = clock;
            ports.System = system;
            ports.BusLine = bus;
            ports.MBusLine = mbus;
            ports.TotalsStore = new FileRecordStore(Path.Combine(options.StateDirectory, "pulses"), 2, PulseTotalsStore.RecommendedSlotCapacity);
            ports.Network = new HostNetworkStatus(new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 });
            ports.TransportFactory = new MqttNetTransportFactory(options.MqttVersion);
            using (SimulatedPulseOutputs pulses = new SimulatedPulseOutputs(clock, pulseSources))
            {
                ports.PulseCapture = pulses;
                Collector collector = new Collector(ports, config);
                collector.Start();
                StdioConsole console = options.Console ? new StdioConsole(view) : null;
                if (console != null)
                {
                    console.Start(new ConsoleSession(console, collector, config, clock, true));
                }

                // The live table is redrawn every second; plain summaries come every --summary seconds.
                long period = view != null ? 1000000L : options.SummarySeconds * 1000000L;
                long nextSummary = clock.MonotonicMicroseconds + (view != null ? 0 : period);
                while (!stop.IsCancellationRequested && system.RebootCause == null)
                {
                    int idle = collector.Step();
                    if (period > 0 && clock.MonotonicMicroseconds >= nextSummary)
                    {
                        nextSummary = clock.MonotonicMicroseconds + period;
                        if (view != null)
                        {
                            view.Show(collector, config, clock.MonotonicMicroseconds);
                        }
                        else
                        {
                            Summary.Print(collector, Console.Out);
                        }
                    }

                    stop.WaitHandle.WaitOne(Math.Max(1, idle / 1000));
                }

                if (system.RebootCause == null)
                {
                    collector.PrepareForReboot("twin stopped");
                    pulses.Stop();
                    Say(view, "stopped; pulse totals saved.");
                    return null;
                }

                Say(view, "rebooting (" + system.RebootCause + ")");
                return system.RebootCause;
            }
        }

        private static void Say(LiveView view, string line)
        {
            if (view != null)
            {
                view.Log(line);
            }
            else
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary>The twin's settings from `espc twin` (see TwinCommand for their help).</summary>
    public sealed class TwinOptions
    {
        public int Seconds;
        public string BrokerHost = "127.0.0.1";
        public int BrokerPort = 1883;
        public string StateDirectory = Path.Combine(Path.GetTempPath(), "espcollector-twin");
        public bool Fresh;
        public int SummarySeconds = 10;
        public bool Console = true;
        public MqttProtocolVersion MqttVersion = MqttProtocolVersion.V311;

        /// <summary>The live table instead of summary lines (default: when stdout is a terminal).</summary>
        public bool Live;
    }
}
