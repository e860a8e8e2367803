namespace EspCollector.Core.Config
{
    /// <summary>
    /// Strict parsing and checking of setting values. Strict on purpose: the runtime's int.TryParse accepts
    /// signs, spaces and culture forms that differ between .NET and nanoFramework, and an installer's typo must
    /// be an error, never a different number.
    /// </summary>
    public static class ValueText
    {
        /// <summary>Parses an optional '-' and 1..9 decimal digits; nothing else.</summary>
        public static bool TryParseInteger(string text, out int value)
        {
            value = 0;
            if (text == null || text.Length == 0)
            {
                return false;
            }

            int index = 0;
            bool negative = false;
            if (text[0] == '-')
            {
                negative = true;
                index = 1;
            }

            int digits = text.Length - index;
            if (digits < 1 || digits > 9)
            {
                return false;
            }

            int result = 0;
            for (; index < text.Length; index++)
            {
                char character = text[index];
                if (character < '0' || character > '9')
                {
                    return false;
                }

                result = (result * 10) + (character - '0');
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>
        /// Parses a decimal number written with '.' as the decimal point: an optional '-', 1..10 digits, optionally
        /// '.' and 1..<paramref name="fractionDigits"/> digits; nothing else (no '+', exponent, spaces or ','). The
        /// result is the value times 10^<paramref name="fractionDigits"/>, exact. Parsed here rather than with
        /// double.TryParse because the .NET overload follows the current culture (where '2.5' can read as 25)
        /// and accepts exponents ('1e999' is infinity); the device and the host must read a record alike.
        /// </summary>
        public static bool TryParseDecimal(string text, int fractionDigits, out long scaled)
        {
            scaled = 0;
            if (text == null || text.Length == 0)
            {
                return false;
            }

            int index = 0;
            bool negative = false;
            if (text[0] == '-')
            {
                negative = true;
                index = 1;
            }

            long result = 0;
            int integerDigits = 0;
            while (index < text.Length && text[index] >= '0' && text[index] <= '9')
            {
                result = (result * 10) + (text[index] - '0');
                integerDigits++;
                index++;
            }

            if (integerDigits < 1 || integerDigits > 10)
            {
                return false;
            }

            int fraction = 0;
            if (index < text.Length)
            {
                if (text[index] != '.' || index == text.Length - 1)
                {
                    return false;
                }

                index++;
                while (index < text.Length)
                {
                    char character = text[index];
                    if (character < '0' || character > '9' || fraction >= fractionDigits)
                    {
                        return false;
                    }

                    result = (result * 10) + (character - '0');
                    fraction++;
                    index++;
                }
            }

            for (; fraction < fractionDigits; fraction++)
            {
                result *= 10;
            }

            scaled = negative ? -result : result;
            return true;
        }

        /// <summary>10^<paramref name="digits"/> (digits 0..9).</summary>
        public static long PowerOfTen(int digits)
        {
            long result = 1;
            for (int index = 0; index < digits; index++)
            {
                result *= 10;
            }

            return result;
        }

        /// <summary>The value rounded to <paramref name="fractionDigits"/> decimals, times 10^fractionDigits.</summary>
        public static long ToScaled(double value, int fractionDigits)
        {
            double product = value * PowerOfTen(fractionDigits);
            return (long)(product >= 0 ? product + 0.5 : product - 0.5);
        }

        /// <summary>
        /// A scaled value as decimal text with '.' and no trailing zeros ("2.5", "0.01", "1000", "-3.25"):
        /// written by hand so the device and the host print the same, whatever ToString's culture or format.
        /// </summary>
        public static string FormatDecimal(long scaled, int fractionDigits)
        {
            bool negative = scaled < 0;
            long magnitude = negative ? -scaled : scaled;
            long divisor = PowerOfTen(fractionDigits);
            long whole = magnitude / divisor;
            long fraction = magnitude % divisor;
            string text = (negative ? "-" : string.Empty) + whole.ToString();
            if (fraction == 0)
            {
                return text;
            }

            char[] digits = new char[fractionDigits];
            for (int index = fractionDigits - 1; index >= 0; index--)
            {
                digits[index] = (char)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            int length = fractionDigits;
            while (length > 0 && digits[length - 1] == '0')
            {
                length--;
            }

            return text + "." + new string(digits, 0, length);
        }

        /// <summary>A double as decimal text with at most <paramref name="fractionDigits"/> decimals (see <see cref="FormatDecimal"/>).</summary>
        public static string FormatDecimal(double value, int fractionDigits)
        {
            return FormatDecimal(ToScaled(value, fractionDigits), fractionDigits);
        }

        /// <summary>Identifiers used as one MQTT topic level: [a-z0-9_-] (see TopicLayout.IsValidName).</summary>
        public static bool IsIdentifier(string text)
        {
            for (int index = 0; index < text.Length; index++)
            {
                char character = text[index];
                bool allowed = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9')
                    || character == '_' || character == '-';
                if (!allowed)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>on/true/yes/1 and off/false/no/0 (any case); null when neither.</summary>
        public static string NormalizeBoolean(string text)
        {
            string lower = text.ToLower();
            if (lower == "on" || lower == "true" || lower == "yes" || lower == "1")
            {
                return "on";
            }

            if (lower == "off" || lower == "false" || lower == "no" || lower == "0")
            {
                return "off";
            }

            return null;
        }

        /// <summary>True when every character is printable ASCII (0x20..0x7E).</summary>
        public static bool IsPrintableAscii(string text)
        {
            for (int index = 0; index < text.Length; index++)
            {
                if (text[index] < ' ' || text[index] > '~')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Host name (RFC 1123 labels) or dotted IPv4 address.</summary>
        public static bool IsHost(string text, int maximumLength)
        {
            if (text.Length < 1 || text.Length > maximumLength)
            {
                return false;
            }

            int labelLength = 0;
            for (int index = 0; index < text.Length; index++)
            {
                char character = text[index];
                if (character == '.')
                {
                    if (labelLength == 0 || text[index - 1] == '-')
                    {
                        return false;
                    }

                    labelLength = 0;
                    continue;
                }

                bool letterOrDigit = (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
                    || (character >= '0' && character <= '9');
                if (!letterOrDigit && (character != '-' || labelLength == 0))
                {
                    return false;
                }

                labelLength++;
                if (labelLength > 63)
                {
                    return false;
                }
            }

            return labelLength > 0 && text[text.Length - 1] != '-';
        }

        /// <summary>Meter and pulse channel names: [a-z0-9_-]{1,16} (they become MQTT topic levels and entity ids).</summary>
        public static bool IsName(string text)
        {
            if (text == null || text.Length < 1 || text.Length > 16)
            {
                return false;
            }

            for (int index = 0; index < text.Length; index++)
            {
                char character = text[index];
                bool allowed = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9')
                    || character == '_' || character == '-';
                if (!allowed)
                {
                    return false;
                }
            }

            return true;
        }

        public static string JoinChoices(string[] choices)
        {
            string joined = string.Empty;
            for (int index = 0; index < choices.Length; index++)
            {
                joined = index == 0 ? choices[index] : joined + "|" + choices[index];
            }

            return joined;
        }

        public static int IndexOf(string[] choices, string value)
        {
            for (int index = 0; index < choices.Length; index++)
            {
                if (choices[index] == value)
                {
                    return index;
                }
            }

            return -1;
        }

        /// <summary>
        /// Checks <paramref name="raw"/> for <paramref name="key"/>. Returns null and the stored form in
        /// <paramref name="normalized"/>, or the reason it is refused (without the key name, which the caller adds).
        /// </summary>
        public static string Check(SettingKey key, string raw, out string normalized)
        {
            normalized = null;
            if (raw == null || !IsPrintableAscii(raw))
            {
                return "only printable ASCII characters are allowed";
            }

            switch (key.Type)
            {
                case SettingType.Integer:
                    int number;
                    if (!TryParseInteger(raw, out number))
                    {
                        return "'" + raw + "' is not a whole number (allowed: " + key.Allowed + ")";
                    }

                    if (number < key.Minimum || number > key.Maximum)
                    {
                        return raw + " is out of range (allowed: " + key.Allowed + ")";
                    }

                    normalized = number.ToString();
                    return null;

                case SettingType.Boolean:
                    normalized = NormalizeBoolean(raw);
                    return normalized == null ? "'" + raw + "' is not allowed (allowed: on|off)" : null;

                case SettingType.Choice:
                    string lower = raw.ToLower();
                    if (IndexOf(key.Choices, lower) < 0)
                    {
                        return "'" + raw + "' is not allowed (allowed: " + key.Allowed + ")";
                    }

                    normalized = lower;
                    return null;

                case SettingType.Host:
                    if (!IsHost(raw, key.Maximum))
                    {
                        return "'" + raw + "' is not a host name or IPv4 address (letters, digits, '-', '.', up to " + key.Maximum + " characters)";
                    }

                    normalized = raw.ToLower();
                    return null;

                case SettingType.Pin:
                    if (raw.ToLower() == "none" && key.Choices != null)
                    {
                        normalized = "none";
                        return null;
                    }

                    int pin;
                    if (!TryParseInteger(raw, out pin) || pin < key.Minimum || pin > key.Maximum)
                    {
                        return "'" + raw + "' is not allowed (allowed: " + key.Allowed + ")";
                    }

                    normalized = pin.ToString();
                    return null;

                case SettingType.Identifier:
                    string identifier = raw.ToLower();
                    if (!IsIdentifier(identifier) || identifier.Length < key.Minimum || identifier.Length > key.Maximum)
                    {
                        return "'" + raw + "' is not allowed (allowed: " + key.Allowed + ")";
                    }

                    normalized = identifier;
                    return null;

                case SettingType.Topic:
                    if (raw.IndexOf(' ') >= 0 || raw.IndexOf('+') >= 0 || raw.IndexOf('#') >= 0)
                    {
                        return "must not contain spaces, '+' or '#' (MQTT wildcards)";
                    }

                    break;
            }

            if (raw.Length < key.Minimum || raw.Length > key.Maximum)
            {
                string length = key.IsSecret ? raw.Length + " characters" : "'" + raw + "' has " + raw.Length + " characters";
                return length + " (allowed: " + key.Minimum + ".." + key.Maximum + " characters)";
            }

            normalized = raw;
            return null;
        }
    }
}
