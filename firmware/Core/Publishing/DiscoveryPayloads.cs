using System.Collections;

namespace EspCollector.Core.Publishing
{
    /// <summary>One Home Assistant sensor config: where it goes and what it describes.</summary>
    public sealed class DiscoveryEntry
    {
        public const int MeterQuantity = 0;
        public const int PulseField = 1;
        public const int CollectorField = 2;

        public readonly string Topic;
        public readonly int Kind;
        public readonly int DeviceIndex;
        public readonly int ItemIndex;

        public DiscoveryEntry(string topic, int kind, int deviceIndex, int itemIndex)
        {
            Topic = topic;
            Kind = kind;
            DeviceIndex = deviceIndex;
            ItemIndex = itemIndex;
        }
    }

    /// <summary>
    /// Home Assistant MQTT discovery (MQTT sensor platform): one retained config per sensor under
    /// &lt;discovery&gt;/sensor/&lt;collector id&gt;/&lt;object id&gt;/config. Each meter and each pulse channel is its own HA
    /// device linked to the collector with via_device; the collector is a device with diagnostic sensors
    /// fed from the health topic. Payloads are written on demand into the caller's writer, one at a time,
    /// so the configs of a whole installation never sit in RAM together.
    /// unique_id = "espc_" + collector MAC + "_" + (meter serial, or "a" + Modbus address) + "_" + quantity:
    /// stable across renames and reflashing, distinct for two collectors.
    /// </summary>
    public sealed class DiscoveryPayloads
    {
        public const string Manufacturer = "EspCollector";

        // The collector's diagnostic sensors, read from the health payload (see HealthPayload).
        private static readonly string[] CollectorFields = { "uptime", "free_memory", "rssi", "buffered", "dropped", "bus_timeouts", "bus_crc_errors", "pulse_overflows" };
        private static readonly string[] CollectorNames = { "Uptime", "Free memory", "WiFi signal", "Buffered messages", "Dropped messages", "Bus timeouts", "Bus CRC errors", "Pulse overflows" };
        private static readonly string[] CollectorTemplates =
        {
            "{{ value_json.uptime }}", "{{ value_json.free_memory }}", "{{ value_json.rssi }}", "{{ value_json.buffered }}",
            "{{ value_json.dropped }}", "{{ value_json.bus.timeouts }}", "{{ value_json.bus.crc_errors }}", "{{ value_json.pulse_overflows }}",
        };

        private static readonly string[] CollectorDeviceClasses = { "duration", "data_size", "signal_strength", null, null, null, null, null };
        private static readonly string[] CollectorUnits = { "s", "B", "dBm", null, null, null, null, null };
        private static readonly string[] CollectorStateClasses =
        {
            QuantityCatalog.TotalIncreasing, QuantityCatalog.Measurement, QuantityCatalog.Measurement, QuantityCatalog.Measurement,
            QuantityCatalog.TotalIncreasing, QuantityCatalog.TotalIncreasing, QuantityCatalog.TotalIncreasing, QuantityCatalog.TotalIncreasing,
        };

        // A pulse channel's sensors, read from its state payload (see StatePayloads.WritePulseState).
        private const int PulseEnergy = 0;
        private const int PulsePower = 1;
        private const int PulseCount = 2;
        private const int PulseDiscrepancy = 3;
        private static readonly string[] PulseFields = { "energy", "power", "pulses", "discrepancy" };
        private static readonly string[] PulseNames = { "Energy", "Power", "Pulses", "Discrepancy" };

        private readonly TopicLayout _topics;
        private readonly string _macHex;
        private readonly string _collectorIdentifier;
        private readonly string _firmwareVersion;
        private readonly string _board;
        private readonly int _expireAfterSeconds;

        private MeterDevice[] _meters = new MeterDevice[0];
        private PulseChannelDevice[] _pulses = new PulseChannelDevice[0];
        private string[] _meterIdentifiers = new string[0];
        private string[] _meterStateTopics = new string[0];
        private string[] _meterAvailabilityTopics = new string[0];
        private string[] _pulseStateTopics = new string[0];
        private DiscoveryEntry[] _entries = new DiscoveryEntry[0];

        public DiscoveryPayloads(TopicLayout topics, byte[] macAddress, string firmwareVersion, string board, int expireAfterSeconds)
        {
            _topics = topics;
            _macHex = TopicLayout.MacHex(macAddress);
            _collectorIdentifier = "espc_" + _macHex;
            _firmwareVersion = firmwareVersion;
            _board = board;
            _expireAfterSeconds = expireAfterSeconds;
        }

        /// <summary>Every sensor config of the current configuration, collector first.</summary>
        public DiscoveryEntry[] Entries
        {
            get { return _entries; }
        }

        public string CollectorIdentifier
        {
            get { return _collectorIdentifier; }
        }

        /// <summary>Applies a configuration; builds topics and identifiers (allocates, once per configuration).</summary>
        public void Configure(MeterDevice[] meters, PulseChannelDevice[] pulses)
        {
            _meters = meters ?? new MeterDevice[0];
            _pulses = pulses ?? new PulseChannelDevice[0];
            _meterIdentifiers = new string[_meters.Length];
            _meterStateTopics = new string[_meters.Length];
            _meterAvailabilityTopics = new string[_meters.Length];
            _pulseStateTopics = new string[_pulses.Length];

            ArrayList entries = new ArrayList();
            for (int i = 0; i < CollectorFields.Length; i++)
            {
                entries.Add(new DiscoveryEntry(_topics.DiscoveryConfig("collector_" + CollectorFields[i]), DiscoveryEntry.CollectorField, 0, i));
            }

            for (int m = 0; m < _meters.Length; m++)
            {
                MeterDevice meter = _meters[m];
                _meterIdentifiers[m] = _collectorIdentifier + "_" + MeterKey(meter);
                _meterStateTopics[m] = _topics.MeterState(meter.Name);
                _meterAvailabilityTopics[m] = _topics.MeterAvailability(meter.Name);
                string[] quantities = meter.QuantityNames ?? new string[0];
                for (int q = 0; q < quantities.Length; q++)
                {
                    entries.Add(new DiscoveryEntry(_topics.DiscoveryConfig("meter_" + meter.Name + "_" + quantities[q]), DiscoveryEntry.MeterQuantity, m, q));
                }
            }

            for (int p = 0; p < _pulses.Length; p++)
            {
                _pulseStateTopics[p] = _topics.PulseState(_pulses[p].Name);
                int fields = _pulses[p].LinkedMeterName == null ? PulseDiscrepancy : PulseFields.Length;
                for (int f = 0; f < fields; f++)
                {
                    entries.Add(new DiscoveryEntry(_topics.DiscoveryConfig("pulse_" + _pulses[p].Name + "_" + PulseFields[f]), DiscoveryEntry.PulseField, p, f));
                }
            }

            _entries = new DiscoveryEntry[entries.Count];
            entries.CopyTo(_entries);
        }

        /// <summary>Meter part of identifiers: its serial number (letters and digits only), else "a" and its address.</summary>
        public static string MeterKey(MeterDevice meter)
        {
            string serial = meter.SerialNumber;
            if (serial != null)
            {
                char[] kept = new char[serial.Length];
                int count = 0;
                for (int i = 0; i < serial.Length; i++)
                {
                    char c = serial[i];
                    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                    {
                        kept[count++] = c;
                    }
                }

                if (count > 0)
                {
                    return "sn" + new string(kept, 0, count);
                }
            }

            return "a" + meter.Address.ToString();
        }

        /// <summary>Writes the config payload of one entry into <paramref name="writer"/>.</summary>
        public void Write(JsonWriter writer, DiscoveryEntry entry)
        {
            writer.Reset();
            writer.BeginObject();
            if (entry.Kind == DiscoveryEntry.MeterQuantity)
            {
                WriteMeterQuantity(writer, entry.DeviceIndex, entry.ItemIndex);
            }
            else if (entry.Kind == DiscoveryEntry.PulseField)
            {
                WritePulseField(writer, entry.DeviceIndex, entry.ItemIndex);
            }
            else
            {
                WriteCollectorField(writer, entry.ItemIndex);
            }

            writer.EndObject();
        }

        private void WriteMeterQuantity(JsonWriter writer, int meterIndex, int quantityIndex)
        {
            MeterDevice meter = _meters[meterIndex];
            string quantity = meter.QuantityNames[quantityIndex];
            QuantityDescription description = QuantityCatalog.Describe(quantity);
            string unit = description.Unit;
            if (description.DeviceClass == null && meter.Units != null && quantityIndex < meter.Units.Length)
            {
                unit = meter.Units[quantityIndex];
            }

            writer.WriteString("name", QuantityCatalog.FriendlyName(quantity));
            writer.WriteString("unique_id", _meterIdentifiers[meterIndex] + "_", quantity);
            writer.WriteString("state_topic", _meterStateTopics[meterIndex]);
            writer.WriteString("value_template", "{{ value_json." + quantity, " }}");
            WriteClasses(writer, description.DeviceClass, description.StateClass, unit);
            writer.WriteInteger("suggested_display_precision", description.Decimals);
            writer.BeginArray("availability");
            WriteAvailability(writer, _topics.Status);
            WriteAvailability(writer, _meterAvailabilityTopics[meterIndex]);
            writer.EndArray();
            writer.WriteString("availability_mode", "all");
            if (_expireAfterSeconds > 0)
            {
                writer.WriteInteger("expire_after", _expireAfterSeconds);
            }

            writer.BeginObject("device");
            writer.BeginArray("identifiers");
            writer.WriteStringValue(_meterIdentifiers[meterIndex]);
            writer.EndArray();
            writer.WriteString("name", meter.Name);
            WriteOptional(writer, "manufacturer", meter.Manufacturer);
            WriteOptional(writer, "model", meter.Model);
            WriteOptional(writer, "serial_number", meter.SerialNumber);
            WriteOptional(writer, "sw_version", meter.FirmwareVersion);
            writer.WriteString("via_device", _collectorIdentifier);
            writer.EndObject();
        }

        private void WritePulseField(JsonWriter writer, int channelIndex, int field)
        {
            PulseChannelDevice channel = _pulses[channelIndex];
            string identifier = _collectorIdentifier + "_pulse_" + channel.Name;
            writer.WriteString("name", PulseNames[field]);
            writer.WriteString("unique_id", identifier + "_", PulseFields[field]);
            writer.WriteString("state_topic", _pulseStateTopics[channelIndex]);
            writer.WriteString("value_template", "{{ value_json." + PulseFields[field], " }}");
            if (field == PulseEnergy)
            {
                WriteClasses(writer, "energy", QuantityCatalog.TotalIncreasing, "kWh");
                writer.WriteInteger("suggested_display_precision", 3);
            }
            else if (field == PulsePower)
            {
                WriteClasses(writer, "power", QuantityCatalog.Measurement, "W");
                writer.WriteInteger("suggested_display_precision", StatePayloads.PulsePowerDecimals);
            }
            else if (field == PulseCount)
            {
                WriteClasses(writer, null, QuantityCatalog.TotalIncreasing, null);
                writer.WriteString("entity_category", "diagnostic");
            }
            else
            {
                // A difference of two energies can be negative: a plain kWh measurement, not an energy total.
                WriteClasses(writer, null, QuantityCatalog.Measurement, "kWh");
                writer.WriteInteger("suggested_display_precision", StatePayloads.PulseEnergyDecimals);
                writer.WriteString("entity_category", "diagnostic");
            }

            writer.BeginArray("availability");
            WriteAvailability(writer, _topics.Status);
            writer.EndArray();
            writer.BeginObject("device");
            writer.BeginArray("identifiers");
            writer.WriteStringValue(identifier);
            writer.EndArray();
            writer.WriteString("name", channel.Name);
            writer.WriteString("manufacturer", Manufacturer);
            writer.WriteString("model", "S0 pulse input");
            writer.WriteString("via_device", _collectorIdentifier);
            writer.EndObject();
        }

        private void WriteCollectorField(JsonWriter writer, int field)
        {
            writer.WriteString("name", CollectorNames[field]);
            writer.WriteString("unique_id", _collectorIdentifier + "_", CollectorFields[field]);
            writer.WriteString("state_topic", _topics.Health);
            writer.WriteString("value_template", CollectorTemplates[field]);
            WriteClasses(writer, CollectorDeviceClasses[field], CollectorStateClasses[field], CollectorUnits[field]);
            writer.WriteString("entity_category", "diagnostic");
            writer.BeginArray("availability");
            WriteAvailability(writer, _topics.Status);
            writer.EndArray();
            writer.BeginObject("device");
            writer.BeginArray("identifiers");
            writer.WriteStringValue(_collectorIdentifier);
            writer.EndArray();
            writer.BeginArray("connections");
            writer.BeginArray();
            writer.WriteStringValue("mac");
            writer.WriteStringValue(FormatMac(_macHex));
            writer.EndArray();
            writer.EndArray();
            writer.WriteString("name", _topics.CollectorId);
            writer.WriteString("manufacturer", Manufacturer);
            writer.WriteString("model", _board);
            writer.WriteString("sw_version", _firmwareVersion);
            writer.EndObject();
        }

        private static void WriteClasses(JsonWriter writer, string deviceClass, string stateClass, string unit)
        {
            WriteOptional(writer, "device_class", deviceClass);
            WriteOptional(writer, "state_class", stateClass);
            WriteOptional(writer, "unit_of_measurement", unit);
        }

        private static void WriteAvailability(JsonWriter writer, string topic)
        {
            writer.BeginObject();
            writer.WriteString("topic", topic);
            writer.EndObject();
        }

        private static void WriteOptional(JsonWriter writer, string name, string value)
        {
            if (value != null && value.Length > 0)
            {
                writer.WriteString(name, value);
            }
        }

        /// <summary>"aabbccddeeff" to "aa:bb:cc:dd:ee:ff", HA's connection format for MAC addresses.</summary>
        private static string FormatMac(string hex)
        {
            char[] text = new char[hex.Length + hex.Length / 2 - 1];
            int position = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                if (i > 0 && i % 2 == 0)
                {
                    text[position++] = ':';
                }

                text[position++] = hex[i];
            }

            return new string(text, 0, position);
        }
    }
}
