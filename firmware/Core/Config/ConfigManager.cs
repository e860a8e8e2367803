using System.Collections;
using EspCollector.Core.Board;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// Active vs staged configuration. Every edit checks its input against the settings table (or the meter and
    /// pulse rules, or the board's pin rules) and changes the staged copy only when valid: an error changes
    /// nothing. save writes the staged copy to the power-safe record and makes it active; discard drops it.
    /// Edits return null on success or the error text, which names the key or argument and what is allowed;
    /// warnings (accepted, but worth knowing) are added to the caller's list.
    /// </summary>
    public sealed class ConfigManager
    {
        private readonly ConfigStore _store;
        private readonly ArrayList _loadNotes = new ArrayList();
        private Configuration _active;
        private Configuration _staged;
        private ConfigLoadOutcome _loadOutcome;

        public ConfigManager(ConfigStore store)
        {
            _store = store;
            _active = new Configuration();
            _staged = _active;
        }

        /// <summary>The configuration in effect (as loaded or last saved).</summary>
        public Configuration Active
        {
            get { return _active; }
        }

        /// <summary>The configuration being edited: the active one itself until a change is staged (copy on write,
        /// so an unchanged collector does not keep a second copy of its meters and channels). Read only.</summary>
        public Configuration Staged
        {
            get { return _staged; }
        }

        public ConfigLoadOutcome LoadOutcome
        {
            get { return _loadOutcome; }
        }

        /// <summary>What happened at load (first boot, fallback, migration, skipped lines): for the console and the event topic.</summary>
        public ArrayList LoadNotes
        {
            get { return _loadNotes; }
        }

        public bool HasUnsavedChanges
        {
            get { return !ReferenceEquals(_staged, _active) && ConfigSerializer.ToText(_staged) != ConfigSerializer.ToText(_active); }
        }

        public void Load()
        {
            _loadNotes.Clear();
            _active = _store.Load(_loadNotes, out _loadOutcome);
            _staged = _active;
        }

        /// <summary>Stages key = value.</summary>
        public string Set(string name, string raw, ArrayList warnings)
        {
            SettingKey key = SettingKeys.Find(name);
            if (key == null)
            {
                return UnknownKey(name);
            }

            string normalized;
            string problem = ValueText.Check(key, raw, out normalized);
            if (problem != null)
            {
                return name + ": " + problem;
            }

            return Stage(name, normalized, key, warnings);
        }

        /// <summary>Returns the key to its default.</summary>
        public string Unset(string name, ArrayList warnings)
        {
            SettingKey key = SettingKeys.Find(name);
            if (key == null)
            {
                return UnknownKey(name);
            }

            return Stage(name, null, key, warnings);
        }

        /// <summary>Selects a board profile (same as set board).</summary>
        public string UseBoard(string name, ArrayList warnings)
        {
            if (BoardProfiles.Find(name) == null)
            {
                return "board: '" + name + "' is not a known board (allowed: " + BoardProfiles.NameList() + ")";
            }

            if (_staged.HasMBusMeters && BoardProfiles.Find(name).MBusPort == null)
            {
                return "board: " + name + " has no M-Bus port and klefr-mbus meters are configured (boards with one: " + MBusBoardNames() + ")";
            }

            return Set(SettingKeys.Board, name, warnings);
        }

        /// <summary>meter add &lt;name&gt; &lt;type&gt; &lt;address&gt; [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off]</summary>
        public string AddMeter(string name, string type, string addressText, string[] options)
        {
            if (!ValueText.IsName(name))
            {
                return "name: '" + name + "' is not allowed (allowed: 1..16 of a-z 0-9 _ -)";
            }

            if (_staged.FindMeter(name) != null || _staged.FindPulseChannel(name) != null)
            {
                return "name: '" + name + "' is already used (meter and pulse channel names are unique)";
            }

            string lowerType = type.ToLower();
            if (ValueText.IndexOf(MeterEntry.Types, lowerType) < 0)
            {
                return "type: '" + type + "' is not supported (allowed: " + ValueText.JoinChoices(MeterEntry.Types) + ")";
            }

            if (lowerType == MeterEntry.MBusType)
            {
                return AddMBusMeter(name, addressText, options);
            }

            int address;
            string addressProblem = CheckMeterAddress(addressText, null, out address);
            if (addressProblem != null)
            {
                return addressProblem;
            }

            MeterEntry meter = new MeterEntry(name, lowerType, address, false);
            string problem = EntryOptions.ApplyToMeter(meter, options, 0);
            if (problem != null)
            {
                return problem;
            }

            if (_staged.MeterCount >= MeterEntry.MaximumCount)
            {
                return "meter: at most " + MeterEntry.MaximumCount + " meters (remove one first)";
            }

            string fit = HeapEnvelope.CheckAddition(_staged, HeapEnvelope.MeterCost(_staged, lowerType), "meter");
            if (fit != null)
            {
                return fit;
            }

            Editable().AddMeter(meter);
            return null;
        }

        /// <summary>
        /// meter add &lt;name&gt; klefr-mbus &lt;primary address 0..250 | secondary address of 8 digits&gt;: no options; the
        /// address must be free among the M-Bus meters (a separate bus from the Modbus meters' addresses).
        /// </summary>
        private string AddMBusMeter(string name, string addressText, string[] options)
        {
            int primary;
            int secondary;
            string problem = MeterEntry.ParseMBusAddress(addressText, out primary, out secondary);
            if (problem != null)
            {
                return problem;
            }

            if (options != null && options.Length > 0)
            {
                return "option: '" + options[0] + "' is not known (" + MeterEntry.MBusType + " meters take no options)";
            }

            if (_staged.BoardProfile.MBusPort == null)
            {
                return "type: board " + _staged.BoardProfile.Name + " has no M-Bus port (boards with one: " + MBusBoardNames() + ")";
            }

            for (int index = 0; index < _staged.MeterCount; index++)
            {
                MeterEntry other = _staged.MeterAt(index);
                if (other.IsMBus && other.Address == primary && other.SecondaryAddress == secondary)
                {
                    return "address: " + addressText + " is already used by M-Bus meter " + other.Name + " (one address per meter on the bus)";
                }
            }

            if (_staged.MeterCount >= MeterEntry.MaximumCount)
            {
                return "meter: at most " + MeterEntry.MaximumCount + " meters (remove one first)";
            }

            MeterEntry meter = new MeterEntry(name, MeterEntry.MBusType, primary, false);
            meter.SecondaryAddress = secondary;
            _staged.AddMeter(meter);
            return null;
        }

        private static string MBusBoardNames()
        {
            string names = string.Empty;
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                BoardProfile profile = BoardProfiles.At(index);
                if (profile.MBusPort != null)
                {
                    names = names.Length == 0 ? profile.Name : names + "|" + profile.Name;
                }
            }

            return names;
        }

        /// <summary>
        /// Stages a meter's new address (after the console changed it in the meter itself). Returns null or the
        /// problem, naming the argument and what is allowed.
        /// </summary>
        public string SetMeterAddress(string name, string addressText)
        {
            MeterEntry meter = _staged.FindMeter(name) == null ? null : Editable().FindMeter(name);
            if (meter == null)
            {
                return "name: '" + name + "' is not configured (allowed: " + MeterNames(_staged) + ")";
            }

            int address;
            string problem = CheckMeterAddress(addressText, meter, out address);
            if (problem != null)
            {
                return problem;
            }

            meter.Address = address;
            return null;
        }

        /// <summary>An address 1..247 that no other staged meter uses (Modbus over Serial Line V1.02, 2.2).</summary>
        public string CheckMeterAddress(string addressText, MeterEntry self, out int address)
        {
            if (!ValueText.TryParseInteger(addressText, out address) || address < MeterEntry.MinimumAddress || address > MeterEntry.MaximumAddress)
            {
                return "address: '" + addressText + "' is not allowed (allowed: " + MeterEntry.MinimumAddress + ".." + MeterEntry.MaximumAddress + ")";
            }

            for (int index = 0; index < _staged.MeterCount; index++)
            {
                MeterEntry other = _staged.MeterAt(index);
                if (!other.IsMBus && other.Address == address && (self == null || other.Name != self.Name))
                {
                    return "address: " + address + " is already used by meter " + other.Name + " (one address per meter on the bus)";
                }
            }

            return null;
        }

        /// <summary>Refuses to remove a meter a pulse channel links to (the link would dangle).</summary>
        public string RemoveMeter(string name)
        {
            if (_staged.FindMeter(name) == null)
            {
                return "name: '" + name + "' is not configured (allowed: " + MeterNames(_staged) + ")";
            }

            for (int index = 0; index < _staged.PulseChannelCount; index++)
            {
                PulseChannelEntry channel = _staged.PulseChannelAt(index);
                if (channel.LinkedMeterName == name)
                {
                    return "name: meter " + name + " is linked by pulse channel " + channel.Name + " (pulse remove " + channel.Name
                        + ", then add it again without link=)";
                }
            }

            Editable().RemoveMeter(name);
            return null;
        }

        /// <summary>pulse add &lt;name&gt; &lt;pin&gt; &lt;imp/kWh&gt; [filter=&lt;ms&gt;] [edge=falling|rising] [offset=&lt;kWh&gt;] [link=&lt;meter&gt;[:&lt;quantity&gt;]]</summary>
        public string AddPulseChannel(string name, string pinText, string constantText, string[] options, ArrayList warnings)
        {
            if (!ValueText.IsName(name))
            {
                return "name: '" + name + "' is not allowed (allowed: 1..16 of a-z 0-9 _ -)";
            }

            if (_staged.FindMeter(name) != null || _staged.FindPulseChannel(name) != null)
            {
                return "name: '" + name + "' is already used (meter and pulse channel names are unique)";
            }

            int highest = PinRules.HighestGpio(_staged.BoardProfile.Chip);
            int pin;
            if (!ValueText.TryParseInteger(pinText, out pin) || pin < 0 || pin > highest)
            {
                return "pin: '" + pinText + "' is not allowed (allowed: GPIO 0.." + highest + " free on " + _staged.BoardProfile.Name + ")";
            }

            double constant;
            string problem = EntryOptions.ParseConstant(constantText, out constant);
            if (problem != null)
            {
                return problem;
            }

            PulseChannelEntry channel = new PulseChannelEntry(name, pin, constant);
            problem = EntryOptions.ApplyToPulseChannel(channel, options, 0, _staged);
            if (problem != null)
            {
                return problem;
            }

            if (_staged.PulseChannelCount >= PulseChannelEntry.MaximumCount)
            {
                return "pulse: at most " + PulseChannelEntry.MaximumCount + " channels (remove one first)";
            }

            string fit = HeapEnvelope.CheckAddition(_staged, HeapEnvelope.PulseChannelBytes, "pulse");
            if (fit != null)
            {
                return fit;
            }

            Configuration trial = _staged.Copy();
            trial.AddPulseChannel(channel);
            string pinProblem = CheckPins(trial, warnings);
            if (pinProblem != null)
            {
                return pinProblem;
            }

            _staged = trial;
            return null;
        }

        public string RemovePulseChannel(string name)
        {
            if (_staged.FindPulseChannel(name) == null || !Editable().RemovePulseChannel(name))
            {
                return "name: '" + name + "' is not configured (allowed: " + PulseNames(_staged) + ")";
            }

            return null;
        }

        /// <summary>Writes the staged configuration and makes it active. Returns null or the reason it was refused.</summary>
        public string Save()
        {
            PinReport report = _staged.ValidatePins();
            if (!report.IsValid)
            {
                return "save refused: " + FirstError(report);
            }

            if (!_store.Save(_staged))
            {
                return "save failed: configuration too large or storage write failed; nothing changed";
            }

            // The saved configuration becomes the active one, a new object even when nothing changed (the collector
            // applies a configuration when Active is another object); the next change copies it again (Editable).
            _active = ReferenceEquals(_staged, _active) ? _active.Copy() : _staged;
            _staged = _active;
            return null;
        }

        public void Discard()
        {
            _staged = _active;
        }

        /// <summary>Stores the defaults (meters and channels removed). Returns null or the failure.</summary>
        public string FactoryReset()
        {
            Configuration defaults = new Configuration();
            if (!_store.Save(defaults))
            {
                return "factory reset failed: storage write failed; nothing changed";
            }

            _active = defaults;
            _staged = defaults;
            return null;
        }

        public static string MeterNames(Configuration configuration)
        {
            if (configuration.MeterCount == 0)
            {
                return "none configured";
            }

            string names = string.Empty;
            for (int index = 0; index < configuration.MeterCount; index++)
            {
                names = index == 0 ? configuration.MeterAt(index).Name : names + "|" + configuration.MeterAt(index).Name;
            }

            return names;
        }

        public static string PulseNames(Configuration configuration)
        {
            if (configuration.PulseChannelCount == 0)
            {
                return "none configured";
            }

            string names = string.Empty;
            for (int index = 0; index < configuration.PulseChannelCount; index++)
            {
                names = index == 0 ? configuration.PulseChannelAt(index).Name : names + "|" + configuration.PulseChannelAt(index).Name;
            }

            return names;
        }

        /// <summary>The staged configuration, copied from the active one first if it still is the active one.</summary>
        private Configuration Editable()
        {
            if (ReferenceEquals(_staged, _active))
            {
                _staged = _active.Copy();
            }

            return _staged;
        }

        private string Stage(string name, string normalized, SettingKey key, ArrayList warnings)
        {
            if (key.Type != SettingType.Pin && name != SettingKeys.Board)
            {
                Editable().SetChecked(name, normalized);
                return null;
            }

            // Pins and board: check the whole pin set as it would be, so a conflict is refused before staging.
            Configuration trial = _staged.Copy();
            trial.SetChecked(name, normalized);
            string problem = CheckPins(trial, warnings);
            if (problem != null)
            {
                return problem.StartsWith(name) ? problem : name + ": " + problem;
            }

            _staged = trial;
            return null;
        }

        /// <summary>Refuses a trial whose pin set has an error the staged one did not have; reports its new warnings.</summary>
        private string CheckPins(Configuration trial, ArrayList warnings)
        {
            PinReport before = _staged.ValidatePins();
            PinReport after = trial.ValidatePins();
            for (int index = 0; index < after.Count; index++)
            {
                PinFinding finding = after[index];
                if (before.Mentions(finding.Message))
                {
                    continue;
                }

                if (finding.IsError)
                {
                    return finding.Message;
                }

                if (warnings != null)
                {
                    warnings.Add(finding.Message);
                }
            }

            return null;
        }

        private static string FirstError(PinReport report)
        {
            for (int index = 0; index < report.Count; index++)
            {
                if (report[index].IsError)
                {
                    return report[index].Message;
                }
            }

            return string.Empty;
        }

        private static string UnknownKey(string name)
        {
            return "'" + name + "' is not a setting (see help set)";
        }
    }
}
