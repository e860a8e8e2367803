namespace EspCollector.Core.MBus
{
    /// <summary>
    /// The write commands of the KLEFR M-bus version (manual, Appendix 2, A2.2 "Write"), built byte for byte as
    /// the manual's table gives them: <c>68 L L 68 53 A</c>, then CI and records, then CS 16. Each is answered with
    /// E5. Every builder returns the frame length, or 0 when the value is not one the manual allows.
    /// Values are written as the meter reads them: BCD low byte first ("4 bytes BCD same as read").
    /// </summary>
    public static class KlefrMBusCommands
    {
        private static readonly int[] BaudRates = new int[] { 300, 600, 1200, 2400, 4800, 9600 };

        /// <summary>S0 rates in imp/kWh x 100 ("10.000 / 2.000 / 1.000 / 100 / 10 / 1 / 0,1 / 0,01").</summary>
        private static readonly int[] S0RatesHundredths = new int[] { 1000000, 200000, 100000, 10000, 1000, 100, 10, 1 };

        private static readonly int[] CombinedCodes = new int[] { 1, 4, 5, 6, 9, 10, 11 };

        /// <summary>"Baudrate 68 03 03 68 53 01 BB": a control frame whose CI is B8 + the rate's index
        /// (B8 = 300 ... BD = 9600).</summary>
        public static int BaudRate(byte[] buffer, byte address, int baudRate)
        {
            int index = IndexOf(BaudRates, baudRate);
            if (index < 0)
            {
                return 0;
            }

            MBusFrame.BeginLong(buffer, 0, MBusFrame.SendUserData, address, (byte)(0xB8 + index));
            return MBusFrame.FinishLong(buffer, 0, 0);
        }

        /// <summary>"Primary address 68 06 06 68 53 01 51 01 7A 01": DIF 01, VIF 7A (bus address), the new address.</summary>
        public static int PrimaryAddress(byte[] buffer, byte address, int newAddress)
        {
            if (newAddress < 0 || newAddress > MBusFrame.MaximumPrimaryAddress)
            {
                return 0;
            }

            Begin(buffer, address);
            buffer[7] = 0x01;
            buffer[8] = 0x7A;
            buffer[9] = (byte)newAddress;
            return MBusFrame.FinishLong(buffer, 0, 3);
        }

        /// <summary>"Secondary address 68 09 09 68 53 01 51 0C 79 15 01 23 45": DIF 0C, VIF 79 (enhanced
        /// identification), 8 BCD digits low byte first.</summary>
        public static int SecondaryAddress(byte[] buffer, byte address, int identificationNumber)
        {
            uint nibbles = MBusFrame.ToBcd(identificationNumber);
            if (nibbles == 0xFFFFFFFF)
            {
                return 0;
            }

            Begin(buffer, address);
            buffer[7] = 0x0C;
            buffer[8] = 0x79;
            WriteUInt32(buffer, 9, nibbles);
            return MBusFrame.FinishLong(buffer, 0, 6);
        }

        /// <summary>"Tariff mode 68 08 08 68 53 01 51 09 7C 01 54 02": DIF 09, plain text VIF "T", tariff 1 or 2.</summary>
        public static int Tariff(byte[] buffer, byte address, int tariff)
        {
            if (tariff != 1 && tariff != 2)
            {
                return 0;
            }

            Begin(buffer, address);
            buffer[7] = 0x09;
            buffer[8] = 0x7C;
            buffer[9] = 0x01;
            buffer[10] = 0x54;
            buffer[11] = (byte)tariff;
            return MBusFrame.FinishLong(buffer, 0, 5);
        }

        /// <summary>"Combined code 68 07 07 68 53 01 51 09 FD 3A 05": DIF 09 (2 BCD digits), VIF FD 3A; codes
        /// 01, 04, 05, 06, 09, 10, 11.</summary>
        public static int CombinedCode(byte[] buffer, byte address, int code)
        {
            if (IndexOf(CombinedCodes, code) < 0)
            {
                return 0;
            }

            Begin(buffer, address);
            buffer[7] = 0x09;
            buffer[8] = 0xFD;
            buffer[9] = 0x3A;
            buffer[10] = (byte)((code / 10) << 4 | code % 10);
            return MBusFrame.FinishLong(buffer, 0, 4);
        }

        /// <summary>"S0 rate 68 0A 0A 68 53 01 51 0C FD 3A 00 00 01 00" = 100 imp/kWh: DIF 0C, VIF FD 3A, the rate
        /// in hundredths as 8 BCD digits low byte first (100.00 = 00 00 01 00).</summary>
        public static int S0Rate(byte[] buffer, byte address, int impulsesPerKilowattHourHundredths)
        {
            if (IndexOf(S0RatesHundredths, impulsesPerKilowattHourHundredths) < 0)
            {
                return 0;
            }

            Begin(buffer, address);
            buffer[7] = 0x0C;
            buffer[8] = 0xFD;
            buffer[9] = 0x3A;
            WriteUInt32(buffer, 10, MBusFrame.ToBcd(impulsesPerKilowattHourHundredths));
            return MBusFrame.FinishLong(buffer, 0, 7);
        }

        /// <summary>"Resettable kWh 68 09 09 68 53 01 51 0C 04 00 00 00 00": the value is ignored, always set to 0.</summary>
        public static int ResetResettableEnergy(byte[] buffer, byte address)
        {
            Begin(buffer, address);
            buffer[7] = 0x0C;
            buffer[8] = 0x04;
            WriteUInt32(buffer, 9, 0);
            return MBusFrame.FinishLong(buffer, 0, 6);
        }

        /// <summary>"Reset power down counter 68 08 08 68 53 01 51 0A FD 60 00 00": value ignored, reset to 0.</summary>
        public static int ResetPowerDownCounter(byte[] buffer, byte address)
        {
            Begin(buffer, address);
            buffer[7] = 0x0A;
            buffer[8] = 0xFD;
            buffer[9] = 0x60;
            buffer[10] = 0x00;
            buffer[11] = 0x00;
            return MBusFrame.FinishLong(buffer, 0, 5);
        }

        /// <summary>The baud rate a control frame CI B8..BD sets, or -1.</summary>
        public static int BaudRateOfCode(byte ci)
        {
            return ci >= 0xB8 && ci <= 0xBD ? BaudRates[ci - 0xB8] : -1;
        }

        private static void Begin(byte[] buffer, byte address)
        {
            MBusFrame.BeginLong(buffer, 0, MBusFrame.SendUserData, address, MBusFrame.DataSendCi);
        }

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        private static int IndexOf(int[] values, int value)
        {
            for (int index = 0; index < values.Length; index++)
            {
                if (values[index] == value)
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
