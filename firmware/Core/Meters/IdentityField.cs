namespace EspCollector.Core.Meters
{
    /// <summary>What a table row read once per connection contributes to the meter's identity.</summary>
    public enum IdentityField
    {
        /// <summary>Not an identity row: a quantity.</summary>
        None = 0,
        SerialNumber = 1,
        FirmwareVersion = 2,
        /// <summary>The meter's own type code (KLEFR 0x4002, SDM630-style 0xFC02 = 0x0084).</summary>
        MeterCode = 3,
    }
}
