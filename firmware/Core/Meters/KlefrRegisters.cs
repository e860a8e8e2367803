using EspCollector.Core.Bus;
using static EspCollector.Core.Meters.HoldingRegisterRows;
using Q = EspCollector.Core.Meters.QuantityNames;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// KLEFR 6931/6933/6934/6941/6943/6944, Modbus version, User manual version 2.19-1,
    /// Appendix 3, A3.2 "Modbus register map". Every value is read with function 03; floats are "Float ABCD".
    /// The meter reports power in kW/kvar/kVA: the table scales by 1000 to publish W/var/VA.
    /// "Forward" is energy drawn from the grid (import), "reverse" energy fed back (export).
    /// </summary>
    public static class KlefrRegisters
    {
        private const double KiloToUnit = 1000.0;

        /// <summary>The table as packed rows (<see cref="RegisterRow"/>), in address order per function code;
        /// <see cref="MeterType"/> builds its plan once, on first use.</summary>
        public static long[] BuildTable()
        {
            return new long[]
            {
                // Info block 0x4000..0x401F.
                RegisterRow.IdentityRow(ReadHolding, 0x4000, DataType.Hex32, 2, IdentityField.SerialNumber), // "4000 Serial number 03 2 - HEX"
                RegisterRow.IdentityRow(ReadHolding, 0x4002, DataType.Hex16, 1, IdentityField.MeterCode),    // "4002 Meter code 03 1 - HEX"
                Parameter(0x4003, DataType.Int16, Q.ModbusAddress),        // "4003 Modbus ID 03 1 - Signed"
                Parameter(0x4004, DataType.Int16, Q.BaudRate),             // "4004 Baud rate 03 1 - Signed" (0x2580 = 9600)
                Parameter(0x4005, DataType.Float32, Q.ProtocolVersion),    // "4005 Protocol version 03 2 - Float ABCD"
                RegisterRow.IdentityRow(ReadHolding, 0x4007, DataType.Float32, 2, IdentityField.FirmwareVersion), // "4007 Software version"
                Parameter(0x4009, DataType.Float32, Q.HardwareVersion),    // "4009 Hardware version 03 2 - Float ABCD"
                Parameter(0x400C, DataType.Hex16, Q.CtRatio),              // "400C CT ratio 03 1 A HEX"
                Parameter(0x400D, DataType.Float32, Q.S0Rate),             // "400D S0 output rate 03 2 imp/kWh Float ABCD"
                Parameter(0x400F, DataType.Int16, Q.CalculationCode),      // "400F Calculation code 03 1 - Signed"
                Parameter(0x4011, DataType.Int16, Q.ParityCode),           // "4011 Parity setting" (01 even, 02 none, 03 odd)
                Parameter(0x4015, DataType.Int16, Q.ErrorCode),            // "4015 Error code* 03 1 - Signed"
                Parameter(0x4016, DataType.Int16, Q.PowerDownCounter),     // "4016 Power down counter 03 1 - Signed"
                Parameter(0x4017, DataType.Int16, Q.Quadrant),             // "4017 Present quadrant"
                Parameter(0x4018, DataType.Int16, Q.QuadrantL1),
                Parameter(0x4019, DataType.Int16, Q.QuadrantL2),
                Parameter(0x401A, DataType.Int16, Q.QuadrantL3),
                Parameter(0x401D, DataType.Hex32, Q.StatusWord),           // "401D Active status word 03 2 - HEX"
                Parameter(0x401F, DataType.Int16, Q.CtMode),               // "401F CT mode 03 1 A Signed"

                // Instantaneous values. 0x5000 "Voltage*" and 0x500A "Current*" are "*Single phase only": the L1
                // registers carry the same values on every variant, so only those are read.
                Instant(0x5002, 1.0, Q.VoltageL1),          // "5002 L1 Voltage 03 2 V Float ABCD"
                Instant(0x5004, 1.0, Q.VoltageL2),
                Instant(0x5006, 1.0, Q.VoltageL3),
                Instant(0x5008, 1.0, Q.Frequency),          // "5008 Grid frequency 03 2 Hz"
                Instant(0x500C, 1.0, Q.CurrentL1),          // "500C L1 Current 03 2 A"
                Instant(0x500E, 1.0, Q.CurrentL2),
                Instant(0x5010, 1.0, Q.CurrentL3),
                Instant(0x5012, KiloToUnit, Q.Power),       // "5012 Total active power 03 2 kW"
                Instant(0x5014, KiloToUnit, Q.PowerL1),
                Instant(0x5016, KiloToUnit, Q.PowerL2),
                Instant(0x5018, KiloToUnit, Q.PowerL3),
                Instant(0x501A, KiloToUnit, Q.ReactivePower),   // "501A Total reactive power 03 2 kvar"
                Instant(0x501C, KiloToUnit, Q.ReactivePowerL1),
                Instant(0x501E, KiloToUnit, Q.ReactivePowerL2),
                Instant(0x5020, KiloToUnit, Q.ReactivePowerL3),
                Instant(0x5022, KiloToUnit, Q.ApparentPower),   // "5022 Total apparent power 03 2 kVA"
                Instant(0x5024, KiloToUnit, Q.ApparentPowerL1),
                Instant(0x5026, KiloToUnit, Q.ApparentPowerL2),
                Instant(0x5028, KiloToUnit, Q.ApparentPowerL3),
                Instant(0x502A, 1.0, Q.PowerFactor),        // "502A Power factor 03 2 -"
                Instant(0x502C, 1.0, Q.PowerFactorL1),
                Instant(0x502E, 1.0, Q.PowerFactorL2),
                Instant(0x5030, 1.0, Q.PowerFactorL3),

                // Energies. Totals follow the calculation code (7.11: C-06/C-09 give reverse - forward or
                // forward - reverse, which decreases), so only forward/reverse counters are checked for going back.
                Total(0x6000, Q.EnergyTotal),               // "6000 Total active energy kWh"
                Total(0x6002, Q.EnergyTotalT1),             // "6002 T1 Total active energy"
                Total(0x6004, Q.EnergyTotalT2),
                Total(0x6006, Q.EnergyTotalL1),             // "6006 L1 Total active energy"
                Total(0x6008, Q.EnergyTotalL2),
                Total(0x600A, Q.EnergyTotalL3),
                Energy(0x600C, Q.EnergyImport),             // "600C Forward active energy kWh"
                Energy(0x600E, Q.EnergyImportT1),           // "600E T1 Forward active energy"
                Energy(0x6010, Q.EnergyImportT2),
                Energy(0x6012, Q.EnergyImportL1),           // "6012 L1 Forward active energy"
                Energy(0x6014, Q.EnergyImportL2),
                Energy(0x6016, Q.EnergyImportL3),
                Energy(0x6018, Q.EnergyExport),             // "6018 Reverse active energy kWh"
                Energy(0x601A, Q.EnergyExportT1),
                Energy(0x601C, Q.EnergyExportT2),
                Energy(0x601E, Q.EnergyExportL1),           // "601E L1 Reverse active energy"
                Energy(0x6020, Q.EnergyExportL2),
                Energy(0x6022, Q.EnergyExportL3),
                Total(0x6024, Q.ReactiveEnergyTotal),       // "6024 Total reactive energy kvarh"
                Total(0x6026, Q.ReactiveEnergyTotalT1),
                Total(0x6028, Q.ReactiveEnergyTotalT2),
                Total(0x602A, Q.ReactiveEnergyTotalL1),
                Total(0x602C, Q.ReactiveEnergyTotalL2),
                Total(0x602E, Q.ReactiveEnergyTotalL3),
                Energy(0x6030, Q.ReactiveEnergyImport),     // "6030 Forward reactive energy kvarh"
                Energy(0x6032, Q.ReactiveEnergyImportT1),
                Energy(0x6034, Q.ReactiveEnergyImportT2),
                Energy(0x6036, Q.ReactiveEnergyImportL1),
                Energy(0x6038, Q.ReactiveEnergyImportL2),
                Energy(0x603A, Q.ReactiveEnergyImportL3),
                Energy(0x603C, Q.ReactiveEnergyExport),     // "603C Reverse reactive energy kvarh"
                Energy(0x603E, Q.ReactiveEnergyExportT1),
                Energy(0x6040, Q.ReactiveEnergyExportT2),
                Energy(0x6042, Q.ReactiveEnergyExportL1),
                Energy(0x6044, Q.ReactiveEnergyExportL2),
                Energy(0x6046, Q.ReactiveEnergyExportL3),
                // "6048 Tariff 03 1 - Signed".
                RegisterRow.Measure(ReadHolding, 0x6048, DataType.Int16, 1.0, Q.Tariff, PollClass.Slow),
                // "6049 Resettable day counter 03 2 kWh Float ABCD": forward energy the user can reset (7.9), so it
                // is not checked for going backwards.
                Total(0x6049, Q.EnergyImportResettable),
            };
        }

        /// <summary>Spans read in one request; <see cref="MeterType"/> builds them once, on first use.</summary>
        public static RegisterRange[] BuildReadableRanges()
        {
            return new RegisterRange[]
            {
                new RegisterRange(ReadHolding, 0x4000, 0x401F),
                new RegisterRange(ReadHolding, 0x5000, 0x5031),
                new RegisterRange(ReadHolding, 0x6000, 0x604A),
            };
        }
    }
}
