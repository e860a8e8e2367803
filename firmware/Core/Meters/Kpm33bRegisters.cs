using EspCollector.Core.Bus;
using static EspCollector.Core.Meters.HoldingRegisterRows;
using Q = EspCollector.Core.Meters.QuantityNames;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Compere KPM33B three-phase DIN-rail meter, User Manual V3.4 (KPM33B User Manual V3.4), section 6.
    /// All values are "Short floating point, big-endian" primary values read with function 03 (6.3, 6.4).
    /// </summary>
    public static class Kpm33bRegisters
    {
        private const byte ReadCoils = 1;

        /// <summary>The table as packed rows (<see cref="RegisterRow"/>), in address order per function code;
        /// <see cref="MeterType"/> builds its plan once, on first use.</summary>
        public static long[] BuildTable()
        {
            return new long[]
            {
                // 6.1 "0001H Relay1 (DO1) 1=ON, 0=OFF Bit R/W", read with 01H. Bit 0 is the phase A relay (6.1.1).
                RegisterRow.Measure(ReadCoils, 0x0001, DataType.Bit, 1.0, Q.Relay, PollClass.Slow),

                // 6.2 system parameters: "0001H Modbus address", "0002H Baud rate & Parity: Baud rate (BIT0~7)
                // 0: 1200, 1: 2400, 2: 4800, 3: 9600, 4: 19200 Data format (BIT8~15): 0: 81E 1: 81o 2: 81n".
                Parameter(0x0001, DataType.UInt16, Q.ModbusAddress),
                Parameter(0x0002, DataType.ByteLow, Q.BaudCode),
                Parameter(0x0002, DataType.ByteHigh, Q.ParityCode),
                // "0012H Sn serial No. Read only 14 consecutive bytes, the first 13 bytes are the serial number".
                RegisterRow.IdentityRow(ReadHolding, 0x0012, DataType.Ascii, 7, IdentityField.SerialNumber),
                // "0023H Time Year Month Day Hour Minute Second (6 byte)".
                Parameter(0x0023, DataType.DateTime6, Q.MeterClock),

                // 6.3 basic measurement area.
                Instant(0x0030, Q.VoltageL1),        // "0030H Phase A voltage ... V"
                Instant(0x0032, Q.VoltageL2),        // "0032H Phase B voltage ... V"
                Instant(0x0034, Q.VoltageL3),        // "0034H Phase C voltage ... V"
                Instant(0x0036, Q.CurrentL1),        // "0036H Phase A current ... A"
                Instant(0x0038, Q.CurrentL2),
                Instant(0x003A, Q.CurrentL3),
                Instant(0x003C, Q.VoltageL12),       // "003CH AB Line voltage ... V"
                Instant(0x003E, Q.VoltageL23),       // "003EH BC Line voltage"
                Instant(0x0040, Q.VoltageL31),       // "0040H CA Line voltage"
                Instant(0x0042, Q.PowerL1),          // "0042H Phase A active power ... W"
                Instant(0x0044, Q.PowerL2),
                Instant(0x0046, Q.PowerL3),
                Instant(0x0048, Q.Power),            // "0048H Three phase active power ... W"
                Instant(0x004A, Q.ReactivePowerL1),  // "004AH Phase A reactive power ... var"
                Instant(0x004C, Q.ReactivePowerL2),
                Instant(0x004E, Q.ReactivePowerL3),
                Instant(0x0050, Q.ReactivePower),    // "0050H Three phase reactive power"
                Instant(0x0052, Q.ApparentPowerL1),  // "0052H Phase A apparent power ... VA"
                Instant(0x0054, Q.ApparentPowerL2),
                Instant(0x0056, Q.ApparentPowerL3),
                Instant(0x0058, Q.ApparentPower),    // "0058H Three phase apparent power"
                Instant(0x005A, Q.PowerFactorL1),    // "005AH Phase A power factor"
                Instant(0x005C, Q.PowerFactorL2),
                Instant(0x005E, Q.PowerFactorL3),
                // The manual prints "0060H Three phase power meter" without a unit, between the phase power factors
                // and the frequency: read as the total power factor (the display's "PF (average power factor)", 5.1).
                Instant(0x0060, Q.PowerFactor),
                Instant(0x0062, Q.Frequency),        // "0062H Frequency ... Hz"

                // 6.4 multi-rate area, primary cumulative energy. Forward = import, reverse = export.
                Energy(0x0068, Q.EnergyImportL1),           // "0068H Phase A forward active energy kWh"
                Energy(0x006A, Q.EnergyImportL2),
                Energy(0x006C, Q.EnergyImportL3),
                Energy(0x006E, Q.EnergyExportL1),           // "006EH Phase A reverse active energy kWh"
                Energy(0x0070, Q.EnergyExportL2),
                Energy(0x0072, Q.EnergyExportL3),
                Energy(0x0074, Q.ReactiveEnergyImportL1),   // "0074H Phase A forward reactive energy kvarh"
                Energy(0x0076, Q.ReactiveEnergyImportL2),
                Energy(0x0078, Q.ReactiveEnergyImportL3),
                Energy(0x007A, Q.ReactiveEnergyExportL1),   // "007AH Phase A reverse reactive energy kvarh"
                Energy(0x007C, Q.ReactiveEnergyExportL2),
                Energy(0x007E, Q.ReactiveEnergyExportL3),
                // "0080H Total active energy": the manual does not say whether it is forward + reverse or their
                // difference, so it is not checked for going backwards (a net total legitimately decreases).
                Total(0x0080, Q.EnergyTotal),
                Energy(0x0082, Q.EnergyImport),             // "0082H Forward active energy kWh"
                Energy(0x0084, Q.EnergyExport),             // "0084H Reverse active energy kWh"
                Total(0x0086, Q.ReactiveEnergyTotal),       // "0086H Total reactive energy kvarh"
                Energy(0x0088, Q.ReactiveEnergyImport),     // "0088H Forward total reactive energy"
                Energy(0x008A, Q.ReactiveEnergyExport),     // "008AH Reverse total reactive energy"
                // Tariffs: sharp/peak/flat/valley are the manual's rates 1..4 (4.1) and become t1..t4.
                Energy(0x008C, Q.EnergyImportT1),           // "008CH Total sharp active energy kWh"
                Energy(0x008E, Q.EnergyImportT2),           // "008EH Total peak active energy"
                Energy(0x0090, Q.EnergyImportT3),           // "0090H Total flat active energy"
                Energy(0x0092, Q.EnergyImportT4),           // "0092H Total valley active energy"
                Energy(0x0094, Q.ReactiveEnergyImportT1),   // "0094H Total sharp reactive energy kvarh"
                Energy(0x0096, Q.ReactiveEnergyImportT2),
                Energy(0x0098, Q.ReactiveEnergyImportT3),
                Energy(0x009A, Q.ReactiveEnergyImportT4),
                // Monthly history 0x009C..0x019F: CompereHistoryRegisters, added when the meter's settings ask.

                // "0200H Phase A apparent demand ... VA" (listed at the end of 6.3).
                Demand(0x0200, Q.ApparentPowerDemandL1),
                Demand(0x0202, Q.ApparentPowerDemandL2),
                Demand(0x0204, Q.ApparentPowerDemandL3),
            };
        }

        /// <summary>
        /// Spans read in one request. The system area lists 0x0000..0x0002 and 0x000C..0x0026 (0x0003..0x000B
        /// are not documented); the energy area runs on into the history without a gap up to 0x019F.
        /// </summary>
        public static RegisterRange[] BuildReadableRanges()
        {
            return new RegisterRange[]
            {
                new RegisterRange(ReadCoils, 0x0001, 0x0001),
                new RegisterRange(ReadHolding, 0x0000, 0x0002),
                new RegisterRange(ReadHolding, 0x000C, 0x0026),
                new RegisterRange(ReadHolding, 0x0030, 0x0063),
                new RegisterRange(ReadHolding, 0x0068, 0x019F),
                new RegisterRange(ReadHolding, 0x0200, 0x0205),
            };
        }
    }
}
