namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Configuration of one S0 pulse input. Defaults follow the S0 interface (EN 62053-31: pulse at least
    /// 30 ms, pause at least 30 ms). Fields are public so the configuration concern can fill them from its
    /// record; call <see cref="Validate"/> before use.
    ///
    /// Pulse constants and widths from the manuals:
    /// - KPM33B (000, 4.2): 3200 imp/kWh. KPM31 (001/002, "Pulse output"): 1600 imp/kWh. Widths not stated.
    /// - KLEFR 693x/694x (003, technical data): 10000/2000/1000/100/10/1/0.1/0.01 imp/kWh; at 10000 imp/kWh the
    ///   width shrinks with power: 40 ms below 5 kW, 20 ms to 10 kW, 10 ms to 20 kW, 5 ms to 40 kW, 2.5 ms above
    ///   (so the filter must be at most ~2 ms there, see README); at 1000 imp/kWh fixed 30 ms; others 40 ms.
    /// - SDM630-style meter (004, "Pulse output specifications"): 1000/100/10/1 imp/kWh, width 60/100/200 ms,
    ///   35 ms fixed at 1000 imp/kWh. Its register 0x0016 text says "1000 kWh/pulse" for the same setting: the
    ///   two readings of the manual disagree on the unit; the specification table (imp/kWh) is taken here.
    /// </summary>
    public sealed class PulseChannelSettings
    {
        /// <summary>Up to eight channels per collector (ESP32 has 8 pulse-counter units, S3 has 4).</summary>
        public const int MaximumChannels = 8;

        /// <summary>S0 minimum pulse width and pause (EN 62053-31): 30 ms.</summary>
        public const int DefaultFilterMicroseconds = 30000;

        /// <summary>Power is averaged over the pulses of at least this span (see <see cref="PulsePowerEstimator"/>).</summary>
        public const long DefaultPowerWindowMicroseconds = 2000000;

        /// <summary>The cross-check compares increases over at least 15 minutes...</summary>
        public const long DefaultCrossCheckWindowMicroseconds = 15L * 60 * 1000000;

        /// <summary>...and flags a difference beyond 2 % (a class 1 meter's two readouts agree far better).</summary>
        public const double DefaultCrossCheckThresholdPercent = 2.0;

        public string Name;
        public int Pin;
        public PulseEdge ActiveEdge;

        /// <summary>Meter constant in impulses per kWh; fractional values allowed (KLEFR 0.01 imp/kWh).</summary>
        public double ImpulsesPerKilowattHour;

        /// <summary>
        /// Shortest accepted pulse (and pause) in microseconds when both edges are captured; the shortest
        /// accepted spacing between active edges when only the active edge is captured.
        /// </summary>
        public int FilterMicroseconds;

        /// <summary>
        /// True (default): both edges are captured and the filter measures pulse width and pause, which rejects
        /// bounce on either edge. False: only the active edge is captured and the filter is a minimum spacing
        /// (then set the filter above pulse width plus bounce, or the release bounce counts twice).
        /// </summary>
        public bool MeasurePulseWidth;

        /// <summary>Added to the pulse-derived energy so the published total matches the meter's display.</summary>
        public double EnergyOffsetKilowattHours;

        public long PowerWindowMicroseconds;

        /// <summary>Optional: name of a Modbus meter measuring the same energy (null or empty: no cross-check).</summary>
        public string LinkedMeterName;

        /// <summary>Optional: the linked meter's energy quantity (register) to compare with, in kWh.</summary>
        public string LinkedQuantityName;

        public long CrossCheckWindowMicroseconds;
        public double CrossCheckThresholdPercent;

        public PulseChannelSettings(string name, int pin, double impulsesPerKilowattHour)
        {
            Name = name;
            Pin = pin;
            ActiveEdge = PulseEdge.Falling;
            ImpulsesPerKilowattHour = impulsesPerKilowattHour;
            FilterMicroseconds = DefaultFilterMicroseconds;
            MeasurePulseWidth = true;
            EnergyOffsetKilowattHours = 0;
            PowerWindowMicroseconds = DefaultPowerWindowMicroseconds;
            CrossCheckWindowMicroseconds = DefaultCrossCheckWindowMicroseconds;
            CrossCheckThresholdPercent = DefaultCrossCheckThresholdPercent;
        }

        /// <summary>True when a Modbus meter register is linked for the cross-check.</summary>
        public bool HasLink
        {
            get
            {
                return LinkedMeterName != null && LinkedMeterName.Length > 0
                    && LinkedQuantityName != null && LinkedQuantityName.Length > 0;
            }
        }

        /// <summary>Energy of one pulse in kWh.</summary>
        public double KilowattHoursPerPulse
        {
            get { return 1.0 / ImpulsesPerKilowattHour; }
        }

        /// <summary>Returns null when usable, otherwise the reason (for the console).</summary>
        public string Validate()
        {
            if (Name == null || Name.Length == 0)
            {
                return "name is empty";
            }

            if (Pin < 0)
            {
                return "pin is negative";
            }

            if (!(ImpulsesPerKilowattHour > 0) || double.IsInfinity(ImpulsesPerKilowattHour))
            {
                return "impulses per kWh must be positive";
            }

            if (FilterMicroseconds < 0 || FilterMicroseconds > 1000000)
            {
                return "filter must be 0..1000000 microseconds";
            }

            if (PowerWindowMicroseconds < 0)
            {
                return "power window is negative";
            }

            if (double.IsNaN(EnergyOffsetKilowattHours) || double.IsInfinity(EnergyOffsetKilowattHours))
            {
                return "energy offset is not a number";
            }

            if (HasLink && (CrossCheckWindowMicroseconds <= 0 || !(CrossCheckThresholdPercent > 0)))
            {
                return "cross-check window and threshold must be positive";
            }

            return null;
        }
    }
}
