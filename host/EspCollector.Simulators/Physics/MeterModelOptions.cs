using System;

namespace EspCollector.Simulators.Physics
{
    /// <summary>Settings of the physical installation a simulated meter measures; every default is a typical house.</summary>
    public sealed class MeterModelOptions
    {
        /// <summary>1 for a single-phase meter (KPM31), 3 for three-phase four-wire.</summary>
        public int PhaseCount = 3;

        /// <summary>Seed of the noise: the same seed and the same clock readings give the same values.</summary>
        public int Seed = 1;

        /// <summary>Local time of day at the clock's origin (tariffs and the load profile follow it).</summary>
        public DateTime StartTime = new DateTime(2024, 6, 3, 0, 0, 0, DateTimeKind.Unspecified);

        /// <summary>Simulated seconds per clock second (e.g. 3600 makes an hour pass per second).</summary>
        public double TimeScale = 1;

        public double NominalVoltage = 230;

        public double NominalFrequency = 50;

        /// <summary>Standard deviation of the voltage noise, V.</summary>
        public double VoltageNoise = 0.4;

        /// <summary>Per-phase consumption at night, W.</summary>
        public double BaseLoadWatts = 180;

        /// <summary>Per-phase consumption added at the evening peak, W (the morning peak is 60 % of it).</summary>
        public double PeakLoadWatts = 1400;

        /// <summary>Peak of a solar generator (total over the phases), W; 0 = none. Net negative power is export.</summary>
        public double PeakGenerationWatts;

        /// <summary>Power factor of the consumption (inductive); the generator runs at unity power factor.</summary>
        public double LoadPowerFactor = 0.93;

        public double InitialEnergyImport = 12345.6;

        public double InitialEnergyExport = 321.5;

        public double InitialReactiveEnergyImport = 2345.6;

        public double InitialReactiveEnergyExport = 12.3;

        /// <summary>Tariff periods; null gives the KPM manual's example.</summary>
        public TariffSchedule Tariffs;

        /// <summary>Longest integration step; a long jump of the clock is integrated in steps of this size.</summary>
        public double MaximumStepSeconds = 30;
    }
}
