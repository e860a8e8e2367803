using EspCollector.Core.Bus;
using Q = EspCollector.Core.Meters.QuantityNames;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The three-phase meter with an Eastron-SDM630-style map (SDM630-style meter manual), section 5.2:
    /// measurements are floats in input registers (function 04), settings floats in holding registers
    /// (function 03 to read, 16 to write). "Frame data is encoded in Big Endian format" (5.1.3), but 2.1 says
    /// the word order "is automatically set to normal or reverse": the driver detects it (see README.md).
    /// </summary>
    public static class Sdm630Registers
    {
        private const byte ReadHolding = 3;
        private const byte ReadInput = 4;

        /// <summary>The table as packed rows (<see cref="RegisterRow"/>), in address order per function code;
        /// <see cref="MeterType"/> builds its plan once, on first use.</summary>
        public static long[] BuildTable()
        {
            return new long[]
            {
                // Holding registers (function 03), settings.
                Setting(0x0012, Q.ParityCode),      // "Parity and number of stop bits Floating 00 12"
                Setting(0x0014, Q.ModbusAddress),   // "Meter Modbus ID (slave address) Floating 00 14"
                Setting(0x001C, Q.BaudCode),        // "Transmission speed (Baud) Floating 00 1C"
                RegisterRow.IdentityRow(ReadHolding, 0xFC00, DataType.UInt32, 2, IdentityField.SerialNumber), // "Serial number int32 Unsigned FC 00"
                RegisterRow.IdentityRow(ReadHolding, 0xFC02, DataType.Hex16, 1, IdentityField.MeterCode),     // "Meter code Hex FC 02 Meter code = 00 84"

                // Input registers (function 04).
                Instant(0x0000, Q.VoltageL1),          // "Phase-to-neutral voltage V1 V Floating 00 00"
                Instant(0x0002, Q.VoltageL2),
                Instant(0x0004, Q.VoltageL3),
                Instant(0x0006, Q.CurrentL1),          // "Current I1 A Floating 00 06"
                Instant(0x0008, Q.CurrentL2),
                Instant(0x000A, Q.CurrentL3),
                Instant(0x000C, Q.PowerL1),            // "Active power P1 W Floating 00 0C"
                Instant(0x000E, Q.PowerL2),
                Instant(0x0010, Q.PowerL3),
                Instant(0x0012, Q.ApparentPowerL1),    // "Apparent power S1 VA Floating 00 12"
                Instant(0x0014, Q.ApparentPowerL2),
                Instant(0x0016, Q.ApparentPowerL3),
                Instant(0x0018, Q.ReactivePowerL1),    // "Reactive power Q1 VAr Floating 00 18"
                Instant(0x001A, Q.ReactivePowerL2),
                Instant(0x001C, Q.ReactivePowerL3),
                Instant(0x001E, Q.PowerFactorL1),      // "Power factor FP1 - Floating 00 1E"
                Instant(0x0020, Q.PowerFactorL2),
                Instant(0x0022, Q.PowerFactorL3),
                Instant(0x002A, Q.VoltageAverage),     // "Average voltage V Floating 00 2A"
                Instant(0x002E, Q.CurrentAverage),     // "Average current A Floating 00 2E"
                Instant(0x0030, Q.CurrentSum),         // "Total current A Floating 00 30"
                Instant(0x0034, Q.Power),              // "Total active power W Floating 00 34"
                Instant(0x0038, Q.ApparentPower),      // "Total apparent power VA Floating 00 38"
                Instant(0x003C, Q.ReactivePower),      // "Total reactive power VAR Floating 00 3C"
                Instant(0x003E, Q.PowerFactor),        // "Total power factor (1) - Floating 00 3E"
                Instant(0x0046, Q.Frequency),          // "Frequency Hz Floating 00 46"
                Energy(0x0048, Q.EnergyImport),        // "Imported active energy kWh Floating 00 48"
                Energy(0x004A, Q.EnergyExport),        // "Exported active energy kWh Floating 00 4A"
                Instant(0x00C8, Q.VoltageL12),         // "Compound voltage U12 V Floating 00 C8"
                Instant(0x00CA, Q.VoltageL23),
                Instant(0x00CC, Q.VoltageL31),
                Instant(0x00CE, Q.VoltageLineAverage), // "Average compound voltage V Floating 00 CE"
                Instant(0x00D0, Q.CurrentN),           // "Neutral current V Floating 00 D0": the manual's unit V is a typo for A
                // "Total active energy (2) kWh 01 56", note 2: "Total active energy = Import + export energy", so it
                // only grows.
                Energy(0x0156, Q.EnergyTotal),
                Slow(0x0158, Q.ReactiveEnergyTotal),   // "Total reactive energy kVArh 01 58"
                // "with RAZ" (remise à zéro): the resettable partial counters of the display's menu.
                Slow(0x0180, Q.EnergyTotalResettable),          // "Total active energy with RAZ kWh 01 80"
                Slow(0x0182, Q.ReactiveEnergyTotalResettable),  // "Total reactive energy with RAZ kVARh 01 82"
                Slow(0x0184, Q.EnergyImportResettable),         // "Imported active energy with RAZ kVArh 01 84": unit should be kWh
                Slow(0x0186, Q.EnergyExportResettable),         // "Active energy exported with RAZ kVArh 01 86": unit should be kWh
                Slow(0x018C, Q.EnergyNet),                      // "Net total energy (Imp – Exp) kWh 01 8C"
                Instant(0x0500, Q.PowerImport),        // "Total imported active power W Floating 05 00"
                Instant(0x0502, Q.PowerExport),        // "Total exported active power W Floating 05 02"
            };
        }

        /// <summary>
        /// Issue 4 lists the input ranges 0x0000-0x0047, 0x00C8-0x00D1, 0x0156-0x0159, 0x0180-0x018D and
        /// 0x0500-0x0503, but the manual places imported/exported energy at 0x0048/0x004A, so the first range
        /// runs to 0x004B. Holding registers: only the documented ones, adjacent ones merged.
        /// </summary>
        public static RegisterRange[] BuildReadableRanges()
        {
            return new RegisterRange[]
            {
                new RegisterRange(ReadInput, 0x0000, 0x004B),
                new RegisterRange(ReadInput, 0x00C8, 0x00D1),
                new RegisterRange(ReadInput, 0x0156, 0x0159),
                new RegisterRange(ReadInput, 0x0180, 0x018D),
                new RegisterRange(ReadInput, 0x0500, 0x0503),
                new RegisterRange(ReadHolding, 0x000A, 0x000D),
                new RegisterRange(ReadHolding, 0x0012, 0x0019),
                new RegisterRange(ReadHolding, 0x001C, 0x001D),
                new RegisterRange(ReadHolding, 0x003A, 0x003D),
                new RegisterRange(ReadHolding, 0x0056, 0x0057),
                new RegisterRange(ReadHolding, 0xFC00, 0xFC02),
            };
        }

        private static long Instant(int address, string name)
        {
            return RegisterRow.Measure(ReadInput, address, DataType.Float32, 1.0, name, PollClass.Fast);
        }

        private static long Energy(int address, string name)
        {
            return RegisterRow.Counter(ReadInput, address, DataType.Float32, 1.0, name, PollClass.Slow);
        }

        private static long Slow(int address, string name)
        {
            return RegisterRow.Measure(ReadInput, address, DataType.Float32, 1.0, name, PollClass.Slow);
        }

        /// <summary>A setting (holding register, function 03), stored as a float like the measurements.</summary>
        private static long Setting(int address, string name)
        {
            return HoldingRegisterRows.Parameter(address, DataType.Float32, name);
        }
    }
}
