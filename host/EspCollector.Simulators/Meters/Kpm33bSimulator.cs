using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// Compere KPM33B three-phase DIN-rail meter, User Manual V3.4 (seed 000), section 6. Floats are "short
    /// floating point, big-endian", primary values; W, var, VA, kWh, kvarh as the tables give them.
    /// </summary>
    public sealed class Kpm33bSimulator : CompereMeter
    {
        public const string TypeName = "kpm33b";

        // Seed 000 6.2, register 0002H: baud code in bits 0-7, data format in bits 8-15.
        private static readonly int[] BaudCodes = { 1200, 2400, 4800, 9600, 19200 };

        public Kpm33bSimulator(byte address, SerialSettings settings, MeterModel model, string serialNumber = "33B2407260001")
            : base(TypeName, address, settings, model)
        {
            SerialNumber = serialNumber;
            const RegisterKind H = RegisterKind.Holding;

            // 6.2 "Basic measurement parameters area" (system parameters), FC03 / FC16.
            Stored(0x0000, 1, 6666, "Password 0~9999 (default 6666, 5.4)");
            Computed(H, 0x0001, RegisterFormat.UInt16, () => ConfiguredAddress, "", "Modbus address 1~247", writable: true);
            Computed(H, 0x0002, RegisterFormat.UInt16, EncodeLine, "", "Baud rate (bits 0-7: 0=1200 1=2400 2=4800 3=9600 4=19200) & parity (bits 8-15: 0=8E1 1=8O1 2=8N1)", writable: true);
            Stored(0x000C, 1, 0, "Clear energy data: 0x5578 clear, 0x5579 clear left prepaid energy");
            Stored(0x000D, 1, 0, "Spare", writable: false);
            Stored(0x000E, 2, 0, "Prepaid energy (float, kWh)");
            Text(0x0012, 7, () => SerialNumber, "SN serial number, read only (14 bytes, first 13 are the serial number)");
            Stored(0x0019, 1, 0, "Spare", writable: false);
            // 001AH: 0000 = connection to the wireless module broken (no 4G/WiFi module fitted in the simulator).
            Stored(0x001A, 1, 0x0000, "Wireless module networking status", writable: false);
            Stored(0x001B, 2, 0, "Remote forced power on/off command + minutes");
            Stored(0x001D, 1, 0, "Load control continued time, s");
            Stored(0x001E, 1, 0xDD22, "Local (0xDD11) / remote (0xDD22) control");
            Stored(0x001F, 1, 0, "Spare", writable: false);
            Stored(0x0020, 2, 0, "Overdraft amount (float)");
            // 0023H: "Year Month Day Hour Minute Second (6 byte)". The manual does not say binary or BCD nor how the
            // year is written; the simulator sends binary bytes with the year less 2000. Writes are accepted and
            // ignored (the simulated clock is not settable).
            Computed(H, 0x0023, RegisterFormat.UInt16, () => TimeWord(0), "", "Time: year-2000, month", writable: true);
            Computed(H, 0x0024, RegisterFormat.UInt16, () => TimeWord(1), "", "Time: day, hour", writable: true);
            Computed(H, 0x0025, RegisterFormat.UInt16, () => TimeWord(2), "", "Time: minute, second", writable: true);
            Stored(0x0026, 1, 0, "Load power threshold value 0~65535 kW");

            // 6.3 basic measurement area.
            Float(H, 0x0030, QuantityNames.VoltageL1, "V", "Phase A voltage");
            Float(H, 0x0032, QuantityNames.VoltageL2, "V", "Phase B voltage");
            Float(H, 0x0034, QuantityNames.VoltageL3, "V", "Phase C voltage");
            Float(H, 0x0036, QuantityNames.CurrentL1, "A", "Phase A current");
            Float(H, 0x0038, QuantityNames.CurrentL2, "A", "Phase B current");
            Float(H, 0x003A, QuantityNames.CurrentL3, "A", "Phase C current");
            Float(H, 0x003C, QuantityNames.VoltageL12, "V", "AB line voltage");
            Float(H, 0x003E, QuantityNames.VoltageL23, "V", "BC line voltage");
            Float(H, 0x0040, QuantityNames.VoltageL31, "V", "CA line voltage");
            Float(H, 0x0042, QuantityNames.PowerOf(1), "W", "Phase A active power");
            Float(H, 0x0044, QuantityNames.PowerOf(2), "W", "Phase B active power");
            Float(H, 0x0046, QuantityNames.PowerOf(3), "W", "Phase C active power");
            Float(H, 0x0048, QuantityNames.Power, "W", "Three phase active power");
            Float(H, 0x004A, QuantityNames.ReactivePowerOf(1), "var", "Phase A reactive power");
            Float(H, 0x004C, QuantityNames.ReactivePowerOf(2), "var", "Phase B reactive power");
            Float(H, 0x004E, QuantityNames.ReactivePowerOf(3), "var", "Phase C reactive power");
            Float(H, 0x0050, QuantityNames.ReactivePower, "var", "Three phase reactive power");
            Float(H, 0x0052, QuantityNames.ApparentPowerOf(1), "VA", "Phase A apparent power");
            Float(H, 0x0054, QuantityNames.ApparentPowerOf(2), "VA", "Phase B apparent power");
            Float(H, 0x0056, QuantityNames.ApparentPowerOf(3), "VA", "Phase C apparent power");
            Float(H, 0x0058, QuantityNames.ApparentPower, "VA", "Three phase apparent power");
            Float(H, 0x005A, QuantityNames.PowerFactorOf(1), "", "Phase A power factor");
            Float(H, 0x005C, QuantityNames.PowerFactorOf(2), "", "Phase B power factor");
            Float(H, 0x005E, QuantityNames.PowerFactorOf(3), "", "Phase C power factor");
            // The manual's row reads "Three phase power meter"; by its position it is the total power factor.
            Float(H, 0x0060, QuantityNames.PowerFactor, "", "Three phase power factor");
            Float(H, 0x0062, QuantityNames.Frequency, "Hz", "Frequency");

            // 6.4 per-phase energies, then the shared multi-rate area.
            for (int p = 1; p <= 3; p++)
            {
                char phase = (char)('A' + p - 1);
                Float(H, 0x0068 + 2 * (p - 1), QuantityNames.EnergyImportPhase(p), "kWh", $"Phase {phase} forward active energy");
                Float(H, 0x006E + 2 * (p - 1), QuantityNames.EnergyExportPhase(p), "kWh", $"Phase {phase} reverse active energy");
                Float(H, 0x0074 + 2 * (p - 1), QuantityNames.ReactiveEnergyImportPhase(p), "kvarh", $"Phase {phase} forward reactive energy");
                Float(H, 0x007A + 2 * (p - 1), QuantityNames.ReactiveEnergyExportPhase(p), "kvarh", $"Phase {phase} reverse reactive energy");
            }

            DefineEnergyArea();

            // 0200H..0205H apparent demand per phase, listed under 6.3. The demand period is not given: the
            // simulator serves the present apparent power.
            Float(H, 0x0200, QuantityNames.ApparentPowerOf(1), "VA", "Phase A apparent demand");
            Float(H, 0x0202, QuantityNames.ApparentPowerOf(2), "VA", "Phase B apparent demand");
            Float(H, 0x0204, QuantityNames.ApparentPowerOf(3), "VA", "Phase C apparent demand");
            Render();
        }

        public string SerialNumber { get; }

        public override IDictionary<string, string> Identity
        {
            get
            {
                return new Dictionary<string, string>
                {
                    { "serial_number", SerialNumber },
                    { "firmware", "2.6.24.07.26" },
                };
            }
        }

        private double EncodeLine()
        {
            int baud = Array.IndexOf(BaudCodes, Settings.BaudRate);
            int format = Settings.Parity == SerialParity.Even ? 0 : Settings.Parity == SerialParity.Odd ? 1 : 2;
            return (format << 8) | Math.Max(0, baud);
        }

        private double TimeWord(int index)
        {
            DateTime time = Model.SimulatedTime;
            switch (index)
            {
                case 0:
                    return ((time.Year - 2000) << 8) | time.Month;
                case 1:
                    return (time.Day << 8) | time.Hour;
                default:
                    return (time.Minute << 8) | time.Second;
            }
        }

        protected override ModbusExceptionCode OnRegistersWritten(byte function, int start, ushort[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                int register = start + i;
                ushort value = values[i];
                switch (register)
                {
                    case 0x0000:
                        if (value > 9999)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        break;
                    case 0x0001:
                        if (ValidateAddress(value) != ModbusExceptionCode.None)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        ChangeAddress(value);
                        break;
                    case 0x0002:
                        int baud = value & 0xFF;
                        int format = value >> 8;
                        if (baud >= BaudCodes.Length || format > 2)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        // Takes effect for the next request (the simulator does not reconfigure a real tty).
                        Settings = new SerialSettings(BaudCodes[baud], format == 0 ? SerialParity.Even : format == 1 ? SerialParity.Odd : SerialParity.None, 1);
                        break;
                    case 0x000C:
                        if (value == 0x5578)
                        {
                            Model.ClearEnergies();
                        }
                        else if (value != 0x5579)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        values[i] = 0;
                        break;
                }
            }

            return ModbusExceptionCode.None;
        }

        public override string ToString()
        {
            return string.Format(CultureInfo.InvariantCulture, "kpm33b@{0}", Address);
        }
    }
}
