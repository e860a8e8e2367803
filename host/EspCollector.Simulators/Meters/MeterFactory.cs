using System;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>Options of one simulated meter beyond its type and address.</summary>
    public sealed class SimulatedMeterOptions
    {
        /// <summary>Line settings; null gives the manual's factory default for the type.</summary>
        public SerialSettings Settings;

        /// <summary>Word order of 32-bit values (used by sdm630 only; the others are ABCD by their manuals).</summary>
        public WordOrder WordOrder = WordOrder.HighWordFirst;

        /// <summary>Physics; null gives a default model (1 phase for kpm31, 3 otherwise) seeded by the address.</summary>
        public MeterModelOptions Model;

        public int ResponseLatencyMicroseconds = 5_000;
    }

    /// <summary>Creates simulated meters by the type names the CLI and the core drivers use.</summary>
    public static class MeterFactory
    {
        public static readonly string[] TypeNames =
        {
            Kpm33bSimulator.TypeName, Kpm31Simulator.TypeName, KlefrSimulator.TypeName, Sdm630Simulator.TypeName,
        };

        public static bool IsKnown(string type)
        {
            return Array.IndexOf(TypeNames, type) >= 0;
        }

        /// <summary>
        /// Factory line settings from the manuals: KPM33B 9600 8E1 (seed 000, 6), KPM31 9600 8E1 (seed 002, 6.1),
        /// KLEFR 9600 8E1 (seed 003, A3.1), SDM630-style 9600 8N1 (seed 004, configuration screens).
        /// </summary>
        public static SerialSettings DefaultSettings(string type)
        {
            return type == Sdm630Simulator.TypeName
                ? new SerialSettings(9600, SerialParity.None, 1)
                : new SerialSettings(9600, SerialParity.Even, 1);
        }

        /// <summary>
        /// One simulator per meter of a configuration, in its order, at the bus's framing (the installer set the meters
        /// so) and with the word order of its type (SDM630: low word first).
        /// </summary>
        /// <summary>One Modbus simulator per configured meter, in configuration order; null for M-Bus meters.</summary>
        public static SimulatedMeter[] ForConfiguration(EspCollector.Core.Config.Configuration configuration, IClock clock)
        {
            var meters = new SimulatedMeter[configuration.MeterCount];
            for (int i = 0; i < meters.Length; i++)
            {
                EspCollector.Core.Config.MeterEntry entry = configuration.MeterAt(i);
                if (entry.IsMBus)
                {
                    // M-Bus meters are served by the M-Bus simulator (Simulators/MBus) on their own line: null here.
                    continue;
                }

                var options = new SimulatedMeterOptions();
                options.Settings = EspCollector.Core.App.SettingsMapper.Bus(configuration).ToSerialSettings();
                options.WordOrder = entry.Type == EspCollector.Core.Meters.MeterTypes.Sdm630Name ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
                meters[i] = Create(entry.Type, (byte)entry.Address, clock, options);
            }

            return meters;
        }

        public static SimulatedMeter Create(string type, byte address, IClock clock, SimulatedMeterOptions options = null)
        {
            options = options ?? new SimulatedMeterOptions();
            SerialSettings settings = options.Settings ?? DefaultSettings(type);
            MeterModelOptions modelOptions = options.Model ?? new MeterModelOptions { Seed = address };
            if (type == Kpm31Simulator.TypeName)
            {
                modelOptions.PhaseCount = 1;
            }

            if (type == KlefrSimulator.TypeName && modelOptions.Tariffs == null)
            {
                modelOptions.Tariffs = TariffSchedule.DayNight();
            }

            var model = new MeterModel(modelOptions, clock);
            SimulatedMeter meter;
            switch (type)
            {
                case Kpm33bSimulator.TypeName:
                    meter = new Kpm33bSimulator(address, settings, model);
                    break;
                case Kpm31Simulator.TypeName:
                    meter = new Kpm31Simulator(address, settings, model);
                    break;
                case KlefrSimulator.TypeName:
                    meter = new KlefrSimulator(address, settings, model);
                    break;
                case Sdm630Simulator.TypeName:
                    meter = new Sdm630Simulator(address, settings, model, options.WordOrder);
                    break;
                default:
                    throw new ArgumentException($"unknown meter type '{type}' (known: {string.Join(", ", TypeNames)})");
            }

            meter.ResponseLatencyMicroseconds = options.ResponseLatencyMicroseconds;
            return meter;
        }
    }
}
