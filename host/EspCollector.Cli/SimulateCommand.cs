using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Serial;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Cli
{
    /// <summary>`simulate`: serves one or several simulated meters on a serial device, for testing other masters.</summary>
    public static class SimulateCommand
    {
        /// <summary>The verb with its options; Modbus runs <see cref="Run"/>.</summary>
        public static Command Build()
        {
            var options = new VerbOptions(new Command("simulate",
                "Serves simulated meters (register maps from the manuals, realistic values) as a Modbus RTU slave on\n" +
                "a serial device, for testing other masters; --also adds meters to the bus. Defaults: 9600 8E1 (sdm630 8N1)."));
            Protocols.AddOption(options);
            options.Text("meter", "type", "meter type (klefr-mbus with --protocol mbus)", true, MeterTypeChoices());
            options.Text("address", "n", "slave address 1..247 (default 1)");
            SerialOptions.Add(options, false, false);
            options.Many("also", "type:n[:cdab]", "another meter on the same line (a simulated bus); repeatable");
            options.Text("word-order", "abcd|cdab", "word order of 32-bit values (sdm630 only; default abcd)", false, "abcd", "cdab");
            options.Text("latency", "ms", "response latency in milliseconds (default 5)");
            options.Text("seed", "n", "seed of the simulated noise (default: the address)");
            options.Text("speed", "x", "simulated seconds per real second (default 1)");
            options.Text("start", "yyyy-MM-ddTHH:mm", "simulated local time at start (default 2024-06-03T00:00)");
            options.Text("generation", "W", "peak of a solar generator behind the meter (default 0)");
            options.Flag("frozen", "keep every value fixed (for exact comparisons)");
            options.Text("fault", "kind[:count]", "silence, corrupt-crc, wrong-byte-count, short-response, exception, delay-mid-frame");
            options.Text("exception", "code", "exception code for --fault exception (default 6)");
            options.Text("delay", "ms", "pause inside the frame for --fault delay-mid-frame (default 50)");
            options.Flag("print-map", "print the register map with the values served (then serve, or exit without --port)");
            options.Text("seconds", "N", "stop by itself after N seconds (default: until Ctrl-C)");
            options.Flag("verbose", "print the values served after each response");
            options.Text("secondary", "8 digits", "M-Bus only: identification number of the first meter (default 13070001)");
            options.Text("meters", "n", "M-Bus only: meters served, at consecutive addresses and numbers (default 1)");
            options.Flag("multi-telegram", "M-Bus only: answer REQ_UD2 in two telegrams (FCB toggling)");
            options.OnRun((parsed, output, error) => Protocols.Dispatch(parsed, output, error, Run, MBusVerbs.Simulate));
            return options.Command;
        }

        private static string[] MeterTypeChoices()
        {
            var choices = new List<string>(MeterFactory.TypeNames);
            choices.Add(MBusVerbs.MeterType);
            return choices.ToArray();
        }

        public static int Run(VerbOptions options, TextWriter output, TextWriter error)
        {
            string type = options.Get("meter");
            if (!MeterFactory.IsKnown(type))
            {
                throw new UsageException($"--meter: unknown meter type '{type}' (known: {string.Join(", ", MeterFactory.TypeNames)})");
            }

            int address = options.GetInt("address", 1, 1, 247);
            SerialSettings settings = SerialOptions.Resolve(options, MeterFactory.DefaultSettings(type));
            WordOrder wordOrder = ParseWordOrder(options.Get("word-order", "abcd"));
            int latency = options.GetInt("latency", 5, 0, 10_000);
            double speed = options.GetDouble("speed", 1, 0, 1_000_000);
            double generation = options.GetDouble("generation", 0, 0, 1_000_000);
            DateTime start = ParseStart(options.Get("start"));
            bool frozen = options.Has("frozen");
            int seconds = options.GetInt("seconds", 0, 0, int.MaxValue);

            var clock = new SystemClock();
            var meters = new List<SimulatedMeter>();
            meters.Add(CreateMeter(type, address, settings, wordOrder, latency, options.GetInt("seed", address, int.MinValue, int.MaxValue), speed, generation, start, clock));
            foreach (string extra in options.GetAll("also"))
            {
                string[] parts = extra.Split(':');
                if (parts.Length < 2 || parts.Length > 3 || !MeterFactory.IsKnown(parts[0]))
                {
                    throw new UsageException($"--also: '{extra}' is not <type>:<address>[:cdab] with a known type");
                }

                int extraAddress;
                if (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out extraAddress) || extraAddress < 1 || extraAddress > 247)
                {
                    throw new UsageException($"--also: '{parts[1]}' is not an address 1..247");
                }

                WordOrder extraOrder = parts.Length == 3 ? ParseWordOrder(parts[2]) : WordOrder.HighWordFirst;
                meters.Add(CreateMeter(parts[0], extraAddress, settings, extraOrder, latency, extraAddress, speed, generation, start, clock));
            }

            var addresses = new HashSet<byte>();
            foreach (var meter in meters)
            {
                if (!addresses.Add(meter.Address))
                {
                    throw new UsageException($"two meters at address {meter.Address}");
                }

                meter.Model.Frozen = frozen;
                ApplyFault(options, meter);
            }

            if (options.Has("print-map"))
            {
                foreach (var meter in meters)
                {
                    MapPrinter.Print(output, meter);
                }
            }

            if (!options.Has("port"))
            {
                if (options.Has("print-map"))
                {
                    return 0;
                }

                throw new UsageException("simulate: --port is required (or --print-map alone)");
            }

            return Serve(options.Get("port"), settings, SerialOptions.Api(options), meters, clock, seconds, options.Has("verbose"), output, error);
        }

        private static int Serve(string port, SerialSettings settings, SerialApi api, List<SimulatedMeter> meters, SystemClock clock, int seconds, bool verbose, TextWriter output, TextWriter error)
        {
            ISerialLine line;
            try
            {
                line = SerialLineFactory.Open(port, settings, api);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is NotSupportedException || exception is ArgumentException)
            {
                error.WriteLine($"simulate: cannot open {port}: {exception.Message}");
                return 1;
            }

            var slave = new ModbusRtuSlave();
            foreach (var meter in meters)
            {
                slave.Add(meter);
            }

            using (var stop = new ManualResetEventSlim(false))
            using (var runner = new SerialSlaveRunner(line, clock, slave, settings))
            {
                ConsoleCancelEventHandler onCancel = (sender, arguments) =>
                {
                    arguments.Cancel = true;
                    stop.Set();
                };
                Console.CancelKeyPress += onCancel;
                using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    stop.Set();
                }))
                {
                    if (verbose)
                    {
                        runner.Responded += answered => PrintValues(output, meters, answered);
                    }

                    runner.Start();
                    var names = new List<string>();
                    foreach (var meter in meters)
                    {
                        names.Add($"{meter.MeterType} at address {meter.Address}");
                    }

                    output.WriteLine($"serving {string.Join(", ", names)} on {port} ({SimulatedMeter.Describe(settings)}); Ctrl-C to stop");
                    output.Flush();
                    if (seconds > 0)
                    {
                        stop.Wait(TimeSpan.FromSeconds(seconds));
                    }
                    else
                    {
                        stop.Wait();
                    }

                    runner.Stop();
                    Console.CancelKeyPress -= onCancel;
                }

                SerialLines.Close(line);
                output.WriteLine($"stopped: {slave.ResponsesSent} responses, {slave.CrcErrors} bad frames, {runner.DiscardedBytes} bytes discarded");
                if (runner.Failure != null)
                {
                    error.WriteLine("simulate: " + runner.Failure.Message);
                    return 1;
                }
            }

            return 0;
        }

        private static void PrintValues(TextWriter output, List<SimulatedMeter> meters, byte answered)
        {
            foreach (var meter in meters)
            {
                if (meter.Address != answered)
                {
                    continue;
                }

                var values = meter.ServedValues;
                var parts = new List<string>();
                foreach (string name in new[] { QuantityNames.VoltageL1, QuantityNames.CurrentL1, QuantityNames.Power, QuantityNames.Frequency, QuantityNames.EnergyImport, QuantityNames.EnergyExport })
                {
                    double value;
                    if (values.TryGetValue(name, out value))
                    {
                        parts.Add(name + "=" + value.ToString("0.###", CultureInfo.InvariantCulture));
                    }
                }

                lock (output)
                {
                    output.WriteLine($"{meter.Model.SimulatedTime:yyyy-MM-ddTHH:mm:ss} {meter.MeterType}@{meter.Address} tariff={meter.Model.CurrentTariff} {string.Join(" ", parts)}");
                    output.Flush();
                }
            }
        }

        private static SimulatedMeter CreateMeter(string type, int address, SerialSettings settings, WordOrder wordOrder, int latency, int seed, double speed, double generation, DateTime start, IClock clock)
        {
            var options = new SimulatedMeterOptions
            {
                Settings = settings,
                WordOrder = wordOrder,
                ResponseLatencyMicroseconds = latency * 1000,
                Model = new MeterModelOptions { Seed = seed, TimeScale = speed, PeakGenerationWatts = generation, StartTime = start },
            };
            return MeterFactory.Create(type, (byte)address, clock, options);
        }

        private static WordOrder ParseWordOrder(string text)
        {
            switch (text.ToLowerInvariant())
            {
                case "abcd":
                    return WordOrder.HighWordFirst;
                case "cdab":
                    return WordOrder.LowWordFirst;
                default:
                    throw new UsageException($"--word-order: '{text}' is not abcd or cdab");
            }
        }

        private static DateTime ParseStart(string text)
        {
            if (text == null)
            {
                return new MeterModelOptions().StartTime;
            }

            DateTime start;
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
            {
                throw new UsageException($"--start: '{text}' is not a date and time like 2024-06-03T18:00");
            }

            return start;
        }

        private static void ApplyFault(VerbOptions options, SimulatedMeter meter)
        {
            string text = options.Get("fault");
            if (text == null)
            {
                return;
            }

            string[] parts = text.Split(':');
            FaultKind kind;
            switch (parts[0])
            {
                case "silence":
                    kind = FaultKind.Silence;
                    break;
                case "corrupt-crc":
                    kind = FaultKind.CorruptCrc;
                    break;
                case "wrong-byte-count":
                    kind = FaultKind.WrongByteCount;
                    break;
                case "short-response":
                    kind = FaultKind.ShortResponse;
                    break;
                case "exception":
                    kind = FaultKind.Exception;
                    break;
                case "delay-mid-frame":
                    kind = FaultKind.DelayMidFrame;
                    break;
                default:
                    throw new UsageException($"--fault: unknown fault '{parts[0]}'");
            }

            int count = -1;
            if (parts.Length > 1 && (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < 1))
            {
                throw new UsageException($"--fault: '{parts[1]}' is not a count of responses");
            }

            meter.Faults.ExceptionCode = (ModbusExceptionCode)options.GetInt("exception", 6, 1, 255);
            meter.Faults.DelayMicroseconds = options.GetInt("delay", 50, 0, 60_000) * 1000;
            meter.Faults.Set(kind, count);
        }
    }
}
