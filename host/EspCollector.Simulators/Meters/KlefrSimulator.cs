using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// KLEFR 6931/6933/6934 and 6941/6943/6944, Modbus version, user manual 2.19-1 (seed 003), appendix 3:
    /// holding registers 4000H.. (identity and settings), 5000H.. (instantaneous values, powers in kW, kvar and
    /// kVA) and 6000H.. (energies), floats ABCD; FC03 reads, FC06/FC16 writes as the "Write" table lists.
    /// Two tariffs switched by the tariff input (appendix 1; simulated by a day/night schedule) or by writing 6048H.
    /// </summary>
    /// <remarks>
    /// Manual points the simulator had to settle:
    /// - "HEX" registers hold decimal digits as hex digits (4010H: "0025 (new time: 25 sec.)"), so the serial
    ///   number 16100649 of the IR screenshot is 0x1610 0x0649.
    /// - The meter code (4002H) value is not given; 0x0D01 is used (the IR screenshot's "2.18:0D010556").
    /// - "Current direction" (4012H..4014H, ASCII, one register): 'F' (forward) or 'R' (reverse) in the low byte.
    /// - Active status word (401DH, 2 registers): its bits are not given; the simulator sets bit 0 verify right,
    ///   bit 1 EEPROM right, bits 2..4 L1..L3 power supply on (the IR software's list, appendix 4).
    /// - "Voltage*" (5000H) and "Current*" (500AH) are "single phase only": a three-phase meter serves 0 there.
    /// - Totals (6000H.., 6024H..) follow the calculation code (7.11): 01 F, 04 R, 05 F+R, 06 R-F, 09/10/11 F-R,
    ///   default 05 here (the factory default is not given). The manual's example table shows C-04 and C-06 totals
    ///   as -12 and -22, which do not follow from those names; the simulator follows the names.
    /// - The resettable day counter 6049H is 2 registers in the read table but "1" in the write table; the
    ///   simulator takes the write as FC16 of 2 registers ("01 10 6049 0002 04 0000 0000").
    /// </remarks>
    public sealed class KlefrSimulator : SimulatedMeter
    {
        public const string TypeName = "klefr";

        private int calculationCode = 5;
        private int parityCode;
        private int powerDownCounter = 7;
        private float s0Rate = 10000f;
        private int lcdCycle = 10;

        public KlefrSimulator(byte address, SerialSettings settings, MeterModel model, uint serialNumber = 16100649)
            : base(TypeName, address, settings, model, WordOrder.HighWordFirst)
        {
            SerialNumber = serialNumber;
            Supported(ModbusFunction.ReadHoldingRegisters, ModbusFunction.WriteSingleRegister, ModbusFunction.WriteMultipleRegisters);
            parityCode = settings.Parity == SerialParity.Even ? 1 : settings.Parity == SerialParity.None ? 2 : 3;

            const RegisterKind H = RegisterKind.Holding;
            Computed(H, 0x4000, RegisterFormat.Bcd32, () => SerialNumber, "", "Serial number (HEX)");
            Computed(H, 0x4002, RegisterFormat.UInt16, () => MeterCode, "", "Meter code (HEX)");
            Computed(H, 0x4003, RegisterFormat.Int16, () => ConfiguredAddress, "", "Modbus ID", writable: true);
            Computed(H, 0x4004, RegisterFormat.Int16, () => Settings.BaudRate, "", "Baud rate", writable: true);
            Computed(H, 0x4005, RegisterFormat.Float32, () => 1.0, "", "Protocol version");
            Computed(H, 0x4007, RegisterFormat.Float32, () => 2.18, "", "Software version");
            Computed(H, 0x4009, RegisterFormat.Float32, () => 1.0, "", "Hardware version");
            Computed(H, 0x400B, RegisterFormat.Int16, () => 100, "A", "Meter amps (Imax of the direct version, 5)");
            Computed(H, 0x400C, RegisterFormat.Bcd16, () => 1, "A", "CT ratio (HEX; 1 for the direct version)");
            Computed(H, 0x400D, RegisterFormat.Float32, () => s0Rate, "imp/kWh", "S0 output rate", writable: true);
            Computed(H, 0x400F, RegisterFormat.Int16, () => calculationCode, "", "Calculation code", writable: true);
            Computed(H, 0x4010, RegisterFormat.Bcd16, () => lcdCycle, "s", "LCD cycle time (HEX)", writable: true);
            Computed(H, 0x4011, RegisterFormat.Int16, () => parityCode, "", "Parity setting 1 even 2 none 3 odd", writable: true);
            Computed(H, 0x4012, RegisterFormat.UInt16, () => Direction(1), "", "Current direction (ASCII F/R)");
            Computed(H, 0x4013, RegisterFormat.UInt16, () => Direction(2), "", "L2 current direction (ASCII F/R)");
            Computed(H, 0x4014, RegisterFormat.UInt16, () => Direction(3), "", "L3 current direction (ASCII F/R)");
            Computed(H, 0x4015, RegisterFormat.Int16, () => 0, "", "Error code (single phase only)");
            Computed(H, 0x4016, RegisterFormat.Int16, () => powerDownCounter, "", "Power down counter", writable: true);
            Computed(H, 0x4017, RegisterFormat.Int16, () => Quadrant(QuantityNames.Power, QuantityNames.ReactivePower), "", "Present quadrant");
            for (int p = 1; p <= 3; p++)
            {
                int phase = p;
                Computed(H, 0x4017 + p, RegisterFormat.Int16, () => Quadrant(QuantityNames.PowerOf(phase), QuantityNames.ReactivePowerOf(phase)), "", $"L{p} quadrant");
            }

            Computed(H, 0x401B, RegisterFormat.UInt32, () => 0x5A3C1E0Fu, "", "Checksum (HEX)");
            Computed(H, 0x401D, RegisterFormat.UInt32, () => 0x1F, "", "Active status word (HEX)");
            Computed(H, 0x401F, RegisterFormat.Int16, () => 0, "A", "CT mode");

            Computed(H, 0x5000, RegisterFormat.Float32, () => 0, "V", "Voltage (single phase only)");
            Float(H, 0x5002, QuantityNames.VoltageL1, "V", "L1 voltage");
            Float(H, 0x5004, QuantityNames.VoltageL2, "V", "L2 voltage");
            Float(H, 0x5006, QuantityNames.VoltageL3, "V", "L3 voltage");
            Float(H, 0x5008, QuantityNames.Frequency, "Hz", "Grid frequency");
            Computed(H, 0x500A, RegisterFormat.Float32, () => 0, "A", "Current (single phase only)");
            Float(H, 0x500C, QuantityNames.CurrentL1, "A", "L1 current");
            Float(H, 0x500E, QuantityNames.CurrentL2, "A", "L2 current");
            Float(H, 0x5010, QuantityNames.CurrentL3, "A", "L3 current");
            // 5012H..5028H: kW, kvar, kVA (the model works in W, var, VA).
            Float(H, 0x5012, QuantityNames.Power, "kW", "Total active power", 0.001);
            Float(H, 0x501A, QuantityNames.ReactivePower, "kvar", "Total reactive power", 0.001);
            Float(H, 0x5022, QuantityNames.ApparentPower, "kVA", "Total apparent power", 0.001);
            Float(H, 0x502A, QuantityNames.PowerFactor, "", "Power factor");
            for (int p = 1; p <= 3; p++)
            {
                Float(H, 0x5012 + 2 * p, QuantityNames.PowerOf(p), "kW", $"L{p} active power", 0.001);
                Float(H, 0x501A + 2 * p, QuantityNames.ReactivePowerOf(p), "kvar", $"L{p} reactive power", 0.001);
                Float(H, 0x5022 + 2 * p, QuantityNames.ApparentPowerOf(p), "kVA", $"L{p} apparent power", 0.001);
                Float(H, 0x502A + 2 * p, QuantityNames.PowerFactorOf(p), "", $"L{p} power factor");
            }

            DefineEnergyBlock(0x6000, false);
            DefineEnergyBlock(0x6024, true);
            Computed(H, 0x6048, RegisterFormat.Int16, () => Model.CurrentTariff, "", "Tariff (1: T1, 2: T2)", writable: true);
            Computed(H, 0x6049, RegisterFormat.Float32, () => Model.ResettableEnergyImport, "kWh", "Resettable day counter", writable: true);
            Render();
        }

        /// <summary>Meter code register value (not given by the manual; see remarks).</summary>
        public const int MeterCode = 0x0D01;

        public uint SerialNumber { get; }

        public override IDictionary<string, string> Identity
        {
            get
            {
                return new Dictionary<string, string>
                {
                    { "serial_number", SerialNumber.ToString(CultureInfo.InvariantCulture) },
                    { "meter_code", "0x" + MeterCode.ToString("X4", CultureInfo.InvariantCulture) },
                    { "software_version", "2.18" },
                };
            }
        }

        /// <summary>
        /// One block of 18 floats from <paramref name="start"/>: total, T1, T2, L1..L3 totals (by calculation code),
        /// then forward and reverse with the same sub-order (A3.2, 6000H..6046H).
        /// </summary>
        private void DefineEnergyBlock(int start, bool reactive)
        {
            string unit = reactive ? "kvarh" : "kWh";
            string kind = reactive ? "reactive" : "active";
            string[] parts = { "", "T1 ", "T2 ", "L1 ", "L2 ", "L3 " };
            string[] directions = { "Total", "Forward", "Reverse" };
            for (int d = 0; d < 3; d++)
            {
                for (int i = 0; i < 6; i++)
                {
                    int direction = d;
                    int part = i;
                    int at = start + d * 12 + i * 2;
                    string description = $"{parts[i]}{directions[d]} {kind} energy".Trim();
                    // Source computes the value (so a changed calculation code is honoured); Quantity names the
                    // canonical quantity the register equals under the default code 05, for look-ups and --print-map.
                    var entry = Computed(RegisterKind.Holding, at, RegisterFormat.Float32, () => EnergyValue(reactive, direction, part), unit, description);
                    entry.Quantity = CanonicalEnergy(reactive, d, i);
                }
            }
        }

        private static string CanonicalEnergy(bool reactive, int direction, int part)
        {
            if (reactive)
            {
                if (part != 0)
                {
                    return null;
                }

                return direction == 0 ? QuantityNames.ReactiveEnergyTotal : direction == 1 ? QuantityNames.ReactiveEnergyImport : QuantityNames.ReactiveEnergyExport;
            }

            switch (part)
            {
                case 0:
                    return direction == 0 ? QuantityNames.EnergyTotal : direction == 1 ? QuantityNames.EnergyImport : QuantityNames.EnergyExport;
                case 1:
                case 2:
                    return direction == 1 ? QuantityNames.EnergyImportTariff(part) : null;
                default:
                    return direction == 1 ? QuantityNames.EnergyImportPhase(part - 2) : null;
            }
        }

        /// <summary>Forward or reverse energy of a part (0 all, 1..2 tariff, 3..5 phase), or the total by calculation code.</summary>
        private double EnergyValue(bool reactive, int direction, int part)
        {
            if (direction == 0)
            {
                double forward = EnergyValue(reactive, 1, part);
                double reverse = EnergyValue(reactive, 2, part);
                switch (calculationCode)
                {
                    case 1:
                        return forward;
                    case 4:
                        return reverse;
                    case 5:
                        return forward + reverse;
                    case 6:
                        return reverse - forward;
                    default:
                        return forward - reverse;
                }
            }

            bool isForward = direction == 1;
            string name;
            if (part == 0)
            {
                name = reactive
                    ? (isForward ? QuantityNames.ReactiveEnergyImport : QuantityNames.ReactiveEnergyExport)
                    : (isForward ? QuantityNames.EnergyImport : QuantityNames.EnergyExport);
            }
            else if (part <= 2)
            {
                name = reactive
                    ? (isForward ? QuantityNames.ReactiveEnergyImportTariff(part) : QuantityNames.ReactiveEnergyExportTariff(part))
                    : (isForward ? QuantityNames.EnergyImportTariff(part) : QuantityNames.EnergyExportTariff(part));
            }
            else
            {
                int phase = part - 2;
                name = reactive
                    ? (isForward ? QuantityNames.ReactiveEnergyImportPhase(phase) : QuantityNames.ReactiveEnergyExportPhase(phase))
                    : (isForward ? QuantityNames.EnergyImportPhase(phase) : QuantityNames.EnergyExportPhase(phase));
            }

            return Model.Get(name);
        }

        private double Direction(int phase)
        {
            return Model.Get(QuantityNames.PowerOf(phase)) >= 0 ? 'F' : 'R';
        }

        /// <summary>Quadrant of the P-Q plane: I import inductive, II export inductive, III export capacitive, IV import capacitive.</summary>
        private double Quadrant(string active, string reactive)
        {
            double p = Model.Get(active);
            double q = Model.Get(reactive);
            return p >= 0 ? (q >= 0 ? 1 : 4) : (q >= 0 ? 2 : 3);
        }

        protected override ModbusExceptionCode OnRegistersWritten(byte function, int start, ushort[] values)
        {
            // Only the registers of the manual's "Write" table accept writes, each with its function code.
            bool single = function == ModbusFunction.WriteSingleRegister;
            switch (start)
            {
                case 0x4003:
                    if (!single || values[0] < 1 || values[0] > 247)
                    {
                        return single ? ModbusExceptionCode.IllegalDataValue : ModbusExceptionCode.IllegalDataAddress;
                    }

                    ChangeAddress(values[0]);
                    return ModbusExceptionCode.None;
                case 0x4004:
                    if (!single)
                    {
                        return ModbusExceptionCode.IllegalDataAddress;
                    }

                    if (Array.IndexOf(new[] { 300, 600, 1200, 2400, 4800, 9600 }, (int)values[0]) < 0)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    Settings = new SerialSettings(values[0], Settings.Parity, Settings.StopBits);
                    return ModbusExceptionCode.None;
                case 0x400D:
                    if (single || values.Length != 2)
                    {
                        return ModbusExceptionCode.IllegalDataAddress;
                    }

                    float rate = WrittenFloat(values, 0);
                    if (Array.IndexOf(new[] { 10000f, 2000f, 1000f, 100f, 10f, 1f, 0.1f, 0.01f }, rate) < 0)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    s0Rate = rate;
                    return ModbusExceptionCode.None;
                case 0x400F:
                    if (!single || Array.IndexOf(new[] { 1, 4, 5, 6, 9, 10, 11 }, (int)values[0]) < 0)
                    {
                        return single ? ModbusExceptionCode.IllegalDataValue : ModbusExceptionCode.IllegalDataAddress;
                    }

                    // 7.11: "Calculation code 10 can only be set once!"
                    if (calculationCode == 10 && values[0] != 10)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    calculationCode = values[0];
                    return ModbusExceptionCode.None;
                case 0x4010:
                    int seconds = FromBcd(values[0]);
                    if (!single || seconds < 1 || seconds > 30)
                    {
                        return single ? ModbusExceptionCode.IllegalDataValue : ModbusExceptionCode.IllegalDataAddress;
                    }

                    lcdCycle = seconds;
                    return ModbusExceptionCode.None;
                case 0x4011:
                    if (!single || values[0] < 1 || values[0] > 3)
                    {
                        return single ? ModbusExceptionCode.IllegalDataValue : ModbusExceptionCode.IllegalDataAddress;
                    }

                    parityCode = values[0];
                    Settings = new SerialSettings(Settings.BaudRate, parityCode == 1 ? SerialParity.Even : parityCode == 2 ? SerialParity.None : SerialParity.Odd, Settings.StopBits);
                    return ModbusExceptionCode.None;
                case 0x4016:
                    if (!single || values[0] != 0)
                    {
                        return single ? ModbusExceptionCode.IllegalDataValue : ModbusExceptionCode.IllegalDataAddress;
                    }

                    powerDownCounter = 0;
                    return ModbusExceptionCode.None;
                case 0x6048:
                    if (!single)
                    {
                        return ModbusExceptionCode.IllegalDataAddress;
                    }

                    // 01: T1, 02: T2, 11/12: the same without saving (the simulator saves nothing anyway).
                    int tariff = values[0] % 10;
                    if ((values[0] != 1 && values[0] != 2 && values[0] != 11 && values[0] != 12))
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    Model.ForcedTariff = tariff;
                    return ModbusExceptionCode.None;
                case 0x6049:
                    if (single || values.Length != 2)
                    {
                        return ModbusExceptionCode.IllegalDataAddress;
                    }

                    // "Value is ignored, always set to 0" (the M-bus table; the Modbus command writes zeros).
                    Model.ResetResettableEnergy();
                    return ModbusExceptionCode.None;
                default:
                    return ModbusExceptionCode.IllegalDataAddress;
            }
        }
    }
}
