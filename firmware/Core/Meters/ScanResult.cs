using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>One device found by a <see cref="BusScanner"/>.</summary>
    public sealed class ScanResult
    {
        public byte Address;

        /// <summary>Console name of the meter type (kpm33b, kpm31, klefr, sdm630), or <see cref="UnknownType"/>
        /// for a device that answered but matched no signature.</summary>
        public string TypeName;

        /// <summary>Serial number as the meter gives it; "" if the type has none or it could not be read.</summary>
        public string SerialNumber;

        /// <summary>Word order found by the frequency's plausibility (45..65 Hz).</summary>
        public WordOrder WordOrder;

        /// <summary>Baud rate and framing the device answered at.</summary>
        public int BaudRate;
        public SerialParity Parity;
        public int StopBits;

        public const string UnknownType = "unknown";

        public bool IsIdentified
        {
            get { return TypeName != UnknownType; }
        }

        /// <summary>"address 3: sdm630 serial 12345678 word order CDAB at 9600 8N1".</summary>
        public string Describe()
        {
            string parity = Parity == SerialParity.Even ? "E" : Parity == SerialParity.Odd ? "O" : "N";
            return "address " + Address.ToString() + ": " + TypeName
                + (SerialNumber.Length > 0 ? " serial " + SerialNumber : string.Empty)
                + (IsIdentified ? " word order " + (WordOrder == WordOrder.HighWordFirst ? "ABCD" : "CDAB") : string.Empty)
                + " at " + BaudRate.ToString() + " 8" + parity + StopBits.ToString();
        }
    }
}
