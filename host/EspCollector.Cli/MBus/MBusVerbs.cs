using System;
using System.IO;
using System.Threading;
using EspCollector.Cli.MBus;

namespace EspCollector.Cli
{
    /// <summary>
    /// The `--protocol mbus` entry points of read, scan and simulate: options of the verb turned into the arguments of
    /// <see cref="MBusOperations"/> (KLEFR M-bus version, EN 13757-2 at 8E1; default 2400 baud, the meter's factory
    /// setting in the KLEFR manual, 5.4).
    /// </summary>
    public static class MBusVerbs
    {
        public const string MeterType = "klefr-mbus";
        public const int DefaultBaud = 2400;

        public static int Read(VerbOptions options, TextWriter output, TextWriter error)
        {
            RequireMeter(options, true);
            string secondary = options.Get("secondary");
            bool hasAddress = options.Get("address") != null;
            if (hasAddress == (secondary != null))
            {
                throw new UsageException("give either --address <0..250> or --secondary <8 digits>");
            }

            int address = hasAddress ? options.GetInt("address", 0, 0, 250) : 0;
            string port = options.Get("port");
            return MBusOperations.Read(port, MeterType, address, secondary, Baud(options), options.Has("json"), output);
        }

        public static int Scan(VerbOptions options, TextWriter output, TextWriter error)
        {
            return MBusOperations.Scan(options.Get("port"), Baud(options), options.Has("secondary"), options.Has("json"), output);
        }

        public static int Simulate(VerbOptions options, TextWriter output, TextWriter error)
        {
            RequireMeter(options, false);
            int address = options.GetInt("address", 1, 0, 250);
            int identification = options.GetInt("secondary", 13070001, 0, 99999999);
            int extra = options.GetInt("meters", 1, 1, 33) - 1;
            int seconds = options.GetInt("seconds", 0, 0, int.MaxValue);
            using (var stop = new CancellationTokenSource())
            {
                ConsoleCancelEventHandler cancel = (sender, e) =>
                {
                    e.Cancel = true;
                    stop.Cancel();
                };
                Console.CancelKeyPress += cancel;
                try
                {
                    return MBusOperations.Simulate(options.Get("port"), Baud(options), (byte)address, identification, extra,
                        options.Has("multi-telegram"), seconds, output, stop.Token);
                }
                finally
                {
                    Console.CancelKeyPress -= cancel;
                }
            }
        }

        private static void RequireMeter(VerbOptions options, bool required)
        {
            string meter = options.Get("meter", required ? null : MeterType);
            if (meter != MeterType)
            {
                throw new UsageException($"--meter: with --protocol mbus the meter type is {MeterType}");
            }
        }

        private static int Baud(VerbOptions options)
        {
            string text = options.Get("baud");
            if (text == null)
            {
                return DefaultBaud;
            }

            int baud;
            if (!int.TryParse(text, out baud) || baud != 300 && baud != 600 && baud != 1200 && baud != 2400 && baud != 4800 && baud != 9600)
            {
                throw new UsageException($"--baud: M-Bus runs at 300, 600, 1200, 2400, 4800 or 9600, not {baud}");
            }

            return baud;
        }
    }
}
