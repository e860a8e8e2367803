namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Order of the two registers of a 32-bit value. Bytes inside a register are always big-endian (Modbus
    /// Application Protocol V1.1b3, 4.2). HighWordFirst is "ABCD" (KPM33B 6.3 "Short floating point,
    /// big-endian"; KLEFR A3.2 "Float ABCD"); LowWordFirst is "CDAB", which the SDM630-style meter may use
    /// (seed 004, 2.1: "The order of high/low bytes is automatically set to normal or reverse").
    /// </summary>
    public enum WordOrder
    {
        HighWordFirst = 0,
        LowWordFirst = 1,
    }
}
