using EspCollector.Core.Bus;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Row helpers for the tables whose values sit in holding registers read with function 03: both Compere
    /// meters (KPM33B 6.3/6.4, KPM31 V2.0 6.3/6.4: "Short floating point, big-endian") and KLEFR (A3.2, "Float
    /// ABCD"). Tables import them with <c>using static</c> so that each row reads as the manual's line. The
    /// SDM630-style map keeps its own helpers: its measurements are input registers (function 04).
    /// </summary>
    internal static class HoldingRegisterRows
    {
        public const byte ReadHolding = 3;

        /// <summary>An instantaneous float (voltage, current, power, power factor, frequency), read every fast poll.</summary>
        public static long Instant(int address, string name)
        {
            return Instant(address, 1.0, name);
        }

        /// <summary>An instantaneous float in another unit than the published one (KLEFR kW: scale 1000).</summary>
        public static long Instant(int address, double scale, string name)
        {
            return RegisterRow.Measure(ReadHolding, address, DataType.Float32, scale, name, PollClass.Fast);
        }

        /// <summary>A forward or reverse energy counter: only grows, so a decrease is reported as an event.</summary>
        public static long Energy(int address, string name)
        {
            return RegisterRow.Counter(ReadHolding, address, DataType.Float32, 1.0, name, PollClass.Slow);
        }

        /// <summary>An energy float that may legitimately decrease (a net total, a resettable counter): read
        /// slowly, not checked for going backwards.</summary>
        public static long Total(int address, string name)
        {
            return RegisterRow.Measure(ReadHolding, address, DataType.Float32, 1.0, name, PollClass.Slow);
        }

        /// <summary>A demand (power averaged over the meter's window): read as slowly as a total, and it goes
        /// down as well as up.</summary>
        public static long Demand(int address, string name)
        {
            return Total(address, name);
        }

        /// <summary>A system parameter or information register (address, baud code, clock, versions), read rarely.</summary>
        public static long Parameter(int address, DataType dataType, string name)
        {
            return RegisterRow.Measure(ReadHolding, address, dataType, 1.0, name, PollClass.Rare);
        }
    }
}
