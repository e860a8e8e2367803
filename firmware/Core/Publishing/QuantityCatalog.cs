namespace EspCollector.Core.Publishing
{
    /// <summary>How one family of canonical quantities is published and described to Home Assistant.</summary>
    public sealed class QuantityDescription
    {
        /// <summary>Canonical name or family prefix (voltage matches voltage_l1, voltage_l12, ...).</summary>
        public readonly string Family;

        /// <summary>Unit of measurement; null for unitless quantities (power factor).</summary>
        public readonly string Unit;

        /// <summary>HA sensor device_class; null for none.</summary>
        public readonly string DeviceClass;

        /// <summary>HA state_class: measurement, or total_increasing for meter registers that only count up.</summary>
        public readonly string StateClass;

        /// <summary>Decimals published: the meters' register resolution, not more (see <see cref="QuantityCatalog"/>).</summary>
        public readonly int Decimals;

        public QuantityDescription(string family, string unit, string deviceClass, string stateClass, int decimals)
        {
            Family = family;
            Unit = unit;
            DeviceClass = deviceClass;
            StateClass = stateClass;
            Decimals = decimals;
        }
    }

    /// <summary>
    /// The canonical quantities of the meters concern, with unit, HA device_class and state_class and the
    /// published precision. Device classes and units are those Home Assistant's sensor component accepts
    /// together (voltage V, current A, power W, reactive_power var, apparent_power VA, power_factor unitless,
    /// frequency Hz, energy kWh, reactive_energy kvarh). Energy registers are total_increasing so that the
    /// Energy dashboard accepts them; a meter reset is then read by HA as a new cycle, and the collector
    /// reports it on the event topic as well.
    /// Precision: the meters' registers (the five meter manuals) resolve voltage to 0.1 V, current to 0.001 A,
    /// power to 0.1 W or coarser, power factor to 0.001, frequency to 0.01 Hz and energy to 0.01 kWh or
    /// 0.001 kWh; publishing more digits would only publish float noise.
    /// </summary>
    public static class QuantityCatalog
    {
        public const string Measurement = "measurement";
        public const string TotalIncreasing = "total_increasing";

        /// <summary>Longer prefixes first: power_factor and reactive_power must win over power.</summary>
        private static readonly QuantityDescription[] Families =
        {
            new QuantityDescription("power_factor", null, "power_factor", Measurement, 3),
            new QuantityDescription("reactive_power", "var", "reactive_power", Measurement, 1),
            new QuantityDescription("apparent_power", "VA", "apparent_power", Measurement, 1),
            new QuantityDescription("reactive_energy", "kvarh", "reactive_energy", TotalIncreasing, 3),
            new QuantityDescription("voltage", "V", "voltage", Measurement, 1),
            new QuantityDescription("current", "A", "current", Measurement, 3),
            new QuantityDescription("power", "W", "power", Measurement, 1),
            new QuantityDescription("frequency", "Hz", "frequency", Measurement, 2),
            new QuantityDescription("energy", "kWh", "energy", TotalIncreasing, 3),
        };

        /// <summary>Quantities that are not in the canonical list: published as plain measurements.</summary>
        private static readonly QuantityDescription Unknown = new QuantityDescription(string.Empty, null, null, Measurement, 3);

        /// <summary>The description of a canonical quantity name; never null.</summary>
        public static QuantityDescription Describe(string quantityName)
        {
            if (quantityName != null)
            {
                for (int i = 0; i < Families.Length; i++)
                {
                    string family = Families[i].Family;
                    if (quantityName == family
                        || (quantityName.Length > family.Length && quantityName.StartsWith(family) && quantityName[family.Length] == '_'))
                    {
                        return Families[i];
                    }
                }
            }

            return Unknown;
        }

        /// <summary>
        /// A readable entity name from a canonical name: "voltage_l1" gives "Voltage L1",
        /// "energy_import_t2" gives "Energy import T2". Phase, tariff and neutral suffixes are upper-cased.
        /// Allocates; used when discovery is built, not per reading.
        /// </summary>
        public static string FriendlyName(string quantityName)
        {
            string[] words = quantityName.Split('_');
            System.Text.StringBuilder text = new System.Text.StringBuilder(quantityName.Length + 4);
            for (int i = 0; i < words.Length; i++)
            {
                string word = words[i];
                if (word.Length == 0)
                {
                    continue;
                }

                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                if (IsSuffix(word))
                {
                    text.Append(word.ToUpper());
                }
                else if (text.Length == 0)
                {
                    text.Append(word.Substring(0, 1).ToUpper());
                    text.Append(word.Substring(1));
                }
                else
                {
                    text.Append(word);
                }
            }

            return text.ToString();
        }

        /// <summary>
        /// Writes <see cref="FriendlyName"/> of <paramref name="quantityName"/> into a string value begun in
        /// <paramref name="writer"/>, word by word from the name itself (allocates nothing).
        /// </summary>
        public static void AppendFriendlyName(JsonWriter writer, string quantityName)
        {
            bool written = false;
            int start = 0;
            while (start <= quantityName.Length)
            {
                int end = quantityName.IndexOf('_', start);
                end = end < 0 ? quantityName.Length : end;
                if (end > start)
                {
                    if (written)
                    {
                        writer.AppendText(' ');
                    }

                    bool suffix = IsSuffix(quantityName, start, end);
                    for (int i = start; i < end; i++)
                    {
                        char c = quantityName[i];
                        writer.AppendText(suffix || (!written && i == start) ? Upper(c) : c);
                    }

                    written = true;
                }

                start = end + 1;
            }
        }

        private static char Upper(char c)
        {
            return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        }

        /// <summary>l1, l12, t3, n: phase, line-to-line, tariff and neutral markers.</summary>
        private static bool IsSuffix(string word)
        {
            return IsSuffix(word, 0, word.Length);
        }

        /// <summary><see cref="IsSuffix(string)"/> of text[start, end).</summary>
        private static bool IsSuffix(string text, int start, int end)
        {
            int length = end - start;
            if (length == 1 && text[start] == 'n')
            {
                return true;
            }

            if (length < 2 || length > 3 || (text[start] != 'l' && text[start] != 't'))
            {
                return false;
            }

            for (int i = start + 1; i < end; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
