using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using EspCollector.Core.MBus;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Serial;
using EspCollector.Simulators.MBus;

namespace EspCollector.Cli.MBus
{
    /// <summary>
    /// The PC tool's M-Bus operations (`espc read|scan|simulate --protocol mbus`), on the firmware's own M-Bus
    /// master and KLEFR M-bus driver, through an M-Bus level converter (or a pseudo terminal). Each returns an
    /// exit code: 0 success, 1 the job failed (no answer, cannot open the port), 2 bad arguments; messages go to
    /// the given writer, prefixed with the verb.
    /// </summary>
    public static class MBusOperations
    {
        public const int ExitOk = 0;
        public const int ExitFailure = 1;
        public const int ExitUsage = 2;

        /// <summary>Reads one meter at a primary address (0..250, or 254 = FE) or, when <paramref name="secondary"/>
        /// is 8 digits, by secondary address; prints text or one JSON object {meter, address, secondary, identity, values}.</summary>
        public static int Read(string port, string meter, int address, string secondary, int baud, bool json, TextWriter output)
        {
            string problem = CheckReadArguments(meter, address, secondary, baud);
            if (problem != null)
            {
                output.WriteLine("read: " + problem);
                return ExitUsage;
            }

            ISerialLine line = OpenOrReport("read", port, baud, output);
            if (line == null)
            {
                return ExitFailure;
            }

            try
            {
                return Read(line, new SystemClock(), meter, address, secondary, baud, json, output);
            }
            finally
            {
                (line as IDisposable)?.Dispose();
            }
        }

        /// <summary>As <see cref="Read(string, string, int, string, int, bool, TextWriter)"/> on an open line.</summary>
        public static int Read(ISerialLine line, IClock clock, string meter, int address, string secondary, int baud, bool json, TextWriter output)
        {
            string problem = CheckReadArguments(meter, address, secondary, baud);
            if (problem != null)
            {
                output.WriteLine("read: " + problem);
                return ExitUsage;
            }

            var master = new MBusMaster(line, clock, new MBusSettings { BaudRate = baud });
            var telegram = new MBusTelegram();
            var values = new double[KlefrMBus.Count];
            var present = new bool[KlefrMBus.Count];
            MBusStatus status = secondary != null
                ? KlefrMBus.ReadSecondary(master, telegram, int.Parse(secondary), values, present)
                : KlefrMBus.Read(master, telegram, (byte)address, values, present);
            if (status != MBusStatus.Ok)
            {
                string where = secondary != null ? "secondary address " + secondary : "address " + address;
                output.WriteLine($"read: {meter} at {where}: {MBusStatusNames.Name(status)} ({baud} 8E1)");
                return ExitFailure;
            }

            if (json)
            {
                output.WriteLine(ToJson(meter, master.ResponseAddress, telegram, values, present));
            }
            else
            {
                output.WriteLine($"{meter} at address {master.ResponseAddress}, identification {telegram.IdentificationNumber:D8}, "
                    + $"manufacturer {MBusFrame.ManufacturerLetters(telegram.Manufacturer)}, version {telegram.Version}, medium {MediumName(telegram.Medium)}");
                for (int row = 0; row < KlefrMBus.Count; row++)
                {
                    if (present[row])
                    {
                        output.WriteLine($"  {KlefrMBus.Quantities[row],-20} {values[row].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),12} kWh");
                    }
                }
            }

            return ExitOk;
        }

        /// <summary>The primary scan (REQ_UD2 to 0..250) or, with <paramref name="secondary"/>, the wildcard
        /// secondary search; one line or one JSON object per meter found.</summary>
        public static int Scan(string port, int baud, bool secondary, bool json, TextWriter output)
        {
            if (!MBusTiming.IsSupportedBaudRate(baud))
            {
                output.WriteLine("scan: --baud must be 300, 600, 1200, 2400, 4800 or 9600");
                return ExitUsage;
            }

            ISerialLine line = OpenOrReport("scan", port, baud, output);
            if (line == null)
            {
                return ExitFailure;
            }

            try
            {
                return Scan(line, new SystemClock(), baud, secondary, json, output);
            }
            finally
            {
                (line as IDisposable)?.Dispose();
            }
        }

        public static int Scan(ISerialLine line, IClock clock, int baud, bool secondary, bool json, TextWriter output)
        {
            var master = new MBusMaster(line, clock, new MBusSettings { BaudRate = baud });
            var search = new MBusSearch(master, 250);
            int found = secondary ? search.SearchSecondary() : search.ScanPrimary(0, MBusFrame.MaximumPrimaryAddress);
            for (int index = 0; index < found; index++)
            {
                string identification = search.IdentificationAt(index).ToString("D8");
                string manufacturer = MBusFrame.ManufacturerLetters(search.ManufacturerAt(index));
                if (json)
                {
                    output.WriteLine(JsonObject(writer =>
                    {
                        writer.WriteNumber("address", search.AddressAt(index));
                        writer.WriteString("secondary", identification);
                        writer.WriteString("manufacturer", manufacturer);
                        writer.WriteNumber("version", search.VersionAt(index));
                        writer.WriteString("medium", MediumName(search.MediumAt(index)));
                    }));
                }
                else
                {
                    output.WriteLine($"address {search.AddressAt(index),3}  identification {identification}  manufacturer {manufacturer}  "
                        + $"version {search.VersionAt(index)}  medium {MediumName(search.MediumAt(index))}");
                }
            }

            if (!json)
            {
                string probes = secondary ? $", {search.Probes} selections" : string.Empty;
                output.WriteLine($"scan: {found} meter(s) found ({search.Reads} reads{probes}, {master.Statistics.Collisions} collisions)");
            }

            return found > 0 ? ExitOk : ExitFailure;
        }

        /// <summary>Serves simulated KLEFR M-bus meters on a serial device for <paramref name="seconds"/> (0 = until
        /// <paramref name="stop"/> is cancelled). Prints "serving ..." once the port is open.</summary>
        public static int Simulate(string port, int baud, byte address, int identificationNumber, int extraMeters, bool multiTelegram,
            int seconds, TextWriter output, CancellationToken stop)
        {
            if (!MBusTiming.IsSupportedBaudRate(baud) || address > MBusFrame.MaximumPrimaryAddress
                || identificationNumber < 0 || identificationNumber > 99999999 || extraMeters < 0 || extraMeters > 32)
            {
                output.WriteLine("simulate: bad arguments (baud 300..9600, address 0..250, secondary 8 digits, extra meters 0..32)");
                return ExitUsage;
            }

            ISerialLine line = OpenOrReport("simulate", port, baud, output);
            if (line == null)
            {
                return ExitFailure;
            }

            try
            {
                var clock = new SystemClock();
                using (var runner = new MBusSlaveRunner(line, clock, baud))
                {
                    for (int index = 0; index <= extraMeters; index++)
                    {
                        var meter = new KlefrMBusSimulator((byte)((address + index) % (MBusFrame.MaximumPrimaryAddress + 1)),
                            (identificationNumber + index) % 100000000)
                        {
                            BaudRate = baud,
                            MultiTelegram = multiTelegram,
                        };
                        runner.Add(meter);
                    }

                    runner.Start();
                    output.WriteLine($"serving {extraMeters + 1} klefr-mbus meter(s) from address {address}, identification {identificationNumber:D8}, on {port} at {baud} 8E1");
                    output.Flush();
                    stop.WaitHandle.WaitOne(seconds > 0 ? seconds * 1000 : Timeout.Infinite);
                    runner.Stop();
                    if (runner.Failure != null)
                    {
                        output.WriteLine("simulate: " + runner.Failure.Message);
                        return ExitFailure;
                    }

                    output.WriteLine($"simulate: {runner.Requests} requests, {runner.DroppedBytes} bytes dropped");
                    return ExitOk;
                }
            }
            finally
            {
                (line as IDisposable)?.Dispose();
            }
        }

        public static string ToJson(string meter, byte address, MBusTelegram telegram, double[] values, bool[] present)
        {
            return JsonObject(writer =>
            {
                writer.WriteString("meter", meter);
                writer.WriteNumber("address", address);
                writer.WriteString("secondary", telegram.IdentificationNumber.ToString("D8"));
                writer.WriteStartObject("identity");
                writer.WriteString("identification", telegram.IdentificationNumber.ToString("D8"));
                writer.WriteString("manufacturer", MBusFrame.ManufacturerLetters(telegram.Manufacturer));
                writer.WriteNumber("version", telegram.Version);
                writer.WriteString("medium", MediumName(telegram.Medium));
                writer.WriteEndObject();
                writer.WriteStartObject("values");
                for (int row = 0; row < values.Length; row++)
                {
                    if (present[row])
                    {
                        writer.WriteNumber(KlefrMBus.Quantities[row], values[row]);
                    }
                }

                writer.WriteEndObject();
            });
        }

        private static string CheckReadArguments(string meter, int address, string secondary, int baud)
        {
            if (meter != KlefrMBus.MeterTypeName)
            {
                return "--meter must be " + KlefrMBus.MeterTypeName;
            }

            if (!MBusTiming.IsSupportedBaudRate(baud))
            {
                return "--baud must be 300, 600, 1200, 2400, 4800 or 9600";
            }

            if (secondary != null)
            {
                if (secondary.Length != 8 || !ulong.TryParse(secondary, out _))
                {
                    return "--secondary must be 8 digits";
                }

                return null;
            }

            return address >= 0 && (address <= MBusFrame.MaximumPrimaryAddress || address == MBusFrame.BroadcastWithAnswer)
                ? null
                : "--address must be 0..250 (or 254, the broadcast one meter answers)";
        }

        private static string MediumName(byte medium) => medium == KlefrMBus.MediumElectricity ? "electricity" : "0x" + medium.ToString("X2");

        private static ISerialLine OpenOrReport(string verb, string port, int baud, TextWriter output)
        {
            // Opened here rather than through the verbs' shared helper, so these operations depend on the host
            // serial adapter only.
            TermiosSerialLine line = null;
            try
            {
                line = new TermiosSerialLine(port);
                line.Configure(new SerialSettings(baud, SerialParity.Even, 1));
                return line;
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is NotSupportedException)
            {
                line?.Dispose();
                output.WriteLine($"{verb}: cannot open {port}: {exception.Message}");
                return null;
            }
        }

        private static string JsonObject(Action<Utf8JsonWriter> body)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    body(writer);
                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }
    }
}
