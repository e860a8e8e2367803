namespace EspCollector.Core.Meters
{
    /// <summary>One event; preallocated in the <see cref="MeterEventQueue"/> and copied out, never allocated per event.</summary>
    public sealed class MeterEvent
    {
        public MeterEventKind Kind;

        /// <summary>Index of the quantity in the meter's <see cref="MeterReadings"/>; -1 when the event concerns
        /// the meter as a whole.</summary>
        public int QuantityIndex = -1;

        public double PreviousValue;
        public double Value;
        public long MonotonicMicroseconds;

        public void CopyFrom(MeterEvent other)
        {
            Kind = other.Kind;
            QuantityIndex = other.QuantityIndex;
            PreviousValue = other.PreviousValue;
            Value = other.Value;
            MonotonicMicroseconds = other.MonotonicMicroseconds;
        }
    }
}
