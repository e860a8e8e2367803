using System;

namespace EspCollector.Simulators.Meters
{
    /// <summary>How a value is laid out in registers, named after the manuals' "data type" columns.</summary>
    public enum RegisterFormat
    {
        /// <summary>IEEE 754 single, 2 registers, word order of the meter ("Floating point", "Float ABCD").</summary>
        Float32,

        /// <summary>One register, unsigned ("Word").</summary>
        UInt16,

        /// <summary>One register, two's complement ("Signed").</summary>
        Int16,

        /// <summary>Two registers, unsigned, word order of the meter ("int32 Unsigned").</summary>
        UInt32,

        /// <summary>One register whose hex digits read as the decimal value (KLEFR "HEX": 25 s is 0x0025, A3.2).</summary>
        Bcd16,

        /// <summary>Two registers of hex digits, high word first (KLEFR serial number 16100649 is 0x1610 0x0649).</summary>
        Bcd32,

        /// <summary>Characters, two per register, first character in the high byte.</summary>
        Ascii,

        /// <summary>Raw registers stored as written (settings with no value semantics in the simulator).</summary>
        Raw,
    }

    /// <summary>Which Modbus table an entry lives in.</summary>
    public enum RegisterKind
    {
        Holding,
        Input,
    }

    /// <summary>
    /// One row of a simulated meter's register map, as in the manual's table: address, layout, unit, and where the
    /// value comes from (a canonical quantity times <see cref="Scale"/>, or a function of the meter's state).
    /// </summary>
    public sealed class RegisterEntry
    {
        public int Address;
        public RegisterKind Kind;
        public RegisterFormat Format;

        /// <summary>Registers used by Ascii and Raw entries (others follow from the format).</summary>
        public int RegisterCount;

        public string Description;
        public string Unit;

        /// <summary>
        /// Canonical quantity the entry shows (times <see cref="Scale"/>), or null. When <see cref="Source"/> is also
        /// set, Source computes the value and Quantity only names it.
        /// </summary>
        public string Quantity;

        /// <summary>Register value = quantity * Scale (e.g. 0.001 for KLEFR's kW from the model's W).</summary>
        public double Scale = 1;

        public Func<double> Source;

        public Func<string> TextSource;

        public bool Writable;

        public int Length
        {
            get
            {
                switch (Format)
                {
                    case RegisterFormat.Float32:
                    case RegisterFormat.UInt32:
                    case RegisterFormat.Bcd32:
                        return 2;
                    case RegisterFormat.Ascii:
                    case RegisterFormat.Raw:
                        return Math.Max(1, RegisterCount);
                    default:
                        return 1;
                }
            }
        }

        /// <summary>Modbus function that reads the entry (03 holding, 04 input).</summary>
        public int ReadFunction
        {
            get { return Kind == RegisterKind.Input ? 4 : 3; }
        }
    }
}
