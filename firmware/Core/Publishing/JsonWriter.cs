using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Compact JSON (RFC 8259) written straight into a byte buffer allocated once. Numbers are formatted
    /// digit by digit with a fixed number of decimals (trailing zeros trimmed), so a reading costs no string
    /// and no boxing, and the text is the same on nanoFramework and .NET (double.ToString differs between them).
    /// When the buffer is too small the writer stops and reports <see cref="HasOverflowed"/>; the caller
    /// drops the message and counts it, never publishes a truncated object.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaximumDepth = 8;

        /// <summary>Powers of ten for 0..6 decimals.</summary>
        private static readonly long[] PowersOfTen = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

        /// <summary>Largest scaled magnitude written exactly (doubles are exact integers below 2^53).</summary>
        private const double LargestScaled = 9007199254740991.0;

        private readonly byte[] _buffer;
        private readonly byte[] _digits = new byte[20];

        /// <summary>Per nesting level: true once the first member or element has been written.</summary>
        private readonly bool[] _hasMembers = new bool[MaximumDepth + 1];

        private int _length;
        private int _depth;
        private bool _overflowed;

        public JsonWriter(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public int Length
        {
            get { return _length; }
        }

        public int Capacity
        {
            get { return _buffer.Length; }
        }

        /// <summary>True when something did not fit; the content is then incomplete and must not be sent.</summary>
        public bool HasOverflowed
        {
            get { return _overflowed; }
        }

        public void Reset()
        {
            _length = 0;
            _depth = 0;
            _overflowed = false;
            _hasMembers[0] = false;
        }

        /// <summary>The text written so far (for tests and diagnostics; allocates).</summary>
        public override string ToString()
        {
            return new string(System.Text.Encoding.UTF8.GetChars(_buffer, 0, _length));
        }

        public void BeginObject()
        {
            BeginValue();
            Open((byte)'{');
        }

        public void BeginObject(string name)
        {
            WriteName(name);
            Open((byte)'{');
        }

        public void EndObject()
        {
            Close((byte)'}');
        }

        public void BeginArray()
        {
            BeginValue();
            Open((byte)'[');
        }

        public void BeginArray(string name)
        {
            WriteName(name);
            Open((byte)'[');
        }

        public void EndArray()
        {
            Close((byte)']');
        }

        public void WriteString(string name, string value)
        {
            WriteName(name);
            WriteQuoted(value);
        }

        /// <summary>Writes name and value, the value built from two parts (saves a concatenation).</summary>
        public void WriteString(string name, string valueStart, string valueEnd)
        {
            WriteName(name);
            if (valueStart == null && valueEnd == null)
            {
                AppendAscii("null");
                return;
            }

            Append((byte)'"');
            AppendEscaped(valueStart);
            AppendEscaped(valueEnd);
            Append((byte)'"');
        }

        /// <summary>
        /// Starts a string member whose value is written in pieces (<see cref="AppendText(string)"/>,
        /// <see cref="AppendText(char)"/>, <see cref="AppendDigits"/>) and closed by <see cref="EndText"/>: a value
        /// composed from several parts (identifiers, topics, templates) without building it as a string first.
        /// </summary>
        public void BeginText(string name)
        {
            WriteName(name);
            Append((byte)'"');
        }

        /// <summary>Starts a string array element written in pieces (see <see cref="BeginText(string)"/>).</summary>
        public void BeginTextValue()
        {
            BeginValue();
            Append((byte)'"');
        }

        /// <summary>Appends part of a string value begun with <see cref="BeginText(string)"/> (escaped).</summary>
        public void AppendText(string part)
        {
            AppendEscaped(part);
        }

        /// <summary>Appends characters [start, start + count) of <paramref name="part"/> (escaped).</summary>
        public void AppendText(string part, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                AppendText(part[i]);
            }
        }

        public void AppendText(char c)
        {
            if (c < 0x80 && c >= 0x20 && c != '"' && c != '\\')
            {
                Append((byte)c);
                return;
            }

            // Rare (escapes, non-ASCII): through the string path, one character at a time.
            AppendEscaped(c.ToString());
        }

        /// <summary>Appends a non-negative integer's digits to a string value.</summary>
        public void AppendDigits(long value)
        {
            AppendInteger(value);
        }

        public void EndText()
        {
            Append((byte)'"');
        }

        public void WriteStringValue(string value)
        {
            BeginValue();
            WriteQuoted(value);
        }

        public void WriteNumber(string name, double value, int decimals)
        {
            WriteName(name);
            AppendNumber(value, decimals);
        }

        public void WriteNumberValue(double value, int decimals)
        {
            BeginValue();
            AppendNumber(value, decimals);
        }

        public void WriteInteger(string name, long value)
        {
            WriteName(name);
            AppendInteger(value);
        }

        public void WriteBoolean(string name, bool value)
        {
            WriteName(name);
            AppendAscii(value ? "true" : "false");
        }

        public void WriteNull(string name)
        {
            WriteName(name);
            AppendAscii("null");
        }

        /// <summary>ISO-8601 UTC with milliseconds, e.g. "2025-03-01T12:00:05.250Z".</summary>
        public void WriteTimestamp(string name, DateTime utc)
        {
            WriteName(name);
            Append((byte)'"');
            AppendPadded(utc.Year, 4);
            Append((byte)'-');
            AppendPadded(utc.Month, 2);
            Append((byte)'-');
            AppendPadded(utc.Day, 2);
            Append((byte)'T');
            AppendPadded(utc.Hour, 2);
            Append((byte)':');
            AppendPadded(utc.Minute, 2);
            Append((byte)':');
            AppendPadded(utc.Second, 2);
            Append((byte)'.');
            AppendPadded(utc.Millisecond, 3);
            Append((byte)'Z');
            Append((byte)'"');
        }

        private void WriteName(string name)
        {
            BeginValue();
            WriteQuoted(name);
            Append((byte)':');
        }

        /// <summary>Writes the separating comma when this is not the first member at this level.</summary>
        private void BeginValue()
        {
            if (_hasMembers[_depth])
            {
                Append((byte)',');
            }

            _hasMembers[_depth] = true;
        }

        private void Open(byte bracket)
        {
            if (_depth >= MaximumDepth)
            {
                throw new InvalidOperationException("JSON nesting too deep");
            }

            Append(bracket);
            _depth++;
            _hasMembers[_depth] = false;
        }

        private void Close(byte bracket)
        {
            if (_depth == 0)
            {
                throw new InvalidOperationException("JSON close without open");
            }

            _depth--;
            Append(bracket);
        }

        private void WriteQuoted(string value)
        {
            if (value == null)
            {
                AppendAscii("null");
                return;
            }

            Append((byte)'"');
            AppendEscaped(value);
            Append((byte)'"');
        }

        /// <summary>JSON string escaping (RFC 8259, 7) and UTF-8 encoding without an intermediate array.</summary>
        private void AppendEscaped(string value)
        {
            if (value == null)
            {
                return;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\')
                {
                    Append((byte)'\\');
                    Append((byte)c);
                }
                else if (c < 0x20)
                {
                    AppendAscii("\\u00");
                    Append(HexDigit(c >> 4));
                    Append(HexDigit(c & 0xF));
                }
                else if (c < 0x80)
                {
                    Append((byte)c);
                }
                else if (c < 0x800)
                {
                    Append((byte)(0xC0 | (c >> 6)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < value.Length && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    int codePoint = 0x10000 + ((c - 0xD800) << 10) + (value[i + 1] - 0xDC00);
                    i++;
                    Append((byte)(0xF0 | (codePoint >> 18)));
                    Append((byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                    Append((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                    Append((byte)(0x80 | (codePoint & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate is not valid UTF-16; write U+FFFD instead of invalid UTF-8.
                    Append(0xEF);
                    Append(0xBF);
                    Append(0xBD);
                }
                else
                {
                    Append((byte)(0xE0 | (c >> 12)));
                    Append((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
            }
        }

        private static byte HexDigit(int nibble)
        {
            return (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        /// <summary>
        /// Fixed-point formatting: rounds half away from zero to <paramref name="decimals"/> places and trims
        /// trailing zeros ("230.1", "0.95", "12"). NaN and infinities are written as null (JSON has neither).
        /// </summary>
        private void AppendNumber(double value, int decimals)
        {
            bool negative;
            long units;
            int decimalsUsed;
            if (!Scale(value, decimals, out negative, out units, out decimalsUsed))
            {
                AppendAscii("null");
                return;
            }

            AppendScaled(negative, units, decimalsUsed);
        }

        /// <summary>
        /// The number <see cref="WriteNumber"/> would write, as an integer count of 10^-decimals units: rounded
        /// half away from zero; <paramref name="decimalsUsed"/> is lower than asked only for magnitudes beyond
        /// 2^53 units. False when the value is written as null (NaN, infinities, too large). The store-and-forward
        /// ring keeps readings in this form, so a replayed reading is written byte for byte as it would have been.
        /// </summary>
        public static bool Scale(double value, int decimals, out bool negative, out long units, out int decimalsUsed)
        {
            negative = false;
            units = 0;
            decimalsUsed = 0;
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }

            if (decimals < 0)
            {
                decimals = 0;
            }
            else if (decimals >= PowersOfTen.Length)
            {
                decimals = PowersOfTen.Length - 1;
            }

            double magnitude = value < 0 ? -value : value;
            double scaled = Math.Floor(magnitude * PowersOfTen[decimals] + 0.5);
            while (scaled > LargestScaled && decimals > 0)
            {
                decimals--;
                scaled = Math.Floor(magnitude * PowersOfTen[decimals] + 0.5);
            }

            if (scaled > LargestScaled)
            {
                return false;
            }

            units = (long)scaled;
            negative = value < 0 && units != 0;
            decimalsUsed = decimals;
            return true;
        }

        /// <summary>Writes a number given as <see cref="Scale"/> returned it.</summary>
        public void WriteScaledNumber(string name, bool negative, long units, int decimals)
        {
            WriteName(name);
            AppendScaled(negative, units, decimals);
        }

        private void AppendScaled(bool negative, long units, int decimals)
        {
            if (decimals < 0 || decimals >= PowersOfTen.Length || units < 0)
            {
                throw new ArgumentOutOfRangeException("decimals");
            }

            long scale = PowersOfTen[decimals];
            long integral = units / scale;
            long fraction = units % scale;
            if (negative && units != 0)
            {
                Append((byte)'-');
            }

            AppendInteger(integral);
            if (fraction == 0)
            {
                return;
            }

            // Trim trailing zeros of the fraction, then write it zero-padded on the left.
            int places = decimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                places--;
            }

            Append((byte)'.');
            AppendPadded(fraction, places);
        }

        private void AppendInteger(long value)
        {
            if (value < 0)
            {
                Append((byte)'-');
                if (value == long.MinValue)
                {
                    AppendAscii("9223372036854775808");
                    return;
                }

                value = -value;
            }

            AppendPadded(value, 1);
        }

        /// <summary>Writes a non-negative integer with at least <paramref name="width"/> digits.</summary>
        private void AppendPadded(long value, int width)
        {
            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0 && count < _digits.Length);

            while (count < width && count < _digits.Length)
            {
                _digits[count++] = (byte)'0';
            }

            while (count > 0)
            {
                Append(_digits[--count]);
            }
        }

        private void AppendAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Append((byte)text[i]);
            }
        }

        private void Append(byte value)
        {
            if (_length >= _buffer.Length)
            {
                _overflowed = true;
                return;
            }

            _buffer[_length++] = value;
        }
    }
}
