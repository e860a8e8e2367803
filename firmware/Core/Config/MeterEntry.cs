namespace EspCollector.Core.Config
{
    /// <summary>One Modbus meter on the bus, as configured with "meter add".</summary>
    public sealed class MeterEntry
    {
        /// <summary>Meter types the drivers support (firmware/Core/Meters), in "allowed" order.</summary>
        public static readonly string[] Types = new string[] { "kpm33b", "kpm31", "klefr", "sdm630" };

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
        public int Address;

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
                return "relay=" + (RelayEnabled ? "on" : "off") + " wordorder=" + WordOrder + " history=" + (ReadHistory ? "on" : "off");
            }
        }

        public MeterEntry Copy()
        {
            MeterEntry copy = new MeterEntry(Name, Type, Address, RelayEnabled);
            copy.WordOrder = WordOrder;
            copy.ReadHistory = ReadHistory;
            return copy;
        }
    }
}
