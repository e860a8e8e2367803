using System.Collections;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// What Home Assistant's MQTT sensor platform requires of a discovery config (homeassistant/components/
    /// mqtt/sensor.py PLATFORM_SCHEMA with the MQTT entity, availability and device schemas, and the sensor
    /// component's DEVICE_CLASS_UNITS and DEVICE_CLASS_STATE_CLASSES tables), restated as checks for the
    /// payloads the collector writes. Full key names only (the collector does not use abbreviations).
    /// </summary>
    public static class HomeAssistantSensorSchema
    {
        private static readonly string[] AllowedKeys =
        {
            "availability", "availability_mode", "availability_template", "availability_topic", "device", "device_class",
            "enabled_by_default", "encoding", "entity_category", "entity_picture", "expire_after", "force_update", "icon",
            "json_attributes_template", "json_attributes_topic", "last_reset_value_template", "name", "object_id",
            "default_entity_id", "options", "payload_available", "payload_not_available", "platform", "qos",
            "state_class", "state_topic", "suggested_display_precision", "unique_id", "unit_of_measurement",
            "value_template", "origin",
        };

        private static readonly string[] DeviceKeys =
        {
            "configuration_url", "connections", "hw_version", "identifiers", "manufacturer", "model", "model_id", "name",
            "serial_number", "suggested_area", "sw_version", "via_device",
        };

        private static readonly string[] AvailabilityKeys = { "topic", "payload_available", "payload_not_available", "value_template" };

        private static readonly string[] StateClasses = { "measurement", "measurement_angle", "total", "total_increasing" };

        // Device class, then its accepted units ("" stands for no unit).
        private static readonly string[][] DeviceClassUnits =
        {
            new string[] { "voltage", "V", "mV", "µV", "kV", "MV" },
            new string[] { "current", "A", "mA" },
            new string[] { "power", "W", "kW", "MW", "GW", "TW", "mW", "BTU/h" },
            new string[] { "reactive_power", "var", "kvar", "mvar" },
            new string[] { "apparent_power", "VA", "kVA", "mVA" },
            new string[] { "power_factor", "", "%" },
            new string[] { "frequency", "Hz", "kHz", "MHz", "GHz" },
            new string[] { "energy", "J", "kJ", "MJ", "GJ", "mWh", "Wh", "kWh", "MWh", "GWh", "TWh", "cal", "kcal", "Mcal", "Gcal" },
            new string[] { "reactive_energy", "varh", "kvarh" },
            new string[] { "duration", "d", "h", "min", "s", "ms", "µs" },
            new string[] { "data_size", "bit", "kbit", "Mbit", "Gbit", "B", "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB" },
            new string[] { "signal_strength", "dB", "dBm" },
        };

        /// <summary>Device classes whose state class may only be total or total_increasing (sensor DEVICE_CLASS_STATE_CLASSES).</summary>
        private static readonly string[] TotalOnlyClasses = { "energy", "reactive_energy" };

        /// <summary>Returns null when the config is acceptable, else what is wrong.</summary>
        public static string Validate(Hashtable config)
        {
            foreach (object key in config.Keys)
            {
                if (!Contains(AllowedKeys, (string)key))
                {
                    return "unknown key " + (string)key;
                }
            }

            string stateTopic = config["state_topic"] as string;
            if (stateTopic == null || stateTopic.Length == 0 || stateTopic.IndexOf('+') >= 0 || stateTopic.IndexOf('#') >= 0)
            {
                return "state_topic missing or not a valid topic name";
            }

            if (!(config["unique_id"] is string))
            {
                return "unique_id missing";
            }

            string[] stringKeys = { "name", "value_template", "device_class", "state_class", "unit_of_measurement", "availability_mode", "entity_category" };
            for (int i = 0; i < stringKeys.Length; i++)
            {
                if (config.Contains(stringKeys[i]) && !(config[stringKeys[i]] is string))
                {
                    return stringKeys[i] + " must be a string";
                }
            }

            string deviceClass = config["device_class"] as string;
            string stateClass = config["state_class"] as string;
            string unit = config["unit_of_measurement"] as string;
            if (stateClass != null && !Contains(StateClasses, stateClass))
            {
                return "invalid state_class " + stateClass;
            }

            if (deviceClass != null)
            {
                string[] units = UnitsOf(deviceClass);
                if (units == null)
                {
                    return "device_class not checked here: " + deviceClass;
                }

                if (!Contains(units, unit == null ? string.Empty : unit))
                {
                    return "unit " + unit + " not valid for device_class " + deviceClass;
                }

                if (Contains(TotalOnlyClasses, deviceClass) && stateClass != "total" && stateClass != "total_increasing")
                {
                    return "device_class " + deviceClass + " needs state_class total or total_increasing";
                }
            }

            if (config.Contains("availability_mode"))
            {
                string mode = (string)config["availability_mode"];
                if (mode != "all" && mode != "any" && mode != "latest")
                {
                    return "invalid availability_mode";
                }
            }

            if (config.Contains("entity_category") && (string)config["entity_category"] != "diagnostic")
            {
                return "a sensor's entity_category can only be diagnostic";
            }

            if (config.Contains("suggested_display_precision"))
            {
                object precision = config["suggested_display_precision"];
                if (!(precision is double) || (double)precision < 0 || (double)precision != (int)(double)precision)
                {
                    return "suggested_display_precision must be a non-negative integer";
                }
            }

            if (config.Contains("expire_after"))
            {
                object expire = config["expire_after"];
                if (!(expire is double) || (double)expire <= 0)
                {
                    return "expire_after must be a positive integer";
                }
            }

            if (config.Contains("availability"))
            {
                ArrayList availability = config["availability"] as ArrayList;
                if (availability == null || availability.Count == 0)
                {
                    return "availability must be a non-empty list";
                }

                for (int i = 0; i < availability.Count; i++)
                {
                    Hashtable item = availability[i] as Hashtable;
                    if (item == null || !(item["topic"] is string))
                    {
                        return "availability entry without topic";
                    }

                    foreach (object key in item.Keys)
                    {
                        if (!Contains(AvailabilityKeys, (string)key))
                        {
                            return "unknown availability key " + (string)key;
                        }
                    }
                }
            }

            if (config.Contains("device"))
            {
                string error = ValidateDevice(config["device"] as Hashtable);
                if (error != null)
                {
                    return error;
                }
            }

            return null;
        }

        private static string ValidateDevice(Hashtable device)
        {
            if (device == null)
            {
                return "device must be an object";
            }

            foreach (object key in device.Keys)
            {
                if (!Contains(DeviceKeys, (string)key))
                {
                    return "unknown device key " + (string)key;
                }
            }

            ArrayList identifiers = device["identifiers"] as ArrayList;
            ArrayList connections = device["connections"] as ArrayList;
            if ((identifiers == null || identifiers.Count == 0) && (connections == null || connections.Count == 0))
            {
                return "device needs identifiers or connections";
            }

            if (identifiers != null)
            {
                for (int i = 0; i < identifiers.Count; i++)
                {
                    if (!(identifiers[i] is string))
                    {
                        return "identifiers must be strings";
                    }
                }
            }

            if (connections != null)
            {
                for (int i = 0; i < connections.Count; i++)
                {
                    ArrayList pair = connections[i] as ArrayList;
                    if (pair == null || pair.Count != 2 || !(pair[0] is string) || !(pair[1] is string))
                    {
                        return "connections must be [type, id] pairs";
                    }
                }
            }

            return null;
        }

        private static string[] UnitsOf(string deviceClass)
        {
            for (int i = 0; i < DeviceClassUnits.Length; i++)
            {
                if (DeviceClassUnits[i][0] == deviceClass)
                {
                    string[] units = StringArrays.Create(DeviceClassUnits[i].Length - 1);
                    for (int j = 0; j < units.Length; j++)
                    {
                        units[j] = DeviceClassUnits[i][j + 1];
                    }

                    return units;
                }
            }

            return null;
        }

        private static bool Contains(string[] values, string value)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] == value)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
