using System;

namespace EspCollector.Simulators.Physics
{
    /// <summary>
    /// Time-of-day tariff switching: a list of periods (start hour, tariff); a period lasts until the next
    /// start, and the last one wraps past midnight to the first. The default is the example of the KPM33B
    /// manual (seed 000, 4.1; same table in the KPM31 manual, seed 002, 4.1): from 6 h tariff 1, 10 h tariff 2,
    /// 12 h tariff 1, 15 h tariff 3, 23 h tariff 4 (until 6 h the next day).
    /// </summary>
    public sealed class TariffSchedule
    {
        private readonly double[] startHours;
        private readonly int[] tariffs;

        public TariffSchedule(double[] startHours, int[] tariffs)
        {
            if (startHours.Length == 0 || startHours.Length != tariffs.Length)
            {
                throw new ArgumentException("one tariff per start hour, at least one period");
            }

            this.startHours = (double[])startHours.Clone();
            this.tariffs = (int[])tariffs.Clone();
        }

        public static TariffSchedule CompereExample()
        {
            return new TariffSchedule(new double[] { 6, 10, 12, 15, 23 }, new[] { 1, 2, 1, 3, 4 });
        }

        /// <summary>Two-rate day/night switching as a KLEFR tariff input would see it (seed 003, appendix 1): T1 7-23 h.</summary>
        public static TariffSchedule DayNight()
        {
            return new TariffSchedule(new double[] { 7, 23 }, new[] { 1, 2 });
        }

        public int HighestTariff
        {
            get
            {
                int highest = 1;
                foreach (int tariff in tariffs)
                {
                    highest = Math.Max(highest, tariff);
                }

                return highest;
            }
        }

        public int TariffAt(double hourOfDay)
        {
            // The period in force is the one with the latest start not after the hour; before the first start,
            // the last period of the previous day still runs.
            int current = tariffs[tariffs.Length - 1];
            double latest = double.NegativeInfinity;
            for (int i = 0; i < startHours.Length; i++)
            {
                if (startHours[i] <= hourOfDay && startHours[i] > latest)
                {
                    latest = startHours[i];
                    current = tariffs[i];
                }
            }

            if (double.IsNegativeInfinity(latest))
            {
                double lastStart = double.NegativeInfinity;
                for (int i = 0; i < startHours.Length; i++)
                {
                    if (startHours[i] > lastStart)
                    {
                        lastStart = startHours[i];
                        current = tariffs[i];
                    }
                }
            }

            return current;
        }
    }
}
