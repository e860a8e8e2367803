using System;

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

        /// <summary>Number of quantities in the vocabulary (the cases of <see cref="NameAt"/>).</summary>
        private const int QuantityCount = 102;

        // The vocabulary is code and constant text, not arrays built at start: a name comes from the switch in
        // NameAt, everything else from the quantity's kind, one letter per quantity below. nanoFramework keeps the
        // text of a constant string in flash, so the kinds cost one 12-byte string block on the heap; the arrays
        // they replace (names, unit and limit indexes, limits) were ~3.3 KB. Upper case = measured, lower case =
        // diagnostic; the letters are read by UnitOfKind, MinimumOfKind and MaximumOfKind.
        private const string KindLetters =
            "VVVVVVVV" // VoltageL1 .. VoltageLineAverage
            + "AAAAA" // CurrentL1 .. CurrentAverage
            + "S" // CurrentSum
            + "WWWW" // Power .. PowerL3
            + "PP" // PowerImport .. PowerExport
            + "RRRR" // ReactivePower .. ReactivePowerL3
            + "QQQQQQQQ" // ApparentPower .. ApparentPowerDemandL3
            + "FFFF" // PowerFactor .. PowerFactorL3
            + "H" // Frequency
            + "EE" // EnergyImport .. EnergyExport
            + "NN" // EnergyTotal .. EnergyNet
            + "EEEEEE" // EnergyImportL1 .. EnergyExportL3
            + "NNN" // EnergyTotalL1 .. EnergyTotalL3
            + "EEEEEE" // EnergyImportT1 .. EnergyExportT2
            + "NN" // EnergyTotalT1 .. EnergyTotalT2
            + "EE" // EnergyImportResettable .. EnergyExportResettable
            + "N" // EnergyTotalResettable
            + "KK" // ReactiveEnergyImport .. ReactiveEnergyExport
            + "L" // ReactiveEnergyTotal
            + "KKKKKK" // ReactiveEnergyImportL1 .. ReactiveEnergyExportL3
            + "LLL" // ReactiveEnergyTotalL1 .. ReactiveEnergyTotalL3
            + "KKKKKK" // ReactiveEnergyImportT1 .. ReactiveEnergyExportT2
            + "LLL" // ReactiveEnergyTotalT1 .. ReactiveEnergyTotalResettable
            + "B" // Relay
            + "T" // Tariff
            + "a" // ModbusAddress
            + "b" // BaudRate
            + "aa" // BaudCode .. ParityCode
            + "s" // S0Rate
            + "a" // CalculationCode
            + "e" // ErrorCode
            + "c" // PowerDownCounter
            + "qqqq" // Quadrant .. QuadrantL3
            + "w" // StatusWord
            + "c" // CtRatio
            + "e" // CtMode
            + "vv" // ProtocolVersion .. HardwareVersion
            + "k" // MeterClock
            ;

        /// <summary>Held in a field: a constant read in a method would make a new string block on every read.</summary>
        private static readonly string Kinds = KindLetters;

        /// <summary>Every quantity of the vocabulary, as objects made on each call (console checks, tests): the
        /// firmware reads the vocabulary by index, see <see cref="Count"/>, <see cref="NameAt"/>.</summary>
        public static Quantity[] All
        {
            get
            {
                Quantity[] all = new Quantity[QuantityCount];
                for (int index = 0; index < all.Length; index++)
                {
                    all[index] = QuantityAt(index);
                }

                return all;
            }
        }

        /// <summary>Number of quantities in the vocabulary.</summary>
        public static int Count
        {
            get { return QuantityCount; }
        }

        /// <summary>Position of a name in the vocabulary, or -1 (a linear search: not for hot paths).</summary>
        public static int IndexOf(string name)
        {
            for (int index = 0; index < QuantityCount; index++)
            {
                if (NameAt(index) == name)
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

        public static string UnitAt(int index)
        {
            return UnitOfKind(Kinds[index]);
        }

        public static bool IsDiagnosticAt(int index)
        {
            char kind = Kinds[index];
            return kind >= 'a' && kind <= 'z';
        }

        /// <summary>True when the value is a number (not NaN, not infinite) inside the quantity's limits; same
        /// rule as <see cref="Quantity.IsPlausible"/>, without an object.</summary>
        public static bool IsPlausible(int index, double value)
        {
            char kind = Kinds[index];
            // NaN compares false with everything, so it fails both tests below; infinities exceed any limit.
            return value >= MinimumOfKind(kind) && value <= MaximumOfKind(kind);
        }

        /// <summary>The quantity at a position of the vocabulary, as a new object.</summary>
        public static Quantity QuantityAt(int index)
        {
            char kind = Kinds[index];
            Quantity quantity = new Quantity(NameAt(index), UnitOfKind(kind), MinimumOfKind(kind), MaximumOfKind(kind),
                IsDiagnosticAt(index));
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

        /// <summary>The name at a position of the vocabulary; the order is the one of the kind letters.</summary>
        public static string NameAt(int index)
        {
            switch (index)
            {
                case 0: return VoltageL1;
                case 1: return VoltageL2;
                case 2: return VoltageL3;
                case 3: return VoltageL12;
                case 4: return VoltageL23;
                case 5: return VoltageL31;
                case 6: return VoltageAverage;
                case 7: return VoltageLineAverage;
                case 8: return CurrentL1;
                case 9: return CurrentL2;
                case 10: return CurrentL3;
                case 11: return CurrentN;
                case 12: return CurrentAverage;
                case 13: return CurrentSum;
                case 14: return Power;
                case 15: return PowerL1;
                case 16: return PowerL2;
                case 17: return PowerL3;
                case 18: return PowerImport;
                case 19: return PowerExport;
                case 20: return ReactivePower;
                case 21: return ReactivePowerL1;
                case 22: return ReactivePowerL2;
                case 23: return ReactivePowerL3;
                case 24: return ApparentPower;
                case 25: return ApparentPowerL1;
                case 26: return ApparentPowerL2;
                case 27: return ApparentPowerL3;
                case 28: return ApparentPowerDemand;
                case 29: return ApparentPowerDemandL1;
                case 30: return ApparentPowerDemandL2;
                case 31: return ApparentPowerDemandL3;
                case 32: return PowerFactor;
                case 33: return PowerFactorL1;
                case 34: return PowerFactorL2;
                case 35: return PowerFactorL3;
                case 36: return Frequency;
                case 37: return EnergyImport;
                case 38: return EnergyExport;
                case 39: return EnergyTotal;
                case 40: return EnergyNet;
                case 41: return EnergyImportL1;
                case 42: return EnergyImportL2;
                case 43: return EnergyImportL3;
                case 44: return EnergyExportL1;
                case 45: return EnergyExportL2;
                case 46: return EnergyExportL3;
                case 47: return EnergyTotalL1;
                case 48: return EnergyTotalL2;
                case 49: return EnergyTotalL3;
                case 50: return EnergyImportT1;
                case 51: return EnergyImportT2;
                case 52: return EnergyImportT3;
                case 53: return EnergyImportT4;
                case 54: return EnergyExportT1;
                case 55: return EnergyExportT2;
                case 56: return EnergyTotalT1;
                case 57: return EnergyTotalT2;
                case 58: return EnergyImportResettable;
                case 59: return EnergyExportResettable;
                case 60: return EnergyTotalResettable;
                case 61: return ReactiveEnergyImport;
                case 62: return ReactiveEnergyExport;
                case 63: return ReactiveEnergyTotal;
                case 64: return ReactiveEnergyImportL1;
                case 65: return ReactiveEnergyImportL2;
                case 66: return ReactiveEnergyImportL3;
                case 67: return ReactiveEnergyExportL1;
                case 68: return ReactiveEnergyExportL2;
                case 69: return ReactiveEnergyExportL3;
                case 70: return ReactiveEnergyTotalL1;
                case 71: return ReactiveEnergyTotalL2;
                case 72: return ReactiveEnergyTotalL3;
                case 73: return ReactiveEnergyImportT1;
                case 74: return ReactiveEnergyImportT2;
                case 75: return ReactiveEnergyImportT3;
                case 76: return ReactiveEnergyImportT4;
                case 77: return ReactiveEnergyExportT1;
                case 78: return ReactiveEnergyExportT2;
                case 79: return ReactiveEnergyTotalT1;
                case 80: return ReactiveEnergyTotalT2;
                case 81: return ReactiveEnergyTotalResettable;
                case 82: return Relay;
                case 83: return Tariff;
                case 84: return ModbusAddress;
                case 85: return BaudRate;
                case 86: return BaudCode;
                case 87: return ParityCode;
                case 88: return S0Rate;
                case 89: return CalculationCode;
                case 90: return ErrorCode;
                case 91: return PowerDownCounter;
                case 92: return Quadrant;
                case 93: return QuadrantL1;
                case 94: return QuadrantL2;
                case 95: return QuadrantL3;
                case 96: return StatusWord;
                case 97: return CtRatio;
                case 98: return CtMode;
                case 99: return ProtocolVersion;
                case 100: return HardwareVersion;
                case 101: return MeterClock;
                default: throw new ArgumentOutOfRangeException("index");
            }
        }

        private static string UnitOfKind(char kind)
        {
            switch (kind)
            {
                case 'V': return Units.Volt;
                case 'A':
                case 'S': return Units.Ampere;
                case 'W':
                case 'P': return Units.Watt;
                case 'R': return Units.VoltAmpereReactive;
                case 'Q': return Units.VoltAmpere;
                case 'H': return Units.Hertz;
                case 'E':
                case 'N': return Units.KilowattHour;
                case 'K':
                case 'L': return Units.KilovarHour;
                case 's': return Units.ImpulsesPerKilowattHour;
                default: return Units.None;
            }
        }

        private static double MinimumOfKind(char kind)
        {
            switch (kind)
            {
                // Some meters sign the current with the direction of flow (SDM630-style note 1 does so for the
                // power factor), so currents are bounded on both sides.
                case 'A': return -CurrentMaximum;
                case 'S': return -3 * CurrentMaximum;
                // Apparent power is a magnitude, but a meter could sign it like the active power: bound both sides.
                case 'W':
                case 'R':
                case 'Q': return -PowerMaximum;
                case 'F': return -PowerFactorMaximum;
                // Directional counters never go below zero; totals and net counters can (KLEFR 7.11: with
                // calculation code C-06 or C-09 the total is reverse - forward or forward - reverse).
                case 'N':
                case 'L': return -EnergyMaximum;
                case 'e': return -32768;
                default: return 0;
            }
        }

        private static double MaximumOfKind(char kind)
        {
            switch (kind)
            {
                case 'V': return VoltageMaximum;
                case 'A': return CurrentMaximum;
                case 'S': return 3 * CurrentMaximum;
                case 'W':
                case 'P':
                case 'R':
                case 'Q': return PowerMaximum;
                case 'F': return PowerFactorMaximum;
                case 'H': return FrequencyMaximum;
                case 'E':
                case 'N':
                case 'K':
                case 'L': return EnergyMaximum;
                case 'B': return 1;
                case 'T': return 20;
                case 'a': return 255;
                case 'b': return 1000000;
                case 's': return 100000;
                case 'e':
                case 'c': return 65535;
                case 'q': return 4;
                case 'w': return CodeMaximum;
                case 'v': return 1000;
                case 'k': return 991231235959.0;
                default: return 0;
            }
        }
    }
}
