using System;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// What the Compere KPM33B (User Manual V3.4) and KPM31 (user instructions V2.1/V2.0) share: holding registers only (FC03 reads,
    /// FC16 writes; the manuals list FC 01/03/05/16, so FC04 and FC06 get exception 01), big-endian floats in
    /// primary units, the relay as coil 0001H, and the same multi-rate area from 0080H: totals, four rates
    /// (sharp, peak, flat, valley = tariffs 1..4) and 13 months of history per rate from 009CH to 019FH.
    /// </summary>
    public abstract class CompereMeter : SimulatedMeter
    {
        /// <summary>Monthly consumption the history registers pretend the previous months had, kWh.</summary>
        private const double TypicalMonthKilowattHours = 310;

        private readonly double startImport;
        private readonly double startReactive;
        private readonly double[] startTariffImport = new double[5];
        private readonly double[] startTariffReactive = new double[5];

        protected CompereMeter(string meterType, byte address, SerialSettings settings, MeterModel model)
            : base(meterType, address, settings, model, WordOrder.HighWordFirst)
        {
            Supported(ModbusFunction.ReadCoils, ModbusFunction.ReadHoldingRegisters, ModbusFunction.WriteSingleCoil, ModbusFunction.WriteMultipleRegisters);
            startImport = model.Get(QuantityNames.EnergyImport);
            startReactive = model.Get(QuantityNames.ReactiveEnergyImport);
            for (int t = 1; t <= 4; t++)
            {
                startTariffImport[t] = model.Get(QuantityNames.EnergyImportTariff(t));
                startTariffReactive[t] = model.Get(QuantityNames.ReactiveEnergyImportTariff(t));
            }

            // Seed 000 6.1 / seed 002 6.1.1: relay 1 (DO1) at 0001H, 1 = ON (closed); the factory default is on (5.4).
            Coils.Map(0x0001, true);
        }

        public bool RelayClosed
        {
            get { return Coils.Get(0x0001); }
        }

        protected override void OnCoilWritten(int coil, bool value)
        {
            // 6.1.2: 0xFF00 closes the load-control relay, 0x0000 opens it and the load goes dead.
            Model.LoadConnected = value;
        }

        /// <summary>
        /// 0080H..009BH: totals and the four rates. "Total" is the combined energy, taken as import + export (the
        /// manual does not define "combined"; the SDM-style manual does the same). The rate registers count imported
        /// energy only, so that sharp + peak + flat + valley = forward energy; the manual does not say which
        /// direction they count.
        /// </summary>
        protected void DefineEnergyArea()
        {
            const RegisterKind H = RegisterKind.Holding;
            Float(H, 0x0080, QuantityNames.EnergyTotal, "kWh", "Total active energy");
            Float(H, 0x0082, QuantityNames.EnergyImport, "kWh", "Forward (import) active energy");
            Float(H, 0x0084, QuantityNames.EnergyExport, "kWh", "Reverse (export) active energy");
            Float(H, 0x0086, QuantityNames.ReactiveEnergyTotal, "kvarh", "Total reactive energy");
            Float(H, 0x0088, QuantityNames.ReactiveEnergyImport, "kvarh", "Forward (import) reactive energy");
            Float(H, 0x008A, QuantityNames.ReactiveEnergyExport, "kvarh", "Reverse (export) reactive energy");
            string[] rates = { "sharp", "peak", "flat", "valley" };
            for (int t = 1; t <= 4; t++)
            {
                Float(H, 0x008C + 2 * (t - 1), QuantityNames.EnergyImportTariff(t), "kWh", $"Total {rates[t - 1]} active energy (tariff {t})");
                Float(H, 0x0094 + 2 * (t - 1), QuantityNames.ReactiveEnergyImportTariff(t), "kvarh", $"Total {rates[t - 1]} reactive energy (tariff {t})");
            }

            // 009CH..019FH: ten groups of 13 floats: this month, then the previous 1..12 settlement days (months).
            // Groups: combined active, combined reactive, then active and reactive of sharp, peak, flat, valley.
            // The manuals' text mislabels some rows (e.g. "valley reactive" among valley active, seed 000); the
            // layout by groups of 13 is what the addresses show.
            for (int group = 0; group < 10; group++)
            {
                int rate = group / 2;
                bool reactive = group % 2 == 1;
                string what = (rate == 0 ? "combined" : rates[rate - 1]) + (reactive ? " reactive" : " active");
                for (int month = 0; month <= 12; month++)
                {
                    int g = rate;
                    bool r = reactive;
                    int m = month;
                    Computed(H, 0x009C + group * 26 + month * 2, RegisterFormat.Float32, () => MonthEnergy(g, r, m),
                        r ? "kvarh" : "kWh", month == 0 ? $"{what} energy, this month" : $"{what} energy, {month} month(s) ago");
                }
            }
        }

        /// <summary>
        /// Energy of a month: this month is what the model registered since the simulation started (the simulation
        /// is taken to start on a settlement day); earlier months are synthetic with a seasonal swing.
        /// </summary>
        private double MonthEnergy(int rate, bool reactive, int monthsAgo)
        {
            if (monthsAgo == 0)
            {
                if (rate == 0)
                {
                    return reactive
                        ? Model.Get(QuantityNames.ReactiveEnergyImport) - startReactive
                        : Model.Get(QuantityNames.EnergyImport) - startImport;
                }

                return reactive
                    ? Model.Get(QuantityNames.ReactiveEnergyImportTariff(rate)) - startTariffReactive[rate]
                    : Model.Get(QuantityNames.EnergyImportTariff(rate)) - startTariffImport[rate];
            }

            int month = Model.SimulatedTime.Month - monthsAgo;
            double seasonal = 1 + 0.3 * Math.Cos(2 * Math.PI * (month - 1) / 12.0);
            double amount = TypicalMonthKilowattHours * seasonal * (Model.PhaseCount == 1 ? 0.5 : 1);
            if (rate > 0)
            {
                amount *= rate == 4 ? 0.35 : rate == 2 ? 0.1 : rate == 1 ? 0.3 : 0.25;
            }

            return reactive ? amount * 0.4 : amount;
        }

        protected static ModbusExceptionCode ValidateAddress(ushort value)
        {
            return value >= 1 && value <= 247 ? ModbusExceptionCode.None : ModbusExceptionCode.IllegalDataValue;
        }
    }
}
