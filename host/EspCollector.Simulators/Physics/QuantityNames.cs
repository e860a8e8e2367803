namespace EspCollector.Simulators.Physics
{
    /// <summary>
    /// Canonical quantity names shared with the core's meter drivers (units: V, A, W, var, VA, Hz, kWh, kvarh).
    /// The simulators publish their true values under these names so tests compare driver output with them.
    /// Names below the canonical set (per-phase export, reactive per tariff) are the simulators' own extras.
    /// </summary>
    public static class QuantityNames
    {
        public const string VoltageL1 = "voltage_l1";
        public const string VoltageL2 = "voltage_l2";
        public const string VoltageL3 = "voltage_l3";
        public const string VoltageL12 = "voltage_l12";
        public const string VoltageL23 = "voltage_l23";
        public const string VoltageL31 = "voltage_l31";
        public const string CurrentL1 = "current_l1";
        public const string CurrentL2 = "current_l2";
        public const string CurrentL3 = "current_l3";
        public const string CurrentNeutral = "current_n";
        public const string Power = "power";
        public const string ReactivePower = "reactive_power";
        public const string ApparentPower = "apparent_power";
        public const string PowerFactor = "power_factor";
        public const string Frequency = "frequency";
        public const string EnergyImport = "energy_import";
        public const string EnergyExport = "energy_export";
        public const string EnergyTotal = "energy_total";
        public const string ReactiveEnergyImport = "reactive_energy_import";
        public const string ReactiveEnergyExport = "reactive_energy_export";
        public const string ReactiveEnergyTotal = "reactive_energy_total";

        public static string Voltage(int phase)
        {
            return "voltage_l" + phase;
        }

        public static string Current(int phase)
        {
            return "current_l" + phase;
        }

        public static string PowerOf(int phase)
        {
            return "power_l" + phase;
        }

        public static string ReactivePowerOf(int phase)
        {
            return "reactive_power_l" + phase;
        }

        public static string ApparentPowerOf(int phase)
        {
            return "apparent_power_l" + phase;
        }

        public static string PowerFactorOf(int phase)
        {
            return "power_factor_l" + phase;
        }

        /// <summary>energy_import_t1..t4: imported active energy registered while tariff 1..4 was active.</summary>
        public static string EnergyImportTariff(int tariff)
        {
            return "energy_import_t" + tariff;
        }

        /// <summary>Extra (not canonical): reactive energy import per tariff.</summary>
        public static string ReactiveEnergyImportTariff(int tariff)
        {
            return "reactive_energy_import_t" + tariff;
        }

        /// <summary>Extra (not canonical): exported active energy and reactive energy per tariff.</summary>
        public static string EnergyExportTariff(int tariff)
        {
            return "energy_export_t" + tariff;
        }

        public static string ReactiveEnergyExportTariff(int tariff)
        {
            return "reactive_energy_export_t" + tariff;
        }

        public static string EnergyImportPhase(int phase)
        {
            return "energy_import_l" + phase;
        }

        /// <summary>Extra (not canonical): exported active energy per phase.</summary>
        public static string EnergyExportPhase(int phase)
        {
            return "energy_export_l" + phase;
        }

        /// <summary>Extra (not canonical): reactive energy per phase, import (inductive) and export.</summary>
        public static string ReactiveEnergyImportPhase(int phase)
        {
            return "reactive_energy_import_l" + phase;
        }

        public static string ReactiveEnergyExportPhase(int phase)
        {
            return "reactive_energy_export_l" + phase;
        }
    }
}
