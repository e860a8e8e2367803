using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// One Home Assistant sensor config: where it goes and what it describes. Made on demand by
    /// <see cref="DiscoveryPayloads.Entries"/> for tests and tools; the publisher keeps none (it walks the
    /// configs by ordinal and writes topic and payload when each is sent).
    /// </summary>
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
    /// fed from the health topic. Nothing is kept per sensor: configs are numbered (collector fields, then
    /// each meter's quantities, then each channel's fields) and each topic and payload is composed from the
    /// per-device data when it is sent, so the configs of a whole installation never sit in RAM.
    /// unique_id = "espc_" + collector MAC + "_" + (meter serial, or "a" + Modbus address) + "_" + quantity:
    /// stable across renames and reflashing, distinct for two collectors.
    /// </summary>
    public sealed class DiscoveryPayloads
    {
        public const string Manufacturer = "EspCollector";

        // The collector's diagnostic sensors, read from the health payload (see HealthPayload), and a pulse
        // channel's sensors, read from its state payload (see StatePayloads.WritePulseState). Their texts are
        // code (switches below), not static arrays: a config is composed only when discovery is sent, and the
        // eight string arrays were ~1.4 KB of the ~80 KB heap on nanoFramework.
        private const int CollectorFieldCount = 8;
        private const int PulseEnergy = 0;
        private const int PulsePower = 1;
        private const int PulseCount = 2;
        private const int PulseDiscrepancy = 3;
        private const int PulseFieldCount = 4;

        private readonly TopicLayout _topics;
        private readonly string _macHex;
        private readonly string _firmwareVersion;
        private readonly string _board;
        private readonly int _expireAfterSeconds;

        /// <summary>Where a topic is composed when one is needed (its string is the only allocation).</summary>
        private readonly TopicText _text = new TopicText();

        /// <summary>Where a meter's unique_id prefix is written to hash it or find it in a retained config
        /// (serials are short; a longer key overflows and is compared as far as it fits).</summary>
        private readonly JsonWriter _key = new JsonWriter(96);

        // Per configured device only (never per sensor), and no strings of their own: identifiers and topics are
        // written piece by piece into the payload, and a config's topic is composed when it is sent.
        private MeterDevice[] _meters = new MeterDevice[0];
        // A pulse channel is its name and whether it is linked (the discrepancy sensor): two small arrays, not the
        // caller's device objects.
        private string[] _pulseNames = new string[0];
        private bool[] _pulseLinked = new bool[0];
        private int _count;

        public DiscoveryPayloads(TopicLayout topics, byte[] macAddress, string firmwareVersion, string board, int expireAfterSeconds)
        {
            _topics = topics;
            _macHex = TopicLayout.MacHex(macAddress);
            _firmwareVersion = firmwareVersion;
            _board = board;
            _expireAfterSeconds = expireAfterSeconds;
        }

        /// <summary>Number of sensor configs of the current configuration (collector, meters, pulse channels).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// Every sensor config of the current configuration, collector first, in <see cref="Count"/> ordinal
        /// order. Allocates the whole list: for tests and tools, not used by the publisher.
        /// </summary>
        public DiscoveryEntry[] Entries
        {
            get
            {
                DiscoveryEntry[] entries = new DiscoveryEntry[_count];
                for (int i = 0; i < entries.Length; i++)
                {
                    int kind;
                    int device;
                    int item;
                    Locate(_meters, _pulseNames, _pulseLinked, i, out kind, out device, out item);
                    entries[i] = new DiscoveryEntry(TopicAt(i), kind, device, item);
                }

                return entries;
            }
        }

        /// <summary>The meters of the current configuration (the array given to <see cref="Configure"/>).</summary>
        public MeterDevice[] Meters
        {
            get { return _meters; }
        }

        /// <summary>The names of the pulse channels of the current configuration.</summary>
        public string[] PulseNames
        {
            get { return _pulseNames; }
        }

        /// <summary>Per pulse channel: linked to a meter (it has the discrepancy sensor).</summary>
        public bool[] PulseLinked
        {
            get { return _pulseLinked; }
        }

        /// <summary>"espc_" and the MAC in hex: the collector's HA device identifier (allocates; payloads write it in place).</summary>
        public string CollectorIdentifier
        {
            get { return "espc_" + _macHex; }
        }

        /// <summary>The scratch the publisher composes its rarely needed topics in (under its lock).</summary>
        public TopicText Text
        {
            get { return _text; }
        }

        /// <summary>Applies a configuration: keeps the meters' array, the channels' names and links (allocates those two, once per configuration).</summary>
        public void Configure(MeterDevice[] meters, PulseChannelDevice[] pulses)
        {
            _meters = meters ?? new MeterDevice[0];
            int channels = pulses == null ? 0 : pulses.Length;
            string[] names = StringArrays.Create(channels);
            bool[] linked = new bool[channels];
            for (int p = 0; p < channels; p++)
            {
                names[p] = pulses[p].Name;
                linked[p] = pulses[p].LinkedMeterName != null;
            }

            _pulseNames = names;
            _pulseLinked = linked;
            _count = CountOf(_meters, _pulseNames, _pulseLinked);
        }

        /// <summary>Index of the configured meter named <paramref name="name"/>, or -1.</summary>
        public int IndexOfMeter(string name)
        {
            for (int m = 0; m < _meters.Length; m++)
            {
                if (_meters[m].Name == name)
                {
                    return m;
                }
            }

            return -1;
        }

        /// <summary>Index of the configured pulse channel named <paramref name="name"/>, or -1.</summary>
        public int IndexOfPulse(string name)
        {
            for (int p = 0; p < _pulseNames.Length; p++)
            {
                if (_pulseNames[p] == name)
                {
                    return p;
                }
            }

            return -1;
        }

        /// <summary>
        /// True when config <paramref name="ordinal"/> of another configuration (e.g. the one just replaced) is also a
        /// config of the current one: the same topic (compares names, allocates nothing).
        /// </summary>
        public bool Contains(MeterDevice[] meters, string[] pulseNames, bool[] pulseLinked, int ordinal)
        {
            int kind;
            int device;
            int item;
            Locate(meters, pulseNames, pulseLinked, ordinal, out kind, out device, out item);
            if (kind == DiscoveryEntry.CollectorField)
            {
                return true;
            }

            if (kind == DiscoveryEntry.PulseField)
            {
                int current = IndexOfPulse(pulseNames[device]);
                return current >= 0 && item < FieldCountOf(_pulseLinked[current]);
            }

            int meter = IndexOfMeter(meters[device].Name);
            string[] names = meter < 0 ? null : _meters[meter].QuantityNames;
            string quantity = meters[device].QuantityNames[item];
            for (int q = 0; names != null && q < names.Length; q++)
            {
                if (names[q] == quantity)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Number of sensor configs of a configuration.</summary>
        public static int CountOf(MeterDevice[] meters, PulseChannelDevice[] pulses)
        {
            int count = CountOf(meters, null, null);
            for (int p = 0; pulses != null && p < pulses.Length; p++)
            {
                count += FieldCountOf(pulses[p].LinkedMeterName != null);
            }

            return count;
        }

        /// <summary>Number of sensor configs of a configuration given as channel names and links.</summary>
        public static int CountOf(MeterDevice[] meters, string[] pulseNames, bool[] pulseLinked)
        {
            int count = CollectorFieldCount;
            for (int m = 0; meters != null && m < meters.Length; m++)
            {
                count += ConfigCountOf(meters[m]);
            }

            for (int p = 0; pulseNames != null && p < pulseNames.Length; p++)
            {
                count += FieldCountOf(pulseLinked[p]);
            }

            return count;
        }

        /// <summary>Number of sensor configs of one meter: one per quantity.</summary>
        public static int ConfigCountOf(MeterDevice meter)
        {
            return meter.QuantityNames == null ? 0 : meter.QuantityNames.Length;
        }

        /// <summary>Ordinal of meter <paramref name="index"/>'s first config: a meter's configs follow the
        /// collector's and the meters before it, and the pulse channels come after every meter.</summary>
        public int FirstOrdinalOfMeter(int index)
        {
            int ordinal = CollectorFieldCount;
            for (int m = 0; m < index && m < _meters.Length; m++)
            {
                ordinal += ConfigCountOf(_meters[m]);
            }

            return ordinal;
        }

        /// <summary>Discovery topic of config <paramref name="ordinal"/> of the current configuration (allocates the string).</summary>
        public string TopicAt(int ordinal)
        {
            return TopicAt(_meters, _pulseNames, _pulseLinked, ordinal);
        }

        /// <summary>
        /// Discovery topic of config <paramref name="ordinal"/> of any configuration, e.g. the one just replaced,
        /// to find what must be removed from Home Assistant (allocates the string).
        /// </summary>
        public string TopicAt(MeterDevice[] meters, string[] pulseNames, bool[] pulseLinked, int ordinal)
        {
            int kind;
            int device;
            int item;
            Locate(meters, pulseNames, pulseLinked, ordinal, out kind, out device, out item);
            _text.Clear().Append(_topics.DiscoveryPrefix).Append("/sensor/").Append(_topics.CollectorId).Append('/');
            if (kind == DiscoveryEntry.MeterQuantity)
            {
                _text.Append("meter_").Append(meters[device].Name).Append('_').Append(meters[device].QuantityNames[item]);
            }
            else if (kind == DiscoveryEntry.PulseField)
            {
                _text.Append("pulse_").Append(pulseNames[device]).Append('_').Append(PulseField(item));
            }
            else
            {
                _text.Append("collector_").Append(CollectorField(item));
            }

            return _text.Append("/config").ToString();
        }

        /// <summary>
        /// True when <paramref name="topic"/> is the discovery topic of a config of the current configuration
        /// (compares in place, allocates nothing).
        /// </summary>
        public bool IsExpected(string topic)
        {
            int end;
            int start = ObjectIdStart(topic, out end);
            if (start < 0)
            {
                return false;
            }

            int rest = MatchPart(topic, start, end, "collector_");
            if (rest >= 0)
            {
                return MatchField(topic, rest, end, false, CollectorFieldCount);
            }

            rest = MatchPart(topic, start, end, "meter_");
            if (rest >= 0)
            {
                return MeterIndexOf(topic) >= 0;
            }

            rest = MatchPart(topic, start, end, "pulse_");
            if (rest >= 0)
            {
                for (int p = 0; p < _pulseNames.Length; p++)
                {
                    int field = MatchPart(topic, rest, end, _pulseNames[p]);
                    field = field < 0 ? -1 : MatchPart(topic, field, end, "_");
                    if (field >= 0 && MatchField(topic, field, end, true, FieldCountOf(_pulseLinked[p])))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The meter whose config of the current configuration <paramref name="topic"/> is, or -1 (compares in
        /// place, allocates nothing).
        /// </summary>
        public int MeterIndexOf(string topic)
        {
            int end;
            int start = ObjectIdStart(topic, out end);
            int rest = start < 0 ? -1 : MatchPart(topic, start, end, "meter_");
            for (int m = 0; rest >= 0 && m < _meters.Length; m++)
            {
                int quantity = MatchPart(topic, rest, end, _meters[m].Name);
                quantity = quantity < 0 ? -1 : MatchPart(topic, quantity, end, "_");
                string[] names = _meters[m].QuantityNames;
                if (quantity >= 0 && names != null && MatchAny(topic, quantity, end, names, names.Length))
                {
                    return m;
                }
            }

            return -1;
        }

        /// <summary>The meter of config <paramref name="ordinal"/>, or -1 for the collector's and the channels'.</summary>
        public int MeterAt(int ordinal)
        {
            int kind;
            int device;
            int item;
            Locate(_meters, _pulseNames, _pulseLinked, ordinal, out kind, out device, out item);
            return kind == DiscoveryEntry.MeterQuantity ? device : -1;
        }

        /// <summary>
        /// A non-zero hash of meter <paramref name="index"/>'s unique_id key (serial, else address): when it changes,
        /// Home Assistant must see the old entities removed before the new ones are announced, because it does not
        /// follow a unique_id that changes under the same discovery topic.
        /// </summary>
        public int MeterKeyHash(int index)
        {
            WriteMeterKey(index);
            byte[] bytes = _key.Buffer;
            int hash = unchecked((int)2166136261);
            for (int i = 0; i < _key.Length; i++)
            {
                hash = unchecked((hash ^ bytes[i]) * 16777619);
            }

            return hash == 0 ? 1 : hash;
        }

        /// <summary>True when a retained config payload carries meter <paramref name="index"/>'s current unique_id
        /// (searched in place).</summary>
        public bool HasMeterKey(byte[] payload, int index)
        {
            WriteMeterKey(index);
            byte[] key = _key.Buffer;
            int length = _key.Length;
            for (int at = 0; payload != null && at + length <= payload.Length; at++)
            {
                int i = 0;
                while (i < length && payload[at + i] == key[i])
                {
                    i++;
                }

                if (i == length)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Writes <c>"unique_id":"espc_&lt;mac&gt;_&lt;key&gt;_</c> of meter <paramref name="index"/> into the key buffer.</summary>
        private void WriteMeterKey(int index)
        {
            _key.Reset();
            _key.BeginText("unique_id");
            AppendMeterIdentifier(_key, _meters[index]);
            _key.AppendText('_');
        }

        /// <summary>Start of the object id in a config topic of this collector (end: before "/config"), or -1.</summary>
        private int ObjectIdStart(string topic, out int end)
        {
            const string Suffix = "/config";
            end = 0;
            if (topic == null || !topic.EndsWith(Suffix))
            {
                return -1;
            }

            end = topic.Length - Suffix.Length;
            int start = MatchPart(topic, 0, end, _topics.DiscoveryPrefix);
            start = start < 0 ? -1 : MatchPart(topic, start, end, "/sensor/");
            start = start < 0 ? -1 : MatchPart(topic, start, end, _topics.CollectorId);
            start = start < 0 ? -1 : MatchPart(topic, start, end, "/");
            return start < 0 || end <= start ? -1 : start;
        }

        /// <summary>Writes the config payload of one entry into <paramref name="writer"/>.</summary>
        public void Write(JsonWriter writer, DiscoveryEntry entry)
        {
            Write(writer, entry.Kind, entry.DeviceIndex, entry.ItemIndex);
        }

        /// <summary>Writes the config payload of config <paramref name="ordinal"/> of the current configuration.</summary>
        public void Write(JsonWriter writer, int ordinal)
        {
            int kind;
            int device;
            int item;
            Locate(_meters, _pulseNames, _pulseLinked, ordinal, out kind, out device, out item);
            Write(writer, kind, device, item);
        }

        /// <summary>Ordinal to (kind, device, item): collector fields, then each meter's quantities, then each channel's fields.</summary>
        private static void Locate(MeterDevice[] meters, string[] pulseNames, bool[] pulseLinked, int ordinal, out int kind, out int device, out int item)
        {
            if (ordinal < 0)
            {
                throw new ArgumentOutOfRangeException("ordinal");
            }

            if (ordinal < CollectorFieldCount)
            {
                kind = DiscoveryEntry.CollectorField;
                device = 0;
                item = ordinal;
                return;
            }

            int rest = ordinal - CollectorFieldCount;
            for (int m = 0; meters != null && m < meters.Length; m++)
            {
                int quantities = ConfigCountOf(meters[m]);
                if (rest < quantities)
                {
                    kind = DiscoveryEntry.MeterQuantity;
                    device = m;
                    item = rest;
                    return;
                }

                rest -= quantities;
            }

            for (int p = 0; pulseNames != null && p < pulseNames.Length; p++)
            {
                int fields = FieldCountOf(pulseLinked[p]);
                if (rest < fields)
                {
                    kind = DiscoveryEntry.PulseField;
                    device = p;
                    item = rest;
                    return;
                }

                rest -= fields;
            }

            throw new ArgumentOutOfRangeException("ordinal");
        }

        /// <summary>A linked channel also has the cross-check discrepancy sensor.</summary>
        private static int FieldCountOf(bool linked)
        {
            return linked ? PulseFieldCount : PulseDiscrepancy;
        }

        /// <summary>Position after <paramref name="part"/> when the text at <paramref name="start"/> begins with it, else -1.</summary>
        private static int MatchPart(string text, int start, int end, string part)
        {
            if (part == null || start + part.Length > end)
            {
                return -1;
            }

            for (int i = 0; i < part.Length; i++)
            {
                if (text[start + i] != part[i])
                {
                    return -1;
                }
            }

            return start + part.Length;
        }

        /// <summary>True when text[start, end) is one of the first <paramref name="count"/> pulse or collector field names.</summary>
        private static bool MatchField(string text, int start, int end, bool pulse, int count)
        {
            for (int i = 0; i < count; i++)
            {
                string field = pulse ? PulseField(i) : CollectorField(i);
                if (field.Length == end - start && MatchPart(text, start, end, field) == end)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The collector's diagnostic sensors, one row each: object id (also the health field), name, the health
        /// payload path, device class and unit. A switch rather than kept arrays: code, not heap.
        /// </summary>
        private static void DescribeCollectorSensor(int field, CollectorSensor row)
        {
            switch (field)
            {
                case 0: row.Set("uptime", "Uptime", "uptime", "duration", "s"); break;
                case 1: row.Set("free_memory", "Free memory", "free_memory", "data_size", "B"); break;
                case 2: row.Set("rssi", "WiFi signal", "rssi", "signal_strength", "dBm"); break;
                case 3: row.Set("buffered", "Buffered messages", "buffered", null, null); break;
                case 4: row.Set("dropped", "Dropped messages", "dropped", null, null); break;
                case 5: row.Set("bus_timeouts", "Bus timeouts", "bus.timeouts", null, null); break;
                case 6: row.Set("bus_crc_errors", "Bus CRC errors", "bus.crc_errors", null, null); break;
                case 7: row.Set("pulse_overflows", "Pulse overflows", "pulse_overflows", null, null); break;
                default: throw new ArgumentOutOfRangeException("field");
            }
        }

        private static string CollectorField(int field)
        {
            DescribeCollectorSensor(field, CollectorSensor.Scratch);
            return CollectorSensor.Scratch.Field;
        }

        /// <summary>Uptime and the counters only grow (total_increasing); memory, signal and buffered go both ways.</summary>
        private static string CollectorStateClass(int field)
        {
            return field == 0 || field >= 4 ? QuantityCatalog.TotalIncreasing : QuantityCatalog.Measurement;
        }

        private static string PulseField(int field)
        {
            switch (field)
            {
                case PulseEnergy: return "energy";
                case PulsePower: return "power";
                case PulseCount: return "pulses";
                case PulseDiscrepancy: return "discrepancy";
                default: throw new ArgumentOutOfRangeException("field");
            }
        }

        private static string PulseName(int field)
        {
            switch (field)
            {
                case PulseEnergy: return "Energy";
                case PulsePower: return "Power";
                case PulseCount: return "Pulses";
                case PulseDiscrepancy: return "Discrepancy";
                default: throw new ArgumentOutOfRangeException("field");
            }
        }

        /// <summary>True when text[start, end) equals one of the first <paramref name="count"/> candidates.</summary>
        private static bool MatchAny(string text, int start, int end, string[] candidates, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (candidates[i] != null && candidates[i].Length == end - start && MatchPart(text, start, end, candidates[i]) == end)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Writes the meter's HA identifier, "espc_" + MAC + "_" + its key, into a string value begun in <paramref name="writer"/>:
        /// the key is its serial number's letters and digits after "sn", else "a" and its Modbus address.
        /// </summary>
        private void AppendMeterIdentifier(JsonWriter writer, MeterDevice meter)
        {
            AppendCollectorIdentifier(writer);
            writer.AppendText('_');
            string serial = meter.SerialNumber;
            int kept = 0;
            for (int i = 0; serial != null && i < serial.Length; i++)
            {
                kept += IsKeyCharacter(serial[i]) ? 1 : 0;
            }

            if (kept == 0)
            {
                writer.AppendText('a');
                writer.AppendDigits(meter.Address);
                return;
            }

            writer.AppendText("sn");
            for (int i = 0; i < serial.Length; i++)
            {
                if (IsKeyCharacter(serial[i]))
                {
                    writer.AppendText(serial[i]);
                }
            }
        }

        private void AppendCollectorIdentifier(JsonWriter writer)
        {
            writer.AppendText("espc_");
            writer.AppendText(_macHex);
        }

        private static bool IsKeyCharacter(char c)
        {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /// <summary>Writes "&lt;prefix&gt;/&lt;id&gt;/&lt;kind&gt;/&lt;name&gt;/&lt;leaf&gt;" as the string member <paramref name="member"/>.</summary>
        private void WriteDeviceTopic(JsonWriter writer, string member, string kind, string name, string leaf)
        {
            writer.BeginText(member);
            writer.AppendText(_topics.Prefix);
            writer.AppendText('/');
            writer.AppendText(_topics.CollectorId);
            writer.AppendText('/');
            writer.AppendText(kind);
            writer.AppendText(name);
            writer.AppendText(leaf);
            writer.EndText();
        }

        /// <summary>"{{ value_json.&lt;field&gt; }}": the HA template reading one field of the state payload.</summary>
        private static void WriteValueTemplate(JsonWriter writer, string field)
        {
            writer.BeginText("value_template");
            writer.AppendText("{{ value_json.");
            writer.AppendText(field);
            writer.AppendText(" }}");
            writer.EndText();
        }

        private void Write(JsonWriter writer, int kind, int device, int item)
        {
            writer.Reset();
            writer.BeginObject();
            if (kind == DiscoveryEntry.MeterQuantity)
            {
                WriteMeterQuantity(writer, device, item);
            }
            else if (kind == DiscoveryEntry.PulseField)
            {
                WritePulseField(writer, device, item);
            }
            else
            {
                WriteCollectorField(writer, item);
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

            writer.BeginText("name");
            QuantityCatalog.AppendFriendlyName(writer, quantity);
            writer.EndText();
            writer.BeginText("unique_id");
            AppendMeterIdentifier(writer, meter);
            writer.AppendText('_');
            writer.AppendText(quantity);
            writer.EndText();
            WriteDeviceTopic(writer, "state_topic", "meter/", meter.Name, "/state");
            WriteValueTemplate(writer, quantity);
            WriteClasses(writer, description.DeviceClass, description.StateClass, unit);
            writer.WriteInteger("suggested_display_precision", description.Decimals);
            writer.BeginArray("availability");
            WriteAvailability(writer, _topics.Status);
            writer.BeginObject();
            WriteDeviceTopic(writer, "topic", "meter/", meter.Name, "/availability");
            writer.EndObject();
            writer.EndArray();
            writer.WriteString("availability_mode", "all");
            if (_expireAfterSeconds > 0)
            {
                writer.WriteInteger("expire_after", _expireAfterSeconds);
            }

            writer.BeginObject("device");
            writer.BeginArray("identifiers");
            writer.BeginTextValue();
            AppendMeterIdentifier(writer, meter);
            writer.EndText();
            writer.EndArray();
            writer.WriteString("name", meter.Name);
            WriteOptional(writer, "manufacturer", meter.Manufacturer);
            WriteOptional(writer, "model", meter.Model);
            WriteOptional(writer, "serial_number", meter.SerialNumber);
            WriteOptional(writer, "sw_version", meter.FirmwareVersion);
            writer.BeginText("via_device");
            AppendCollectorIdentifier(writer);
            writer.EndText();
            writer.EndObject();
        }

        /// <summary>A channel's HA device identifier: "espc_" + MAC + "_pulse_" + name, into a string value begun.</summary>
        private void AppendPulseIdentifier(JsonWriter writer, string channel)
        {
            AppendCollectorIdentifier(writer);
            writer.AppendText("_pulse_");
            writer.AppendText(channel);
        }

        private void WritePulseField(JsonWriter writer, int channelIndex, int field)
        {
            string channel = _pulseNames[channelIndex];
            writer.WriteString("name", PulseName(field));
            writer.BeginText("unique_id");
            AppendPulseIdentifier(writer, channel);
            writer.AppendText('_');
            writer.AppendText(PulseField(field));
            writer.EndText();
            WriteDeviceTopic(writer, "state_topic", "pulse/", channel, "/state");
            WriteValueTemplate(writer, PulseField(field));
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
            writer.BeginTextValue();
            AppendPulseIdentifier(writer, channel);
            writer.EndText();
            writer.EndArray();
            writer.WriteString("name", channel);
            writer.WriteString("manufacturer", Manufacturer);
            writer.WriteString("model", "S0 pulse input");
            writer.BeginText("via_device");
            AppendCollectorIdentifier(writer);
            writer.EndText();
            writer.EndObject();
        }

        private void WriteCollectorField(JsonWriter writer, int field)
        {
            CollectorSensor row = CollectorSensor.Scratch;
            DescribeCollectorSensor(field, row);
            writer.WriteString("name", row.Name);
            writer.BeginText("unique_id");
            AppendCollectorIdentifier(writer);
            writer.AppendText('_');
            writer.AppendText(row.Field);
            writer.EndText();
            writer.WriteString("state_topic", _topics.Health);
            WriteValueTemplate(writer, row.HealthPath);
            WriteClasses(writer, row.DeviceClass, CollectorStateClass(field), row.Unit);
            writer.WriteString("entity_category", "diagnostic");
            writer.BeginArray("availability");
            WriteAvailability(writer, _topics.Status);
            writer.EndArray();
            writer.BeginObject("device");
            writer.BeginArray("identifiers");
            writer.BeginTextValue();
            AppendCollectorIdentifier(writer);
            writer.EndText();
            writer.EndArray();
            writer.BeginArray("connections");
            writer.BeginArray();
            writer.WriteStringValue("mac");
            // "aabbccddeeff" as "aa:bb:cc:dd:ee:ff", HA's connection format for MAC addresses.
            writer.BeginTextValue();
            for (int i = 0; i < _macHex.Length; i++)
            {
                if (i > 0 && i % 2 == 0)
                {
                    writer.AppendText(':');
                }

                writer.AppendText(_macHex[i]);
            }

            writer.EndText();
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

        /// <summary>One row of <see cref="DescribeCollectorSensor"/>; a single scratch instance, filled per use on
        /// the publisher's thread.</summary>
        private sealed class CollectorSensor
        {
            public static readonly CollectorSensor Scratch = new CollectorSensor();

            public string Field;
            public string Name;
            public string HealthPath;
            public string DeviceClass;
            public string Unit;

            public void Set(string field, string name, string healthPath, string deviceClass, string unit)
            {
                Field = field;
                Name = name;
                HealthPath = healthPath;
                DeviceClass = deviceClass;
                Unit = unit;
            }
        }
    }
}
