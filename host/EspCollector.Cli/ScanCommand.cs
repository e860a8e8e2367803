using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters;

namespace EspCollector.Cli
{
    /// <summary>`scan`: the firmware's bus scan (BusScanner) over a serial device, one line per meter found.</summary>
    public static class ScanCommand
    {
        /// <summary>The verb with its options; Modbus runs <see cref="Run"/>.</summary>
        public static Command Build()
        {
            var options = new VerbOptions(new Command("scan",
                "Finds the meters on a bus: probes every address at each baud rate and parity given and identifies\n" +
                "each meter that answers (about 0.2 s per silent address: under a minute per framing at 9600)."));
            Protocols.AddOption(options);
            SerialOptions.Add(options, true, true);
            options.Text("first", "n", "first address to probe (default 1)");
            options.Text("last", "n", "last address to probe (default 247)");
            options.Flag("verbose", "print each address as it is probed (stderr)");
            options.Flag("json", "print a JSON array of the meters found (M-Bus: one JSON object per line)");
            options.Flag("secondary", "M-Bus only: the wildcard secondary-address search instead of the primary scan");
            options.OnRun((parsed, output, error) => Protocols.Dispatch(parsed, output, error, Run, MBusVerbs.Scan));
            return options.Command;
        }

        public static int Run(VerbOptions options, TextWriter output, TextWriter error)
        {
            int first = options.GetInt("first", 1, 1, 247);
            int last = options.GetInt("last", 247, first, 247);
            int[] bauds = SerialOptions.ParseBauds(options, 9600);
            SerialParity[] parities = options.Has("parity")
                ? new[] { SerialOptions.ParseParity(options.Get("parity")) }
                : new[] { SerialParity.Even, SerialParity.None };
            int stop = options.GetInt("stop", 1, 1, 2);
            var framings = new List<BusSettings>();
            foreach (int baud in bauds)
            {
                foreach (SerialParity parity in parities)
                {
                    framings.Add(new BusSettings { BaudRate = baud, Parity = parity, StopBits = stop });
                }
            }

            string port = options.Get("port");
            ISerialLine line = SerialLines.OpenOrReport("scan", port, framings[0].ToSerialSettings(), SerialOptions.Api(options), error);
            if (line == null)
            {
                return Program.ExitFailure;
            }

            try
            {
                ScanResult[] results = Scan(line, new SystemClock(), framings.ToArray(), first, last, options.Has("verbose") ? error : null);
                Write(output, results, options.Has("json"));
                return Program.ExitOk;
            }
            finally
            {
                SerialLines.Close(line);
            }
        }

        /// <summary>Runs the core's BusScanner; the found meters in address order.</summary>
        public static ScanResult[] Scan(ISerialLine line, IClock clock, BusSettings[] framings, int first, int last, TextWriter progress)
        {
            var scanner = new BusScanner(line, clock);
            if (progress != null)
            {
                scanner.Progress = (framing, address) => progress.WriteLine($"probing {address} at {framing.BaudRate} {framing.FramingName}");
            }

            var results = new ScanResult[247];
            int found = scanner.Scan(framings, first, last, results, null);
            var list = new List<ScanResult>();
            for (int index = 0; index < Math.Min(found, results.Length); index++)
            {
                list.Add(results[index]);
            }

            list.Sort((a, b) => a.Address.CompareTo(b.Address));
            return list.ToArray();
        }

        public static void Write(TextWriter output, ScanResult[] results, bool asJson)
        {
            if (!asJson)
            {
                foreach (var result in results)
                {
                    output.WriteLine(result.Describe());
                }

                if (results.Length == 0)
                {
                    output.WriteLine("no meter found");
                }

                return;
            }

            using (var stream = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartArray();
                    foreach (var result in results)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("address", result.Address);
                        json.WriteString("meter", result.TypeName);
                        json.WriteString("serial_number", result.SerialNumber);
                        json.WriteString("word_order", result.WordOrder == WordOrder.HighWordFirst ? "ABCD" : "CDAB");
                        json.WriteNumber("baud", result.BaudRate);
                        json.WriteString("parity", result.Parity == SerialParity.Even ? "even" : result.Parity == SerialParity.Odd ? "odd" : "none");
                        json.WriteNumber("stop", result.StopBits);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
            }
        }
    }
}
