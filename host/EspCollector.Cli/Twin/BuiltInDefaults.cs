using System;
using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Core.Meters;

namespace EspCollector.Twin
{
    /// <summary>
    /// The twin's first-boot configuration, entered through the same ConfigManager calls as the console's
    /// `set`, `meter add` and `pulse add`, so it is validated like an installer's input: one meter of each
    /// supported type (the KLEFR M-bus version on the M-Bus port), two S0 inputs linked to two of them (the cross-check), and the broker.
    /// </summary>
    public static class BuiltInDefaults
    {
        public static void Apply(ConfigManager config, TwinOptions options)
        {
            ArrayList warnings = new ArrayList();
            Check(config.Set(SettingKeys.MqttHost, options.BrokerHost, warnings));
            Check(config.Set(SettingKeys.MqttPort, options.BrokerPort.ToString(), warnings));
            Check(config.Set(SettingKeys.MqttCollectorId, "twin", warnings));
            Check(config.Set(SettingKeys.BusInterval, "5", warnings));
            Check(config.Set(SettingKeys.MqttInterval, "10", warnings));
            Check(config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[0]));
            Check(config.AddMeter("flat", MeterTypes.Kpm31Name, "2", new string[0]));
            Check(config.AddMeter("heatpump", MeterTypes.KlefrName, "3", new string[0]));
            Check(config.AddMeter("solar", MeterTypes.Sdm630Name, "4", new string[0]));
            Check(config.Set(SettingKeys.MBusInterval, "10", warnings));
            Check(config.AddMeter("cabinet", MeterEntry.MBusType, "5", new string[0]));
            Check(config.AddPulseChannel("main_s0", "32", "3200", new string[] { "link=main" }, warnings));
            Check(config.AddPulseChannel("flat_s0", "33", "1600", new string[] { "link=flat" }, warnings));
            Check(config.Save());
        }

        private static void Check(string error)
        {
            if (error != null)
            {
                throw new InvalidOperationException("built-in defaults rejected: " + error);
            }
        }
    }
}
