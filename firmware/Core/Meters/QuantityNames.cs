using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// The one vocabulary of quantities across all drivers (issue 4): names, normalised units and the limits
    /// of plausibility. Three-phase meters use _l1.._l3 per phase, _l12/_l23/_l31 between phases, plain names
    /// for totals; single-phase meters use the _l1 names where a phase is meant and the plain names for totals.
    /// Tariff registers are _t1.._t4; the Compere sharp/peak/flat/valley rates map to t1/t2/t3/t4 (the
    /// manuals' own tariff numbers 1..4, KPM33B 4.1 and KPM31 4.1), KLEFR T1/T2 to t1/t2.
    /// </summary>
    public static class QuantityNames
    {
        // --- Voltage (V) ---
        public const string VoltageL1 = "voltage_l1";
        public const string VoltageL2 = "voltage_l2";
        public const string VoltageL3 = "voltage_l3";
        public const string VoltageL12 = "voltage_l12";
        public const string VoltageL23 = "voltage_l23";
        public const string VoltageL31 = "voltage_l31";
        /// <summary>Mean of the phase-to-neutral voltages (SDM630-style 0x002A).</summary>
        public const string VoltageAverage = "voltage_average";
        /// <summary>Mean of the phase-to-phase voltages (SDM630-style 0x00CE).</summary>
        public const string VoltageLineAverage = "voltage_line_average";

        // --- Current (A) ---
        public const string CurrentL1 = "current_l1";
        public const string CurrentL2 = "current_l2";
        public const string CurrentL3 = "current_l3";
        public const string CurrentN = "current_n";
        /// <summary>Mean of the phase currents (SDM630-style 0x002E).</summary>
        public const string CurrentAverage = "current_average";
        /// <summary>Sum of the phase currents (SDM630-style 0x0030 "Total current").</summary>
        public const string CurrentSum = "current_sum";

        // --- Power (W, var, VA) and power factor ---
        public const string Power = "power";
        public const string PowerL1 = "power_l1";
        public const string PowerL2 = "power_l2";
        public const string PowerL3 = "power_l3";
        /// <summary>Imported (consumed) part of the total active power (SDM630-style 0x0500).</summary>
        public const string PowerImport = "power_import";
        /// <summary>Exported (produced) part of the total active power (SDM630-style 0x0502).</summary>
        public const string PowerExport = "power_export";
        public const string ReactivePower = "reactive_power";
        public const string ReactivePowerL1 = "reactive_power_l1";
        public const string ReactivePowerL2 = "reactive_power_l2";
        public const string ReactivePowerL3 = "reactive_power_l3";
        public const string ApparentPower = "apparent_power";
        public const string ApparentPowerL1 = "apparent_power_l1";
        public const string ApparentPowerL2 = "apparent_power_l2";
        public const string ApparentPowerL3 = "apparent_power_l3";
        public const string ApparentPowerDemand = "apparent_power_demand";
        public const string ApparentPowerDemandL1 = "apparent_power_demand_l1";
        public const string ApparentPowerDemandL2 = "apparent_power_demand_l2";
        public const string ApparentPowerDemandL3 = "apparent_power_demand_l3";
        public const string PowerFactor = "power_factor";
        public const string PowerFactorL1 = "power_factor_l1";
        public const string PowerFactorL2 = "power_factor_l2";
        public const string PowerFactorL3 = "power_factor_l3";
        public const string Frequency = "frequency";

        // --- Active energy (kWh) ---
        public const string EnergyImport = "energy_import";
        public const string EnergyExport = "energy_export";
        public const string EnergyTotal = "energy_total";
        /// <summary>Import minus export (SDM630-style 0x018C); may be negative.</summary>
        public const string EnergyNet = "energy_net";
        public const string EnergyImportL1 = "energy_import_l1";
        public const string EnergyImportL2 = "energy_import_l2";
        public const string EnergyImportL3 = "energy_import_l3";
        public const string EnergyExportL1 = "energy_export_l1";
        public const string EnergyExportL2 = "energy_export_l2";
        public const string EnergyExportL3 = "energy_export_l3";
        public const string EnergyTotalL1 = "energy_total_l1";
        public const string EnergyTotalL2 = "energy_total_l2";
        public const string EnergyTotalL3 = "energy_total_l3";
        public const string EnergyImportT1 = "energy_import_t1";
        public const string EnergyImportT2 = "energy_import_t2";
        public const string EnergyImportT3 = "energy_import_t3";
        public const string EnergyImportT4 = "energy_import_t4";
        public const string EnergyExportT1 = "energy_export_t1";
        public const string EnergyExportT2 = "energy_export_t2";
        public const string EnergyTotalT1 = "energy_total_t1";
        public const string EnergyTotalT2 = "energy_total_t2";
        /// <summary>Counters the user can reset (KLEFR "resettable day counter", SDM630-style "with RAZ").</summary>
        public const string EnergyImportResettable = "energy_import_resettable";
        public const string EnergyExportResettable = "energy_export_resettable";
        public const string EnergyTotalResettable = "energy_total_resettable";

        // --- Reactive energy (kvarh) ---
        public const string ReactiveEnergyImport = "reactive_energy_import";
        public const string ReactiveEnergyExport = "reactive_energy_export";
        public const string ReactiveEnergyTotal = "reactive_energy_total";
        public const string ReactiveEnergyImportL1 = "reactive_energy_import_l1";
        public const string ReactiveEnergyImportL2 = "reactive_energy_import_l2";
        public const string ReactiveEnergyImportL3 = "reactive_energy_import_l3";
        public const string ReactiveEnergyExportL1 = "reactive_energy_export_l1";
        public const string ReactiveEnergyExportL2 = "reactive_energy_export_l2";
        public const string ReactiveEnergyExportL3 = "reactive_energy_export_l3";
        public const string ReactiveEnergyTotalL1 = "reactive_energy_total_l1";
        public const string ReactiveEnergyTotalL2 = "reactive_energy_total_l2";
        public const string ReactiveEnergyTotalL3 = "reactive_energy_total_l3";
        public const string ReactiveEnergyImportT1 = "reactive_energy_import_t1";
        public const string ReactiveEnergyImportT2 = "reactive_energy_import_t2";
        public const string ReactiveEnergyImportT3 = "reactive_energy_import_t3";
        public const string ReactiveEnergyImportT4 = "reactive_energy_import_t4";
        public const string ReactiveEnergyExportT1 = "reactive_energy_export_t1";
        public const string ReactiveEnergyExportT2 = "reactive_energy_export_t2";
        public const string ReactiveEnergyTotalT1 = "reactive_energy_total_t1";
        public const string ReactiveEnergyTotalT2 = "reactive_energy_total_t2";
        public const string ReactiveEnergyTotalResettable = "reactive_energy_total_resettable";

        // --- States ---
        /// <summary>Load-control relay: 1 = closed (load supplied), 0 = open (KPM33B 6.1, KPM31 6.1.1).</summary>
        public const string Relay = "relay";
        /// <summary>Active tariff number (KLEFR 0x6048: 1 = T1, 2 = T2).</summary>
        public const string Tariff = "tariff";

        // --- Diagnostics: settings, codes and counters of the meter ---
        public const string ModbusAddress = "modbus_address";
        /// <summary>Baud rate in bit/s where the meter reports it directly (KLEFR 0x4004).</summary>
        public const string BaudRate = "baud_rate";
        /// <summary>Baud rate as the meter's own code (Compere 0x0002, SDM630-style 0x001C).</summary>
        public const string BaudCode = "baud_code";
        public const string ParityCode = "parity_code";
        public const string S0Rate = "s0_rate";
        public const string CalculationCode = "calculation_code";
        public const string ErrorCode = "error_code";
        public const string PowerDownCounter = "power_down_counter";
        public const string Quadrant = "quadrant";
        public const string QuadrantL1 = "quadrant_l1";
        public const string QuadrantL2 = "quadrant_l2";
        public const string QuadrantL3 = "quadrant_l3";
        public const string StatusWord = "status_word";
        public const string CtRatio = "ct_ratio";
        public const string CtMode = "ct_mode";
        public const string ProtocolVersion = "protocol_version";
        public const string HardwareVersion = "hardware_version";
        /// <summary>Meter's clock as the number yyMMddHHmmss (KPM33B 0x0023, six bytes).</summary>
        public const string MeterClock = "meter_clock";

        // Limits of plausibility. Generous on purpose: they reject garbage (a float decoded with the wrong word
        // order, an uninitialised register), not unusual installations. The largest primary values come from
        // CT meters: KLEFR 694x accept primaries up to 9999 A (7.17), so 20 kA and 50 MW bound every meter here.
        private const double VoltageMaximum = 1000.0;
        private const double CurrentMaximum = 20000.0;
        private const double PowerMaximum = 5.0e7;
        private const double EnergyMaximum = 1.0e9;
        private const double FrequencyMaximum = 100.0;
        // Float rounding can put a power factor of exactly 1 slightly above it.
        private const double PowerFactorMaximum = 1.01;
        private const double CodeMaximum = 4294967295.0;

        // Built on first use rather than by a static initializer: nanoFramework does not promise to run the
        // static constructors of the tables that call Find after this one. The declarations below are compacted
        // into parallel arrays and dropped: nanoFramework spends a 12-byte heap block per field, so ~110 Quantity
        // objects of five fields cost ~8 KB, the arrays ~3 KB (units and limits are shared, few distinct ones).
        private static Catalog _catalog;

        /// <summary>The vocabulary as the firmware keeps it: one entry per quantity, in declaration order.</summary>
        private sealed class Catalog
        {
            public readonly string[] Names;

            /// <summary>Per entry: index into <see cref="UnitTexts"/>.</summary>
            public readonly byte[] UnitIndexes;
            public readonly string[] UnitTexts;

            /// <summary>Per entry: index into <see cref="Minima"/> and <see cref="Maxima"/>.</summary>
            public readonly byte[] LimitIndexes;
            public readonly double[] Minima;
            public readonly double[] Maxima;

            public readonly bool[] Diagnostic;

            public Catalog(Quantity[] declarations)
            {
                int count = declarations.Length;
                Names = StringArrays.Create(count);
                UnitIndexes = new byte[count];
                LimitIndexes = new byte[count];
                Diagnostic = new bool[count];
                string[] units = StringArrays.Create(count);
                double[] minima = new double[count];
                double[] maxima = new double[count];
                int unitCount = 0;
                int limitCount = 0;
                for (int index = 0; index < count; index++)
                {
                    Quantity quantity = declarations[index];
                    Names[index] = quantity.Name;
                    Diagnostic[index] = quantity.IsDiagnostic;

                    int unit = 0;
                    while (unit < unitCount && units[unit] != quantity.Unit)
                    {
                        unit++;
                    }

                    if (unit == unitCount)
                    {
                        units[unitCount++] = quantity.Unit;
                    }

                    int limit = 0;
                    while (limit < limitCount && (minima[limit] != quantity.Minimum || maxima[limit] != quantity.Maximum))
                    {
                        limit++;
                    }

                    if (limit == limitCount)
                    {
                        minima[limitCount] = quantity.Minimum;
                        maxima[limitCount] = quantity.Maximum;
                        limitCount++;
                    }

                    UnitIndexes[index] = (byte)unit;
                    LimitIndexes[index] = (byte)limit;
                }

                UnitTexts = StringArrays.Create(unitCount);
                Array.Copy(units, UnitTexts, unitCount);
                Minima = new double[limitCount];
                Array.Copy(minima, Minima, limitCount);
                Maxima = new double[limitCount];
                Array.Copy(maxima, Maxima, limitCount);
            }
        }

        private static Catalog Vocabulary
        {
            get
            {
                if (_catalog == null)
                {
                    Quantity[] declarations = BuildCatalog();
                    if (declarations.Length > byte.MaxValue)
                    {
                        // Register tables keep a quantity as one byte (255 = none).
                        throw new InvalidOperationException("Vocabulary larger than 255 quantities");
                    }

                    _catalog = new Catalog(declarations);
                }

                return _catalog;
            }
        }

        /// <summary>Every quantity of the vocabulary, as objects made on each call (console checks, tests): the
        /// firmware keeps the vocabulary compact, see <see cref="Count"/>, <see cref="NameAt"/>.</summary>
        public static Quantity[] All
        {
            get
            {
                Quantity[] all = BuildCatalog();
                for (int index = 0; index < all.Length; index++)
                {
                    all[index].CatalogIndex = index;
                }

                return all;
            }
        }

        /// <summary>Number of quantities in the vocabulary.</summary>
        public static int Count
        {
            get { return Vocabulary.Names.Length; }
        }

        /// <summary>Position of a name in the vocabulary, or -1 (a linear search: not for hot paths).</summary>
        public static int IndexOf(string name)
        {
            string[] names = Vocabulary.Names;
            for (int index = 0; index < names.Length; index++)
            {
                if (names[index] == name)
                {
                    return index;
                }
            }

            return -1;
        }

        /// <summary>True when the name is in the vocabulary.</summary>
        public static bool Contains(string name)
        {
            return IndexOf(name) >= 0;
        }

        public static string NameAt(int index)
        {
            return Vocabulary.Names[index];
        }

        public static string UnitAt(int index)
        {
            Catalog catalog = Vocabulary;
            return catalog.UnitTexts[catalog.UnitIndexes[index]];
        }

        public static bool IsDiagnosticAt(int index)
        {
            return Vocabulary.Diagnostic[index];
        }

        /// <summary>True when the value is a number (not NaN, not infinite) inside the quantity's limits; same
        /// rule as <see cref="Quantity.IsPlausible"/>, without an object.</summary>
        public static bool IsPlausible(int index, double value)
        {
            Catalog catalog = Vocabulary;
            int limit = catalog.LimitIndexes[index];
            // NaN compares false with everything, so it fails both tests below; infinities exceed any limit.
            return value >= catalog.Minima[limit] && value <= catalog.Maxima[limit];
        }

        /// <summary>The quantity at a position of the vocabulary, as a new object.</summary>
        public static Quantity QuantityAt(int index)
        {
            Catalog catalog = Vocabulary;
            int limit = catalog.LimitIndexes[index];
            Quantity quantity = new Quantity(catalog.Names[index], catalog.UnitTexts[catalog.UnitIndexes[index]],
                catalog.Minima[limit], catalog.Maxima[limit], catalog.Diagnostic[index]);
            quantity.CatalogIndex = index;
            return quantity;
        }

        /// <summary>The quantity with that name, as a new object (table declarations, tests); a name outside the
        /// vocabulary is a programmer error.</summary>
        public static Quantity Find(string name)
        {
            int index = IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException("Unknown quantity " + name);
            }

            return QuantityAt(index);
        }

        /// <summary>Unit of a quantity of the vocabulary; a name outside it is a programmer error.</summary>
        public static string UnitOf(string name)
        {
            int index = IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException("Unknown quantity " + name);
            }

            return UnitAt(index);
        }

        private static Quantity[] BuildCatalog()
        {
            return new Quantity[]
            {
                Measured(VoltageL1, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageL2, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageL3, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageL12, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageL23, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageL31, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageAverage, Units.Volt, 0, VoltageMaximum),
                Measured(VoltageLineAverage, Units.Volt, 0, VoltageMaximum),

                // Some meters sign the current with the direction of flow (SDM630-style note 1 does so for the
                // power factor), so currents are bounded on both sides.
                Measured(CurrentL1, Units.Ampere, -CurrentMaximum, CurrentMaximum),
                Measured(CurrentL2, Units.Ampere, -CurrentMaximum, CurrentMaximum),
                Measured(CurrentL3, Units.Ampere, -CurrentMaximum, CurrentMaximum),
                Measured(CurrentN, Units.Ampere, -CurrentMaximum, CurrentMaximum),
                Measured(CurrentAverage, Units.Ampere, -CurrentMaximum, CurrentMaximum),
                Measured(CurrentSum, Units.Ampere, -3 * CurrentMaximum, 3 * CurrentMaximum),

                Measured(Power, Units.Watt, -PowerMaximum, PowerMaximum),
                Measured(PowerL1, Units.Watt, -PowerMaximum, PowerMaximum),
                Measured(PowerL2, Units.Watt, -PowerMaximum, PowerMaximum),
                Measured(PowerL3, Units.Watt, -PowerMaximum, PowerMaximum),
                Measured(PowerImport, Units.Watt, 0, PowerMaximum),
                Measured(PowerExport, Units.Watt, 0, PowerMaximum),
                Measured(ReactivePower, Units.VoltAmpereReactive, -PowerMaximum, PowerMaximum),
                Measured(ReactivePowerL1, Units.VoltAmpereReactive, -PowerMaximum, PowerMaximum),
                Measured(ReactivePowerL2, Units.VoltAmpereReactive, -PowerMaximum, PowerMaximum),
                Measured(ReactivePowerL3, Units.VoltAmpereReactive, -PowerMaximum, PowerMaximum),
                // Apparent power is a magnitude, but a meter could sign it like the active power: bound both sides.
                Measured(ApparentPower, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerL1, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerL2, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerL3, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerDemand, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerDemandL1, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerDemandL2, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(ApparentPowerDemandL3, Units.VoltAmpere, -PowerMaximum, PowerMaximum),
                Measured(PowerFactor, Units.None, -PowerFactorMaximum, PowerFactorMaximum),
                Measured(PowerFactorL1, Units.None, -PowerFactorMaximum, PowerFactorMaximum),
                Measured(PowerFactorL2, Units.None, -PowerFactorMaximum, PowerFactorMaximum),
                Measured(PowerFactorL3, Units.None, -PowerFactorMaximum, PowerFactorMaximum),
                Measured(Frequency, Units.Hertz, 0, FrequencyMaximum),

                // Directional counters never go below zero; totals and net counters can (KLEFR 7.11: with
                // calculation code C-06 or C-09 the total is reverse - forward or forward - reverse).
                Measured(EnergyImport, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExport, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyTotal, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyNet, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyImportL1, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyImportL2, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyImportL3, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportL1, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportL2, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportL3, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyTotalL1, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyTotalL2, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyTotalL3, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyImportT1, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyImportT2, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyImportT3, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyImportT4, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportT1, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportT2, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyTotalT1, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyTotalT2, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),
                Measured(EnergyImportResettable, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyExportResettable, Units.KilowattHour, 0, EnergyMaximum),
                Measured(EnergyTotalResettable, Units.KilowattHour, -EnergyMaximum, EnergyMaximum),

                Measured(ReactiveEnergyImport, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExport, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyTotal, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyImportL1, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyImportL2, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyImportL3, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExportL1, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExportL2, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExportL3, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyTotalL1, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyTotalL2, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyTotalL3, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyImportT1, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyImportT2, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyImportT3, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyImportT4, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExportT1, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyExportT2, Units.KilovarHour, 0, EnergyMaximum),
                Measured(ReactiveEnergyTotalT1, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyTotalT2, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),
                Measured(ReactiveEnergyTotalResettable, Units.KilovarHour, -EnergyMaximum, EnergyMaximum),

                Measured(Relay, Units.None, 0, 1),
                Measured(Tariff, Units.None, 0, 20),

                Diagnostic(ModbusAddress, Units.None, 0, 255),
                Diagnostic(BaudRate, Units.None, 0, 1000000),
                Diagnostic(BaudCode, Units.None, 0, 255),
                Diagnostic(ParityCode, Units.None, 0, 255),
                Diagnostic(S0Rate, Units.ImpulsesPerKilowattHour, 0, 100000),
                Diagnostic(CalculationCode, Units.None, 0, 255),
                Diagnostic(ErrorCode, Units.None, -32768, 65535),
                Diagnostic(PowerDownCounter, Units.None, 0, 65535),
                Diagnostic(Quadrant, Units.None, 0, 4),
                Diagnostic(QuadrantL1, Units.None, 0, 4),
                Diagnostic(QuadrantL2, Units.None, 0, 4),
                Diagnostic(QuadrantL3, Units.None, 0, 4),
                Diagnostic(StatusWord, Units.None, 0, CodeMaximum),
                Diagnostic(CtRatio, Units.None, 0, 65535),
                Diagnostic(CtMode, Units.None, -32768, 65535),
                Diagnostic(ProtocolVersion, Units.None, 0, 1000),
                Diagnostic(HardwareVersion, Units.None, 0, 1000),
                Diagnostic(MeterClock, Units.None, 0, 991231235959.0),
            };
        }

        private static Quantity Measured(string name, string unit, double minimum, double maximum)
        {
            return new Quantity(name, unit, minimum, maximum, false);
        }

        private static Quantity Diagnostic(string name, string unit, double minimum, double maximum)
        {
            return new Quantity(name, unit, minimum, maximum, true);
        }
    }
}
