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
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Twin
{
    /// <summary>
    /// Runs the collector's main job (Core/App/Collector, exactly as on the ESP32) on this machine: four simulated
    /// meters of the four supported types on an in-process RS485 bus, two S0 pulse outputs following two of them,
    /// configuration and pulse totals in files (so a restart keeps them), the console on stdin/stdout and MQTT to
    /// a broker (127.0.0.1:1883 by default; readings are kept while it is unreachable).
    /// </summary>
    public static class Program
    {
        private const string Usage =
            "usage: dotnet run --project host/EspCollector.Twin -- [options]\n" +
            "  --seconds <n>        stop after n seconds (default: run until Ctrl-C)\n" +
            "  --broker <host[:port]>  MQTT broker on first start (default 127.0.0.1:1883)\n" +
            "  --state <dir>        where configuration and pulse totals live (default: $TMPDIR/espcollector-twin)\n" +
            "  --fresh              forget the saved configuration and totals first\n" +
            "  --summary <seconds>  print a summary of readings this often (default 10, 0 = never)\n" +
            "  --no-console         do not read console commands from stdin";

        public static int Main(string[] args)
        {
            ProgramOptions options;
            string error = ProgramOptions.Parse(args, out options);
            if (error != null)
            {
                Console.Error.WriteLine("error: " + error);
                Console.Error.WriteLine(Usage);
                return error == "help" ? 0 : 2;
            }

            if (options.Fresh && Directory.Exists(options.StateDirectory))
            {
                Directory.Delete(options.StateDirectory, true);
            }

            Directory.CreateDirectory(options.StateDirectory);
            Console.WriteLine("EspCollector twin: state in " + options.StateDirectory + ", broker from mqtt.host (first start: "
                + options.BrokerHost + ":" + options.BrokerPort + ")");

            using (CancellationTokenSource stop = new CancellationTokenSource())
            {
                Console.CancelKeyPress += (sender, e) => { e.Cancel = true; stop.Cancel(); };
                if (options.Seconds > 0)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
                }

                string bootCause = "power-on";
                while (!stop.IsCancellationRequested)
                {
                    // One iteration is one "boot" of the collector; a reboot command starts the next.
                    bootCause = RunOnce(options, bootCause, stop.Token);
                    if (bootCause == null)
                    {
                        break;
                    }
                }
            }

            return 0;
        }

        /// <summary>Runs until stopped (returns null) or rebooted (returns the cause).</summary>
        private static string RunOnce(ProgramOptions options, string bootCause, CancellationToken stop)
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
            Hashtable models = new Hashtable();
            for (int i = 0; i < config.Active.MeterCount; i++)
            {
                MeterEntry entry = config.Active.MeterAt(i);
                SimulatedMeterOptions meterOptions = new SimulatedMeterOptions();
                meterOptions.Settings = SettingsMapper.Bus(config.Active).ToSerialSettings();
                meterOptions.WordOrder = entry.Type == MeterTypes.Sdm630Name ? EspCollector.Simulators.Modbus.WordOrder.LowWordFirst : EspCollector.Simulators.Modbus.WordOrder.HighWordFirst;
                SimulatedMeter meter = MeterFactory.Create(entry.Type, (byte)entry.Address, clock, meterOptions);
                bus.Attach(meter);
                models[entry.Name] = meter.Model;
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
            ports.TotalsStore = new FileRecordStore(Path.Combine(options.StateDirectory, "pulses"), 2, PulseTotalsStore.RecommendedSlotCapacity);
            ports.Network = new HostNetworkStatus(new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 });
            ports.TransportFactory = new MqttNetTransportFactory();
            using (SimulatedPulseOutputs pulses = new SimulatedPulseOutputs(clock, pulseSources))
            {
                ports.PulseCapture = pulses;
                Collector collector = new Collector(ports, config);
                collector.Start();
                StdioConsole console = options.Console ? new StdioConsole() : null;
                if (console != null)
                {
                    console.Start(new ConsoleSession(console, collector, config, clock, true));
                }

                long nextSummary = clock.MonotonicMicroseconds + options.SummarySeconds * 1000000L;
                while (!stop.IsCancellationRequested && system.RebootCause == null)
                {
                    int idle = collector.Step();
                    if (options.SummarySeconds > 0 && clock.MonotonicMicroseconds >= nextSummary)
                    {
                        nextSummary += options.SummarySeconds * 1000000L;
                        Summary.Print(collector, Console.Out);
                    }

                    stop.WaitHandle.WaitOne(Math.Max(1, idle / 1000));
                }

                if (system.RebootCause == null)
                {
                    collector.PrepareForReboot("twin stopped");
                    pulses.Stop();
                    Console.WriteLine("stopped; pulse totals saved.");
                    return null;
                }

                Console.WriteLine("rebooting (" + system.RebootCause + ")");
                return system.RebootCause;
            }
        }

        public sealed class ProgramOptions
        {
            public int Seconds;
            public string BrokerHost = "127.0.0.1";
            public int BrokerPort = 1883;
            public string StateDirectory = Path.Combine(Path.GetTempPath(), "espcollector-twin");
            public bool Fresh;
            public int SummarySeconds = 10;
            public bool Console = true;

            public static string Parse(string[] args, out ProgramOptions options)
            {
                options = new ProgramOptions();
                for (int i = 0; i < args.Length; i++)
                {
                    string value = i + 1 < args.Length ? args[i + 1] : null;
                    switch (args[i])
                    {
                        case "--help":
                        case "-h":
                            return "help";
                        case "--seconds":
                            if (!int.TryParse(value, out options.Seconds) || options.Seconds < 1)
                            {
                                return "--seconds takes a whole number of seconds, 1 or more";
                            }

                            i++;
                            break;
                        case "--broker":
                            if (string.IsNullOrEmpty(value))
                            {
                                return "--broker takes host or host:port";
                            }

                            string[] parts = value.Split(':');
                            options.BrokerHost = parts[0];
                            if (parts.Length > 1 && (!int.TryParse(parts[1], out options.BrokerPort) || options.BrokerPort < 1 || options.BrokerPort > 65535))
                            {
                                return "--broker port must be 1..65535";
                            }

                            i++;
                            break;
                        case "--state":
                            if (string.IsNullOrEmpty(value))
                            {
                                return "--state takes a directory";
                            }

                            options.StateDirectory = value;
                            i++;
                            break;
                        case "--fresh":
                            options.Fresh = true;
                            break;
                        case "--summary":
                            if (!int.TryParse(value, out options.SummarySeconds) || options.SummarySeconds < 0)
                            {
                                return "--summary takes a whole number of seconds, 0 or more";
                            }

                            i++;
                            break;
                        case "--no-console":
                            options.Console = false;
                            break;
                        default:
                            return "unknown option '" + args[i] + "'";
                    }
                }

                return null;
            }
        }
    }
}
