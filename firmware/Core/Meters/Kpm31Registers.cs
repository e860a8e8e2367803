using EspCollector.Core.Bus;
using static EspCollector.Core.Meters.HoldingRegisterRows;
using Q = EspCollector.Core.Meters.QuantityNames;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Compere KPM31 single-phase DIN-rail meter, user instructions V2.1 and V2.0
    /// (KPM31 user instructions V2.0): the same register map. Floats, function 03 (V2.0 6.3/6.4, V2.1
    /// 6.1.5/6.1.6). Single phase: the phase quantities take the _l1 names, the totals the plain names.
    /// Neither manual lists a serial number or firmware register, so the identity is the model only.
    /// </summary>
    public static class Kpm31Registers
    {
        private const byte ReadCoils = 1;

        /// <summary>The table as packed rows (<see cref="RegisterRow"/>), in address order per function code;
        /// <see cref="MeterType"/> builds its plan once, on first use.</summary>
        public static long[] BuildTable()
        {
            return new long[]
            {
                // "0001H Relay (DO1) 1=ON 0=OFF Bit R/W", read with 01H (V2.1 6.1.1).
                RegisterRow.Measure(ReadCoils, 0x0001, DataType.Bit, 1.0, Q.Relay, PollClass.Slow),

                // "0001H Communication address", "0002H Baud rate 1 : 1200 , 2 : 2400 , 3 : 4800 , 4 : 9600"
                // (the KPM33B codes start at 0 and carry the parity in the high byte; these do not).
                Parameter(0x0001, DataType.UInt16, Q.ModbusAddress),
                Parameter(0x0002, DataType.UInt16, Q.BaudCode),

                Instant(0x0030, Q.VoltageL1),      // "0030H U Floating point V"
                Instant(0x0032, Q.CurrentL1),      // "0032H I Floating point A"
                Instant(0x0034, Q.Power),          // "0034H P Floating point W"
                Instant(0x0036, Q.ReactivePower),  // "0036H Q Floating point var"
                Instant(0x0038, Q.ApparentPower),  // "0038H S Floating point VA"
                Instant(0x003A, Q.PowerFactor),    // "003AH PF Floating point"
                Instant(0x003C, Q.Frequency),      // "003CH F Floating point Hz"

                // "0070H Apparent demand Floating point VA".
                Demand(0x0070, Q.ApparentPowerDemand),

                // Multi-rate area. V2.1 lost the 0x0080 row into the page's end ("Total active energy Floating
                // point kWh 0080H" printed apart); V2.0 prints it in place.
                Total(0x0080, Q.EnergyTotal),              // "0080H Total active energy kWh"
                Energy(0x0082, Q.EnergyImport),            // "0082H Import active energy kWh"
                Energy(0x0084, Q.EnergyExport),            // "0084H Export active energy kWh"
                Total(0x0086, Q.ReactiveEnergyTotal),      // "0086H Total reactive energy kvarh"
                Energy(0x0088, Q.ReactiveEnergyImport),    // "0088H Import reactive energy kvarh"
                Energy(0x008A, Q.ReactiveEnergyExport),    // "008AH Export reactive energy kvarh"
                Energy(0x008C, Q.EnergyImportT1),          // "008CH Total sharp active energy kWh"
                Energy(0x008E, Q.EnergyImportT2),          // "008EH Total peak active energy kWh"
                Energy(0x0090, Q.EnergyImportT3),          // "0090H Total flat active energy kWh"
                Energy(0x0092, Q.EnergyImportT4),          // "0092H Total valley active energy kWh"
                Energy(0x0094, Q.ReactiveEnergyImportT1),  // "0094H Total sharp reactive energy kvarh"
                Energy(0x0096, Q.ReactiveEnergyImportT2),
                Energy(0x0098, Q.ReactiveEnergyImportT3),
                Energy(0x009A, Q.ReactiveEnergyImportT4),
                // Monthly history 0x009C..0x019F: CompereHistoryRegisters, added when the meter's settings ask.
            };
        }

        /// <summary>Spans read in one request; <see cref="MeterType"/> builds them once, on first use.</summary>
        public static RegisterRange[] BuildReadableRanges()
        {
            return new RegisterRange[]
            {
                new RegisterRange(ReadCoils, 0x0001, 0x0001),
                new RegisterRange(ReadHolding, 0x0000, 0x0002),
                new RegisterRange(ReadHolding, 0x000C, 0x000C),
                new RegisterRange(ReadHolding, 0x0030, 0x003D),
                new RegisterRange(ReadHolding, 0x0070, 0x0071),
                new RegisterRange(ReadHolding, 0x0080, 0x019F),
            };
        }
    }
}
