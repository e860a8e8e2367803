using System;

namespace EspCollector.Core.MBus
{
    /// <summary>
    /// Reader of an EN 13757-3 variable data structure (CI 72 long header, CI 7A short header) in a caller's
    /// buffer: the fixed header, then one data record per <see cref="NextRecord"/>. A record is DIF, up to 10
    /// DIFE, VIF (primary, FB/FD extension, plain text, any, manufacturer), up to 10 VIFE, data. The data length
    /// follows from the DIF alone (or the LVAR byte), so a record with an unknown VIF is skipped without losing
    /// the next one; a record that does not fit the telegram ends the reading (<see cref="Malformed"/>) instead of
    /// throwing. DIF 0F/1F start manufacturer-specific data: reading stops there (1F: more telegrams follow);
    /// DIF 2F (idle filler) is skipped. The generic meaning of the DIF function field is kept (0 instantaneous,
    /// 1 maximum, 2 minimum, 3 value during error); a driver may give it another meaning. No allocation.
    /// </summary>
    public sealed class MBusTelegram
    {
        /// <summary>EN 13757-3: at most 10 DIFE and 10 VIFE per record.</summary>
        public const int MaximumExtensions = 10;

        private byte[] _buffer;
        private int _end;
        private int _cursor;

        // ---- header
        public byte Ci;
        public bool HasLongHeader;

        /// <summary>Identification number as sent: 8 BCD nibbles (low byte first on the wire).</summary>
        public uint IdentificationNibbles;

        /// <summary>The identification number, or -1 when a nibble is not a decimal digit.</summary>
        public int IdentificationNumber;

        public ushort Manufacturer;
        public byte Version;
        public byte Medium;
        public byte AccessNumber;
        public byte Status;
        public ushort Signature;

        // ---- record
        /// <summary>Offset of the current record's DIF.</summary>
        public int RecordOffset;
        public byte Dif;
        public int DifeCount;

        /// <summary>First DIFE (0 when there is none).</summary>
        public byte FirstDife;

        /// <summary>DIF bits 5-4: 0 instantaneous, 1 maximum, 2 minimum, 3 value during error state.</summary>
        public int Function;
        public long StorageNumber;
        public int Tariff;
        public int Subunit;

        /// <summary>The primary VIF byte as sent (with its extension bit).</summary>
        public byte Vif;

        /// <summary>The VIF code without the extension bit in its table: for FB/FD the first VIFE's code.</summary>
        public byte VifCode;

        /// <summary>0 primary table, 0xFB or 0xFD extension table, 0x7C plain text, 0x7E any, 0x7F manufacturer.</summary>
        public byte VifTable;

        public int VifeCount;

        /// <summary>DIF bits 3-0: the data field coding.</summary>
        public int DataCoding;
        public int DataOffset;
        public int DataLength;

        /// <summary>The data decoded as a number (BCD, integer, real); false for text, no data or invalid BCD.</summary>
        public bool ValueValid;

        /// <summary>The number as sent, before the VIF's scaling.</summary>
        public double RawValue;

        /// <summary>RawValue scaled to <see cref="Unit"/> (e.g. Wh for an energy VIF of any decade).</summary>
        public double Value;

        public MBusUnit Unit;

        // ---- state
        /// <summary>Reading stopped on a record that does not fit, or a header that does not.</summary>
        public bool Malformed;

        /// <summary>DIF 1F was found: the slave has more telegrams (multi-telegram readout).</summary>
        public bool MoreRecordsFollow;

        /// <summary>Offset and length of manufacturer-specific data after DIF 0F/1F (0 length when none).</summary>
        public int ManufacturerDataOffset;
        public int ManufacturerDataLength;

        /// <summary>Records returned so far.</summary>
        public int RecordCount;

        /// <summary>
        /// Starts reading the telegram whose CI is at <paramref name="ciOffset"/>, <paramref name="length"/> bytes
        /// from CI to the last data byte. False when the CI is not a variable data response or the header does
        /// not fit.
        /// </summary>
        public bool Open(byte[] buffer, int ciOffset, int length)
        {
            _buffer = buffer;
            _cursor = ciOffset;
            _end = ciOffset + length;
            Malformed = false;
            MoreRecordsFollow = false;
            ManufacturerDataOffset = 0;
            ManufacturerDataLength = 0;
            RecordCount = 0;
            IdentificationNibbles = 0;
            IdentificationNumber = -1;
            Manufacturer = 0;
            Version = 0;
            Medium = 0;
            if (buffer == null || ciOffset < 0 || length < 1 || _end > buffer.Length)
            {
                Malformed = true;
                _end = 0;
                _cursor = 0;
                return false;
            }

            Ci = buffer[ciOffset];
            int header;
            if (Ci == MBusFrame.VariableDataLongHeaderCi)
            {
                HasLongHeader = true;
                header = 12;
            }
            else if (Ci == MBusFrame.VariableDataShortHeaderCi)
            {
                HasLongHeader = false;
                header = 4;
            }
            else
            {
                Malformed = true;
                _cursor = _end;
                return false;
            }

            int position = ciOffset + 1;
            if (position + header > _end)
            {
                Malformed = true;
                _cursor = _end;
                return false;
            }

            if (HasLongHeader)
            {
                IdentificationNibbles = (uint)(buffer[position] | buffer[position + 1] << 8 | buffer[position + 2] << 16 | buffer[position + 3] << 24);
                IdentificationNumber = MBusFrame.FromBcd(IdentificationNibbles);
                Manufacturer = (ushort)(buffer[position + 4] | buffer[position + 5] << 8);
                Version = buffer[position + 6];
                Medium = buffer[position + 7];
                position += 8;
            }

            AccessNumber = buffer[position];
            Status = buffer[position + 1];
            Signature = (ushort)(buffer[position + 2] | buffer[position + 3] << 8);
            _cursor = position + 4;
            return true;
        }

        /// <summary>Moves to the next data record; false at the end of the records (see <see cref="Malformed"/>,
        /// <see cref="MoreRecordsFollow"/>). Each call advances at least one byte, so a loop over it ends.</summary>
        public bool NextRecord()
        {
            while (_cursor < _end)
            {
                RecordOffset = _cursor;
                byte dif = _buffer[_cursor];
                if (dif == 0x2F)
                {
                    _cursor++;
                    continue;
                }

                if (dif == 0x0F || dif == 0x1F)
                {
                    MoreRecordsFollow = dif == 0x1F;
                    ManufacturerDataOffset = _cursor + 1;
                    ManufacturerDataLength = _end - _cursor - 1;
                    _cursor = _end;
                    return false;
                }

                if ((dif & 0x0F) == 0x0F)
                {
                    // 3F..6F reserved, 7F global readout request: nothing decodable follows.
                    _cursor = _end;
                    return false;
                }

                if (ReadRecord(dif))
                {
                    RecordCount++;
                    return true;
                }

                Malformed = true;
                _cursor = _end;
                return false;
            }

            return false;
        }

        private bool ReadRecord(byte dif)
        {
            int position = _cursor + 1;
            Dif = dif;
            DifeCount = 0;
            FirstDife = 0;
            Function = (dif >> 4) & 0x03;
            StorageNumber = (dif >> 6) & 0x01;
            Tariff = 0;
            Subunit = 0;
            byte extension = dif;
            while ((extension & 0x80) != 0)
            {
                if (position >= _end || DifeCount == MaximumExtensions)
                {
                    return false;
                }

                extension = _buffer[position++];
                if (DifeCount == 0)
                {
                    FirstDife = extension;
                }

                StorageNumber |= (long)(extension & 0x0F) << (1 + 4 * DifeCount);
                Tariff |= ((extension >> 4) & 0x03) << (2 * DifeCount);
                Subunit |= ((extension >> 6) & 0x01) << DifeCount;
                DifeCount++;
            }

            if (position >= _end)
            {
                return false;
            }

            Vif = _buffer[position++];
            VifeCount = 0;
            VifCode = (byte)(Vif & 0x7F);
            VifTable = 0;
            bool more = (Vif & 0x80) != 0;
            if (VifCode == 0x7B || VifCode == 0x7D)
            {
                VifTable = (byte)(VifCode | 0x80);
                if (!more)
                {
                    VifTable = 0;
                }
            }
            else if (VifCode >= 0x7C)
            {
                VifTable = VifCode;
            }

            bool extensionCodeNeeded = VifTable == 0xFB || VifTable == 0xFD;
            while (more)
            {
                if (position >= _end || VifeCount == MaximumExtensions)
                {
                    return false;
                }

                byte vife = _buffer[position++];
                if (VifeCount == 0 && extensionCodeNeeded)
                {
                    VifCode = (byte)(vife & 0x7F);
                }

                VifeCount++;
                more = (vife & 0x80) != 0;
            }

            if (VifTable == 0x7C)
            {
                // Plain text VIF: a length byte and that many ASCII characters follow the VIF(E)s.
                if (position >= _end)
                {
                    return false;
                }

                position += 1 + _buffer[position];
            }

            DataCoding = dif & 0x0F;
            int length = FixedDataLength(DataCoding);
            int lvar = -1;
            if (DataCoding == 0x0D)
            {
                if (position >= _end)
                {
                    return false;
                }

                lvar = _buffer[position++];
                length = VariableDataLength(lvar);
                if (length < 0)
                {
                    return false;
                }
            }

            if (position + length > _end)
            {
                return false;
            }

            DataOffset = position;
            DataLength = length;
            _cursor = position + length;
            DecodeValue(lvar);
            DecodeUnit();
            return true;
        }

        /// <summary>Bytes of data for DIF data field codes 0..C, E (EN 13757-3 table 4); 8 = selection, no data.</summary>
        public static int FixedDataLength(int coding)
        {
            switch (coding)
            {
                case 0x01:
                case 0x09:
                    return 1;
                case 0x02:
                case 0x0A:
                    return 2;
                case 0x03:
                case 0x0B:
                    return 3;
                case 0x04:
                case 0x05:
                case 0x0C:
                    return 4;
                case 0x06:
                case 0x0E:
                    return 6;
                case 0x07:
                    return 8;
                default:
                    return 0;
            }
        }

        /// <summary>LVAR (EN 13757-3 6.3.3): 00..BF text, C0..CF positive BCD, D0..DF negative BCD, E0..EF binary;
        /// -1 for the reserved F0..FF.</summary>
        private static int VariableDataLength(int lvar)
        {
            if (lvar <= 0xBF)
            {
                return lvar;
            }

            if (lvar <= 0xDF)
            {
                return lvar & 0x0F;
            }

            if (lvar <= 0xEF)
            {
                return lvar - 0xE0;
            }

            return -1;
        }

        private void DecodeValue(int lvar)
        {
            ValueValid = false;
            RawValue = 0;
            switch (DataCoding)
            {
                case 0x01:
                case 0x02:
                case 0x03:
                case 0x04:
                case 0x06:
                case 0x07:
                    RawValue = SignedInteger(DataOffset, DataLength);
                    ValueValid = true;
                    break;
                case 0x05:
                    RawValue = BitConverter.ToSingle(_buffer, DataOffset);
                    ValueValid = !double.IsNaN(RawValue) && !double.IsInfinity(RawValue);
                    break;
                case 0x09:
                case 0x0A:
                case 0x0B:
                case 0x0C:
                case 0x0E:
                    ValueValid = Bcd(DataOffset, DataLength, false);
                    break;
                case 0x0D:
                    if (lvar >= 0xC0 && lvar <= 0xDF)
                    {
                        ValueValid = Bcd(DataOffset, DataLength, lvar >= 0xD0);
                    }
                    else if (lvar >= 0xE0 && DataLength > 0 && DataLength <= 8)
                    {
                        RawValue = SignedInteger(DataOffset, DataLength);
                        ValueValid = true;
                    }

                    break;
            }
        }

        private double SignedInteger(int offset, int length)
        {
            long value = 0;
            for (int index = length - 1; index >= 0; index--)
            {
                value = (value << 8) | _buffer[offset + index];
            }

            if (length < 8 && (_buffer[offset + length - 1] & 0x80) != 0)
            {
                value -= 1L << (8 * length);
            }

            return value;
        }

        /// <summary>BCD digits low byte first; a high nibble F in the last byte is a minus sign (EN 13757-3 annex A).</summary>
        private bool Bcd(int offset, int length, bool negative)
        {
            long value = 0;
            for (int index = length - 1; index >= 0; index--)
            {
                int high = _buffer[offset + index] >> 4;
                int low = _buffer[offset + index] & 0x0F;
                if (index == length - 1 && high == 0x0F)
                {
                    negative = true;
                    high = 0;
                }

                if (high > 9 || low > 9)
                {
                    return false;
                }

                value = value * 100 + high * 10 + low;
            }

            RawValue = negative ? -value : value;
            return true;
        }

        private void DecodeUnit()
        {
            Unit = MBusUnit.Unknown;
            Value = RawValue;
            int code = VifCode;
            int n = code & 0x07;
            if (VifTable == 0)
            {
                if (code <= 0x07)
                {
                    Scale(MBusUnit.WattHour, n - 3);
                }
                else if (code <= 0x0F)
                {
                    Scale(MBusUnit.Joule, n);
                }
                else if (code <= 0x17)
                {
                    Scale(MBusUnit.CubicMetre, n - 6);
                }
                else if (code <= 0x1F)
                {
                    Scale(MBusUnit.Kilogram, n - 3);
                }
                else if (code <= 0x27)
                {
                    Unit = MBusUnit.Second;
                    Value = RawValue * TimeUnitSeconds(code & 0x03);
                }
                else if (code <= 0x2F)
                {
                    Scale(MBusUnit.Watt, n - 3);
                }
                else if (code <= 0x37)
                {
                    Scale(MBusUnit.JoulePerHour, n);
                }
                else if (code <= 0x3F)
                {
                    Scale(MBusUnit.CubicMetrePerHour, n - 6);
                }
                else if (code <= 0x47)
                {
                    Scale(MBusUnit.CubicMetrePerHour, n - 7);
                    Value *= 60;
                }
                else if (code <= 0x4F)
                {
                    Scale(MBusUnit.CubicMetrePerHour, n - 9);
                    Value *= 3600;
                }
                else if (code <= 0x57)
                {
                    Scale(MBusUnit.KilogramPerHour, n - 3);
                }
                else if (code <= 0x5F)
                {
                    Scale(MBusUnit.Celsius, (code & 0x03) - 3);
                }
                else if (code <= 0x63)
                {
                    Scale(MBusUnit.Kelvin, (code & 0x03) - 3);
                }
                else if (code <= 0x67)
                {
                    Scale(MBusUnit.Celsius, (code & 0x03) - 3);
                }
                else if (code <= 0x6B)
                {
                    Scale(MBusUnit.Bar, (code & 0x03) - 3);
                }
                else if (code <= 0x6D)
                {
                    Unit = MBusUnit.TimePoint;
                }
                else if (code >= 0x70 && code <= 0x77)
                {
                    Unit = MBusUnit.Second;
                    Value = RawValue * TimeUnitSeconds(code & 0x03);
                }
                else if (code >= 0x78 && code <= 0x7A)
                {
                    Unit = MBusUnit.Number;
                }
            }
            else if (VifTable == 0xFD)
            {
                if (code >= 0x08 && code <= 0x0F)
                {
                    Unit = MBusUnit.Number;
                }
                else if (code == 0x3A)
                {
                    Unit = MBusUnit.Dimensionless;
                }
                else if (code >= 0x40 && code <= 0x4F)
                {
                    Scale(MBusUnit.Volt, (code & 0x0F) - 9);
                }
                else if (code >= 0x50 && code <= 0x5F)
                {
                    Scale(MBusUnit.Ampere, (code & 0x0F) - 12);
                }
                else if (code == 0x60 || code == 0x61)
                {
                    Unit = MBusUnit.Number;
                }
            }
            else if (VifTable == 0xFB)
            {
                if (code <= 0x01)
                {
                    Scale(MBusUnit.WattHour, (code & 0x01) + 5);
                }
                else if (code >= 0x08 && code <= 0x09)
                {
                    Scale(MBusUnit.Joule, (code & 0x01) + 8);
                }
                else if (code >= 0x10 && code <= 0x11)
                {
                    Scale(MBusUnit.CubicMetre, (code & 0x01) + 2);
                }
                else if (code >= 0x18 && code <= 0x19)
                {
                    Scale(MBusUnit.Kilogram, (code & 0x01) + 5);
                }
                else if (code >= 0x28 && code <= 0x29)
                {
                    Scale(MBusUnit.Watt, (code & 0x01) + 5);
                }
                else if (code >= 0x30 && code <= 0x31)
                {
                    Scale(MBusUnit.JoulePerHour, (code & 0x01) + 8);
                }
            }
        }

        private void Scale(MBusUnit unit, int exponent)
        {
            Unit = unit;
            double factor = 1;
            int steps = exponent < 0 ? -exponent : exponent;
            for (int index = 0; index < steps; index++)
            {
                factor *= 10;
            }

            // Dividing by 10^k (not multiplying by 10^-k) keeps decimal values such as 16048140 / 1000 exact.
            Value = exponent < 0 ? RawValue / factor : RawValue * factor;
        }

        private static int TimeUnitSeconds(int unit)
        {
            switch (unit)
            {
                case 0:
                    return 1;
                case 1:
                    return 60;
                case 2:
                    return 3600;
                default:
                    return 86400;
            }
        }
    }
}
