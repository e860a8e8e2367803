namespace EspCollector.Core.Config
{
    /// <summary>
    /// One meter, as configured with "meter add": a Modbus meter on the RS485 bus, or a KLEFR M-bus version
    /// (<see cref="MBusType"/>) on the M-Bus port, addressed by primary address or by secondary address
    /// (identification number).
    /// </summary>
    public sealed class MeterEntry
    {
        /// <summary>The KLEFR 6933/6943 M-bus version (manual, Appendix 2), polled on the M-Bus port (Core/MBus).</summary>
        public const string MBusType = "klefr-mbus";

        /// <summary>Meter types the drivers support (firmware/Core/Meters, firmware/Core/MBus), in "allowed" order.</summary>
        public static readonly string[] Types = new string[] { "kpm33b", "kpm31", "klefr", "sdm630", MBusType };

        /// <summary>EN 13757-2: primary addresses 1..250 (0 = unconfigured slave, as the KLEFR ships; 251..255 reserved).</summary>
        public const int MaximumMBusAddress = 250;

        /// <summary>A secondary address is the 8-digit identification number (EN 13757-3, fixed header).</summary>
        public const int SecondaryAddressDigits = 8;

        /// <summary>Modbus over Serial Line V1.02, 2.2: individual slave addresses are 1..247.</summary>
        public const int MinimumAddress = 1;
        public const int MaximumAddress = 247;

        /// <summary>Most meters one collector polls (bounded lists on an 80 KB heap).</summary>
        public const int MaximumCount = 16;

        /// <summary>Word order of 32-bit values: detected from the frequency register (default).</summary>
        public const string WordOrderAuto = "auto";

        /// <summary>High register first ("ABCD": KPM33B 6.3, KLEFR A3.2).</summary>
        public const string WordOrderHighFirst = "abcd";

        /// <summary>Low register first ("CDAB": what the SDM630-style meter may choose, seed 004 2.1).</summary>
        public const string WordOrderLowFirst = "cdab";

        public static readonly string[] WordOrders = new string[] { WordOrderAuto, WordOrderHighFirst, WordOrderLowFirst };

        public string Name;
        public string Type;

        /// <summary>Modbus address 1..247, or the M-Bus primary address 0..250 (when <see cref="SecondaryAddress"/> is -1).</summary>
        public int Address;

        /// <summary>M-Bus only: the identification number to select the meter by (0..99999999), or -1 (primary).</summary>
        public int SecondaryAddress = -1;

        /// <summary>Relay writes allowed ("relay=on"); off by default so a typo can never switch a load.</summary>
        public bool RelayEnabled;

        /// <summary>auto|abcd|cdab (<see cref="WordOrders"/>); auto = detect.</summary>
        public string WordOrder;

        /// <summary>Read the monthly history ("history=on"; Compere meters only); off by default to spare heap and bus time.</summary>
        public bool ReadHistory;

        public MeterEntry(string name, string type, int address, bool relayEnabled)
        {
            Name = name;
            Type = type;
            Address = address;
            RelayEnabled = relayEnabled;
            WordOrder = WordOrderAuto;
            ReadHistory = false;
        }

        /// <summary>True for a meter on the M-Bus port rather than the RS485 bus.</summary>
        public bool IsMBus
        {
            get { return Type == MBusType; }
        }

        /// <summary>The address as "meter add" takes it: the number, or 8 digits for an M-Bus secondary address.</summary>
        public string AddressText
        {
            get { return SecondaryAddress >= 0 ? SecondaryAddress.ToString("D8") : Address.ToString(); }
        }

        /// <summary>
        /// An M-Bus address as typed: 8 digits = secondary address (identification number, leading zeros kept),
        /// otherwise a primary address 0..250. Returns null, or the problem in "meter add" words.
        /// </summary>
        public static string ParseMBusAddress(string text, out int primary, out int secondary)
        {
            primary = 0;
            secondary = -1;
            int value;
            bool digits = text != null && text.Length > 0 && ValueText.TryParseInteger(text, out value) && text[0] != '-';
            if (digits && text.Length == SecondaryAddressDigits)
            {
                ValueText.TryParseInteger(text, out secondary);
                primary = 0xFD;
                return null;
            }

            if (digits && text.Length <= 3 && ValueText.TryParseInteger(text, out value) && value <= MaximumMBusAddress)
            {
                primary = value;
                return null;
            }

            return "address: '" + text + "' is not allowed (allowed for " + MBusType + ": primary address 0.." + MaximumMBusAddress
                + " or secondary address of " + SecondaryAddressDigits + " digits)";
        }

        /// <summary>True when the word order is to be detected rather than fixed.</summary>
        public bool DetectWordOrder
        {
            get { return WordOrder == WordOrderAuto; }
        }

        /// <summary>True when a fixed order puts the low register first (cdab).</summary>
        public bool LowWordFirst
        {
            get { return WordOrder == WordOrderLowFirst; }
        }

        /// <summary>The options in "meter add" syntax, every one spelled out (list and storage use it).</summary>
        public string OptionsText
        {
            get
            {
                if (IsMBus)
                {
                    return string.Empty;
                }

                return "relay=" + (RelayEnabled ? "on" : "off") + " wordorder=" + WordOrder + " history=" + (ReadHistory ? "on" : "off");
            }
        }

        public MeterEntry Copy()
        {
            MeterEntry copy = new MeterEntry(Name, Type, Address, RelayEnabled);
            copy.WordOrder = WordOrder;
            copy.ReadHistory = ReadHistory;
            copy.SecondaryAddress = SecondaryAddress;
            return copy;
        }
    }
}
