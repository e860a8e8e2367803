using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// Simulated meters for scan, command and polling tests, built from the manuals' register areas (literal
    /// addresses, not the driver's tables): each answers its documented areas and exception 02 elsewhere.
    /// </summary>
    public static class SimulatedMeters
    {
        private const byte Holding = 3;
        private const byte Input = 4;

        public static SerialSettings Framing(int baudRate, SerialParity parity)
        {
            return new SerialSettings(baudRate, parity, 1);
        }

        /// <summary>KPM33B (KPM33B User Manual V3.4): coil 0001H; 6.2 system area 0000H..0002H, 000CH..0026H; 6.3
        /// 0030H..0063H; 6.4 0068H..019FH; demand 0200H..0205H.</summary>
        public static SimulatedMeterSlave Kpm33b(byte address, SerialSettings framing, string serial)
        {
            SimulatedMeterSlave slave = new SimulatedMeterSlave(address, framing);
            slave.AddCoils(0x0001, 1);
            slave.AddRegisters(Holding, 0x0000, 3);
            slave.AddRegisters(Holding, 0x000C, 0x0026 - 0x000C + 1);
            slave.AddRegisters(Holding, 0x0030, 0x0063 - 0x0030 + 1);
            slave.AddRegisters(Holding, 0x0068, 0x019F - 0x0068 + 1);
            slave.AddRegisters(Holding, 0x0200, 6);
            slave.SetUInt16(Holding, 0x0001, address);          // 0001H Modbus address
            slave.SetUInt16(Holding, 0x0002, 0x0003);           // 0002H: 9600 (3), 81E (0)
            slave.SetAscii(Holding, 0x0012, serial, 7);         // 0012H Sn serial No.
            slave.SetFloat(Holding, 0x0030, 230.0f);            // 0030H Phase A voltage
            slave.SetFloat(Holding, 0x0032, 231.0f);
            slave.SetFloat(Holding, 0x0034, 232.0f);
            slave.SetFloat(Holding, 0x003C, 400.0f);            // 003CH AB Line voltage
            slave.SetFloat(Holding, 0x0062, 50.0f);             // 0062H Frequency
            slave.SetFloat(Holding, 0x0082, 1234.5f);           // 0082H Forward active energy
            slave.AddressRegister = 0x0001;
            return slave;
        }

        /// <summary>KPM31 (user instructions V2.1, V2.0): coil 0001H; 0000H..0002H, 000CH; 0030H..003DH; 0070H..0071H;
        /// 0080H..019FH.</summary>
        public static SimulatedMeterSlave Kpm31(byte address, SerialSettings framing)
        {
            SimulatedMeterSlave slave = new SimulatedMeterSlave(address, framing);
            slave.AddCoils(0x0001, 1);
            slave.AddRegisters(Holding, 0x0000, 3);
            slave.AddRegisters(Holding, 0x000C, 1);
            slave.AddRegisters(Holding, 0x0030, 0x003D - 0x0030 + 1);
            slave.AddRegisters(Holding, 0x0070, 2);
            slave.AddRegisters(Holding, 0x0080, 0x019F - 0x0080 + 1);
            slave.SetUInt16(Holding, 0x0001, address);          // 0001H Communication address
            slave.SetUInt16(Holding, 0x0002, 4);                // 0002H Baud rate 4 : 9600
            slave.SetFloat(Holding, 0x0030, 229.0f);            // 0030H U
            slave.SetFloat(Holding, 0x003C, 49.9f);             // 003CH F
            slave.SetFloat(Holding, 0x0082, 321.5f);            // 0082H Import active energy
            slave.AddressRegister = 0x0001;
            return slave;
        }

        /// <summary>KLEFR (KLEFR User manual 2.19-1, A3.2): 4000..401F, 5000..5031, 6000..604A, all function 03.</summary>
        public static SimulatedMeterSlave Klefr(byte address, SerialSettings framing, uint serial)
        {
            SimulatedMeterSlave slave = new SimulatedMeterSlave(address, framing);
            slave.AddRegisters(Holding, 0x4000, 0x20);
            slave.AddRegisters(Holding, 0x5000, 0x32);
            slave.AddRegisters(Holding, 0x6000, 0x4B);
            slave.SetUInt32(Holding, 0x4000, serial);           // 4000 Serial number HEX
            slave.SetUInt16(Holding, 0x4003, address);          // 4003 Modbus ID
            slave.SetUInt16(Holding, 0x4004, 9600);             // 4004 Baud rate
            slave.SetFloat(Holding, 0x4007, 2.18f);             // 4007 Software version
            slave.SetFloat(Holding, 0x5002, 230.0f);            // 5002 L1 Voltage
            slave.SetFloat(Holding, 0x5008, 50.0f);             // 5008 Grid frequency
            slave.SetUInt16(Holding, 0x6048, 1);                // 6048 Tariff: T1
            slave.SetFloat(Holding, 0x6049, 12.5f);             // 6049 Resettable day counter
            slave.AddressRegister = 0x4003;
            return slave;
        }

        /// <summary>SDM630-style (SDM630-style meter manual, 5.2): input 0000..004B, 00C8..00D1, 0156..0159, 0180..018D,
        /// 0500..0503; holding 000A..000D, 0012..0019, 001C..001D, FC00..FC02.</summary>
        public static SimulatedMeterSlave Sdm630(byte address, SerialSettings framing, uint serial, bool lowWordFirst)
        {
            SimulatedMeterSlave slave = new SimulatedMeterSlave(address, framing);
            slave.LowWordFirst = lowWordFirst;
            slave.AddRegisters(Input, 0x0000, 0x4C);
            slave.AddRegisters(Input, 0x00C8, 10);
            slave.AddRegisters(Input, 0x0156, 4);
            slave.AddRegisters(Input, 0x0180, 14);
            slave.AddRegisters(Input, 0x0500, 4);
            slave.AddRegisters(Holding, 0x000A, 4);
            slave.AddRegisters(Holding, 0x0012, 8);
            slave.AddRegisters(Holding, 0x001C, 2);
            slave.AddRegisters(Holding, 0xFC00, 3);
            slave.SetFloat(Input, 0x0000, 230.0f);              // V1
            slave.SetFloat(Input, 0x0046, 50.0f);               // Frequency 00 46
            slave.SetFloat(Input, 0x0048, 4321.5f);             // Imported active energy 00 48
            slave.SetFloat(Holding, 0x0014, address);           // Meter Modbus ID 00 14
            slave.SetFloat(Holding, 0x001C, 2);                 // Baud 2 = 9600
            slave.SetUInt32(Holding, 0xFC00, serial);           // Serial number FC 00
            slave.SetUInt16(Holding, 0xFC02, 0x0084);           // Meter code = 00 84
            slave.AddressRegister = 0x0014;
            slave.AddressRegisterIsFloat = true;
            return slave;
        }
    }
}
