using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters.Serial;

namespace EspCollector.Cli
{
    /// <summary>The serial options every verb shares: --port, --baud, --parity, --stop.</summary>
    public static class SerialOptions
    {
        public static readonly int[] StandardBaudRates = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

        /// <summary>Adds --port, --baud, --parity, --stop and --serial to a verb.</summary>
        public static void Add(VerbOptions options, bool portRequired, bool manyBauds)
        {
            options.Text("port", "device", "serial device, e.g. /dev/ttyUSB0 or a pseudo-terminal", portRequired);
            if (manyBauds)
            {
                options.Many("baud", "b[,b...]", "baud rate(s) to try (default: 9600); repeatable");
            }
            else
            {
                options.Text("baud", "b", "baud rate (default: the meter's factory setting)");
            }

            options.Text("parity", "none|even|odd", "parity (default: the meter's factory setting; scan: even, then none)", false, "none", "even", "odd");
            options.Text("stop", "1|2", "stop bits (default 1)", false, "1", "2");
            options.Text("serial", "auto|ports|termios",
                "serial adapter: System.IO.Ports, or the own termios line (default auto: termios for pseudo-terminals)", false, "auto", "ports", "termios");
        }

        /// <summary>The adapter chosen with --serial.</summary>
        public static SerialApi Api(VerbOptions options)
        {
            switch (options.Get("serial", "auto"))
            {
                case "ports":
                    return SerialApi.Ports;
                case "termios":
                    return SerialApi.Termios;
                default:
                    return SerialApi.Auto;
            }
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

        public static int[] ParseBauds(VerbOptions options, int fallback)
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
        public static SerialSettings Resolve(VerbOptions options, SerialSettings defaults)
        {
            int baud = options.Has("baud") ? ParseBaud(options.Get("baud")) : defaults.BaudRate;
            SerialParity parity = options.Has("parity") ? ParseParity(options.Get("parity")) : defaults.Parity;
            int stop = options.GetInt("stop", defaults.StopBits, 1, 2);
            return new SerialSettings(baud, parity, stop);
        }
    }
}
