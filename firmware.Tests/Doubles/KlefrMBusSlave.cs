using System;
using EspCollector.Core.MBus;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A KLEFR M-bus version for the unit tests, written from the manual (Appendix 2) and EN 13757-2/-3: answers
    /// SND_NKE with E5, REQ_UD2 with the manual's telegram layout (header, then the nine energy blocks 0C 04 ...
    /// AC 20 04 as 8-digit BCD in 10 Wh), the 52 selection (with F wildcards; a non-matching selection deselects),
    /// and the write commands of the manual's table with E5. FCB: a REQ_UD2 with the same FCB as the last one
    /// repeats the last telegram; optionally the nine blocks are split over two telegrams, the first ending in 1F.
    /// </summary>
    public sealed class KlefrMBusSlave
    {
        private static readonly byte[] Difs = new byte[] { 0x0C, 0x8C, 0x8C, 0x1C, 0x9C, 0x9C, 0x2C, 0xAC, 0xAC };
        private static readonly byte[] Difes = new byte[] { 0x00, 0x10, 0x20, 0x00, 0x10, 0x20, 0x00, 0x10, 0x20 };

        private readonly byte[] _frame = new byte[MBusFrame.MaximumFrameLength];
        private byte _lastFrameCountBit;
        private int _currentTelegram;
        private bool _lastHadMore;

        public KlefrMBusSlave(byte primaryAddress, int identificationNumber)
        {
            PrimaryAddress = primaryAddress;
            IdentificationNumber = identificationNumber;
        }

        public byte PrimaryAddress;
        public int IdentificationNumber;
        public ushort Manufacturer = KlefrMBus.ManufacturerCode;
        public byte Version = 0x01;
        public byte Medium = KlefrMBus.MediumElectricity;
        public byte AccessNumber;
        public bool Selected;
        public bool MultiTelegram;

        /// <summary>Disconnected: answers nothing.</summary>
        public bool Silent;

        /// <summary>Acknowledge secondary address writes without applying them (a faulty or protected meter).</summary>
        public bool IgnoreIdentificationWrites;

        /// <summary>The nine energies in units of 10 Wh (BCD digits as sent), manual example by default.</summary>
        public int[] Energies = new int[] { 1604814, 358023, 1246791, 691346, 123456, 567890, 913468, 234567, 678901 };

        public int Tariff = 1;
        public int CombinedCode = 1;
        public int S0RateHundredths = 100000;
        public int BaudRate = 9600;
        public int PowerDownCounter = 7;
        public int ReadRequests;
        public int Selections;

        /// <summary>Handles one request frame; returns the answer or null.</summary>
        public byte[] Handle(byte[] request, int offset, int count)
        {
            if (Silent)
            {
                return null;
            }

            if (count == 5 && request[offset] == MBusFrame.ShortStart && request[offset + 4] == MBusFrame.Stop
                && request[offset + 3] == (byte)(request[offset + 1] + request[offset + 2]))
            {
                return HandleShort(request[offset + 1], request[offset + 2]);
            }

            if (count >= 9 && request[offset] == MBusFrame.LongStart && request[offset + 1] == count - 6
                && request[offset + count - 1] == MBusFrame.Stop
                && request[offset + count - 2] == MBusFrame.Checksum(request, offset + 4, count - 6))
            {
                return HandleLong(request, offset, count);
            }

            return null;
        }

        private bool Addressed(byte address, bool read)
        {
            return address == PrimaryAddress || (address == MBusFrame.NetworkAddress && Selected)
                || (read && address == MBusFrame.BroadcastWithAnswer);
        }

        private byte[] HandleShort(byte control, byte address)
        {
            if (control == MBusFrame.SendNke)
            {
                if (!Addressed(address, true) && address != MBusFrame.BroadcastNoAnswer)
                {
                    return null;
                }

                _lastFrameCountBit = 0;
                _currentTelegram = 0;
                _lastHadMore = false;
                return address == MBusFrame.BroadcastNoAnswer ? null : Acknowledge();
            }

            if ((control & 0xDF) != MBusFrame.RequestUserData2 || !Addressed(address, true))
            {
                return null;
            }

            ReadRequests++;
            byte frameCountBit = (byte)(control & MBusFrame.FrameCountBit);
            if (frameCountBit != _lastFrameCountBit)
            {
                _currentTelegram = _lastHadMore ? _currentTelegram + 1 : 0;
            }

            _lastFrameCountBit = frameCountBit;
            return Telegram(_currentTelegram);
        }

        private byte[] Telegram(int index)
        {
            int first = 0;
            int last = Energies.Length;
            bool more = false;
            if (MultiTelegram)
            {
                first = index == 0 ? 0 : 5;
                last = index == 0 ? 5 : Energies.Length;
                more = index == 0;
            }

            _lastHadMore = more;
            MBusFrame.BeginLong(_frame, 0, MBusFrame.ResponseUserData, PrimaryAddress, MBusFrame.VariableDataLongHeaderCi);
            int position = 7;
            WriteUInt32(position, MBusFrame.ToBcd(IdentificationNumber));
            _frame[position + 4] = (byte)Manufacturer;
            _frame[position + 5] = (byte)(Manufacturer >> 8);
            _frame[position + 6] = Version;
            _frame[position + 7] = Medium;
            _frame[position + 8] = AccessNumber++;
            _frame[position + 9] = 0x00;
            _frame[position + 10] = 0x00;
            _frame[position + 11] = 0x00;
            position += 12;
            for (int row = first; row < last; row++)
            {
                _frame[position++] = Difs[row];
                if (Difes[row] != 0)
                {
                    _frame[position++] = Difes[row];
                }

                _frame[position++] = 0x04;
                WriteUInt32(position, MBusFrame.ToBcd(Energies[row]));
                position += 4;
            }

            if (more)
            {
                _frame[position++] = 0x1F;
            }

            int length = MBusFrame.FinishLong(_frame, 0, position - 7);
            byte[] answer = new byte[length];
            Array.Copy(_frame, answer, length);
            return answer;
        }

        private byte[] HandleLong(byte[] request, int offset, int count)
        {
            byte address = request[offset + 5];
            byte ci = request[offset + 6];
            int data = offset + 7;
            int dataLength = count - 9;
            if (address == MBusFrame.NetworkAddress && ci == MBusFrame.SelectionCi && dataLength == 8)
            {
                Selections++;
                Selected = Matches(request, data);
                return Selected ? Acknowledge() : null;
            }

            if (!Addressed(address, false))
            {
                return null;
            }

            int baud = KlefrMBusCommands.BaudRateOfCode(ci);
            if (baud > 0 && dataLength == 0)
            {
                BaudRate = baud;
                return Acknowledge();
            }

            if (ci != MBusFrame.DataSendCi || dataLength < 3)
            {
                return null;
            }

            byte dif = request[data];
            byte vif = request[data + 1];
            if (dif == 0x01 && vif == 0x7A && dataLength == 3 && request[data + 2] <= MBusFrame.MaximumPrimaryAddress)
            {
                PrimaryAddress = request[data + 2];
            }
            else if (dif == 0x0C && vif == 0x79 && dataLength == 6)
            {
                int number = MBusFrame.FromBcd(ReadUInt32(request, data + 2));
                if (number < 0)
                {
                    return null;
                }

                if (!IgnoreIdentificationWrites)
                {
                    IdentificationNumber = number;
                }
            }
            else if (dif == 0x09 && vif == 0x7C && dataLength == 5 && request[data + 3] == 0x54)
            {
                Tariff = request[data + 4];
            }
            else if (dif == 0x09 && vif == 0xFD && dataLength == 4 && request[data + 2] == 0x3A)
            {
                CombinedCode = (request[data + 3] >> 4) * 10 + (request[data + 3] & 0x0F);
            }
            else if (dif == 0x0C && vif == 0xFD && dataLength == 7 && request[data + 2] == 0x3A)
            {
                S0RateHundredths = MBusFrame.FromBcd(ReadUInt32(request, data + 3));
            }
            else if (dif == 0x0C && vif == 0x04 && dataLength == 6)
            {
                // "Resettable kWh ... Value is ignored, always set to 0": not in the telegram.
            }
            else if (dif == 0x0A && vif == 0xFD && dataLength == 5 && request[data + 2] == 0x60)
            {
                PowerDownCounter = 0;
            }
            else
            {
                return null;
            }

            return Acknowledge();
        }

        private bool Matches(byte[] request, int data)
        {
            uint mask = ReadUInt32(request, data);
            uint own = MBusFrame.ToBcd(IdentificationNumber);
            for (int digit = 0; digit < 8; digit++)
            {
                uint nibble = (mask >> (4 * digit)) & 0xF;
                if (nibble != 0xF && nibble != ((own >> (4 * digit)) & 0xF))
                {
                    return false;
                }
            }

            ushort manufacturer = (ushort)(request[data + 4] | request[data + 5] << 8);
            return (manufacturer == 0xFFFF || manufacturer == Manufacturer)
                && (request[data + 6] == 0xFF || request[data + 6] == Version)
                && (request[data + 7] == 0xFF || request[data + 7] == Medium);
        }

        private static byte[] Acknowledge()
        {
            return new byte[] { MBusFrame.SingleCharacter };
        }

        private void WriteUInt32(int position, uint value)
        {
            _frame[position] = (byte)value;
            _frame[position + 1] = (byte)(value >> 8);
            _frame[position + 2] = (byte)(value >> 16);
            _frame[position + 3] = (byte)(value >> 24);
        }

        private static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | buffer[offset + 1] << 8 | buffer[offset + 2] << 16 | buffer[offset + 3] << 24);
        }
    }
}
