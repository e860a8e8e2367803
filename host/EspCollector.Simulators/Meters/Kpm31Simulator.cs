using System;
using System.Collections.Generic;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// Compere KPM31 single-phase DIN-rail meter, manual V2.0 (seed 002, cleaner text) and V2.1 (seed 001),
    /// section 6. Same layout as the KPM33B from 0080H; the measurement area has only U, I, P, Q, S, PF, F
    /// (0030H..003DH) and the apparent demand at 0070H.
    /// </summary>
    /// <remarks>
    /// Differences from the KPM33B manual, kept as the KPM31 manuals say: the baud-rate register 0002H codes
    /// 1=1200 2=2400 3=4800 4=9600 (KPM33B: 0..4 from 1200, parity in the high byte; the KPM31 manuals give no
    /// parity field, so the simulator keeps parity out of that register), and the clear-energy command is 0x55AA
    /// (KPM33B: 0x5578). 19200 baud is not offered (6.1: 1200..9600).
    /// </remarks>
    public sealed class Kpm31Simulator : CompereMeter
    {
        public const string TypeName = "kpm31";

        private static readonly int[] BaudCodes = { 0, 1200, 2400, 4800, 9600 };

        public Kpm31Simulator(byte address, SerialSettings settings, MeterModel model)
            : base(TypeName, address, settings, model)
        {
            if (model.PhaseCount != 1)
            {
                throw new ArgumentException("the KPM31 is a single-phase meter: use a 1-phase model");
            }

            const RegisterKind H = RegisterKind.Holding;
            Stored(0x0000, 1, 6666, "Protection password 0~9999");
            Computed(H, 0x0001, RegisterFormat.UInt16, () => ConfiguredAddress, "", "Communication address 1~247", writable: true);
            Computed(H, 0x0002, RegisterFormat.UInt16, () => Math.Max(0, Array.IndexOf(BaudCodes, Settings.BaudRate)), "", "Baud rate 1:1200 2:2400 3:4800 4:9600", writable: true);
            Stored(0x000C, 1, 0, "Clear energy: command word 0x55AA");

            Float(H, 0x0030, QuantityNames.VoltageL1, "V", "U");
            Float(H, 0x0032, QuantityNames.CurrentL1, "A", "I");
            Float(H, 0x0034, QuantityNames.Power, "W", "P");
            Float(H, 0x0036, QuantityNames.ReactivePower, "var", "Q");
            Float(H, 0x0038, QuantityNames.ApparentPower, "VA", "S");
            Float(H, 0x003A, QuantityNames.PowerFactor, "", "PF");
            Float(H, 0x003C, QuantityNames.Frequency, "Hz", "F");
            // The demand period is not given: the simulator serves the present apparent power.
            Float(H, 0x0070, QuantityNames.ApparentPower, "VA", "Apparent demand");
            DefineEnergyArea();
            Render();
        }

        public override IDictionary<string, string> Identity
        {
            get { return new Dictionary<string, string>(); }
        }

        protected override ModbusExceptionCode OnRegistersWritten(byte function, int start, ushort[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                ushort value = values[i];
                switch (start + i)
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
                        if (value < 1 || value >= BaudCodes.Length)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        Settings = new SerialSettings(BaudCodes[value], Settings.Parity, Settings.StopBits);
                        break;
                    case 0x000C:
                        if (value != 0x55AA)
                        {
                            return ModbusExceptionCode.IllegalDataValue;
                        }

                        Model.ClearEnergies();
                        values[i] = 0;
                        break;
                }
            }

            return ModbusExceptionCode.None;
        }
    }
}
