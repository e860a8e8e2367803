using System.Collections;
using EspCollector.Core.Board;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// The collector's configuration: one value per <see cref="SettingKeys"/> row (null = not set, the default
    /// applies), the meters and the pulse channels. Plain data; the lead maps it onto the feature settings.
    /// </summary>
    public sealed class Configuration
    {
        private readonly string[] _values = StringArrays.Create(SettingKeys.Count);
        private readonly ArrayList _meters = new ArrayList();
        private readonly ArrayList _pulseChannels = new ArrayList();

        /// <summary>The value set for the key, or null when it is not set.</summary>
        public string GetExplicit(string key)
        {
            return _values[RequireIndex(key)];
        }

        /// <summary>The value in effect: the explicit one or the table default.</summary>
        public string Get(string key)
        {
            int index = RequireIndex(key);
            string value = _values[index];
            return value ?? SettingKeys.At(index).DefaultValue;
        }

        public int GetInteger(string key)
        {
            int value;
            ValueText.TryParseInteger(Get(key), out value);
            return value;
        }

        public bool GetBoolean(string key)
        {
            return Get(key) == "on";
        }

        /// <summary>Stores an already checked value (see <see cref="ValueText.Check"/>); null unsets.</summary>
        public void SetChecked(string key, string value)
        {
            _values[RequireIndex(key)] = value;
        }

        public int MeterCount
        {
            get { return _meters.Count; }
        }

        public MeterEntry MeterAt(int index)
        {
            return (MeterEntry)_meters[index];
        }

        public MeterEntry FindMeter(string name)
        {
            for (int index = 0; index < _meters.Count; index++)
            {
                if (MeterAt(index).Name == name)
                {
                    return MeterAt(index);
                }
            }

            return null;
        }

        public void AddMeter(MeterEntry meter)
        {
            _meters.Add(meter);
        }

        public bool RemoveMeter(string name)
        {
            MeterEntry meter = FindMeter(name);
            if (meter == null)
            {
                return false;
            }

            _meters.Remove(meter);
            return true;
        }

        public int PulseChannelCount
        {
            get { return _pulseChannels.Count; }
        }

        public PulseChannelEntry PulseChannelAt(int index)
        {
            return (PulseChannelEntry)_pulseChannels[index];
        }

        public PulseChannelEntry FindPulseChannel(string name)
        {
            for (int index = 0; index < _pulseChannels.Count; index++)
            {
                if (PulseChannelAt(index).Name == name)
                {
                    return PulseChannelAt(index);
                }
            }

            return null;
        }

        public void AddPulseChannel(PulseChannelEntry channel)
        {
            _pulseChannels.Add(channel);
        }

        public bool RemovePulseChannel(string name)
        {
            PulseChannelEntry channel = FindPulseChannel(name);
            if (channel == null)
            {
                return false;
            }

            _pulseChannels.Remove(channel);
            return true;
        }

        /// <summary>True when a klefr-mbus meter is configured (the M-Bus port is then in use).</summary>
        public bool HasMBusMeters
        {
            get
            {
                for (int index = 0; index < _meters.Count; index++)
                {
                    if (MeterAt(index).IsMBus)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>The selected board profile (the default one when the stored name is unknown).</summary>
        public BoardProfile BoardProfile
        {
            get
            {
                BoardProfile profile = BoardProfiles.Find(Get(SettingKeys.Board));
                return profile ?? BoardProfiles.Find(BoardProfiles.DefaultName);
            }
        }

        /// <summary>Effective GPIO of a pin key: the override, else the board's; -1 for "none".</summary>
        public int EffectivePin(string pinKey)
        {
            string value = GetExplicit(pinKey);
            if (value != null)
            {
                int pin;
                return ValueText.TryParseInteger(value, out pin) ? pin : -1;
            }

            BoardProfile profile = BoardProfile;
            switch (pinKey)
            {
                case SettingKeys.PinBusTransmit:
                    return profile.BusTransmitPin;
                case SettingKeys.PinBusReceive:
                    return profile.BusReceivePin;
                case SettingKeys.PinBusDriverEnable:
                    return profile.BusDriverEnablePin;
                case SettingKeys.PinConsoleTransmit:
                    return profile.ConsoleTransmitPin;
                case SettingKeys.PinConsoleReceive:
                    return profile.ConsoleReceivePin;
                default:
                    return profile.StatusLedPin;
            }
        }

        /// <summary>Every pin this configuration uses on its board: interface pins, fixed outputs, pulse inputs.</summary>
        public ArrayList PinAssignments()
        {
            ArrayList assignments = new ArrayList();
            PinValidator.AddInterfacePins(assignments, BoardProfile, EffectivePin(SettingKeys.PinBusTransmit),
                EffectivePin(SettingKeys.PinBusReceive), EffectivePin(SettingKeys.PinBusDriverEnable),
                EffectivePin(SettingKeys.PinConsoleTransmit), EffectivePin(SettingKeys.PinConsoleReceive),
                EffectivePin(SettingKeys.PinLed));
            for (int index = 0; index < _pulseChannels.Count; index++)
            {
                PulseChannelEntry channel = PulseChannelAt(index);
                assignments.Add(new PinAssignment(channel.Pin, PinFunction.PulseInput, "pulse " + channel.Name));
            }

            BoardProfile board = BoardProfile;
            if (HasMBusMeters && board.MBusPort != null)
            {
                assignments.Add(new PinAssignment(board.MBusTransmitPin, PinFunction.BusTransmit, "m-bus tx"));
                assignments.Add(new PinAssignment(board.MBusReceivePin, PinFunction.BusReceive, "m-bus rx"));
            }

            return assignments;
        }

        /// <summary>Validates <see cref="PinAssignments"/> against the board's chip and reserved pins.</summary>
        public PinReport ValidatePins()
        {
            return PinValidator.Validate(BoardProfile, PinAssignments());
        }

        public Configuration Copy()
        {
            Configuration copy = new Configuration();
            for (int index = 0; index < _values.Length; index++)
            {
                copy._values[index] = _values[index];
            }

            for (int index = 0; index < _meters.Count; index++)
            {
                copy._meters.Add(MeterAt(index).Copy());
            }

            for (int index = 0; index < _pulseChannels.Count; index++)
            {
                copy._pulseChannels.Add(PulseChannelAt(index).Copy());
            }

            return copy;
        }

        private static int RequireIndex(string key)
        {
            int index = SettingKeys.IndexOf(key);
            if (index < 0)
            {
                // Programmer error: keys come from the SettingKeys constants or were looked up first.
                throw new System.ArgumentException("unknown setting key " + key);
            }

            return index;
        }
    }
}
