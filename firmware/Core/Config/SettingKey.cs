namespace EspCollector.Core.Config
{
    /// <summary>
    /// One row of the settings table: the dotted key, its type and limits, default and help. set, unset, show
    /// and the serializer are all driven by this table (<see cref="SettingKeys"/>).
    /// </summary>
    public sealed class SettingKey
    {
        public readonly string Name;
        public readonly SettingType Type;

        /// <summary>Integer range, or text length range.</summary>
        public readonly int Minimum;
        public readonly int Maximum;

        /// <summary>Allowed values of a <see cref="SettingType.Choice"/> (null otherwise).</summary>
        public readonly string[] Choices;

        /// <summary>Value in effect when the key is not set ("" = empty / board default for pins).</summary>
        public readonly string DefaultValue;

        public readonly string Help;

        public SettingKey(string name, SettingType type, int minimum, int maximum, string[] choices, string defaultValue, string help)
        {
            Name = name;
            Type = type;
            Minimum = minimum;
            Maximum = maximum;
            Choices = choices;
            DefaultValue = defaultValue;
            Help = help;
        }

        public bool IsSecret
        {
            get { return Type == SettingType.Secret; }
        }

        /// <summary>The section "show &lt;section&gt;" groups the key under: the text before the first dot.</summary>
        public string Section
        {
            get
            {
                int dot = Name.IndexOf('.');
                return dot < 0 ? Name : Name.Substring(0, dot);
            }
        }

        /// <summary>What the key accepts, for help and error messages.</summary>
        public string Allowed
        {
            get
            {
                switch (Type)
                {
                    case SettingType.Integer:
                        return Minimum + ".." + Maximum;
                    case SettingType.Boolean:
                        return "on|off";
                    case SettingType.Choice:
                        return ValueText.JoinChoices(Choices);
                    case SettingType.Host:
                        return "host name or IPv4 address, up to " + Maximum + " characters";
                    case SettingType.Topic:
                        return Minimum + ".." + Maximum + " characters without spaces, '+' or '#'";
                    case SettingType.Identifier:
                        return Minimum + ".." + Maximum + " of a-z 0-9 _ -";
                    case SettingType.Pin:
                        return Minimum + ".." + Maximum + (Choices != null ? "|none" : string.Empty) + " (GPIO number)";
                    default:
                        return Minimum + ".." + Maximum + " characters";
                }
            }
        }
    }
}
