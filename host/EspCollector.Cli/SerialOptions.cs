using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.Ports;

namespace EspCollector.Cli
{
    /// <summary>The serial options every verb shares: --port, --baud, --parity, --stop.</summary>
    public static class SerialOptions
    {
        public static readonly int[] StandardBaudRates = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

        public static OptionSpec[] Specs(bool portRequired, bool manyBauds)
        {
            return new[]
            {
                new OptionSpec { Name = "port", ValueName = "<device>", Help = "serial device, e.g. /dev/ttyUSB0 or a pseudo-terminal", Required = portRequired },
                new OptionSpec
                {
                    Name = "baud", ValueName = manyBauds ? "<b>[,<b>...]" : "<b>", Repeatable = manyBauds,
                    Help = manyBauds ? "baud rate(s) to try (default: 9600)" : "baud rate (default: the meter's factory setting)",
                },
                new OptionSpec { Name = "parity", ValueName = "none|even|odd", Help = "parity (default: the meter's factory setting; scan: even)" },
                new OptionSpec { Name = "stop", ValueName = "1|2", Help = "stop bits (default 1)" },
            };
        }

        public static SerialParity ParseParity(string text)
        {
            switch ((text ?? string.Empty).ToLowerInvariant())
            {
                case "none":
                case "n":
                    return SerialParity.None;
                case "even":
                case "e":
                    return SerialParity.Even;
                case "odd":
                case "o":
                    return SerialParity.Odd;
                default:
                    throw new UsageException($"--parity: '{text}' is not none, even or odd");
            }
        }

        public static int ParseBaud(string text)
        {
            int baud;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out baud) || Array.IndexOf(StandardBaudRates, baud) < 0)
            {
                throw new UsageException($"--baud: '{text}' is not one of {string.Join(", ", StandardBaudRates)}");
            }

            return baud;
        }

        public static int[] ParseBauds(ParsedOptions options, int fallback)
        {
            var list = new List<int>();
            foreach (string value in options.GetAll("baud"))
            {
                foreach (string part in value.Split(','))
                {
                    if (part.Trim().Length > 0)
                    {
                        list.Add(ParseBaud(part.Trim()));
                    }
                }
            }

            if (list.Count == 0)
            {
                list.Add(fallback);
            }

            return list.ToArray();
        }

        /// <summary>Settings from the options, each missing one taken from <paramref name="defaults"/>.</summary>
        public static SerialSettings Resolve(ParsedOptions options, SerialSettings defaults)
        {
            int baud = options.Has("baud") ? ParseBaud(options.Get("baud")) : defaults.BaudRate;
            SerialParity parity = options.Has("parity") ? ParseParity(options.Get("parity")) : defaults.Parity;
            int stop = options.GetInt("stop", defaults.StopBits, 1, 2);
            return new SerialSettings(baud, parity, stop);
        }
    }
}
