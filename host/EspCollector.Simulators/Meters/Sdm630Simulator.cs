using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// Three-phase meter with an Eastron-SDM630-style map (seed 004), section 5.2: measurements as floats in input
    /// registers (FC04), settings as floats in holding registers (FC03 read, FC16 write), meter code 0x0084 at
    /// holding FC02H. The word order of 32-bit values is configurable, high word first (ABCD) or low word first
    /// (CDAB): the manual says it "is automatically set to normal or reverse" and cannot be chosen on the meter.
    /// </summary>
    /// <remarks>
    /// Manual points the simulator had to settle:
    /// - Defaults disagree: the configuration screens say 9600 baud, parity none; the holding-register table says
    ///   "0 = 2400 baud (default)" and "1 = one stop bit, even parity (default)". The simulator takes its line
    ///   settings from its constructor and shows them in both registers.
    /// - The baud code table (001CH) lists 0=2400 1=4800 2=9600 5=1200 but the screens also offer 19200: the
    ///   simulator codes 19200 as 3 (as Eastron's SDM630 does; not from this manual).
    /// - Units printed wrong in the table: neutral current "V" (it is A), "imported/exported active energy with
    ///   RAZ" in kVArh (they are kWh).
    /// - Total active energy (0156H) = import + export (note 2); power factor signed by the direction of the
    ///   current (note 1), which is P/S of the model.
    /// - "Total imported/exported active power" (0500H/0502H) are the positive and negative parts of the total
    ///   active power.
    /// - "Weight of the pulse output 1" (0016H) is "Hex", one register: it is not affected by the word order.
    /// </remarks>
    public sealed class Sdm630Simulator : SimulatedMeter
    {
        public const string TypeName = "sdm630";

        /// <summary>Meter code at holding register FC02H ("Meter code = 00 84").</summary>
        public const int MeterCode = 0x0084;

        private readonly Dictionary<string, double> resetOffsets = new Dictionary<string, double>();
        private float networkType = 3;
        private float pulseWidth = 100;
        private float password = 1000;
        private float displayTime;
        private float backlight = 60;
        private float pulseMode = 4;

        public Sdm630Simulator(byte address, SerialSettings settings, MeterModel model, WordOrder wordOrder, uint serialNumber = 21040017)
            : base(TypeName, address, settings, model, wordOrder)
        {
            SerialNumber = serialNumber;
            Supported(ModbusFunction.ReadHoldingRegisters, ModbusFunction.ReadInputRegisters, ModbusFunction.WriteMultipleRegisters);
            const RegisterKind I = RegisterKind.Input;
            const RegisterKind H = RegisterKind.Holding;
            for (int p = 1; p <= 3; p++)
            {
                int o = 2 * (p - 1);
                Float(I, 0x0000 + o, QuantityNames.Voltage(p), "V", $"Phase-to-neutral voltage V{p}");
                Float(I, 0x0006 + o, QuantityNames.Current(p), "A", $"Current I{p}");
                Float(I, 0x000C + o, QuantityNames.PowerOf(p), "W", $"Active power P{p}");
                Float(I, 0x0012 + o, QuantityNames.ApparentPowerOf(p), "VA", $"Apparent power S{p}");
                Float(I, 0x0018 + o, QuantityNames.ReactivePowerOf(p), "var", $"Reactive power Q{p}");
                Float(I, 0x001E + o, QuantityNames.PowerFactorOf(p), "", $"Power factor FP{p}");
            }

            Computed(I, 0x002A, RegisterFormat.Float32, () => Average(QuantityNames.VoltageL1, QuantityNames.VoltageL2, QuantityNames.VoltageL3), "V", "Average voltage");
            Computed(I, 0x002E, RegisterFormat.Float32, () => Average(QuantityNames.CurrentL1, QuantityNames.CurrentL2, QuantityNames.CurrentL3), "A", "Average current");
            Computed(I, 0x0030, RegisterFormat.Float32, () => 3 * Average(QuantityNames.CurrentL1, QuantityNames.CurrentL2, QuantityNames.CurrentL3), "A", "Total current");
            Float(I, 0x0034, QuantityNames.Power, "W", "Total active power");
            Float(I, 0x0038, QuantityNames.ApparentPower, "VA", "Total apparent power");
            Float(I, 0x003C, QuantityNames.ReactivePower, "var", "Total reactive power");
            Float(I, 0x003E, QuantityNames.PowerFactor, "", "Total power factor");
            Float(I, 0x0046, QuantityNames.Frequency, "Hz", "Frequency");
            Float(I, 0x0048, QuantityNames.EnergyImport, "kWh", "Imported active energy");
            Float(I, 0x004A, QuantityNames.EnergyExport, "kWh", "Exported active energy");
            Float(I, 0x00C8, QuantityNames.VoltageL12, "V", "Compound voltage U12");
            Float(I, 0x00CA, QuantityNames.VoltageL23, "V", "Compound voltage U23");
            Float(I, 0x00CC, QuantityNames.VoltageL31, "V", "Compound voltage U31");
            Computed(I, 0x00CE, RegisterFormat.Float32, () => Average(QuantityNames.VoltageL12, QuantityNames.VoltageL23, QuantityNames.VoltageL31), "V", "Average compound voltage");
            Float(I, 0x00D0, QuantityNames.CurrentNeutral, "A", "Neutral current (the table prints V)");
            Float(I, 0x0156, QuantityNames.EnergyTotal, "kWh", "Total active energy (import + export)");
            Float(I, 0x0158, QuantityNames.ReactiveEnergyTotal, "kvarh", "Total reactive energy");
            Computed(I, 0x0180, RegisterFormat.Float32, () => SinceReset(QuantityNames.EnergyTotal), "kWh", "Total active energy with RAZ");
            Computed(I, 0x0182, RegisterFormat.Float32, () => SinceReset(QuantityNames.ReactiveEnergyTotal), "kvarh", "Total reactive energy with RAZ");
            Computed(I, 0x0184, RegisterFormat.Float32, () => SinceReset(QuantityNames.EnergyImport), "kWh", "Imported active energy with RAZ");
            Computed(I, 0x0186, RegisterFormat.Float32, () => SinceReset(QuantityNames.EnergyExport), "kWh", "Exported active energy with RAZ");
            Computed(I, 0x018C, RegisterFormat.Float32, () => Model.Get(QuantityNames.EnergyImport) - Model.Get(QuantityNames.EnergyExport), "kWh", "Net total energy (Imp - Exp)");
            Computed(I, 0x0500, RegisterFormat.Float32, () => Math.Max(0, Model.Get(QuantityNames.Power)), "W", "Total imported active power");
            Computed(I, 0x0502, RegisterFormat.Float32, () => Math.Max(0, -Model.Get(QuantityNames.Power)), "W", "Total exported active power");

            Computed(H, 0x000A, RegisterFormat.Float32, () => networkType, "", "Type of electrical network (1 = 1P2W, 3 = 3P4W)", writable: true);
            Computed(H, 0x000C, RegisterFormat.Float32, () => pulseWidth, "ms", "Pulse width 1", writable: true);
            Computed(H, 0x0012, RegisterFormat.Float32, ParityCode, "", "Parity and stop bits (0 = 8N1, 1 = 8E1, 2 = 8O1, 3 = 8N2)", writable: true);
            Computed(H, 0x0014, RegisterFormat.Float32, () => ConfiguredAddress, "", "Meter Modbus ID", writable: true);
            Stored(0x0016, 1, 0, "Weight of the pulse output 1 (0: 1000 imp/kWh ... 3: 1 imp/kWh)");
            Computed(H, 0x0018, RegisterFormat.Float32, () => password, "", "Password", writable: true);
            Computed(H, 0x001C, RegisterFormat.Float32, BaudCode, "", "Baud rate (0 = 2400, 1 = 4800, 2 = 9600, 3 = 19200, 5 = 1200)", writable: true);
            Computed(H, 0x003A, RegisterFormat.Float32, () => displayTime, "s", "Display time (self scrolling)", writable: true);
            Computed(H, 0x003C, RegisterFormat.Float32, () => backlight, "min", "Backlighting", writable: true);
            Computed(H, 0x0056, RegisterFormat.Float32, () => pulseMode, "", "Mode of pulse output 1 (1 import, 2 total, 4 export)", writable: true);
            Stored(0xF010, 1, 0, "Clear history (0000: RAZ of averages)");
            Computed(H, 0xFC00, RegisterFormat.UInt32, () => SerialNumber, "", "Serial number");
            Computed(H, 0xFC02, RegisterFormat.UInt16, () => MeterCode, "", "Meter code");
            Render();

            // The input registers come in the blocks the issue lists for this meter (0x0000-0x0047 plus the
            // energies at 0x0048/0x004A, 0x00C8-0x00D1, 0x0156-0x0159, 0x0180-0x018D, 0x0500-0x0503): a block is
            // answered whole, and an address the manual leaves out inside one reads as zero, as Eastron-style
            // meters do. Outside the blocks a read still gets exception 02.
            InputRegisters.Map(0x0000, 0x004C, false);
            InputRegisters.Map(0x00C8, 0x000A, false);
            InputRegisters.Map(0x0156, 0x0004, false);
            InputRegisters.Map(0x0180, 0x000E, false);
            InputRegisters.Map(0x0500, 0x0004, false);
        }

        public uint SerialNumber { get; }

        public override IDictionary<string, string> Identity
        {
            get
            {
                return new Dictionary<string, string>
                {
                    { "serial_number", SerialNumber.ToString(CultureInfo.InvariantCulture) },
                    { "meter_code", "0x" + MeterCode.ToString("X4", CultureInfo.InvariantCulture) },
                    { "word_order", WordOrder == WordOrder.HighWordFirst ? "ABCD" : "CDAB" },
                };
            }
        }

        private double Average(string a, string b, string c)
        {
            return (Model.Get(a) + Model.Get(b) + Model.Get(c)) / 3;
        }

        private double SinceReset(string quantity)
        {
            double offset;
            resetOffsets.TryGetValue(quantity, out offset);
            return Model.Get(quantity) - offset;
        }

        private double ParityCode()
        {
            if (Settings.Parity == SerialParity.Even)
            {
                return 1;
            }

            if (Settings.Parity == SerialParity.Odd)
            {
                return 2;
            }

            return Settings.StopBits == 2 ? 3 : 0;
        }

        private double BaudCode()
        {
            switch (Settings.BaudRate)
            {
                case 2400:
                    return 0;
                case 4800:
                    return 1;
                case 19200:
                    return 3;
                case 1200:
                    return 5;
                default:
                    return 2;
            }
        }

        protected override ModbusExceptionCode OnRegistersWritten(byte function, int start, ushort[] values)
        {
            if (start == 0x0016 && values.Length == 1)
            {
                return values[0] <= 3 ? ModbusExceptionCode.None : ModbusExceptionCode.IllegalDataValue;
            }

            if (start == 0xF010 && values.Length == 1)
            {
                foreach (string name in new[] { QuantityNames.EnergyTotal, QuantityNames.ReactiveEnergyTotal, QuantityNames.EnergyImport, QuantityNames.EnergyExport })
                {
                    resetOffsets[name] = Model.Get(name);
                }

                values[0] = 0;
                return ModbusExceptionCode.None;
            }

            // Every other setting is one float of 2 registers ("Length: 4 bytes"), written whole.
            if (values.Length != 2)
            {
                return ModbusExceptionCode.IllegalDataAddress;
            }

            float value = WrittenFloat(values, 0);
            switch (start)
            {
                case 0x000A:
                    if (value != 1 && value != 3)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    networkType = value;
                    return ModbusExceptionCode.None;
                case 0x000C:
                    if (value != 60 && value != 100 && value != 200)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    pulseWidth = value;
                    return ModbusExceptionCode.None;
                case 0x0012:
                    if (value != 0 && value != 1 && value != 2 && value != 3)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    // "Requires a reboot to take effect" in the manual; the simulator applies it at once.
                    Settings = new SerialSettings(Settings.BaudRate, value == 1 ? SerialParity.Even : value == 2 ? SerialParity.Odd : SerialParity.None, value == 3 ? 2 : 1);
                    return ModbusExceptionCode.None;
                case 0x0014:
                    if (value < 1 || value > 247 || value != Math.Floor(value))
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    ChangeAddress((int)value);
                    return ModbusExceptionCode.None;
                case 0x0018:
                    password = value;
                    return ModbusExceptionCode.None;
                case 0x001C:
                    int[] bauds = { 2400, 4800, 9600, 19200, 0, 1200 };
                    if (value < 0 || value > 5 || value != Math.Floor(value) || bauds[(int)value] == 0)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    Settings = new SerialSettings(bauds[(int)value], Settings.Parity, Settings.StopBits);
                    return ModbusExceptionCode.None;
                case 0x003A:
                    if (value < 0 || value > 60)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    displayTime = value;
                    return ModbusExceptionCode.None;
                case 0x003C:
                    if (value < 0 || value > 121)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    backlight = value;
                    return ModbusExceptionCode.None;
                case 0x0056:
                    if (value != 1 && value != 2 && value != 4)
                    {
                        return ModbusExceptionCode.IllegalDataValue;
                    }

                    pulseMode = value;
                    return ModbusExceptionCode.None;
                default:
                    return ModbusExceptionCode.IllegalDataAddress;
            }
        }
    }
}
