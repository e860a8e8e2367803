using EspCollector.Core.Meters;

namespace EspCollector.Core.MBus
{
    /// <summary>
    /// Driver table of the KLEFR 6933/6943 M-bus version (KLEFR 693-4x manual, Appendix 2, A2.2 "M-bus register
    /// map"): each data block of the REQ_UD2 answer by its (DIF, DIFE, VIF) as the manual lists it, mapped to the
    /// canonical quantity names the KLEFR Modbus driver uses for the same quantity (kWh). The manual encodes
    /// forward and reverse energy in the DIF function field (1C / 9C 10 / 9C 20 forward, 2C / AC 10 / AC 20
    /// reverse), which EN 13757-3 calls maximum and minimum value: this table follows the manual for this meter
    /// only; <see cref="MBusTelegram"/> keeps the standard meaning. A row matches on the DIF's extension, storage
    /// and function bits, the DIFE and the VIF's unit (energy in Wh, any decade), so the data coding (BCD in the
    /// manual) and the decade may differ without losing the value.
    /// </summary>
    public static class KlefrMBus
    {
        /// <summary>The meter type name in the configuration and the console (`meter add name klefr-mbus ...`).</summary>
        public const string MeterTypeName = "klefr-mbus";

        /// <summary>"INM", the manufacturer of the manual's header ("Manufacturer ID 25 CD INM").</summary>
        public const ushort ManufacturerCode = 0x25CD;

        /// <summary>Medium 02, electricity (manual A2.2 header "Medium 02 Electricity").</summary>
        public const byte MediumElectricity = 0x02;

        /// <summary>Most telegrams read in one multi-telegram readout (bounds a slave that never stops).</summary>
        public const int MaximumTelegrams = 8;

        private static readonly byte[] Difs = new byte[] { 0x0C, 0x8C, 0x8C, 0x1C, 0x9C, 0x9C, 0x2C, 0xAC, 0xAC };
        private static readonly byte[] Difes = new byte[] { 0x00, 0x10, 0x20, 0x00, 0x10, 0x20, 0x00, 0x10, 0x20 };
        private static readonly byte[] Vifs = new byte[] { 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04 };

        /// <summary>Quantity per row, in the order of the manual's table.</summary>
        public static readonly string[] Quantities = new string[]
        {
            QuantityNames.EnergyTotal,    // "Total active energy 0C 04"
            QuantityNames.EnergyTotalT1,  // "Total active energy T1 8C10 04"
            QuantityNames.EnergyTotalT2,  // "Total active energy T2 8C20 04"
            QuantityNames.EnergyImport,   // "Total forward active energy 1C 04"
            QuantityNames.EnergyImportT1, // "Forward active energy T1 9C10 04"
            QuantityNames.EnergyImportT2, // "Forward active energy T2 9C20 04"
            QuantityNames.EnergyExport,   // "Total reverse active energy 2C 04"
            QuantityNames.EnergyExportT1, // "Reverse active energy T1 AC10 04"
            QuantityNames.EnergyExportT2, // "Reverse active energy T2 AC20 04"
        };

        public static int Count
        {
            get { return Difs.Length; }
        }

        /// <summary>The row the current record of <paramref name="telegram"/> maps to, or -1.</summary>
        public static int Match(MBusTelegram telegram)
        {
            if (!telegram.ValueValid || telegram.VifTable != 0 || telegram.Unit != MBusUnit.WattHour || telegram.DifeCount > 1)
            {
                return -1;
            }

            for (int row = 0; row < Difs.Length; row++)
            {
                if ((telegram.Dif & 0xF0) == (Difs[row] & 0xF0) && telegram.FirstDife == Difes[row]
                    && (telegram.Vif & 0x78) == (Vifs[row] & 0x78))
                {
                    return row;
                }
            }

            return -1;
        }

        /// <summary>
        /// Decodes every record of an opened telegram into <paramref name="kilowattHours"/> by row, marking
        /// <paramref name="present"/>; returns the number of rows set. Unknown records are skipped.
        /// </summary>
        public static int Decode(MBusTelegram telegram, double[] kilowattHours, bool[] present)
        {
            int matched = 0;
            while (telegram.NextRecord())
            {
                int row = Match(telegram);
                if (row >= 0)
                {
                    kilowattHours[row] = telegram.Value / 1000.0;
                    present[row] = true;
                    matched++;
                }
            }

            return matched;
        }

        /// <summary>
        /// Reads a meter: REQ_UD2 to <paramref name="address"/> (a primary address, FE, or FD after a selection),
        /// following a multi-telegram answer (DIF 1F) up to <see cref="MaximumTelegrams"/>. On Ok the header of the
        /// last telegram stays in <paramref name="telegram"/> and the values are in the caller's arrays.
        /// </summary>
        public static MBusStatus Read(MBusMaster master, MBusTelegram telegram, byte address, double[] kilowattHours, bool[] present)
        {
            for (int row = 0; row < present.Length; row++)
            {
                present[row] = false;
            }

            for (int index = 0; index < MaximumTelegrams; index++)
            {
                MBusStatus status = master.RequestUserData(address);
                if (status != MBusStatus.Ok)
                {
                    return status;
                }

                if (!telegram.Open(master.ResponseBuffer, master.ResponseCiOffset, master.ResponseUserDataLength))
                {
                    return MBusStatus.UnexpectedFrame;
                }

                Decode(telegram, kilowattHours, present);
                if (!telegram.MoreRecordsFollow)
                {
                    return MBusStatus.Ok;
                }
            }

            return MBusStatus.Ok;
        }

        /// <summary>Selects the meter by its identification number (manufacturer INM, any version, electricity),
        /// then reads it at FD.</summary>
        public static MBusStatus ReadSecondary(MBusMaster master, MBusTelegram telegram, int identificationNumber, double[] kilowattHours, bool[] present)
        {
            uint nibbles = MBusFrame.ToBcd(identificationNumber);
            if (nibbles == 0xFFFFFFFF)
            {
                return MBusStatus.InvalidRequest;
            }

            MBusStatus status = master.Select(nibbles, ManufacturerCode, 0xFF, MediumElectricity, master.Settings.Retries);
            if (status != MBusStatus.Ok)
            {
                return status;
            }

            return Read(master, telegram, MBusFrame.NetworkAddress, kilowattHours, present);
        }
            /// <summary>
        /// Sends a write built by <see cref="KlefrMBusCommands"/> (E5 expected). Writes that the telegram can
        /// confirm are read back: a new primary address by reading at it (the answer's A field), a new secondary
        /// address from the next telegram's identification number. Others are confirmed by the E5 alone (the
        /// manual's telegram does not carry baud rate, tariff, combined code, S0 rate or the counters).
        /// Returns ReadBackMismatch when the meter acknowledged but reports another value.
        /// </summary>
        public static MBusStatus WriteVerified(MBusMaster master, MBusTelegram telegram, byte[] frame, int length, double[] kilowattHours, bool[] present)
        {
            MBusStatus status = master.SendUserData(frame, 0, length);
            if (status != MBusStatus.Ok || length < 12 || frame[6] != MBusFrame.DataSendCi)
            {
                return status;
            }

            byte address = frame[5];
            if (frame[7] == 0x01 && frame[8] == 0x7A)
            {
                byte newAddress = frame[9];
                status = Read(master, telegram, newAddress, kilowattHours, present);
                return status == MBusStatus.Ok && master.ResponseAddress != newAddress ? MBusStatus.ReadBackMismatch : status;
            }

            if (frame[7] == 0x0C && frame[8] == 0x79)
            {
                int expected = MBusFrame.FromBcd((uint)(frame[9] | frame[10] << 8 | frame[11] << 16 | frame[12] << 24));
                status = Read(master, telegram, address, kilowattHours, present);
                return status == MBusStatus.Ok && telegram.IdentificationNumber != expected ? MBusStatus.ReadBackMismatch : status;
            }

            return status;
        }
    }
}
