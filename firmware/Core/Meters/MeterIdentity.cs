namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Who the meter is, for the MQTT device registry: read once per connection (poll class Once). Fields the
    /// meter's manual offers no register for stay empty (KPM31: no serial number, KPM33B and SDM630-style: no
    /// firmware register).
    /// </summary>
    public sealed class MeterIdentity
    {
        public readonly string Manufacturer;
        public readonly string Model;

        /// <summary>Serial number as the meter gives it (ASCII, hex or decimal digits); "" until read or if none.</summary>
        public string SerialNumber = string.Empty;

        public string FirmwareVersion = string.Empty;

        /// <summary>The meter's own type code in hex (KLEFR 0x4002, SDM630-style 0xFC02); "" if none.</summary>
        public string MeterCode = string.Empty;

        /// <summary>True once the identity rows were read on the current connection (always true for a meter type
        /// without identity rows once it answered).</summary>
        public bool IsRead;

        public MeterIdentity(string manufacturer, string model)
        {
            Manufacturer = manufacturer;
            Model = model;
        }
    }
}
