using System.Collections;
using System.Text;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// Configuration payload of the power-safe record: ASCII "key=value" lines, one per explicitly set key in
    /// <see cref="SettingKeys"/> order, then "meter=" and "pulse=" lines. Text, because an installer or a support
    /// engineer can read a dumped record, and because migration is then renaming keys. The schema version travels
    /// in the record header (<see cref="Storage.PowerSafeRecord"/>), not in the payload.
    ///
    /// Schema history:
    ///   1  prototype layout: modbus.* keys (modbus.baud, modbus.parity as the digit 0 none / 1 odd / 2 even,
    ///      modbus.stopbits, modbus.timeout, modbus.retries), mqtt.server, mqtt.prefix; "meter=name,type,address"
    ///      (no relay field: relay writes off); "pulse=name,pin,constant" (default filter).
    ///   2  bus.* keys, mqtt.host, mqtt.topic, "meter=name,type,address,on|off" (relay),
    ///      "pulse=name,pin,constant,filter_ms" (whole imp/kWh and milliseconds).
    ///   3  current: keys as schema 2 (plus new ones: a key unknown to older firmware is skipped there); entries
    ///      carry the console's options after their positional fields, every option written:
    ///      "meter=name,type,address,relay=on|off,wordorder=auto|abcd|cdab,history=on|off",
    ///      "pulse=name,pin,constant,filter=ms,edge=falling|rising,offset=kWh[,link=meter:quantity]" with decimals
    ///      written with '.'. Options are read by <see cref="EntryOptions"/>, the console's own rules; a missing
    ///      option takes its default. Migrating 2 to 3 turns the fourth positional field into relay= / filter=.
    /// Reading is tolerant: an unknown key or a value the current table refuses is skipped with a note (the
    /// default applies), so a record is never rejected as a whole for one stale line.
    /// Values are escaped: backslash as \\, newline as \n (the console cannot enter either, but a record must
    /// round-trip whatever it holds).
    /// </summary>
    public static class ConfigSerializer
    {
        public const int CurrentSchemaVersion = 3;

        private const byte Newline = (byte)'\n';
        private const byte EqualsSign = (byte)'=';

        private static readonly string[] _version1Keys = new string[]
        {
            "modbus.baud", "modbus.parity", "modbus.stopbits", "modbus.timeout", "modbus.retries", "mqtt.server", "mqtt.prefix",
        };

        private static readonly string[] _version2Keys = new string[]
        {
            SettingKeys.BusBaud, SettingKeys.BusParity, SettingKeys.BusStopBits, SettingKeys.BusTimeout, SettingKeys.BusRetries,
            SettingKeys.MqttHost, SettingKeys.MqttTopic,
        };

        /// <summary>The payload text of the current schema.</summary>
        public static string ToText(Configuration configuration)
        {
            StringBuilder text = new StringBuilder(512);
            for (int index = 0; index < SettingKeys.Count; index++)
            {
                SettingKey key = SettingKeys.At(index);
                string value = configuration.GetExplicit(key.Name);
                if (value != null)
                {
                    text.Append(key.Name).Append('=');
                    AppendEscaped(text, value);
                    text.Append('\n');
                }
            }

            // Every option is written, defaults included: a later firmware with other defaults must not change
            // what a stored configuration means.
            for (int index = 0; index < configuration.MeterCount; index++)
            {
                MeterEntry meter = configuration.MeterAt(index);
                if (meter.IsMBus)
                {
                    // M-Bus meters take no options; 8 digits are a secondary address (MeterEntry.ParseMBusAddress).
                    text.Append("meter=").Append(meter.Name).Append(',').Append(meter.Type).Append(',').Append(meter.AddressText).Append('\n');
                    continue;
                }

                text.Append("meter=").Append(meter.Name).Append(',').Append(meter.Type).Append(',').Append(meter.Address)
                    .Append(",relay=").Append(meter.RelayEnabled ? "on" : "off").Append(",wordorder=").Append(meter.WordOrder)
                    .Append(",history=").Append(meter.ReadHistory ? "on" : "off").Append('\n');
            }

            for (int index = 0; index < configuration.PulseChannelCount; index++)
            {
                PulseChannelEntry channel = configuration.PulseChannelAt(index);
                text.Append("pulse=").Append(channel.Name).Append(',').Append(channel.Pin).Append(',').Append(channel.ConstantText)
                    .Append(",filter=").Append(channel.FilterText).Append(",edge=").Append(channel.EdgeText)
                    .Append(",offset=").Append(channel.OffsetText);
                if (channel.HasLink)
                {
                    text.Append(",link=").Append(channel.LinkText);
                }

                text.Append('\n');
            }

            return text.ToString();
        }

        /// <summary>The payload bytes of the current schema (ASCII).</summary>
        public static byte[] ToBytes(Configuration configuration)
        {
            return Encoding.UTF8.GetBytes(ToText(configuration));
        }

        /// <summary>
        /// Reads a payload of <paramref name="schemaVersion"/> (1..3; older ones migrated). Returns null for an
        /// unknown (newer) schema. Skipped lines are described in <paramref name="notes"/> (may be null).
        /// </summary>
        public static Configuration FromBytes(byte[] payload, int offset, int count, int schemaVersion, ArrayList notes)
        {
            if (schemaVersion < 1 || schemaVersion > CurrentSchemaVersion)
            {
                AddNote(notes, "configuration schema " + schemaVersion + " is not known to this firmware");
                return null;
            }

            // Read in place, line by line: no string of the whole payload (nanoCLR's Substring would also copy all of
            // it as UTF-16 for every line). '\n' and '=' are ASCII bytes, never inside a multi-byte UTF-8 sequence.
            Configuration configuration = new Configuration();
            int end = offset + count;
            int start = offset;
            while (start < end)
            {
                int lineEnd = IndexOf(payload, Newline, start, end);
                if (lineEnd > start)
                {
                    ReadLine(configuration, payload, start, lineEnd, schemaVersion, notes);
                }

                start = lineEnd + 1;
            }

            return configuration;
        }

        /// <summary>The line in <paramref name="payload"/> from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
        private static void ReadLine(Configuration configuration, byte[] payload, int start, int end, int schemaVersion, ArrayList notes)
        {
            int equals = IndexOf(payload, EqualsSign, start, end);
            if (equals == end || equals == start)
            {
                AddNote(notes, "skipped a malformed line");
                return;
            }

            string name = Encoding.UTF8.GetString(payload, start, equals - start);
            string value = Unescape(equals + 1 == end ? string.Empty : Encoding.UTF8.GetString(payload, equals + 1, end - equals - 1));
            if (name == "meter")
            {
                ReadMeter(configuration, value, schemaVersion, notes);
                return;
            }

            if (name == "pulse")
            {
                ReadPulseChannel(configuration, value, schemaVersion, notes);
                return;
            }

            if (schemaVersion == 1)
            {
                value = MigrateVersion1Value(name, value);
                int renamed = ValueText.IndexOf(_version1Keys, name);
                if (renamed >= 0)
                {
                    name = _version2Keys[renamed];
                }
            }

            SettingKey key = SettingKeys.Find(name);
            if (key == null)
            {
                AddNote(notes, "skipped unknown key " + name);
                return;
            }

            string normalized;
            string problem = ValueText.Check(key, value, out normalized);
            if (problem != null)
            {
                AddNote(notes, "skipped " + name + ": " + (key.IsSecret ? "invalid value" : problem) + "; default used");
                return;
            }

            configuration.SetChecked(name, normalized);
        }

        /// <summary>Position of <paramref name="value"/> in <paramref name="bytes"/> from <paramref name="start"/> to
        /// <paramref name="end"/> (exclusive), or <paramref name="end"/> when it is not there.</summary>
        private static int IndexOf(byte[] bytes, byte value, int start, int end)
        {
            for (int index = start; index < end; index++)
            {
                if (bytes[index] == value)
                {
                    return index;
                }
            }

            return end;
        }

        /// <summary>Schema 1 stored parity as the SerialParity number.</summary>
        private static string MigrateVersion1Value(string name, string value)
        {
            if (name == "modbus.parity")
            {
                return value == "0" ? "none" : value == "1" ? "odd" : value == "2" ? "even" : value;
            }

            return value;
        }

        private static void ReadMeter(Configuration configuration, string value, int schemaVersion, ArrayList notes)
        {
            string[] fields = LegacyOptions(value.Split(','), schemaVersion, "relay=");
            int address = 0;
            MeterEntry meter = null;
            int primary;
            int secondary;
            if (fields != null && fields.Length == 3 && ValueText.IsName(fields[0]) && fields[1] == MeterEntry.MBusType
                && MeterEntry.ParseMBusAddress(fields[2], out primary, out secondary) == null)
            {
                meter = new MeterEntry(fields[0], fields[1], primary, false);
                meter.SecondaryAddress = secondary;
            }
            else if (fields != null && fields.Length >= 3 && ValueText.IsName(fields[0]) && ValueText.IndexOf(MeterEntry.Types, fields[1]) >= 0
                && fields[1] != MeterEntry.MBusType && ValueText.TryParseInteger(fields[2], out address) && address >= MeterEntry.MinimumAddress && address <= MeterEntry.MaximumAddress)
            {
                meter = new MeterEntry(fields[0], fields[1], address, false);
                if (EntryOptions.ApplyToMeter(meter, fields, 3) != null)
                {
                    meter = null;
                }
            }

            if (meter == null)
            {
                AddNote(notes, "skipped an invalid meter entry");
                return;
            }

            if (configuration.FindMeter(fields[0]) != null || configuration.MeterCount >= MeterEntry.MaximumCount)
            {
                AddNote(notes, "skipped meter " + fields[0] + " (duplicate or too many)");
                return;
            }

            configuration.AddMeter(meter);
        }

        /// <summary>Meter lines precede pulse lines, so a link finds its meter already read.</summary>
        private static void ReadPulseChannel(Configuration configuration, string value, int schemaVersion, ArrayList notes)
        {
            string[] fields = LegacyOptions(value.Split(','), schemaVersion, "filter=");
            int pin = 0;
            double constant;
            PulseChannelEntry channel = null;
            if (fields != null && fields.Length >= 3 && ValueText.IsName(fields[0]) && ValueText.TryParseInteger(fields[1], out pin) && pin >= 0
                && EntryOptions.ParseConstant(fields[2], out constant) == null)
            {
                channel = new PulseChannelEntry(fields[0], pin, constant);
                string problem = EntryOptions.ApplyToPulseChannel(channel, fields, 3, configuration);
                if (problem != null)
                {
                    AddNote(notes, "skipped pulse channel " + fields[0] + ": " + problem);
                    return;
                }
            }

            if (channel == null)
            {
                AddNote(notes, "skipped an invalid pulse channel entry");
                return;
            }

            if (configuration.FindPulseChannel(fields[0]) != null || configuration.PulseChannelCount >= PulseChannelEntry.MaximumCount)
            {
                AddNote(notes, "skipped pulse channel " + fields[0] + " (duplicate or too many)");
                return;
            }

            configuration.AddPulseChannel(channel);
        }

        /// <summary>
        /// Schema 1 and 2 entries are positional: "name,type,address[,relay]" and "name,pin,constant[,filter_ms]".
        /// The fourth field becomes the option it was (<paramref name="fourthOption"/>: "relay=" or "filter=", whose
        /// whole milliseconds read unchanged as decimal milliseconds); schema 3 entries already carry options.
        /// Null when the field count does not fit the schema.
        /// </summary>
        private static string[] LegacyOptions(string[] fields, int schemaVersion, string fourthOption)
        {
            if (schemaVersion >= 3)
            {
                return fields;
            }

            int expected = schemaVersion == 1 ? 3 : 4;
            if (fields.Length != expected)
            {
                return null;
            }

            if (expected == 4)
            {
                fields[3] = fourthOption + fields[3];
            }

            return fields;
        }

        private static void AppendEscaped(StringBuilder text, string value)
        {
            for (int index = 0; index < value.Length; index++)
            {
                char character = value[index];
                if (character == '\\')
                {
                    text.Append("\\\\");
                }
                else if (character == '\n')
                {
                    text.Append("\\n");
                }
                else
                {
                    text.Append(character);
                }
            }
        }

        private static string Unescape(string value)
        {
            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            StringBuilder text = new StringBuilder(value.Length);
            for (int index = 0; index < value.Length; index++)
            {
                char character = value[index];
                if (character == '\\' && index + 1 < value.Length)
                {
                    index++;
                    text.Append(value[index] == 'n' ? '\n' : value[index]);
                }
                else
                {
                    text.Append(character);
                }
            }

            return text.ToString();
        }

        private static void AddNote(ArrayList notes, string note)
        {
            if (notes != null)
            {
                notes.Add(note);
            }
        }
    }
}
