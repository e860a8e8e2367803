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
            return Numbered(VoltageLNames, "voltage_l", phase);
        }

        public static string Current(int phase)
        {
            return Numbered(CurrentLNames, "current_l", phase);
        }

        public static string PowerOf(int phase)
        {
            return Numbered(PowerLNames, "power_l", phase);
        }

        public static string ReactivePowerOf(int phase)
        {
            return Numbered(ReactivePowerLNames, "reactive_power_l", phase);
        }

        public static string ApparentPowerOf(int phase)
        {
            return Numbered(ApparentPowerLNames, "apparent_power_l", phase);
        }

        public static string PowerFactorOf(int phase)
        {
            return Numbered(PowerFactorLNames, "power_factor_l", phase);
        }

        /// <summary>energy_import_t1..t4: imported active energy registered while tariff 1..4 was active.</summary>
        public static string EnergyImportTariff(int tariff)
        {
            return Numbered(EnergyImportTNames, "energy_import_t", tariff);
        }

        /// <summary>Extra (not canonical): reactive energy import per tariff.</summary>
        public static string ReactiveEnergyImportTariff(int tariff)
        {
            return Numbered(ReactiveEnergyImportTNames, "reactive_energy_import_t", tariff);
        }

        /// <summary>Extra (not canonical): exported active energy and reactive energy per tariff.</summary>
        public static string EnergyExportTariff(int tariff)
        {
            return Numbered(EnergyExportTNames, "energy_export_t", tariff);
        }

        public static string ReactiveEnergyExportTariff(int tariff)
        {
            return Numbered(ReactiveEnergyExportTNames, "reactive_energy_export_t", tariff);
        }

        public static string EnergyImportPhase(int phase)
        {
            return Numbered(EnergyImportLNames, "energy_import_l", phase);
        }

        /// <summary>Extra (not canonical): exported active energy per phase.</summary>
        public static string EnergyExportPhase(int phase)
        {
            return Numbered(EnergyExportLNames, "energy_export_l", phase);
        }

        /// <summary>Extra (not canonical): reactive energy per phase, import (inductive) and export.</summary>
        public static string ReactiveEnergyImportPhase(int phase)
        {
            return Numbered(ReactiveEnergyImportLNames, "reactive_energy_import_l", phase);
        }

        public static string ReactiveEnergyExportPhase(int phase)
        {
            return Numbered(ReactiveEnergyExportLNames, "reactive_energy_export_l", phase);
        }

        // The numbered names (phases 1..3, tariffs 1..4) made once: a model publishes them at every update.
        private static readonly string[] VoltageLNames = Table("voltage_l");
        private static readonly string[] CurrentLNames = Table("current_l");
        private static readonly string[] PowerLNames = Table("power_l");
        private static readonly string[] ReactivePowerLNames = Table("reactive_power_l");
        private static readonly string[] ApparentPowerLNames = Table("apparent_power_l");
        private static readonly string[] PowerFactorLNames = Table("power_factor_l");
        private static readonly string[] EnergyImportTNames = Table("energy_import_t");
        private static readonly string[] ReactiveEnergyImportTNames = Table("reactive_energy_import_t");
        private static readonly string[] EnergyExportTNames = Table("energy_export_t");
        private static readonly string[] ReactiveEnergyExportTNames = Table("reactive_energy_export_t");
        private static readonly string[] EnergyImportLNames = Table("energy_import_l");
        private static readonly string[] EnergyExportLNames = Table("energy_export_l");
        private static readonly string[] ReactiveEnergyImportLNames = Table("reactive_energy_import_l");
        private static readonly string[] ReactiveEnergyExportLNames = Table("reactive_energy_export_l");

        private static string[] Table(string prefix)
        {
            string[] names = new string[10];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = prefix + i;
            }

            return names;
        }

        private static string Numbered(string[] table, string prefix, int number)
        {
            return number >= 0 && number < table.Length ? table[number] : prefix + number;
        }
    }
}
