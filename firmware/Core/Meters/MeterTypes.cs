using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The registry of supported meter types. The order is the order a bus scan tries their signatures: the
    /// types with a register only they answer as expected first (SDM630-style meter code, KLEFR info block),
    /// then the Compere meters, told apart by where their frequency register is.
    /// </summary>
    public static class MeterTypes
    {
        public const string Kpm33bName = "kpm33b";
        public const string Kpm31Name = "kpm31";
        public const string KlefrName = "klefr";
        public const string Sdm630Name = "sdm630";

        private const byte WriteSingleRegister = 6;
        private const byte WriteMultipleRegisters = 16;

        private static MeterType[] _all;

        /// <summary>Every supported type, in scan order.</summary>
        public static MeterType[] All
        {
            get
            {
                if (_all == null)
                {
                    _all = new MeterType[] { Sdm630(), Klefr(), Kpm33b(), Kpm31() };
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

        private static MeterType Kpm33b()
        {
            return new MeterType(Kpm33bName, "Compere", "KPM33B",
                Kpm33bRegisters.BuildTable, Kpm33bRegisters.BuildReadableRanges,
                // 6: "Default parameters: 9600bps, Even parity bit"; 5.4 "dAtA 81E".
                new SerialSettings(9600, SerialParity.Even, 1),
                new int[] { 1200, 2400, 4800, 9600, 19200 },
                WordOrder.HighWordFirst, false,
                3, 0x0062, -1, true,
                0x0001,
                // 6.2 "0001H Modbus address 1~247", written with 10H.
                SettingRegister.Range(WriteMultipleRegisters, 0x0001, DataType.UInt16, 1, 247),
                // 6.2 "0002H Baud rate (BIT0~7) 0: 1200, 1: 2400, 2: 4800, 3: 9600, 4: 19200"; BIT8~15 keep the parity.
                SettingRegister.Coded(WriteMultipleRegisters, 0x0002, DataType.ByteLow,
                    new int[] { 1200, 2400, 4800, 9600, 19200 }, new int[] { 0, 1, 2, 3, 4 }),
                null, -1, true);
        }

        private static MeterType Kpm31()
        {
            return new MeterType(Kpm31Name, "Compere", "KPM31",
                Kpm31Registers.BuildTable, Kpm31Registers.BuildReadableRanges,
                // V2.1 6.1: "Factory default communication parameters: 9600bps, even parity". V2.1's settings
                // screen shows "Parity : NONE" and neither default list fills the parity in: a scan tries both.
                new SerialSettings(9600, SerialParity.Even, 1),
                new int[] { 1200, 2400, 4800, 9600 },
                WordOrder.HighWordFirst, false,
                3, 0x003C, -1, true,
                0x0001,
                SettingRegister.Range(WriteMultipleRegisters, 0x0001, DataType.UInt16, 1, 247),
                // "0002H Baud rate 1 : 1200 , 2 : 2400 , 3 : 4800 , 4 : 9600".
                SettingRegister.Coded(WriteMultipleRegisters, 0x0002, DataType.UInt16,
                    new int[] { 1200, 2400, 4800, 9600 }, new int[] { 1, 2, 3, 4 }),
                null, -1, true);
        }

        private static MeterType Klefr()
        {
            return new MeterType(KlefrName, "KLEFR", "693x/694x Modbus",
                KlefrRegisters.BuildTable, KlefrRegisters.BuildReadableRanges,
                // A3.1: "Baud rate 9600, 8 data bits, Even parity, 1 stop bit".
                new SerialSettings(9600, SerialParity.Even, 1),
                // 5.5 "1200, 2400, 4800 and 9600 (default)"; 7.13 "from 1200 to 9600". A3.1 and the write table
                // also name 300 and 600 (and the write table omits 2400): 5.5 and 7.13 agree, so they rule.
                new int[] { 1200, 2400, 4800, 9600 },
                WordOrder.HighWordFirst, false,
                3, 0x4000, -1, false,
                -1,
                // "4003 Modbus ID 06 ... 01~247".
                SettingRegister.Range(WriteSingleRegister, 0x4003, DataType.Int16, 1, 247),
                // "4004 Baud rate 06 ... 01 06 4004 25 80 (new Baudrate: 9600)": the rate itself is written.
                SettingRegister.Coded(WriteSingleRegister, 0x4004, DataType.Int16,
                    new int[] { 1200, 2400, 4800, 9600 }, null),
                // "6048 Tariff 06 ... 01: T1 - 02: T2 - 11: T1 not saved - 12: T2 not saved". Only the saved
                // selections are offered: the read-back of 11/12 is not documented.
                SettingRegister.Coded(WriteSingleRegister, 0x6048, DataType.Int16, new int[] { 1, 2 }, null),
                // "6049 Resettable day counter 10 ... 01 10 6049 0002 04 0000 0000 Reset to 0".
                0x6049, false);
        }

        private static MeterType Sdm630()
        {
            return new MeterType(Sdm630Name, "Eastron-compatible", "SDM630-style",
                Sdm630Registers.BuildTable, Sdm630Registers.BuildReadableRanges,
                // 2.1 "Parity: none (default)" and the configuration screen "Parity ... default: None" against
                // holding register 0x0012 "1 = One stop bit, even parity (default)"; 9600 from the screen
                // against 0x001C "0 = 2400 baud (default)". Two statements each way: the screen's are used
                // and a scan tries the others.
                new SerialSettings(9600, SerialParity.None, 1),
                // The screen also offers 19200, but register 0x001C has no code for it.
                new int[] { 1200, 2400, 4800, 9600 },
                WordOrder.HighWordFirst, true,
                // "Meter code Hex FC 02 Meter code = 00 84".
                3, 0xFC02, 0x0084, false,
                -1,
                // "Meter Modbus ID (slave address) Floating 00 14 ... From 1 to 247".
                SettingRegister.Range(WriteMultipleRegisters, 0x0014, DataType.Float32, 1, 247),
                // "Transmission speed (Baud) Floating 00 1C: 0 = 2400, 1 = 4800, 2 = 9600, 5 = 1200".
                SettingRegister.Coded(WriteMultipleRegisters, 0x001C, DataType.Float32,
                    new int[] { 1200, 2400, 4800, 9600 }, new int[] { 5, 0, 1, 2 }),
                null, -1, false);
        }
    }
}
