namespace EspCollector.Core.Config
{
    /// <summary>How a setting's value is checked and shown.</summary>
    public enum SettingType
    {
        /// <summary>Printable ASCII text, length within Minimum..Maximum.</summary>
        Text = 0,

        /// <summary>Decimal integer within Minimum..Maximum.</summary>
        Integer = 1,

        /// <summary>on|off (also accepts true/false, yes/no, 1/0); stored as on|off.</summary>
        Boolean = 2,

        /// <summary>One of the listed choices.</summary>
        Choice = 3,

        /// <summary>Host name or IPv4 address (letters, digits, '-', '.').</summary>
        Host = 4,

        /// <summary>Text never shown or echoed back (passwords).</summary>
        Secret = 5,

        /// <summary>MQTT topic level(s): printable, no spaces, no '+' or '#' wildcards.</summary>
        Topic = 6,

        /// <summary>GPIO number overriding the board profile; "none" where the function is optional.</summary>
        Pin = 7,

        /// <summary>One MQTT topic level and Home Assistant id part: Minimum..Maximum of a-z 0-9 _ - (stored lower case).</summary>
        Identifier = 8,
    }
}
