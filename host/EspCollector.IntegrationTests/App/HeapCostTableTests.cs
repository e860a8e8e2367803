using System;
using System.Collections;
using System.Reflection;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.App
{
    /// <summary>
    /// The heap envelope's cost table (firmware/Core/Config/HeapEnvelope) against the heap model of the benchmarks
    /// (host/EspCollector.Benchmarks: Support/CollectorRig, the whole collector with simulated meters, S0 outputs and
    /// broker on the virtual clock; Support/ObjectGraph, the nanoFramework heap model). Each configuration is built
    /// through the ConfigManager, booted with a console session and run for ten simulated minutes (identities read,
    /// discovery sent); then what it keeps is walked: the static tables (the register plans of the configured types
    /// only: a device never builds the others), the collector, the configuration manager and the console session.
    /// Every cost in the table must be at least the model's figure and at most 10 % (+256 B) above it, and the
    /// table's estimate of whole configurations must bracket their model figure the same way.
    /// </summary>
    [TestClass]
    public class HeapCostTableTests
    {
        /// <summary>The four Modbus meter types the plain-ESP32 envelope is defined by (the KLEFR M-bus version needs
        /// a board with an M-Bus port; its cost comes from the mbus benchmark).</summary>
        private static readonly string[] ModbusTypes = { "kpm33b", "kpm31", "klefr", "sdm630" };

        private const long TenMinutes = 600L * 1000000;
        private static readonly string[] Pins = { "32", "33", "18", "19", "23", "13", "14", "34" };

        [TestMethod]
        public void CostTableMatchesTheHeapModel()
        {
            // Every lazily built table exists from here on, as on a device that has run for a while; the plans of the
            // types a configuration does not use are left out of its walk.
            Measure(Array.Empty<string>(), 0, null);
            Measure(ModbusTypes, 0, null);

            string problems = string.Empty;
            long baseline = Measure(Array.Empty<string>(), 0, "4096");
            problems += Compare("base (console, broker, no meter, no channel, no ring)", HeapEnvelope.BaseBytes, baseline - HeapEnvelope.RingCost(4096));
            long eight = Measure(Array.Empty<string>(), 8, "4096");
            problems += Compare("one pulse channel (8 measured)", HeapEnvelope.PulseChannelBytes, (eight - baseline + 7) / 8);
            long ring = Measure(Array.Empty<string>(), 0, "8192");
            problems += Compare("4096 more ring bytes", HeapEnvelope.RingCost(8192) - HeapEnvelope.RingCost(4096), ring - baseline);
            for (int index = 0; index < ModbusTypes.Length; index++)
            {
                string type = ModbusTypes[index];
                long one = Measure(new[] { type }, 0, "4096");
                long two = Measure(new[] { type, type }, 0, "4096");
                Configuration empty = new Configuration();
                Configuration withOne = new Configuration();
                withOne.AddMeter(new MeterEntry("m1", type, 1, false));
                problems += Compare("first " + type + " (its table and the meter)", HeapEnvelope.MeterCost(empty, type), one - baseline);
                problems += Compare("another " + type, HeapEnvelope.MeterCost(withOne, type), two - one);
            }

            // Whole configurations: the plain ESP32's required one, the typical cabinet, and 16 meters.
            problems += Whole(ModbusTypes, 8, "plain ESP32: the four types, 8 S0");
            problems += Whole(new[] { "kpm33b" }, 2, "typical: 1 KPM33B, 2 S0");
            string[] sixteen = new string[16];
            for (int index = 0; index < sixteen.Length; index++)
            {
                sixteen[index] = ModbusTypes[index % ModbusTypes.Length];
            }

            problems += Whole(sixteen, 8, "PSRAM: 16 meters, 8 S0");
            Assert.AreEqual(string.Empty, problems, "cost table (firmware/Core/Config/HeapEnvelope.cs) against the heap model:" + problems);
        }

        [TestMethod]
        public void PlainBudgetCarriesTheRequiredConfigurationWithNoRoomForAnotherMeter()
        {
            Configuration required = Build(ModbusTypes, 8, null);
            BoardProfile plain = BoardProfiles.Find(BoardProfiles.DefaultName);
            int need = HeapEnvelope.Estimate(required, plain);
            Assert.IsTrue(need <= HeapEnvelope.PlainBudgetBytes, "required plain configuration " + need + " B over the budget " + HeapEnvelope.PlainBudgetBytes);
            for (int index = 0; index < ModbusTypes.Length; index++)
            {
                int more = need + HeapEnvelope.MeterCost(required, ModbusTypes[index]);
                Assert.IsTrue(more > HeapEnvelope.PlainBudgetBytes, "a second " + ModbusTypes[index] + " would fit (" + more + " B)");
            }
        }

        private static string Whole(string[] types, int channels, string label)
        {
            long model = Measure(types, channels, null);
            Configuration configuration = Build(types, channels, null);
            BoardProfile board = types.Length > 4 ? BoardProfiles.Find("waveshare-esp32-s3-rs485-can") : BoardProfiles.Find(BoardProfiles.DefaultName);
            // The rig's board is the default (plain) one: its ring is the plain default whatever the table says for PSRAM.
            long estimate = HeapEnvelope.Estimate(configuration, board) - HeapEnvelope.RingCost(HeapEnvelope.RingBytes(configuration, board))
                + HeapEnvelope.RingCost(HeapEnvelope.PlainRingBytes);
            return Compare(label, estimate, model);
        }

        private static string Compare(string what, long table, long model)
        {
            OutputHelper.WriteLine("heap cost: " + what + ": table " + table + " B, model " + model + " B");
            if (table < model)
            {
                return "\n  " + what + ": table " + table + " B is below the model's " + model + " B";
            }

            if (table > model + model / 10 + 256)
            {
                return "\n  " + what + ": table " + table + " B is more than 10 % above the model's " + model + " B";
            }

            return string.Empty;
        }

        /// <summary>Model bytes the collector keeps with these meters (addresses 1..n) and channels; mqtt.buffer
        /// explicit when <paramref name="buffer"/> is set, the envelope's default otherwise.</summary>
        private static long Measure(string[] types, int channels, string buffer)
        {
            CollectorRig rig = new CollectorRig(config => Enter(config, types, channels, buffer));
            rig.Boot();
            ConsoleSession session = new ConsoleSession(new Silent(), rig.Collector, rig.Config, rig.Clock, true);
            session.Start();
            rig.RunFor(TenMinutes);

            ObjectGraph graph = new ObjectGraph();
            for (int index = 0; index < MeterEntry.Types.Length; index++)
            {
                MeterType type = MeterTypes.Find(MeterEntry.Types[index]);
                if (type == null)
                {
                    continue; // klefr-mbus: an M-Bus driver, not a Modbus register table (measured by the mbus benchmark)
                }

                // No history meter here; a type's plan only when one of its meters is configured.
                graph.Defer(Field(type, "_historyPlan"));
                if (Array.IndexOf(types, MeterEntry.Types[index]) < 0)
                {
                    graph.Defer(Field(type, "_plan"));
                }
            }

            graph.AddCoreStatics();
            graph.Add(rig.Collector, rig.Config, session);
            GC.KeepAlive(rig);
            return graph.NanoBytes;
        }

        private static void Enter(ConfigManager config, string[] types, int channels, string buffer)
        {
            ArrayList warnings = new ArrayList();
            Check(config.Set(SettingKeys.MqttHost, "broker.test", warnings));
            Check(config.Set(SettingKeys.MqttCollectorId, "heap", warnings));
            Check(config.Set(SettingKeys.MqttTls, "on", warnings));
            // The table's own check would refuse the larger configurations on the default board.
            Check(config.UseBoard("waveshare-esp32-s3-rs485-can", warnings));
            if (buffer != null)
            {
                Check(config.Set(SettingKeys.MqttBuffer, buffer, warnings));
            }
            else
            {
                Check(config.Set(SettingKeys.MqttBuffer, HeapEnvelope.PlainRingBytes.ToString(), warnings));
            }

            for (int index = 0; index < types.Length; index++)
            {
                Check(config.AddMeter("m" + (index + 1), types[index], (index + 1).ToString(), Array.Empty<string>()));
            }

            string[] s3Pins = { "4", "5", "6", "7", "8", "9", "10", "11" };
            for (int index = 0; index < channels; index++)
            {
                Check(config.AddPulseChannel("s" + (index + 1), s3Pins[index], "1000", Array.Empty<string>(), warnings));
            }

            Check(config.Save());
        }

        private static Configuration Build(string[] types, int channels, string buffer)
        {
            Configuration configuration = new Configuration();
            for (int index = 0; index < types.Length; index++)
            {
                configuration.AddMeter(new MeterEntry("m" + (index + 1), types[index], index + 1, false));
            }

            for (int index = 0; index < channels; index++)
            {
                configuration.AddPulseChannel(new PulseChannelEntry("s" + (index + 1), int.Parse(Pins[index]), 1000));
            }

            if (buffer != null)
            {
                configuration.SetChecked(SettingKeys.MqttBuffer, buffer);
            }

            return configuration;
        }

        private static object Field(object target, string name)
        {
            FieldInfo field = target.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic);
            if (field == null)
            {
                throw new InvalidOperationException(target.GetType().Name + " has no field " + name);
            }

            return field.GetValue(target);
        }

        private static void Check(string error)
        {
            if (error != null)
            {
                throw new InvalidOperationException("configuration rejected: " + error);
            }
        }

        private sealed class Silent : IConsoleOutput
        {
            public void Write(string text)
            {
            }

            public void WriteLine(string text)
            {
            }
        }
    }
}
