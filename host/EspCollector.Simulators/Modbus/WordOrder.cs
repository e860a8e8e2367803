namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// Order of the two 16-bit registers of a 32-bit value. Bytes inside a register are always big-endian
    /// (Modbus Application Protocol 4.2). ABCD: high word first (KPM33B 6.3 "big-endian", KLEFR A3.2 "Float ABCD");
    /// CDAB: low word first, which the SDM630-style meter may use (seed 004, 2.1 "word order ... normal or reverse").
    /// </summary>
    public enum WordOrder
    {
        HighWordFirst = 0,
        LowWordFirst = 1,
    }
}
