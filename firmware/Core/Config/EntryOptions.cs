using EspCollector.Core.Meters;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// The "name=value" options of meter and pulse channel entries, shared by the console ("meter add ...
    /// relay=on") and the stored record (schema 3 writes the same options), so both accept and refuse alike.
    /// Every method returns null, or the reason naming the option and what is allowed; on error the entry may be
    /// half changed, so callers apply options to a fresh entry and drop it on error.
    /// </summary>
    public static class EntryOptions
    {
        public const string MeterAllowed = "relay=on|off wordorder=auto|abcd|cdab history=on|off";
        public const string PulseAllowed = "filter=<ms> edge=falling|rising offset=<kWh> link=<meter>[:<quantity>]";

        /// <summary>Meter constant in imp/kWh: 0.01..100000, '.' as decimal point, up to 4 decimals.</summary>
        public static string ParseConstant(string text, out double constant)
        {
            constant = 0;
            long scaled;
            long minimum = ValueText.ToScaled(PulseChannelEntry.MinimumConstant, PulseChannelEntry.ConstantDecimals);
            long maximum = ValueText.ToScaled(PulseChannelEntry.MaximumConstant, PulseChannelEntry.ConstantDecimals);
            if (!ValueText.TryParseDecimal(text, PulseChannelEntry.ConstantDecimals, out scaled) || scaled < minimum || scaled > maximum)
            {
                return "constant: '" + text + "' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to "
                    + PulseChannelEntry.ConstantDecimals + " decimals)";
            }

            constant = (double)scaled / ValueText.PowerOfTen(PulseChannelEntry.ConstantDecimals);
            return null;
        }

        /// <summary>Applies every option of <paramref name="options"/> (null = none); each option at most once.</summary>
        public static string ApplyToMeter(MeterEntry meter, string[] options, int first)
        {
            string seen = "|";
            for (int index = first; options != null && index < options.Length; index++)
            {
                string problem = CheckOnce(options[index], MeterAllowed, ref seen);
                if (problem == null)
                {
                    problem = ApplyToMeter(meter, options[index]);
                }

                if (problem != null)
                {
                    return problem;
                }
            }

            return null;
        }

        /// <summary>Applies every option of <paramref name="options"/> from <paramref name="first"/> on; links resolve in <paramref name="configuration"/>.</summary>
        public static string ApplyToPulseChannel(PulseChannelEntry channel, string[] options, int first, Configuration configuration)
        {
            string seen = "|";
            for (int index = first; options != null && index < options.Length; index++)
            {
                string problem = CheckOnce(options[index], PulseAllowed, ref seen);
                if (problem == null)
                {
                    problem = ApplyToPulseChannel(channel, options[index], configuration);
                }

                if (problem != null)
                {
                    return problem;
                }
            }

            return null;
        }

        private static string ApplyToMeter(MeterEntry meter, string option)
        {
            string name = OptionName(option);
            string value = option.Substring(name.Length + 1);
            string lower = value.ToLower();
            if (name == "relay" || name == "history")
            {
                string state = ValueText.NormalizeBoolean(value);
                if (state == null)
                {
                    return name + ": '" + value + "' is not allowed (allowed: on|off)";
                }

                if (name == "relay")
                {
                    meter.RelayEnabled = state == "on";
                    return null;
                }

                // The monthly history is a Compere register block (KPM33B 6.4, KPM31 6.4); other types have none.
                MeterType type = MeterTypes.Find(meter.Type);
                if (state == "on" && type != null && !type.HasCompereHistory)
                {
                    return "history: meter type " + meter.Type + " keeps no monthly history (allowed: off)";
                }

                meter.ReadHistory = state == "on";
                return null;
            }

            if (name == "wordorder")
            {
                if (ValueText.IndexOf(MeterEntry.WordOrders, lower) < 0)
                {
                    return "wordorder: '" + value + "' is not allowed (allowed: " + ValueText.JoinChoices(MeterEntry.WordOrders) + ")";
                }

                meter.WordOrder = lower;
                return null;
            }

            return "option: '" + option + "' is not known (allowed: " + MeterAllowed + ")";
        }

        private static string ApplyToPulseChannel(PulseChannelEntry channel, string option, Configuration configuration)
        {
            string name = OptionName(option);
            string value = option.Substring(name.Length + 1);
            long scaled;
            switch (name)
            {
                case "filter":
                    // Milliseconds with up to 3 decimals: the scaled value is the filter in microseconds.
                    if (!ValueText.TryParseDecimal(value, 3, out scaled) || scaled < PulseChannelEntry.MinimumFilterMicroseconds
                        || scaled > PulseChannelEntry.MaximumFilterMicroseconds)
                    {
                        return "filter: '" + value + "' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)";
                    }

                    channel.FilterMicroseconds = (int)scaled;
                    return null;

                case "edge":
                    string edge = value.ToLower();
                    if (edge != PulseChannelEntry.EdgeFalling && edge != PulseChannelEntry.EdgeRising)
                    {
                        return "edge: '" + value + "' is not allowed (allowed: falling|rising)";
                    }

                    channel.RisingEdge = edge == PulseChannelEntry.EdgeRising;
                    return null;

                case "offset":
                    long limit = ValueText.ToScaled(PulseChannelEntry.MaximumOffsetKilowattHours, PulseChannelEntry.OffsetDecimals);
                    if (!ValueText.TryParseDecimal(value, PulseChannelEntry.OffsetDecimals, out scaled) || scaled < -limit || scaled > limit)
                    {
                        return "offset: '" + value + "' is not allowed (allowed: -100000000..100000000 kWh, '.' as decimal point, up to 3 decimals)";
                    }

                    channel.EnergyOffsetKilowattHours = (double)scaled / ValueText.PowerOfTen(PulseChannelEntry.OffsetDecimals);
                    return null;

                case "link":
                    return ApplyLink(channel, value.ToLower(), value, configuration);

                default:
                    return "option: '" + option + "' is not known (allowed: " + PulseAllowed + ")";
            }
        }

        /// <summary>link=&lt;meter&gt;[:&lt;quantity&gt;]: the meter must be configured and read that energy register in kWh.</summary>
        private static string ApplyLink(PulseChannelEntry channel, string link, string typed, Configuration configuration)
        {
            int colon = link.IndexOf(':');
            string meterName = colon < 0 ? link : link.Substring(0, colon);
            string quantityName = colon < 0 ? PulseChannelEntry.DefaultLinkedQuantity : link.Substring(colon + 1);
            MeterEntry meter = configuration.FindMeter(meterName);
            if (meter == null)
            {
                return "link: meter '" + (colon < 0 ? typed : typed.Substring(0, colon)) + "' is not configured (allowed: "
                    + ConfigManager.MeterNames(configuration) + ")";
            }

            if (meter.IsMBus)
            {
                // The cross-check compares with a Modbus meter's register read on the main loop's bus.
                return "link: meter " + meter.Name + " is an M-Bus meter (link a Modbus meter)";
            }

            if (!IsEnergyQuantity(quantityName))
            {
                return "link: '" + quantityName + "' is not an energy quantity in kWh (e.g. energy_import|energy_export|energy_total)";
            }

            MeterType type = MeterTypes.Find(meter.Type);
            if (type != null && !type.HasQuantity(quantityName))
            {
                return "link: meter " + meter.Name + " (" + meter.Type + ") has no " + quantityName + " register";
            }

            channel.LinkedMeterName = meter.Name;
            channel.LinkedQuantityName = quantityName;
            return null;
        }

        private static bool IsEnergyQuantity(string name)
        {
            int index = QuantityNames.IndexOf(name);
            return index >= 0 && QuantityNames.UnitAt(index) == Units.KilowattHour;
        }

        /// <summary>Refuses text without "name=" and a second use of the same option.</summary>
        private static string CheckOnce(string option, string allowed, ref string seen)
        {
            string name = OptionName(option);
            if (name == null)
            {
                return "option: '" + option + "' is not known (allowed: " + allowed + ")";
            }

            if (seen.IndexOf("|" + name + "|") >= 0)
            {
                return name + ": given twice";
            }

            seen = seen + name + "|";
            return null;
        }

        /// <summary>The lower-case text before '=', or null when there is no '=' or nothing before it.</summary>
        private static string OptionName(string option)
        {
            int equals = option.IndexOf('=');
            return equals <= 0 ? null : option.Substring(0, equals).ToLower();
        }
    }
}
