namespace EspCollector.Core.Meters
{
    /// <summary>How the registers (or the coil) of one table row encode its value.</summary>
    public enum DataType
    {
        /// <summary>IEEE 754 single precision in two registers ("Floating point", "Float ABCD").</summary>
        Float32 = 0,
        Int16 = 1,
        UInt16 = 2,
        Int32 = 3,
        UInt32 = 4,
        /// <summary>One register the manual calls "HEX": numerically an unsigned 16-bit value, shown in hex.</summary>
        Hex16 = 5,
        /// <summary>Two registers the manual calls "HEX" (KLEFR serial number, status word), shown in hex.</summary>
        Hex32 = 6,
        /// <summary>Low byte of one register (KPM33B 0x0002 bits 0..7: baud rate code).</summary>
        ByteLow = 7,
        /// <summary>High byte of one register (KPM33B 0x0002 bits 8..15: data format code).</summary>
        ByteHigh = 8,
        /// <summary>One coil or discrete input (function codes 01/02), 1 or 0.</summary>
        Bit = 9,
        /// <summary>Characters, two per register, high byte first; the row's length gives the registers.</summary>
        Ascii = 10,
        /// <summary>Six bytes year (from 2000), month, day, hour, minute, second in three registers (KPM33B
        /// 0x0023 "Year Month Day Hour Minute Second (6 byte)"), decoded as the number yyMMddHHmmss.</summary>
        DateTime6 = 11,
    }
}
