using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;

namespace EspCollector.Cli
{
    /// <summary>`bench` and `soak`: the benchmarks' entry points (host/EspCollector.Benchmarks).</summary>
    public static class BenchCommand
    {
        public static Command Build()
        {
            var names = new Argument<string[]>("names")
            {
                Description = "benchmarks to run: bench (default: every figure but the soak), all, list, or names from list",
                Arity = ArgumentArity.ZeroOrMore,
                HelpName = "name",
            };
            names.CompletionSources.Add("bench", "all", "list", "pulses", "modbus", "publish", "collector", "heap", "soak", "fuzz", "scan", "bus", "mbus", "footprint");
            var command = new Command("bench",
                "Runs the allocation, heap, soak and scan benchmarks (exit 1 when a figure misses the design's claim;\n" +
                "stable figures from a Release build: dotnet run -c Release).");
            command.Add(names);
            command.SetAction(parsed => EspCollector.Benchmarks.Program.Run(parsed.GetValue(names) ?? new string[0],
                parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
            return command;
        }

        /// <summary>
        /// `soak`: the chaos soak of host/EspCollector.Benchmarks (App/SoakBenchmark, Soak/): the whole collector on the
        /// virtual clock with a seeded fault schedule, checked against the simulators and an independent subscriber;
        /// `--fuzz N` runs the fixed-seed fuzz passes with N response frames instead.
        /// </summary>
        public static Command BuildSoak()
        {
            var days = new Option<string>("--days") { Description = "simulated days (default 7)", HelpName = "N" };
            var hours = new Option<string>("--hours") { Description = "simulated hours instead of days", HelpName = "H" };
            var seed = new Option<string>("--seed") { Description = "seed of the fault schedule (default 1)", HelpName = "S" };
            var faults = new Option<string>("--faults") { Description = "faults to inject: all (default), none, or a comma list", HelpName = "a,b,c" };
            var sabotage = new Option<string>("--sabotage") { Description = "a deliberately broken double or fault, to show the checks fail", HelpName = "store|broker|meter-off|slow-meter|meter-replaced" };
            sabotage.AcceptOnlyFromAmong(new List<string>(EspCollector.Benchmarks.App.SoakBenchmark.Sabotages.Keys).ToArray());
            var deviceModel = new Option<string>("--device-model") { Description = "run the bus through the ESP32 UART device model (as the twin's --device-model)", HelpName = "esp32" };
            deviceModel.AcceptOnlyFromAmong(EspCollector.Benchmarks.Soak.SoakRun.Esp32);
            var fuzz = new Option<string>("--fuzz") { Description = "run the fuzz passes with N response frames (console lines and MQTT commands N/10) instead", HelpName = "N" };
            var command = new Command("soak",
                "Runs the chaos soak: the collector for days on a virtual clock with bus noise, meters off or replaced, WiFi\n" +
                "drops, broker outages and restarts, power cuts mid-write and console noise; prints soak: key=value lines and\n" +
                "exits 1 when a check fails. With --fuzz N, the fixed-seed fuzz passes instead.");
            command.Add(days);
            command.Add(hours);
            command.Add(seed);
            command.Add(faults);
            command.Add(sabotage);
            command.Add(deviceModel);
            command.Add(fuzz);
            command.SetAction(parsed =>
            {
                var args = new List<string>();
                string count = parsed.GetValue(fuzz);
                if (count != null)
                {
                    args.Add("fuzz");
                    args.Add("--count");
                    args.Add(count);
                }
                else
                {
                    args.Add("soak");
                    AddIfSet(args, "--days", parsed.GetValue(days));
                    AddIfSet(args, "--hours", parsed.GetValue(hours));
                    AddIfSet(args, "--seed", parsed.GetValue(seed));
                    AddIfSet(args, "--faults", parsed.GetValue(faults));
                    AddIfSet(args, "--sabotage", parsed.GetValue(sabotage));
                    AddIfSet(args, "--device-model", parsed.GetValue(deviceModel));
                }

                return EspCollector.Benchmarks.Program.Run(args.ToArray(), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
            });
            return command;
        }

        private static void AddIfSet(List<string> args, string name, string value)
        {
            if (value != null)
            {
                args.Add(name);
                args.Add(value);
            }
        }
    }
}
