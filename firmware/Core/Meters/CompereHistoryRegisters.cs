using EspCollector.Core.Bus;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The monthly history of the Compere meters, identical in KPM33B 6.4 and KPM31 6.4/6.1.6: ten series of
    /// 13 floats (this month, then the previous 1..12 settlement days) from 0x009C to 0x019F. Published as
    /// &lt;base&gt;_month_0 (this month) .. &lt;base&gt;_month_12. Built (130 rows, 130 names) only when a meter's
    /// settings first ask for the history (<see cref="MeterType.HistoryPlan"/>, then shared), to keep the heap small.
    /// </summary>
    public static class CompereHistoryRegisters
    {
        public const int FirstAddress = 0x009C;
        public const int MonthsPerSeries = 13;

        /// <summary>Series of <see cref="MonthsPerSeries"/> floats from <see cref="FirstAddress"/>.</summary>
        public const int SeriesCount = 10;

        /// <summary>
        /// Base quantity of each series, in address order (code, not a kept array). The labels disagree between
        /// the manuals: KPM33B and KPM31 V2.0 call 0x00B6..0x00CE "Total combined active energy" with the unit
        /// kvarh (KPM33B: "Total combined reactive energy"), and KPM33B labels 0x0170..0x0184 "valley reactive"
        /// with kWh and 0x018A..0x019E "flat reactive"; KPM31 V2.1 prints the regular pattern (valley active
        /// 0x016C..0x0184, valley reactive 0x0186..0x019E), which the units of all three support and which is
        /// used here.
        /// </summary>
        private static string SeriesBase(int series)
        {
            switch (series)
            {
                case 0: return QuantityNames.EnergyTotal;              // 0x009C "Total combined active energy for this month" kWh
                case 1: return QuantityNames.ReactiveEnergyTotal;      // 0x00B6 "Total combined reactive energy for this month" kvarh
                case 2: return QuantityNames.EnergyImportT1;           // 0x00D0 "Sharp active energy for this month" kWh
                case 3: return QuantityNames.ReactiveEnergyImportT1;   // 0x00EA "Sharp reactive energy for this month" kvarh
                case 4: return QuantityNames.EnergyImportT2;           // 0x0104 "Peak active energy for this month" kWh
                case 5: return QuantityNames.ReactiveEnergyImportT2;   // 0x011E "Peak reactive energy of this month" kvarh
                case 6: return QuantityNames.EnergyImportT3;           // 0x0138 "Flat active energy for this month" kWh
                case 7: return QuantityNames.ReactiveEnergyImportT3;   // 0x0152 "Flat reactive energy for this month" kvarh
                case 8: return QuantityNames.EnergyImportT4;           // 0x016C "Valley active energy for this month" kWh
                default: return QuantityNames.ReactiveEnergyImportT4;  // 0x0186 "Volley reactive energy for this month" kvarh
            }
        }

        /// <summary>The 130 history rows, poll class Rare, in address order, packed (<see cref="RegisterRow"/>) under
        /// their series' base quantity; <see cref="NameOf"/> gives each row its published name.</summary>
        public static long[] Build()
        {
            long[] rows = new long[SeriesCount * MonthsPerSeries];
            int address = FirstAddress;
            for (int series = 0; series < SeriesCount; series++)
            {
                int baseQuantity = QuantityNames.IndexOf(SeriesBase(series));
                for (int month = 0; month < MonthsPerSeries; month++)
                {
                    rows[series * MonthsPerSeries + month] = RegisterTable.Pack(3, address, DataType.Float32,
                        WordOrder.HighWordFirst, 2, 1.0, baseQuantity, PollClass.Rare, false, IdentityField.None);
                    address += 2;
                }
            }

            return rows;
        }

        /// <summary>The published name of history row <paramref name="row"/> of <see cref="Build"/>: &lt;base&gt;_month_&lt;n&gt;.</summary>
        public static string NameOf(int row)
        {
            return SeriesBase(row / MonthsPerSeries) + "_month_" + (row % MonthsPerSeries).ToString();
        }
    }
}
