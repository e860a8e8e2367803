using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The registry of supported meter types. The order is the order a bus scan tries their signatures: the
    /// types with a register only they answer as expected first (SDM630-style meter code, KLEFR info block),
    /// then the Compere meters, told apart by where their frequency register is. What a type keeps is declared
    /// in <see cref="All"/>; its table, readable ranges, factory framing, baud rates and writable settings are
    /// the switches below, made on each call (see <see cref="MeterType"/>).
    /// </summary>
    public static class MeterTypes
    {
        public const string Kpm33bName = "kpm33b";
        public const string Kpm31Name = "kpm31";
        public const string KlefrName = "klefr";
        public const string Sdm630Name = "sdm630";

        private const byte WriteSingleRegister = 6;
        private const byte WriteMultipleRegisters = 16;

        /// <summary>Positions in scan order (<see cref="All"/>), the cases of the switches below.</summary>
        private const int Sdm630Ordinal = 0;
        private const int KlefrOrdinal = 1;
        private const int Kpm33bOrdinal = 2;
        private const int Kpm31Ordinal = 3;

        private static MeterType[] _all;

        /// <summary>Every supported type, in scan order.</summary>
        public static MeterType[] All
        {
            get
            {
                if (_all == null)
                {
                    _all = new MeterType[]
                    {
                        new MeterType(Sdm630Name, "Eastron-compatible", "SDM630-style", Sdm630Ordinal),
                        new MeterType(KlefrName, "KLEFR", "693x/694x Modbus", KlefrOrdinal),
                        new MeterType(Kpm33bName, "Compere", "KPM33B", Kpm33bOrdinal),
                        new MeterType(Kpm31Name, "Compere", "KPM31", Kpm31Ordinal),
                    };
                }

                return _all;
            }
        }

        /// <summary>The type with that console name (case-insensitive), or null.</summary>
        public static MeterType Find(string name)
        {
            if (name == null)
            {
                return null;
            }

            string lower = name.ToLower();
            MeterType[] all = All;
            for (int index = 0; index < all.Length; index++)
            {
                if (all[index].Name == lower)
                {
                    return all[index];
                }
            }

            return null;
        }

        /// <summary>All four manuals document high word first (see README.md, "Word order").</summary>
        internal static WordOrder DocumentedWordOrderOf(int ordinal)
        {
            return WordOrder.HighWordFirst;
        }

        /// <summary>SDM630-style 2.1: the meter sets the order "automatically ... normal or reverse".</summary>
        internal static bool WordOrderVariesOf(int ordinal)
        {
            return ordinal == Sdm630Ordinal;
        }

        /// <summary>Every signature is a function 03 read.</summary>
        internal static byte SignatureFunctionCodeOf(int ordinal)
        {
            return 3;
        }

        internal static ushort SignatureAddressOf(int ordinal)
        {
            switch (ordinal)
            {
                case Sdm630Ordinal: return 0xFC02; // "Meter code Hex FC 02 Meter code = 00 84"
                case KlefrOrdinal: return 0x4000;  // the info block answers
                case Kpm33bOrdinal: return 0x0062; // the frequency register (KPM31 has nothing there)
                default: return 0x003C;            // the KPM31 frequency (a KPM33B line voltage there)
            }
        }

        internal static int SignatureExpectedValueOf(int ordinal)
        {
            return ordinal == Sdm630Ordinal ? 0x0084 : -1;
        }

        /// <summary>The Compere signatures are their frequency registers.</summary>
        internal static bool SignatureIsFrequencyOf(int ordinal)
        {
            return ordinal == Kpm33bOrdinal || ordinal == Kpm31Ordinal;
        }

        /// <summary>KPM33B 6.1 and KPM31 V2.1 6.1.1: relay (DO1) coil 0x0001, 01 read, 05 write.</summary>
        internal static int RelayCoilAddressOf(int ordinal)
        {
            return ordinal == Kpm33bOrdinal || ordinal == Kpm31Ordinal ? 0x0001 : -1;
        }

        /// <summary>KLEFR "6049 Resettable day counter 10 ... 01 10 6049 0002 04 0000 0000 Reset to 0".</summary>
        internal static int ResettableCounterAddressOf(int ordinal)
        {
            return ordinal == KlefrOrdinal ? 0x6049 : -1;
        }

        /// <summary>KPM33B 6.4 and KPM31 6.4/6.1.6: monthly history 0x009C..0x019F.</summary>
        internal static bool HasCompereHistoryOf(int ordinal)
        {
            return ordinal == Kpm33bOrdinal || ordinal == Kpm31Ordinal;
        }

        /// <summary>The type's table as packed rows (<see cref="RegisterRow"/>), made on each call.</summary>
        internal static long[] TableOf(int ordinal)
        {
            switch (ordinal)
            {
                case Sdm630Ordinal: return Sdm630Registers.BuildTable();
                case KlefrOrdinal: return KlefrRegisters.BuildTable();
                case Kpm33bOrdinal: return Kpm33bRegisters.BuildTable();
                default: return Kpm31Registers.BuildTable();
            }
        }

        internal static RegisterRange[] ReadableRangesOf(int ordinal)
        {
            switch (ordinal)
            {
                case Sdm630Ordinal: return Sdm630Registers.BuildReadableRanges();
                case KlefrOrdinal: return KlefrRegisters.BuildReadableRanges();
                case Kpm33bOrdinal: return Kpm33bRegisters.BuildReadableRanges();
                default: return Kpm31Registers.BuildReadableRanges();
            }
        }

        internal static SerialSettings DefaultSerialSettingsOf(int ordinal)
        {
            switch (ordinal)
            {
                // 2.1 "Parity: none (default)" and the configuration screen "Parity ... default: None" against
                // holding register 0x0012 "1 = One stop bit, even parity (default)"; 9600 from the screen
                // against 0x001C "0 = 2400 baud (default)". Two statements each way: the screen's are used
                // and a scan tries the others.
                case Sdm630Ordinal: return new SerialSettings(9600, SerialParity.None, 1);
                // A3.1: "Baud rate 9600, 8 data bits, Even parity, 1 stop bit".
                case KlefrOrdinal: return new SerialSettings(9600, SerialParity.Even, 1);
                // 6: "Default parameters: 9600bps, Even parity bit"; 5.4 "dAtA 81E".
                case Kpm33bOrdinal: return new SerialSettings(9600, SerialParity.Even, 1);
                // V2.1 6.1: "Factory default communication parameters: 9600bps, even parity". V2.1's settings
                // screen shows "Parity : NONE" and neither default list fills the parity in: a scan tries both.
                default: return new SerialSettings(9600, SerialParity.Even, 1);
            }
        }

        internal static int[] BaudRatesOf(int ordinal)
        {
            switch (ordinal)
            {
                // The screen also offers 19200, but register 0x001C has no code for it.
                case Sdm630Ordinal: return new int[] { 1200, 2400, 4800, 9600 };
                // 5.5 "1200, 2400, 4800 and 9600 (default)"; 7.13 "from 1200 to 9600". A3.1 and the write table
                // also name 300 and 600 (and the write table omits 2400): 5.5 and 7.13 agree, so they rule.
                case KlefrOrdinal: return new int[] { 1200, 2400, 4800, 9600 };
                case Kpm33bOrdinal: return new int[] { 1200, 2400, 4800, 9600, 19200 };
                default: return new int[] { 1200, 2400, 4800, 9600 };
            }
        }

        internal static SettingRegister AddressSettingOf(int ordinal)
        {
            switch (ordinal)
            {
                // "Meter Modbus ID (slave address) Floating 00 14 ... From 1 to 247".
                case Sdm630Ordinal: return SettingRegister.Range(WriteMultipleRegisters, 0x0014, DataType.Float32, 1, 247);
                // "4003 Modbus ID 06 ... 01~247".
                case KlefrOrdinal: return SettingRegister.Range(WriteSingleRegister, 0x4003, DataType.Int16, 1, 247);
                // KPM33B 6.2 "0001H Modbus address 1~247", written with 10H; KPM31 the same.
                default: return SettingRegister.Range(WriteMultipleRegisters, 0x0001, DataType.UInt16, 1, 247);
            }
        }

        internal static SettingRegister BaudRateSettingOf(int ordinal)
        {
            switch (ordinal)
            {
                // "Transmission speed (Baud) Floating 00 1C: 0 = 2400, 1 = 4800, 2 = 9600, 5 = 1200".
                case Sdm630Ordinal:
                    return SettingRegister.Coded(WriteMultipleRegisters, 0x001C, DataType.Float32,
                        new int[] { 1200, 2400, 4800, 9600 }, new int[] { 5, 0, 1, 2 });
                // "4004 Baud rate 06 ... 01 06 4004 25 80 (new Baudrate: 9600)": the rate itself is written.
                case KlefrOrdinal:
                    return SettingRegister.Coded(WriteSingleRegister, 0x4004, DataType.Int16,
                        new int[] { 1200, 2400, 4800, 9600 }, null);
                // 6.2 "0002H Baud rate (BIT0~7) 0: 1200, 1: 2400, 2: 4800, 3: 9600, 4: 19200"; BIT8~15 keep the parity.
                case Kpm33bOrdinal:
                    return SettingRegister.Coded(WriteMultipleRegisters, 0x0002, DataType.ByteLow,
                        new int[] { 1200, 2400, 4800, 9600, 19200 }, new int[] { 0, 1, 2, 3, 4 });
                // "0002H Baud rate 1 : 1200 , 2 : 2400 , 3 : 4800 , 4 : 9600".
                default:
                    return SettingRegister.Coded(WriteMultipleRegisters, 0x0002, DataType.UInt16,
                        new int[] { 1200, 2400, 4800, 9600 }, new int[] { 1, 2, 3, 4 });
            }
        }

        internal static SettingRegister TariffSettingOf(int ordinal)
        {
            // "6048 Tariff 06 ... 01: T1 - 02: T2 - 11: T1 not saved - 12: T2 not saved". Only the saved
            // selections are offered: the read-back of 11/12 is not documented.
            return ordinal == KlefrOrdinal
                ? SettingRegister.Coded(WriteSingleRegister, 0x6048, DataType.Int16, new int[] { 1, 2 }, null)
                : null;
        }
    }
}
