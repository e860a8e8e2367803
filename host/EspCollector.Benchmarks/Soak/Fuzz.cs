using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using EspCollector.Tests.Bus;
using EspCollector.Tests.Console;
using EspCollector.Tests.Publishing;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// The longer fuzz mode: the unit tests' fixed-seed fuzz passes with any count. Usage: <c>fuzz [--count N]
    /// [--seed S]</c>: N response frames through the response finder, N/50 through the master, N/10 console lines
    /// and N/10 MQTT command payloads (default N = 1,000,000).
    /// </summary>
    public static class Fuzz
    {
        public static int Run(TextWriter output)
        {
            return Run(output, new string[0]);
        }

        public static int Run(TextWriter output, string[] args)
        {
            int count = 1000000;
            int seed = 1;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (args[i] == "--count" || args[i] == "--fuzz")
                {
                    count = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
                else if (args[i] == "--seed")
                {
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
                else
                {
                    output.WriteLine("fuzz: unknown argument '" + args[i] + "'; usage: fuzz [--count N] [--seed S]");
                    return 2;
                }
            }

            bool ok = true;
            ok &= Pass(output, "modbus response finder", count, () => ModbusFuzzTests.RunFinder(seed, count));
            ok &= Pass(output, "modbus master", count / 50, () => ModbusFuzzTests.RunMaster(seed, count / 50));
            ok &= Pass(output, "console lines", count / 10, () => ConsoleFuzzTests.Run(seed, count / 10));
            ok &= Pass(output, "mqtt command payloads", count / 10, () => CommandFuzzTests.Run(seed, count / 10));
            return ok ? 0 : 1;
        }

        private static bool Pass(TextWriter output, string name, int count, Func<string> run)
        {
            Stopwatch watch = Stopwatch.StartNew();
            string problem = run();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "fuzz: {0}: {1:N0} inputs in {2:F1} s: {3}", name, count, watch.Elapsed.TotalSeconds, problem ?? "ok"));
            return problem == null;
        }
    }
}
