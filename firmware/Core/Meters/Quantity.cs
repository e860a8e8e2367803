namespace EspCollector.Core.Meters
{
    /// <summary>
    /// One canonical quantity: its name (see <see cref="QuantityNames"/>), its normalised unit and the range
    /// outside which a reading is physically absurd and is rejected instead of published. The vocabulary is
    /// declared with these objects, but the firmware keeps it as <see cref="QuantityNames"/>' parallel arrays:
    /// a Quantity is a declaration or a view made on request, not retained by drivers or readings.
    /// </summary>
    public sealed class Quantity
    {
        public readonly string Name;
        public readonly string Unit;
        public readonly double Minimum;
        public readonly double Maximum;

        /// <summary>Settings, codes and counters of the meter itself (Home Assistant "diagnostic" entities),
        /// as opposed to measurements of the installation.</summary>
        public readonly bool IsDiagnostic;

        /// <summary>Position in the vocabulary (<see cref="QuantityNames"/>) of the entry this quantity comes
        /// from, kept by <see cref="WithName"/>; -1 for a quantity made outside the vocabulary.</summary>
        internal int CatalogIndex = -1;

        public Quantity(string name, string unit, double minimum, double maximum, bool isDiagnostic)
        {
            Name = name;
            Unit = unit;
            Minimum = minimum;
            Maximum = maximum;
            IsDiagnostic = isDiagnostic;
        }

        /// <summary>A quantity with the same unit and limits under another name (monthly history slots).</summary>
        public Quantity WithName(string name)
        {
            Quantity renamed = new Quantity(name, Unit, Minimum, Maximum, IsDiagnostic);
            renamed.CatalogIndex = CatalogIndex;
            return renamed;
        }

        /// <summary>True when the value is a number (not NaN, not infinite) inside [Minimum, Maximum].</summary>
        public bool IsPlausible(double value)
        {
            // NaN compares false with everything, so it fails both tests below; infinities exceed any limit.
            return value >= Minimum && value <= Maximum;
        }
    }
}
