using System;
using EspCollector.Core.MBus;
using EspCollector.Core.Meters;

namespace EspCollector.Simulators.MBus
{
    /// <summary>
    /// The KLEFR 6933/6943 M-bus version as an M-Bus slave, built from the KLEFR 693-4x manual (Appendix 2,
    /// A2.2) and EN 13757-2/-3. Answers SND_NKE (E5), REQ_UD2 (RSP_UD with CI 72, header "INM", medium 02 and
    /// the nine energy blocks of the manual's register map, 8 BCD digits in 10 Wh), the 52 selection with F
    /// wildcards (a selection that does not match deselects), REQ_UD2 at FD when selected and at FE, and the
    /// manual's writes: baud rate (control frame CI B8..BD), primary address, secondary address, tariff, combined
    /// code, S0 rate, resettable kWh and power-down counter, each acknowledged with E5. A REQ_UD2 repeating the
    /// last FCB gets the last telegram again; with <see cref="MultiTelegram"/> the blocks come in two telegrams,
    /// the first ending in DIF 1F.
    /// </summary>
    public sealed class KlefrMBusSimulator
    {
        /// <summary>The manual's register map: DIF, DIFE (0 = none); VIF 04 (10 Wh) for every block.</summary>
        private static readonly (byte Dif, byte Dife, string Quantity)[] Blocks =
        {
            (0x0C, 0x00, QuantityNames.EnergyTotal),
            (0x8C, 0x10, QuantityNames.EnergyTotalT1),
            (0x8C, 0x20, QuantityNames.EnergyTotalT2),
            (0x1C, 0x00, QuantityNames.EnergyImport),
            (0x9C, 0x10, QuantityNames.EnergyImportT1),
            (0x9C, 0x20, QuantityNames.EnergyImportT2),
            (0x2C, 0x00, QuantityNames.EnergyExport),
            (0xAC, 0x10, QuantityNames.EnergyExportT1),
            (0xAC, 0x20, QuantityNames.EnergyExportT2),
        };

        private readonly object gate = new object();
        private byte lastFrameCountBit;
        private int telegramIndex;
        private bool lastTelegramHadMore;

        public KlefrMBusSimulator(byte primaryAddress, int identificationNumber)
        {
            PrimaryAddress = primaryAddress;
            IdentificationNumber = identificationNumber;
            // The manual's example readout (A2.2 REQ_UD2 remarks), in kWh.
            double[] example = { 16048.14, 3580.23, 12467.91, 6913.46, 1234.56, 5678.9, 9134.68, 2345.67, 6789.01 };
            EnergiesKilowattHours = example;
        }

        public byte PrimaryAddress { get; set; }

        public int IdentificationNumber { get; set; }

        public byte Version { get; set; } = 0x01;

        public bool Selected { get; private set; }

        public bool MultiTelegram { get; set; }

        /// <summary>The served energies in kWh, in the order of the manual's register map (see <see cref="QuantityAt"/>).</summary>
        public double[] EnergiesKilowattHours { get; }

        public int BaudRate { get; set; } = 9600;

        public int Tariff { get; private set; } = 1;

        public int CombinedCode { get; private set; } = 1;

        public int S0RateHundredths { get; private set; } = 100000;

        public int PowerDownCounter { get; private set; } = 3;

        public double ResettableKilowattHours { get; private set; } = 12.5;

        public byte AccessNumber { get; private set; }

        public static int BlockCount => Blocks.Length;

        public static string QuantityAt(int index) => Blocks[index].Quantity;

        /// <summary>Handles one complete request frame; returns the answer bytes (E5 or a long frame) or null.</summary>
        public byte[] Handle(byte[] frame, int offset, int count)
        {
            lock (gate)
            {
                if (count == 5 && frame[offset] == MBusFrame.ShortStart)
                {
                    return Short(frame[offset + 1], frame[offset + 2]);
                }

                if (count >= 9 && frame[offset] == MBusFrame.LongStart)
                {
                    return Long(frame, offset + 4, count - 6);
                }

                return null;
            }
        }

        private bool IsAddressed(byte address, bool read) =>
            address == PrimaryAddress || (address == MBusFrame.NetworkAddress && Selected) || (read && address == MBusFrame.BroadcastWithAnswer);

        private byte[] Short(byte control, byte address)
        {
            if (control == MBusFrame.SendNke && (IsAddressed(address, true) || address == MBusFrame.BroadcastNoAnswer))
            {
                lastFrameCountBit = 0;
                telegramIndex = 0;
                lastTelegramHadMore = false;
                return address == MBusFrame.BroadcastNoAnswer ? null : new[] { MBusFrame.SingleCharacter };
            }

            if ((control & 0xDF) != MBusFrame.RequestUserData2 || !IsAddressed(address, true))
            {
                return null;
            }

            byte frameCountBit = (byte)(control & MBusFrame.FrameCountBit);
            if (frameCountBit != lastFrameCountBit)
            {
                telegramIndex = lastTelegramHadMore ? telegramIndex + 1 : 0;
            }

            lastFrameCountBit = frameCountBit;
            return BuildTelegram();
        }

        private byte[] BuildTelegram()
        {
            int first = MultiTelegram && telegramIndex > 0 ? 5 : 0;
            int last = MultiTelegram && telegramIndex == 0 ? 5 : Blocks.Length;
            lastTelegramHadMore = MultiTelegram && telegramIndex == 0;
            var data = new byte[MBusFrame.MaximumDataLength];
            uint id = MBusFrame.ToBcd(IdentificationNumber);
            BitConverter.TryWriteBytes(new Span<byte>(data, 0, 4), id);
            data[4] = KlefrMBus.ManufacturerCode & 0xFF;
            data[5] = (byte)(KlefrMBus.ManufacturerCode >> 8);
            data[6] = Version;
            data[7] = KlefrMBus.MediumElectricity;
            data[8] = AccessNumber++;
            int length = 12;
            for (int index = first; index < last; index++)
            {
                data[length++] = Blocks[index].Dif;
                if (Blocks[index].Dife != 0)
                {
                    data[length++] = Blocks[index].Dife;
                }

                data[length++] = 0x04;
                long tensOfWattHours = (long)Math.Round(EnergiesKilowattHours[index] * 100.0);
                uint bcd = MBusFrame.ToBcd((int)(tensOfWattHours % 100000000));
                BitConverter.TryWriteBytes(new Span<byte>(data, length, 4), bcd);
                length += 4;
            }

            if (lastTelegramHadMore)
            {
                data[length++] = 0x1F;
            }

            var frame = new byte[MBusFrame.MaximumFrameLength];
            int frameLength = MBusFrame.WriteLong(frame, 0, MBusFrame.ResponseUserData, PrimaryAddress, MBusFrame.VariableDataLongHeaderCi, data, 0, length);
            Array.Resize(ref frame, frameLength);
            return frame;
        }

        /// <summary>A long frame from its C field: <paramref name="c"/> is the offset of C, <paramref name="length"/> the L field.</summary>
        private byte[] Long(byte[] frame, int c, int length)
        {
            byte address = frame[c + 1];
            byte ci = frame[c + 2];
            ReadOnlySpan<byte> data = new ReadOnlySpan<byte>(frame, c + 3, length - 3);
            if (address == MBusFrame.NetworkAddress && ci == MBusFrame.SelectionCi && data.Length == 8)
            {
                Selected = SelectionMatches(data);
                return Selected ? new[] { MBusFrame.SingleCharacter } : null;
            }

            if (!IsAddressed(address, false))
            {
                return null;
            }

            int baud = KlefrMBusCommands.BaudRateOfCode(ci);
            if (baud > 0 && data.Length == 0)
            {
                BaudRate = baud;
                return new[] { MBusFrame.SingleCharacter };
            }

            return ci == MBusFrame.DataSendCi && ApplyWrite(data) ? new[] { MBusFrame.SingleCharacter } : null;
        }

        private bool ApplyWrite(ReadOnlySpan<byte> data)
        {
            if (data.Length == 3 && data[0] == 0x01 && data[1] == 0x7A && data[2] <= MBusFrame.MaximumPrimaryAddress)
            {
                PrimaryAddress = data[2];
                return true;
            }

            if (data.Length == 6 && data[0] == 0x0C && data[1] == 0x79)
            {
                int number = MBusFrame.FromBcd(BitConverter.ToUInt32(data.Slice(2)));
                if (number >= 0)
                {
                    IdentificationNumber = number;
                }

                return number >= 0;
            }

            if (data.Length == 5 && data[0] == 0x09 && data[1] == 0x7C && data[2] == 0x01 && data[3] == 0x54 && (data[4] == 1 || data[4] == 2))
            {
                Tariff = data[4];
                return true;
            }

            if (data.Length == 4 && data[0] == 0x09 && data[1] == 0xFD && data[2] == 0x3A)
            {
                CombinedCode = (data[3] >> 4) * 10 + (data[3] & 0x0F);
                return true;
            }

            if (data.Length == 7 && data[0] == 0x0C && data[1] == 0xFD && data[2] == 0x3A)
            {
                S0RateHundredths = MBusFrame.FromBcd(BitConverter.ToUInt32(data.Slice(3)));
                return S0RateHundredths >= 0;
            }

            if (data.Length == 6 && data[0] == 0x0C && data[1] == 0x04)
            {
                ResettableKilowattHours = 0;
                return true;
            }

            if (data.Length == 5 && data[0] == 0x0A && data[1] == 0xFD && data[2] == 0x60)
            {
                PowerDownCounter = 0;
                return true;
            }

            return false;
        }

        private bool SelectionMatches(ReadOnlySpan<byte> data)
        {
            uint mask = BitConverter.ToUInt32(data);
            uint own = MBusFrame.ToBcd(IdentificationNumber);
            for (int shift = 0; shift < 32; shift += 4)
            {
                uint digit = (mask >> shift) & 0xF;
                if (digit != 0xF && digit != ((own >> shift) & 0xF))
                {
                    return false;
                }
            }

            ushort manufacturer = BitConverter.ToUInt16(data.Slice(4));
            return (manufacturer == 0xFFFF || manufacturer == KlefrMBus.ManufacturerCode)
                && (data[6] == 0xFF || data[6] == Version)
                && (data[7] == 0xFF || data[7] == KlefrMBus.MediumElectricity);
        }
    }
}
