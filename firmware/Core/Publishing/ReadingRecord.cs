using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// The compact form in which readings wait in the store-and-forward ring; the JSON is written only when
    /// the record is sent, from the values and time of the reading (not of the replay), byte for byte what
    /// <see cref="StatePayloads"/> would have written when the reading was made.
    /// <code>
    /// [kind][source][ordinal, 2 bytes]  kind: Text, MeterState, PulseState; source: index into the publisher's
    ///                                   record sources (topic, and for a meter the quantity names); ordinal: the
    ///                                   reading's number among its source's readings, modulo 65536, big-endian
    ///                                   (the store-and-forward ring thins on it; 0 in events)
    /// MeterState, PulseState: [time flag][varint]    1: wall clock ms since 0001-01-01; 0: not synchronised, uptime s
    /// MeterState: [varint n][n bits, LSB first]      bit q set: quantity q of the source's names was valid
    ///             then one value per set bit, in quantity order
    /// PulseState: [varint zigzag(pulses)][value energy][flags: 1 power, 2 discrepancy][value power][value discrepancy]
    /// Text:       the JSON itself (events, and a meter state whose quantities are not in the source's order)
    /// value: varint of (zigzag(signed units) &lt;&lt; 1 | escape), units as <see cref="JsonWriter.Scale"/> gives them
    ///        at the quantity's catalog decimals; escape 1 is followed by a byte: the decimals used, or 255 for null
    /// </code>
    /// A KPM33B reading (~60 quantities, ~1.4 KB of JSON) takes ~200 bytes here. Varints are LEB128 (7 bits per byte).
    /// All methods work on caller-owned buffers and allocate nothing. Writers return the position after what they
    /// wrote, or -1 when it did not fit.
    /// </summary>
    public static class ReadingRecord
    {
        public const byte Text = 0;
        public const byte MeterState = 1;
        public const byte PulseState = 2;

        /// <summary>Kind, source and ordinal.</summary>
        public const int HeaderBytes = 4;

        private const byte NullCode = 255;
        private const byte PulsePowerValid = 1;
        private const byte PulseHasDiscrepancy = 2;
        private const long TicksPerMillisecond = 10000;

        /// <summary>
        /// Encodes a meter reading whose valid quantities appear in <paramref name="names"/> in the same order
        /// (any subset). Returns the length written, or -1 when the snapshot does not map onto the names (the
        /// caller then queues it as text) or the buffer is too small.
        /// </summary>
        public static int WriteMeterState(
            byte[] buffer, int source, MeterStateSnapshot snapshot, string[] names, bool synchronized, DateTime utc, long uptimeSeconds)
        {
            if (names == null || source < 0 || source > 255)
            {
                return -1;
            }

            // Map each valid quantity onto the names, scanning forwards only: the bitmap keeps the order.
            int last = -1;
            int next = 0;
            for (int i = 0; i < snapshot.Count; i++)
            {
                if (!snapshot.Valid[i])
                {
                    continue;
                }

                string name = snapshot.QuantityNames[i];
                while (next < names.Length && !string.Equals(names[next], name))
                {
                    next++;
                }

                if (next >= names.Length)
                {
                    return -1;
                }

                last = next;
                next++;
            }

            int bits = last + 1;
            int position = WriteHeader(buffer, MeterState, source, synchronized, utc, uptimeSeconds);
            position = WriteVarint(buffer, position, bits);
            int bitmap = position;
            int bitmapBytes = (bits + 7) / 8;
            if (position < 0 || position + bitmapBytes > buffer.Length)
            {
                return -1;
            }

            for (int b = 0; b < bitmapBytes; b++)
            {
                buffer[bitmap + b] = 0;
            }

            position += bitmapBytes;
            next = 0;
            for (int i = 0; i < snapshot.Count && position >= 0; i++)
            {
                if (!snapshot.Valid[i])
                {
                    continue;
                }

                string name = snapshot.QuantityNames[i];
                while (!string.Equals(names[next], name))
                {
                    next++;
                }

                buffer[bitmap + next / 8] |= (byte)(1 << (next % 8));
                position = WriteValue(buffer, position, snapshot.Values[i], QuantityCatalog.Describe(name).Decimals);
                next++;
            }

            return position;
        }

        /// <summary>Encodes a pulse channel reading; the length written, or -1 when the buffer is too small.</summary>
        public static int WritePulseState(byte[] buffer, int source, PulseChannelSnapshot snapshot, bool synchronized, DateTime utc, long uptimeSeconds)
        {
            if (source < 0 || source > 255)
            {
                return -1;
            }

            int position = WriteHeader(buffer, PulseState, source, synchronized, utc, uptimeSeconds);
            position = WriteVarint(buffer, position, ZigZag(snapshot.Pulses));
            position = WriteValue(buffer, position, snapshot.EnergyKilowattHours, StatePayloads.PulseEnergyDecimals);
            byte flags = (byte)((snapshot.PowerValid ? PulsePowerValid : 0) | (snapshot.HasDiscrepancy ? PulseHasDiscrepancy : 0));
            position = WriteByte(buffer, position, flags);
            if (snapshot.PowerValid)
            {
                position = WriteValue(buffer, position, snapshot.PowerWatts, StatePayloads.PulsePowerDecimals);
            }

            if (snapshot.HasDiscrepancy)
            {
                position = WriteValue(buffer, position, snapshot.DiscrepancyKilowattHours, StatePayloads.PulseEnergyDecimals);
            }

            return position;
        }

        /// <summary>The header of a text record; the JSON follows it.</summary>
        public static int WriteTextHeader(byte[] buffer, int offset, int source)
        {
            buffer[offset] = Text;
            buffer[offset + 1] = (byte)source;
            buffer[offset + 2] = 0;
            buffer[offset + 3] = 0;
            return offset + HeaderBytes;
        }

        /// <summary>Sets the ordinal of the record at <paramref name="offset"/> (its low 16 bits).</summary>
        public static void SetOrdinal(byte[] buffer, int offset, int ordinal)
        {
            buffer[offset + 2] = (byte)(ordinal >> 8);
            buffer[offset + 3] = (byte)ordinal;
        }

        /// <summary>The ordinal of the record at <paramref name="offset"/>, 0..65535.</summary>
        public static int OrdinalOf(byte[] buffer, int offset)
        {
            return (buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        public static int KindOf(byte[] buffer, int offset)
        {
            return buffer[offset];
        }

        public static int SourceOf(byte[] buffer, int offset)
        {
            return buffer[offset + 1];
        }

        /// <summary>
        /// Writes the JSON of a MeterState record of <paramref name="length"/> bytes at <paramref name="offset"/>
        /// with the names of its source; false when the record is malformed (not written then).
        /// </summary>
        public static bool RenderMeterState(JsonWriter writer, byte[] buffer, int offset, int length, string[] names)
        {
            int end = offset + length;
            writer.Reset();
            writer.BeginObject();
            int position = RenderTime(writer, buffer, offset + HeaderBytes, end);
            long bits;
            position = ReadVarint(buffer, position, end, out bits);
            int bitmap = position;
            position += (int)((bits + 7) / 8);
            if (bitmap < 0 || position > end || names == null || bits > names.Length)
            {
                return false;
            }

            for (int q = 0; q < bits; q++)
            {
                if ((buffer[bitmap + q / 8] & (1 << (q % 8))) == 0)
                {
                    continue;
                }

                position = RenderValue(writer, names[q], buffer, position, end, QuantityCatalog.Describe(names[q]).Decimals);
                if (position < 0)
                {
                    return false;
                }
            }

            writer.EndObject();
            return position == end;
        }

        /// <summary>Writes the JSON of a PulseState record; false when the record is malformed.</summary>
        public static bool RenderPulseState(JsonWriter writer, byte[] buffer, int offset, int length)
        {
            int end = offset + length;
            writer.Reset();
            writer.BeginObject();
            int position = RenderTime(writer, buffer, offset + HeaderBytes, end);
            long pulses;
            position = ReadVarint(buffer, position, end, out pulses);
            if (position < 0)
            {
                return false;
            }

            writer.WriteInteger("pulses", UnZigZag(pulses));
            position = RenderValue(writer, "energy", buffer, position, end, StatePayloads.PulseEnergyDecimals);
            if (position < 0 || position >= end)
            {
                return false;
            }

            byte flags = buffer[position++];
            if ((flags & PulsePowerValid) != 0)
            {
                position = RenderValue(writer, "power", buffer, position, end, StatePayloads.PulsePowerDecimals);
            }

            if ((flags & PulseHasDiscrepancy) != 0)
            {
                position = RenderValue(writer, "discrepancy", buffer, position, end, StatePayloads.PulseEnergyDecimals);
            }

            writer.EndObject();
            return position == end;
        }

        private static int WriteHeader(byte[] buffer, byte kind, int source, bool synchronized, DateTime utc, long uptimeSeconds)
        {
            if (buffer.Length < HeaderBytes + 1)
            {
                return -1;
            }

            buffer[0] = kind;
            buffer[1] = (byte)source;
            buffer[2] = 0;
            buffer[3] = 0;
            buffer[HeaderBytes] = (byte)(synchronized ? 1 : 0);
            long time = synchronized ? utc.Ticks / TicksPerMillisecond : uptimeSeconds;
            return WriteVarint(buffer, HeaderBytes + 1, time < 0 ? 0 : time);
        }

        private static int RenderTime(JsonWriter writer, byte[] buffer, int position, int end)
        {
            if (position >= end)
            {
                return -1;
            }

            bool synchronized = buffer[position] == 1;
            long time;
            position = ReadVarint(buffer, position + 1, end, out time);
            if (position < 0)
            {
                return -1;
            }

            DateTime utc = synchronized ? new DateTime(time * TicksPerMillisecond, DateTimeKind.Utc) : DateTime.MinValue;
            StatePayloads.WriteTime(writer, synchronized, utc, time, true);
            return position;
        }

        /// <summary>One number as the JSON writer would write it with <paramref name="decimals"/>.</summary>
        private static int WriteValue(byte[] buffer, int position, double value, int decimals)
        {
            bool negative;
            long units;
            int decimalsUsed;
            if (!JsonWriter.Scale(value, decimals, out negative, out units, out decimalsUsed))
            {
                position = WriteVarint(buffer, position, 1);
                return WriteByte(buffer, position, NullCode);
            }

            long zigzag = ZigZag(negative ? -units : units);
            bool escape = decimalsUsed != decimals;
            position = WriteVarint(buffer, position, (zigzag << 1) | (escape ? 1L : 0L));
            return escape ? WriteByte(buffer, position, (byte)decimalsUsed) : position;
        }

        private static int RenderValue(JsonWriter writer, string name, byte[] buffer, int position, int end, int decimals)
        {
            long token;
            position = ReadVarint(buffer, position, end, out token);
            if (position < 0)
            {
                return -1;
            }

            if ((token & 1) != 0)
            {
                if (position >= end)
                {
                    return -1;
                }

                byte code = buffer[position++];
                if (code == NullCode)
                {
                    writer.WriteNull(name);
                    return position;
                }

                decimals = code;
            }

            long signed = UnZigZag(token >> 1);
            writer.WriteScaledNumber(name, signed < 0, signed < 0 ? -signed : signed, decimals);
            return position;
        }

        /// <summary>Signed to unsigned with small magnitudes small: 0, -1, 1, -2 ... become 0, 1, 2, 3 ...</summary>
        private static long ZigZag(long value)
        {
            return (value << 1) ^ (value >> 63);
        }

        private static long UnZigZag(long value)
        {
            return (long)((ulong)value >> 1) ^ -(value & 1);
        }

        private static int WriteByte(byte[] buffer, int position, byte value)
        {
            if (position < 0 || position >= buffer.Length)
            {
                return -1;
            }

            buffer[position] = value;
            return position + 1;
        }

        /// <summary>LEB128 of the value's 64 bits: 7 bits per byte, low first, high bit set on all but the last.</summary>
        private static int WriteVarint(byte[] buffer, int position, long value)
        {
            if (position < 0)
            {
                return -1;
            }

            do
            {
                if (position >= buffer.Length)
                {
                    return -1;
                }

                byte low = (byte)(value & 0x7F);
                value = (long)((ulong)value >> 7);
                buffer[position++] = value != 0 ? (byte)(low | 0x80) : low;
            }
            while (value != 0);

            return position;
        }

        private static int ReadVarint(byte[] buffer, int position, int end, out long value)
        {
            value = 0;
            if (position < 0)
            {
                return -1;
            }

            int shift = 0;
            while (position < end && shift <= 63)
            {
                byte b = buffer[position++];
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return position;
                }

                shift += 7;
            }

            return -1;
        }
    }
}
