namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// The numeric state of every channel of a processor (counts, filter, power marks, power) in two flat
    /// arrays, one row per channel. On nanoCLR every field of an object is a 12-byte heap block whatever its type,
    /// while an array element takes its own size (4 or 8 bytes), and each object or array adds a header: so a
    /// channel's 17 numbers cost 120 B here, against ~690 B as fields of a channel, a filter, a power
    /// estimator and its two 16-entry histories before (heap issue 14). <see cref="PulseChannel"/> reads and
    /// writes its row; <see cref="PulseFilter"/> and <see cref="PulsePowerEstimator"/> are the rules applied to it.
    /// </summary>
    public sealed class PulseLedger
    {
        // 64-bit slots per channel.
        internal const int Total = 0;
        internal const int HardwareCount = 1;
        internal const int AverageStartTime = 2;
        internal const int AverageStartPulses = 3;
        internal const int LastEdge = 4;
        internal const int RunStart = 5;      // width mode: start of the candidate run; spacing mode: last counted edge
        internal const int NewestTime = 6;    // the newest pulse event; its count is Total
        internal const int MarkTime = 7;
        internal const int MarkCount = 8;
        internal const int EarlierTime = 9;
        internal const int EarlierCount = 10;
        internal const int Power = 11;         // double bits: instantaneous power, W
        internal const int AveragePower = 12;  // double bits: mean power of the last averaging interval, W
        internal const int LongSlots = 13;

        // 32-bit slots per channel.
        internal const int Flags = 0;
        internal const int LostEdges = 1;
        internal const int Rejected = 2;
        internal const int OverflowSeen = 3;
        internal const int IntSlots = 4;

        // Flag bits.
        internal const int RawActive = 1;
        internal const int DebouncedActive = 2;
        internal const int HasPulse = 4;
        internal const int HasEarlierMark = 8;

        internal readonly long[] Longs;
        internal readonly int[] Ints;

        public PulseLedger(int channels)
        {
            Longs = new long[channels * LongSlots];
            Ints = new int[channels * IntSlots];
        }

        public int ChannelCount
        {
            get { return Ints.Length / IntSlots; }
        }

        internal bool Is(int channel, int flag)
        {
            return (Ints[channel * IntSlots + Flags] & flag) != 0;
        }

        internal double DoubleAt(int channel, int slot)
        {
            return System.BitConverter.Int64BitsToDouble(Longs[channel * LongSlots + slot]);
        }

        internal void SetDouble(int channel, int slot, double value)
        {
            Longs[channel * LongSlots + slot] = System.BitConverter.DoubleToInt64Bits(value);
        }

        internal void Set(int channel, int flag, bool on)
        {
            int index = channel * IntSlots + Flags;
            Ints[index] = on ? Ints[index] | flag : Ints[index] & ~flag;
        }
    }
}
