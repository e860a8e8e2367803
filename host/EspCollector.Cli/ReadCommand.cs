using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters;

namespace EspCollector.Cli
{
    /// <summary>
    /// `read`: identity and values of one meter, read with the firmware's own ModbusMaster and table-driven
    /// MeterDriver (every block of the driver's plan once, as the collector's poller would).
    /// </summary>
    public static class ReadCommand
    {
        /// <summary>The verb with its options; Modbus runs <see cref="Run"/>.</summary>
        public static Command Build()
        {
            var options = new VerbOptions(new Command("read",
                "Reads the identity and every value of one meter with the collector's own Modbus master and driver\n" +
                "(units V, A, W, var, VA, Hz, kWh, kvarh; serial settings default to the meter's factory ones)."));
            Protocols.AddOption(options);
            options.Text("meter", "type", "meter type (klefr-mbus with --protocol mbus)", true, "kpm33b", "kpm31", "klefr", "sdm630", MBusVerbs.MeterType);
            options.Text("address", "n", "slave address 1..247 (M-Bus: primary address 0..250)");
            options.Text("secondary", "8 digits", "M-Bus only: read by secondary address (identification number) instead of --address");
            SerialOptions.Add(options, true, false);
            options.Text("word-order", "auto|abcd|cdab", "word order of 32-bit values (default auto: told from the frequency)", false, "auto", "abcd", "cdab");
            options.Text("timeout", "ms", "response timeout in milliseconds (default 1000)");
            options.Flag("history", "also read the monthly history registers (Compere meters)");
            options.Flag("json", "print one JSON object {meter, address, identity, values}");
            options.OnRun((parsed, output, error) => Protocols.Dispatch(parsed, output, error, Run, MBusVerbs.Read));
            return options.Command;
        }

        public static int Run(VerbOptions options, TextWriter output, TextWriter error)
        {
            if (options.Get("address") == null || options.Get("secondary") != null)
            {
                throw new UsageException("--address <1..247> is required for Modbus (--secondary is M-Bus only: add --protocol mbus)");
            }

            MeterType type = MeterTypes.Find(options.Get("meter"));
            if (type == null)
            {
                throw new UsageException($"--meter: unknown meter type '{options.Get("meter")}' (known: kpm33b, kpm31, klefr, sdm630)");
            }

            byte address = (byte)options.GetInt("address", 1, 1, 247);
            SerialSettings serial = SerialOptions.Resolve(options, type.DefaultSerialSettings);
            var meterSettings = new MeterSettings { ReadHistory = options.Has("history") };
            string order = options.Get("word-order", "auto").ToLowerInvariant();
            switch (order)
            {
                case "auto":
                    meterSettings.DetectWordOrder = true;
                    meterSettings.WordOrder = type.DocumentedWordOrder;
                    break;
                case "abcd":
                    meterSettings.DetectWordOrder = false;
                    meterSettings.WordOrder = WordOrder.HighWordFirst;
                    break;
                case "cdab":
                    meterSettings.DetectWordOrder = false;
                    meterSettings.WordOrder = WordOrder.LowWordFirst;
                    break;
                default:
                    throw new UsageException($"--word-order: '{order}' is not auto, abcd or cdab");
            }

            var busSettings = new BusSettings
            {
                BaudRate = serial.BaudRate,
                Parity = serial.Parity,
                StopBits = serial.StopBits,
                ResponseTimeoutMicroseconds = options.GetInt("timeout", 1000, 10, 60_000) * 1000,
            };
            string port = options.Get("port");
            ISerialLine line = SerialLines.OpenOrReport("read", port, serial, SerialOptions.Api(options), error);
            if (line == null)
            {
                return Program.ExitFailure;
            }

            try
            {
                var driver = new MeterDriver(type, address, meterSettings);
                var master = new ModbusMaster(line, new SystemClock(), busSettings);
                int failed = ReadOnce(master, driver, error);
                if (failed == driver.Blocks.Length)
                {
                    error.WriteLine($"read: {type.Name} at address {address} did not answer on {port} ({serial.BaudRate} {busSettings.FramingName})");
                    return Program.ExitFailure;
                }

                if (options.Has("json"))
                {
                    output.WriteLine(ToJson(driver));
                }
                else
                {
                    WriteText(output, driver, busSettings);
                }

                return Program.ExitOk;
            }
            finally
            {
                SerialLines.Close(line);
            }
        }

        /// <summary>
        /// Reads every block of the driver once; when the driver learns the word order from the frequency during
        /// the pass, the pass is repeated so every value is decoded in the right order. Returns the failed blocks.
        /// </summary>
        public static int ReadOnce(ModbusMaster master, MeterDriver driver, TextWriter error)
        {
            int failed = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                WordOrder before = driver.WordOrder;
                failed = 0;
                RegisterBlock[] blocks = driver.Blocks;
                for (int index = 0; index < blocks.Length; index++)
                {
                    RegisterBlock block = blocks[index];
                    ModbusStatus status = master.Read(driver.Address, block.FunctionCode, block.StartAddress, block.Quantity);
                    if (status == ModbusStatus.Ok)
                    {
                        driver.OnBlockRead(index, master.ResponseBuffer, master.ResponseDataOffset, master.ResponseDataLength, 0);
                    }
                    else
                    {
                        failed++;
                        driver.OnBlockFailed(index, status);
                        error.WriteLine($"read: block FC{block.FunctionCode:D2} 0x{block.StartAddress:X4}+{block.Quantity}: {ModbusPdu.StatusName(status)}");
                    }
                }

                if (driver.WordOrder == before)
                {
                    break;
                }
            }

            return failed;
        }

        public static string ToJson(MeterDriver driver)
        {
            using (var stream = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteString("meter", driver.Type.Name);
                    json.WriteNumber("address", driver.Address);
                    json.WriteStartObject("identity");
                    foreach (var pair in IdentityFields(driver))
                    {
                        json.WriteString(pair.Key, pair.Value);
                    }

                    json.WriteEndObject();
                    json.WriteStartObject("values");
                    MeterReadings readings = driver.Readings;
                    lock (readings.SyncRoot)
                    {
                        for (int index = 0; index < readings.Count; index++)
                        {
                            double value = readings.ValueAt(index);
                            if (readings.IsValid(index) && !double.IsNaN(value) && !double.IsInfinity(value))
                            {
                                json.WriteNumber(readings.NameAt(index), value);
                            }
                        }
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static List<KeyValuePair<string, string>> IdentityFields(MeterDriver driver)
        {
            MeterIdentity identity = driver.Identity;
            var fields = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("manufacturer", identity.Manufacturer),
                new KeyValuePair<string, string>("model", identity.Model),
            };
            if (identity.SerialNumber.Length > 0)
            {
                fields.Add(new KeyValuePair<string, string>("serial_number", identity.SerialNumber));
            }

            if (identity.FirmwareVersion.Length > 0)
            {
                fields.Add(new KeyValuePair<string, string>("firmware_version", identity.FirmwareVersion));
            }

            if (identity.MeterCode.Length > 0)
            {
                fields.Add(new KeyValuePair<string, string>("meter_code", identity.MeterCode));
            }

            fields.Add(new KeyValuePair<string, string>("word_order", driver.WordOrder == WordOrder.HighWordFirst ? "ABCD" : "CDAB"));
            return fields;
        }

        private static void WriteText(TextWriter output, MeterDriver driver, BusSettings bus)
        {
            output.WriteLine($"{driver.Type.Name} at address {driver.Address} ({driver.Identity.Manufacturer} {driver.Identity.Model}), {bus.BaudRate} {bus.FramingName}");
            foreach (var pair in IdentityFields(driver))
            {
                if (pair.Key != "manufacturer" && pair.Key != "model")
                {
                    output.WriteLine($"  {pair.Key,-28} {pair.Value}");
                }
            }

            MeterReadings readings = driver.Readings;
            lock (readings.SyncRoot)
            {
                for (int index = 0; index < readings.Count; index++)
                {
                    string value = readings.IsValid(index)
                        ? readings.ValueAt(index).ToString("0.####", CultureInfo.InvariantCulture)
                        : "(no value)";
                    output.WriteLine($"  {readings.NameAt(index),-28} {value} {readings.UnitAt(index)}");
                }
            }
        }
    }
}
