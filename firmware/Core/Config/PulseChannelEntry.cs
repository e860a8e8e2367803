namespace EspCollector.Core.Config
{
    /// <summary>One S0 pulse input, as configured with "pulse add".</summary>
    public sealed class PulseChannelEntry
    {
        /// <summary>Most S0 channels (GPIO capture; the ESP32 also has 8 pulse counter units; bounded like every list).</summary>
        public const int MaximumCount = 8;

        /// <summary>
        /// Meter constant range in imp/kWh, entered with up to <see cref="ConstantDecimals"/> decimals: KLEFR
        /// 693x/694x offer 10000 down to 0.01 imp/kWh (seed 003, technical data), the SDM630-style meter 1000..1
        /// (seed 004); 100000 leaves room above.
        /// </summary>
        public const double MinimumConstant = 0.01;
        public const double MaximumConstant = 100000;
        public const int ConstantDecimals = 4;

        /// <summary>
        /// EN 62053-31 (S0): pulses and pauses last at least 30 ms, so 30 ms is the default filter. KLEFR at
        /// 10000 imp/kWh shortens its pulse to 2.5 ms above 40 kW (seed 003), hence fractions of a millisecond
        /// (entered in ms with up to 3 decimals, stored in microseconds).
        /// </summary>
        public const int DefaultFilterMicroseconds = 30000;
        public const int MinimumFilterMicroseconds = 500;
        public const int MaximumFilterMicroseconds = 1000000;

        /// <summary>Energy offset range in kWh (a meter display has at most 8 integer digits), up to 3 decimals (Wh).</summary>
        public const double MaximumOffsetKilowattHours = 100000000;
        public const int OffsetDecimals = 3;

        public const string EdgeFalling = "falling";
        public const string EdgeRising = "rising";

        /// <summary>Quantity a link compares with when none is named.</summary>
        public const string DefaultLinkedQuantity = "energy_import";

        public string Name;
        public int Pin;

        /// <summary>Meter constant: pulses per kWh as printed on the meter (e.g. 1000 or 0.01 imp/kWh).</summary>
        public double ImpulsesPerKilowattHour;

        /// <summary>Shortest accepted pulse / spacing in microseconds (console and record: milliseconds).</summary>
        public int FilterMicroseconds;

        /// <summary>
        /// False (default): a pulse starts with a falling edge, as an open-collector S0 output pulls the input
        /// low against its pull-up. True: rising.
        /// </summary>
        public bool RisingEdge;

        /// <summary>Added to the counted energy so the published total matches the meter's display (kWh).</summary>
        public double EnergyOffsetKilowattHours;

        /// <summary>Name of a configured Modbus meter measuring the same energy; null = no link.</summary>
        public string LinkedMeterName;

        /// <summary>That meter's energy quantity (QuantityNames, kWh) to cross-check with; null when not linked.</summary>
        public string LinkedQuantityName;

        public PulseChannelEntry(string name, int pin, double impulsesPerKilowattHour)
        {
            Name = name;
            Pin = pin;
            ImpulsesPerKilowattHour = impulsesPerKilowattHour;
            FilterMicroseconds = DefaultFilterMicroseconds;
            RisingEdge = false;
            EnergyOffsetKilowattHours = 0;
        }

        public bool HasLink
        {
            get { return LinkedMeterName != null; }
        }

        public string ConstantText
        {
            get { return ValueText.FormatDecimal(ImpulsesPerKilowattHour, ConstantDecimals); }
        }

        /// <summary>The filter in milliseconds as entered ("2.5", "30").</summary>
        public string FilterText
        {
            get { return ValueText.FormatDecimal((long)FilterMicroseconds, 3); }
        }

        public string OffsetText
        {
            get { return ValueText.FormatDecimal(EnergyOffsetKilowattHours, OffsetDecimals); }
        }

        public string EdgeText
        {
            get { return RisingEdge ? EdgeRising : EdgeFalling; }
        }

        /// <summary>"meter:quantity", or "none".</summary>
        public string LinkText
        {
            get { return HasLink ? LinkedMeterName + ":" + LinkedQuantityName : "none"; }
        }

        /// <summary>The options in "pulse add" syntax, every one spelled out ("link=" only when linked).</summary>
        public string OptionsText
        {
            get
            {
                string text = "filter=" + FilterText + " edge=" + EdgeText + " offset=" + OffsetText;
                return HasLink ? text + " link=" + LinkText : text;
            }
        }

        public PulseChannelEntry Copy()
        {
            PulseChannelEntry copy = new PulseChannelEntry(Name, Pin, ImpulsesPerKilowattHour);
            copy.FilterMicroseconds = FilterMicroseconds;
            copy.RisingEdge = RisingEdge;
            copy.EnergyOffsetKilowattHours = EnergyOffsetKilowattHours;
            copy.LinkedMeterName = LinkedMeterName;
            copy.LinkedQuantityName = LinkedQuantityName;
            return copy;
        }
    }
}
