using System;
using System.Collections.Generic;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.Physics
{
    /// <summary>
    /// The physics behind a simulated meter: per-phase voltages with seeded noise, a daily load profile with
    /// morning and evening peaks and random appliance swings, an optional solar generator (so power can flow
    /// backwards and export energy grows), frequency wandering around nominal, and energy registers that
    /// integrate the power over simulated time, split by direction, phase and time-of-day tariff. Driven only by
    /// an <see cref="IClock"/>: a virtual clock runs days in seconds, the system clock runs in real time.
    /// </summary>
    /// <remarks>
    /// Every published quantity is consistent with the others: S = U * I per phase, P = S * PF, Q = sqrt(S^2 - P^2)
    /// with the sign of the load's reactive power, line voltages and neutral current from the phasors (phases at
    /// 0, -120, +120 degrees), totals as sums, and energy_total = import + export as the SDM-style manual defines it
    /// (seed 004, note 2). Values are refreshed by <see cref="Update"/>; with no time elapsed nothing changes, so
    /// a frozen or unadvanced clock gives stable values to compare.
    /// </remarks>
    public sealed class MeterModel
    {
        private const double Degrees120 = 2 * Math.PI / 3;

        private readonly MeterModelOptions options;
        private readonly IClock clock;
        private readonly TariffSchedule tariffs;
        private readonly Random random;
        private readonly object gate = new object();
        // The published values: always the same names in the same order (set by the first publish), so they are
        // kept by position, and a name is looked up once in the index rather than rehashed at every publish.
        private readonly List<string> names = new List<string>();
        private readonly Dictionary<string, int> indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        private double[] values = new double[0];
        private int cursor;
        private readonly long clockOrigin;
        private readonly double[] voltage;
        private readonly double[] current;
        private readonly double[] activePower;
        private readonly double[] reactivePower;
        private readonly double[] applianceSwing;
        private readonly double[] phaseImport;
        private readonly double[] phaseExport;
        private readonly double[] phaseReactiveImport;
        private readonly double[] phaseReactiveExport;
        private readonly double[] tariffImport;
        private readonly double[] tariffReactiveImport;
        private readonly double[] tariffExport;
        private readonly double[] tariffReactiveExport;
        private double simulatedSeconds;
        private long lastClock;
        private double frequencyOffset;
        private double cloudiness;
        private double energyImport;
        private double energyExport;
        private double reactiveImport;
        private double reactiveExport;

        // Published lazily: the values are rebuilt from the state when first read after a change (a bus request
        // reads them once, while Update runs for every S0 poll and check as well), same values as an eager publish.
        private bool stale;

        public MeterModel(MeterModelOptions options, IClock clock)
        {
            if (options.PhaseCount != 1 && options.PhaseCount != 3)
            {
                throw new ArgumentException("PhaseCount must be 1 or 3");
            }

            this.options = options;
            this.clock = clock;
            tariffs = options.Tariffs ?? TariffSchedule.CompereExample();
            random = new Random(options.Seed);
            clockOrigin = clock.MonotonicMicroseconds;
            lastClock = clockOrigin;
            int phases = options.PhaseCount;
            voltage = new double[phases];
            current = new double[phases];
            activePower = new double[phases];
            reactivePower = new double[phases];
            applianceSwing = new double[phases];
            phaseImport = new double[phases];
            phaseExport = new double[phases];
            phaseReactiveImport = new double[phases];
            phaseReactiveExport = new double[phases];
            tariffImport = new double[5];
            tariffReactiveImport = new double[5];
            tariffExport = new double[5];
            tariffReactiveExport = new double[5];

            energyImport = options.InitialEnergyImport;
            energyExport = options.InitialEnergyExport;
            reactiveImport = options.InitialReactiveEnergyImport;
            reactiveExport = options.InitialReactiveEnergyExport;
            for (int p = 0; p < phases; p++)
            {
                // Unequal phases, as in a real house: L1 carries a little more than L3.
                double share = phases == 1 ? 1 : (p == 0 ? 0.4 : p == 1 ? 0.33 : 0.27);
                phaseImport[p] = energyImport * share;
                phaseExport[p] = energyExport * share;
                phaseReactiveImport[p] = reactiveImport * share;
                phaseReactiveExport[p] = reactiveExport * share;
            }

            // Tariff registers start with a plausible split of the imported energy (not given by any manual).
            int highest = tariffs.HighestTariff;
            for (int t = 1; t <= 4; t++)
            {
                double share = t <= highest ? 1.0 / highest : 0;
                tariffImport[t] = energyImport * share;
                tariffReactiveImport[t] = reactiveImport * share;
                tariffExport[t] = energyExport * share;
                tariffReactiveExport[t] = reactiveExport * share;
            }

            Sample(0);
            stale = true;
        }

        public int PhaseCount
        {
            get { return options.PhaseCount; }
        }

        /// <summary>When set (0 = follow the schedule), the tariff in force regardless of the time of day.</summary>
        public int ForcedTariff { get; set; }

        /// <summary>False while the meter's relay has cut the load off: no current, no power, energy stands still.</summary>
        public bool LoadConnected { get; set; } = true;

        /// <summary>When true, <see cref="Update"/> leaves every value as it is (for byte-exact comparisons).</summary>
        public bool Frozen { get; set; }

        /// <summary>Local date and time the model has reached.</summary>
        public DateTime SimulatedTime
        {
            get
            {
                lock (gate)
                {
                    return options.StartTime.AddSeconds(simulatedSeconds);
                }
            }
        }

        public int CurrentTariff
        {
            get
            {
                lock (gate)
                {
                    return TariffNow();
                }
            }
        }

        /// <summary>Forward active energy since the last <see cref="ResetResettableEnergy"/> (KLEFR "resettable kWh", 7.9).</summary>
        public double ResettableEnergyImport { get; private set; }

        public void ResetResettableEnergy()
        {
            lock (gate)
            {
                ResettableEnergyImport = 0;
                stale = true;
            }
        }

        /// <summary>Clears every energy register (KPM33B "clear energy" command 0x5578, seed 000 6.2).</summary>
        public void ClearEnergies()
        {
            lock (gate)
            {
                energyImport = energyExport = reactiveImport = reactiveExport = 0;
                ResettableEnergyImport = 0;
                Array.Clear(phaseImport, 0, phaseImport.Length);
                Array.Clear(phaseExport, 0, phaseExport.Length);
                Array.Clear(phaseReactiveImport, 0, phaseReactiveImport.Length);
                Array.Clear(phaseReactiveExport, 0, phaseReactiveExport.Length);
                Array.Clear(tariffImport, 0, tariffImport.Length);
                Array.Clear(tariffReactiveImport, 0, tariffReactiveImport.Length);
                Array.Clear(tariffExport, 0, tariffExport.Length);
                Array.Clear(tariffReactiveExport, 0, tariffReactiveExport.Length);
                stale = true;
            }
        }

        /// <summary>Advances the physics to the clock's present time, integrating energy over the elapsed time.</summary>
        public void Update()
        {
            lock (gate)
            {
                long now = clock.MonotonicMicroseconds;
                double elapsed = (now - lastClock) / 1_000_000.0 * options.TimeScale;
                lastClock = now;
                if (elapsed <= 0 || Frozen)
                {
                    return;
                }

                while (elapsed > 0)
                {
                    double step = Math.Min(elapsed, options.MaximumStepSeconds);
                    Integrate(step);
                    simulatedSeconds += step;
                    Sample(step);
                    elapsed -= step;
                }

                stale = true;
            }
        }

        /// <summary>The value of one quantity by canonical name (see <see cref="QuantityNames"/>).</summary>
        public double Get(string name)
        {
            lock (gate)
            {
                Fresh();
                int index;
                if (!indexOf.TryGetValue(name, out index))
                {
                    throw new KeyNotFoundException($"the {options.PhaseCount}-phase model has no quantity '{name}'");
                }

                return values[index];
            }
        }

        public bool TryGet(string name, out double value)
        {
            lock (gate)
            {
                Fresh();
                int index;
                if (!indexOf.TryGetValue(name, out index))
                {
                    value = 0;
                    return false;
                }

                value = values[index];
                return true;
            }
        }

        /// <summary>Copy of every current value by canonical name.</summary>
        public Dictionary<string, double> Snapshot()
        {
            lock (gate)
            {
                Fresh();
                Dictionary<string, double> copy = new Dictionary<string, double>(names.Count);
                for (int i = 0; i < names.Count; i++)
                {
                    copy[names[i]] = values[i];
                }

                return copy;
            }
        }

        /// <summary>Where <paramref name="name"/> is in <see cref="CopyValuesTo"/>'s array (-1: not published).</summary>
        public int IndexOf(string name)
        {
            lock (gate)
            {
                Fresh();
                int index;
                return indexOf.TryGetValue(name, out index) ? index : -1;
            }
        }

        /// <summary>Copies every current value, by position (see <see cref="IndexOf"/>), into
        /// <paramref name="target"/> (grown when short) and returns it: a simulated meter renders its registers
        /// from it before every request without allocating.</summary>
        public double[] CopyValuesTo(double[] target)
        {
            lock (gate)
            {
                Fresh();
                if (target == null || target.Length < values.Length)
                {
                    target = new double[values.Length];
                }

                Array.Copy(values, target, values.Length);
                return target;
            }
        }

        private void Fresh()
        {
            if (stale)
            {
                stale = false;
                Publish();
            }
        }

        private int TariffNow()
        {
            if (ForcedTariff > 0)
            {
                return ForcedTariff;
            }

            return tariffs.TariffAt(HourOfDay());
        }

        private double HourOfDay()
        {
            DateTime time = options.StartTime.AddSeconds(simulatedSeconds);
            return time.TimeOfDay.TotalHours;
        }

        /// <summary>Energy over <paramref name="seconds"/> at the powers in force (rectangle rule, steps of at most 30 s).</summary>
        private void Integrate(double seconds)
        {
            double hours = seconds / 3600.0;
            double totalP = 0;
            double totalQ = 0;
            for (int p = 0; p < activePower.Length; p++)
            {
                totalP += activePower[p];
                totalQ += reactivePower[p];
                double kwh = activePower[p] * hours / 1000.0;
                double kvarh = reactivePower[p] * hours / 1000.0;
                if (kwh >= 0)
                {
                    phaseImport[p] += kwh;
                }
                else
                {
                    phaseExport[p] -= kwh;
                }

                if (kvarh >= 0)
                {
                    phaseReactiveImport[p] += kvarh;
                }
                else
                {
                    phaseReactiveExport[p] -= kvarh;
                }
            }

            // Totals follow the direction of the summed power (a three-phase meter nets the phases).
            double total = totalP * hours / 1000.0;
            double totalReactive = totalQ * hours / 1000.0;
            int tariff = TariffNow();
            if (total >= 0)
            {
                energyImport += total;
                tariffImport[tariff] += total;
                ResettableEnergyImport += total;
            }
            else
            {
                energyExport -= total;
                tariffExport[tariff] -= total;
            }

            if (totalReactive >= 0)
            {
                reactiveImport += totalReactive;
                tariffReactiveImport[tariff] += totalReactive;
            }
            else
            {
                reactiveExport -= totalReactive;
                tariffReactiveExport[tariff] -= totalReactive;
            }
        }

        /// <summary>Draws the instantaneous state at the present simulated time (noise evolves with the step).</summary>
        private void Sample(double step)
        {
            double hour = HourOfDay();
            double decay = Math.Exp(-step / 600.0);
            double spread = Math.Sqrt(1 - decay * decay);
            frequencyOffset = frequencyOffset * Math.Exp(-step / 60.0) + Math.Sqrt(1 - Math.Exp(-2 * step / 60.0)) * Gaussian() * 0.015;
            cloudiness = Clamp(cloudiness * decay + spread * Gaussian() * 0.3, -0.6, 0.6);

            // Consumption: night base, a morning peak around 7:30 and a longer evening peak around 19:30.
            double profile = 0.6 * Bell(hour, 7.5, 1.0) + Bell(hour, 19.5, 1.8) + 0.25 * Bell(hour, 12.5, 1.5);
            // Solar: a half sine between 6 and 20 h, dimmed by passing clouds.
            double sun = hour > 6 && hour < 20 ? Math.Sin(Math.PI * (hour - 6) / 14) : 0;
            double generation = options.PeakGenerationWatts * sun * (1 - Math.Abs(cloudiness)) / voltage.Length;
            double loadAngle = Math.Acos(Clamp(options.LoadPowerFactor, 0.1, 1));

            for (int p = 0; p < voltage.Length; p++)
            {
                applianceSwing[p] = applianceSwing[p] * decay + spread * Gaussian() * 0.25;
                double phaseWeight = voltage.Length == 1 ? 1 : (p == 0 ? 1.15 : p == 1 ? 1.0 : 0.85);
                double load = (options.BaseLoadWatts + options.PeakLoadWatts * profile * phaseWeight) * Math.Max(0.2, 1 + applianceSwing[p]);
                if (!LoadConnected)
                {
                    // The relay opens the circuit behind the meter: the generator is cut off with the load.
                    load = 0;
                    generation = 0;
                }

                double net = load - generation;
                double q = load * Math.Tan(loadAngle);

                // Voltage: drops with load, rises with export, plus measurement-scale noise.
                voltage[p] = options.NominalVoltage * (1 + 0.004 * Math.Sin(2 * Math.PI * (hour + p) / 24))
                    - net * 0.0006 + Gaussian() * options.VoltageNoise;
                activePower[p] = net;
                reactivePower[p] = q;
                current[p] = Math.Sqrt(net * net + q * q) / voltage[p];
            }
        }

        private void Publish()
        {
            cursor = 0;
            int phases = voltage.Length;
            double totalP = 0;
            double totalQ = 0;
            double totalS = 0;
            double neutralReal = 0;
            double neutralImaginary = 0;
            for (int p = 0; p < phases; p++)
            {
                int n = p + 1;
                double s = voltage[p] * current[p];
                double pf = s > 0 ? activePower[p] / s : 1;
                Put(QuantityNames.Voltage(n), voltage[p]);
                Put(QuantityNames.Current(n), current[p]);
                Put(QuantityNames.PowerOf(n), activePower[p]);
                Put(QuantityNames.ReactivePowerOf(n), reactivePower[p]);
                Put(QuantityNames.ApparentPowerOf(n), s);
                Put(QuantityNames.PowerFactorOf(n), pf);
                Put(QuantityNames.EnergyImportPhase(n), phaseImport[p]);
                Put(QuantityNames.EnergyExportPhase(n), phaseExport[p]);
                Put(QuantityNames.ReactiveEnergyImportPhase(n), phaseReactiveImport[p]);
                Put(QuantityNames.ReactiveEnergyExportPhase(n), phaseReactiveExport[p]);
                totalP += activePower[p];
                totalQ += reactivePower[p];
                totalS += s;

                // Current phasor: the phase's voltage angle minus the load angle atan2(Q, P).
                double angle = -p * Degrees120 - Math.Atan2(reactivePower[p], activePower[p]);
                neutralReal += current[p] * Math.Cos(angle);
                neutralImaginary += current[p] * Math.Sin(angle);
            }

            if (phases == 3)
            {
                Put(QuantityNames.VoltageL12, LineVoltage(voltage[0], voltage[1]));
                Put(QuantityNames.VoltageL23, LineVoltage(voltage[1], voltage[2]));
                Put(QuantityNames.VoltageL31, LineVoltage(voltage[2], voltage[0]));
                Put(QuantityNames.CurrentNeutral, Math.Sqrt(neutralReal * neutralReal + neutralImaginary * neutralImaginary));
            }

            Put(QuantityNames.Power, totalP);
            Put(QuantityNames.ReactivePower, totalQ);
            Put(QuantityNames.ApparentPower, totalS);
            Put(QuantityNames.PowerFactor, totalS > 0 ? totalP / totalS : 1);
            Put(QuantityNames.Frequency, options.NominalFrequency + frequencyOffset);
            Put(QuantityNames.EnergyImport, energyImport);
            Put(QuantityNames.EnergyExport, energyExport);
            Put(QuantityNames.EnergyTotal, energyImport + energyExport);
            Put(QuantityNames.ReactiveEnergyImport, reactiveImport);
            Put(QuantityNames.ReactiveEnergyExport, reactiveExport);
            Put(QuantityNames.ReactiveEnergyTotal, reactiveImport + reactiveExport);
            for (int t = 1; t <= 4; t++)
            {
                Put(QuantityNames.EnergyImportTariff(t), tariffImport[t]);
                Put(QuantityNames.ReactiveEnergyImportTariff(t), tariffReactiveImport[t]);
                Put(QuantityNames.EnergyExportTariff(t), tariffExport[t]);
                Put(QuantityNames.ReactiveEnergyExportTariff(t), tariffReactiveExport[t]);
            }

            if (cursor != names.Count)
            {
                throw new InvalidOperationException("a publish left out quantities the first one had");
            }
        }

        /// <summary>The next published value: the first publish lays the names out, later ones must follow it.</summary>
        private void Put(string name, double value)
        {
            if (cursor == names.Count)
            {
                if (indexOf.ContainsKey(name))
                {
                    throw new InvalidOperationException("quantity '" + name + "' published twice");
                }

                names.Add(name);
                indexOf[name] = cursor;
                Array.Resize(ref values, names.Count);
            }
            else if (!ReferenceEquals(names[cursor], name) && names[cursor] != name)
            {
                throw new InvalidOperationException("quantity '" + name + "' published out of its order");
            }

            values[cursor++] = value;
        }

        /// <summary>|Ua - Ub| for phasors 120 degrees apart: sqrt(Ua^2 + Ub^2 + Ua*Ub).</summary>
        private static double LineVoltage(double a, double b)
        {
            return Math.Sqrt(a * a + b * b + a * b);
        }

        private static double Bell(double hour, double centre, double width)
        {
            double d = hour - centre;
            return Math.Exp(-d * d / (2 * width * width));
        }

        private static double Clamp(double value, double low, double high)
        {
            return value < low ? low : value > high ? high : value;
        }

        private double Gaussian()
        {
            // Box-Muller on the seeded generator.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
