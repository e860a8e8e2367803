using System;
using System.CommandLine;
using System.IO;
using EspCollector.Twin;
using MQTTnet.Formatter;

namespace EspCollector.Cli
{
    /// <summary>`twin`: the collector's main job on this machine (<see cref="TwinRunner"/>).</summary>
    public static class TwinCommand
    {
        public static Command Build()
        {
            var options = new VerbOptions(new Command("twin",
                "Runs the collector's main job here: simulated meters and S0 pulses, the console on stdin (type help),\n" +
                "MQTT to a broker; a live table on a terminal, summary lines otherwise. Until Ctrl-C or --seconds."));
            options.Text("seconds", "n", "stop after n seconds (default: run until Ctrl-C)");
            options.Text("broker", "host[:port]", "MQTT broker on first start (default 127.0.0.1:1883)");
            options.Text("mqtt-version", "3.1.1|5", "MQTT protocol version (default 3.1.1)", false, "3.1.1", "5");
            options.Text("state", "dir", "where configuration and pulse totals live (default: $TMPDIR/espcollector-twin)");
            options.Flag("fresh", "forget the saved configuration and totals first");
            options.Text("summary", "seconds", "print a summary of readings this often without the live view (default 10, 0 = never)");
            options.Flag("no-console", "do not read console commands from stdin");
            options.Flag("plain", "plain summary lines even when stdout is a terminal");
            options.Text("device-model", "esp32", "ports with the ESP32's device behaviour (UART chunks, time sources, PCNT counters,\n" +
                "a 30 s blocking MQTT connect on its own thread) on a virtual clock against an in-memory broker: runs --seconds of\n" +
                "simulated time (default a day) in seconds, checks every value against ground truth, exits 1 on a mismatch", false, DeviceModelTwin.Esp32);
            options.OnRun(Run);
            return options.Command;
        }

        private static int Run(VerbOptions options, TextWriter output, TextWriter error)
        {
            if (options.Get("device-model") != null)
            {
                return RunDeviceModel(options.GetInt("seconds", 86400, 1, int.MaxValue), output);
            }

            var twin = new TwinOptions();
            twin.Seconds = options.GetInt("seconds", 0, 1, int.MaxValue);
            string broker = options.Get("broker");
            if (broker != null)
            {
                string[] parts = broker.Split(':');
                if (parts[0].Length == 0 || parts.Length > 2)
                {
                    throw new UsageException($"--broker: '{broker}' is not host or host:port");
                }

                twin.BrokerHost = parts[0];
                if (parts.Length > 1 && (!int.TryParse(parts[1], out twin.BrokerPort) || twin.BrokerPort < 1 || twin.BrokerPort > 65535))
                {
                    throw new UsageException($"--broker: port '{parts[1]}' is not 1..65535");
                }
            }

            twin.MqttVersion = options.Get("mqtt-version", "3.1.1") == "5" ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
            twin.StateDirectory = options.Get("state", twin.StateDirectory);
            twin.Fresh = options.Has("fresh");
            twin.SummarySeconds = options.GetInt("summary", 10, 0, int.MaxValue);
            twin.Console = !options.Has("no-console");
            twin.Live = !options.Has("plain") && !Console.IsOutputRedirected && output == Console.Out;
            return TwinRunner.Run(twin);
        }

        private static int RunDeviceModel(int seconds, TextWriter output)
        {
            using (var twin = new DeviceModelTwin())
            {
                output.WriteLine("EspCollector twin on the ESP32 device model: " + seconds + " s of simulated time from " + DeviceModelTwin.WallStart.ToString("u"));
                twin.RunFor(seconds * 1_000_000L);
                twin.Verify();
                twin.Print(output);
                output.WriteLine(twin.Mismatches.Count == 0 ? "every value matched ground truth" : twin.Mismatches.Count + " value(s) did not match ground truth");
                return twin.Mismatches.Count == 0 ? 0 : 1;
            }
        }
    }
}
