using System.Collections;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// The commissioning console: bytes in from the console UART, lines out. Optional password gate
    /// (console.password), a prompt that shows unsaved changes ("espc*&gt; "), confirmation ("type 'yes'") before
    /// relay switching and factory reset, hidden entry of secrets ("set wifi.password" without a value).
    /// Every error line starts with "error: ", names the key or argument and what is allowed, and changes nothing.
    /// </summary>
    public sealed class ConsoleSession
    {
        public const string Prompt = "espc> ";
        public const string PromptWithChanges = "espc*> ";
        public const string Mask = "********";

        /// <summary>Every error line starts with this, from the console and from the collector's actions.</summary>
        private const string ErrorPrefix = "error: ";

        /// <summary>Column where `help` starts the description of each command.</summary>
        private const int HelpColumn = 48;

        private const int MaximumPasswordAttempts = 3;
        private const long LockoutMicroseconds = 30000000;

        private readonly IConsoleOutput _output;
        private readonly IConsoleActions _actions;
        private readonly ConfigManager _config;
        private readonly IClock _clock;
        private readonly LineEditor _editor;
        private readonly bool _interactive;

        private bool _locked;
        private int _failedAttempts;
        private long _lockedUntil;
        /// <summary>The command whose confirmed part runs after "yes" (<see cref="RunConfirmed"/>), or -1.</summary>
        private int _pendingConfirmation = -1;
        private CommandLine _pendingLine;
        private string _pendingSecretKey;

        /// <summary>
        /// <paramref name="interactive"/> false turns echo and prompts off (scripted input, tests); lines out
        /// are then only command output.
        /// </summary>
        public ConsoleSession(IConsoleOutput output, IConsoleActions actions, ConfigManager config, IClock clock, bool interactive)
        {
            _output = output;
            _actions = actions;
            _config = config;
            _clock = clock;
            _interactive = interactive;
            _editor = new LineEditor(output, LineEditor.DefaultMaximumLength);
            _editor.Echo = interactive;
        }

        public LineEditor Editor
        {
            get { return _editor; }
        }

        public bool IsLocked
        {
            get { return _locked; }
        }

        /// <summary>Prints the banner and what the configuration load found, then the first prompt.</summary>
        public void Start()
        {
            _output.WriteLine("EspCollector console; type help");
            ArrayList notes = _config.LoadNotes;
            for (int index = 0; index < notes.Count; index++)
            {
                _output.WriteLine("note: " + (string)notes[index]);
            }

            _locked = HasPassword;
            ShowPrompt();
        }

        /// <summary>Feeds bytes received from the console UART.</summary>
        public void Receive(byte[] buffer, int offset, int count)
        {
            for (int index = offset; index < offset + count; index++)
            {
                LineEvent result = _editor.Feed(buffer[index]);
                if (result == LineEvent.Line)
                {
                    HandleLine(_editor.Line);
                    ShowPrompt();
                }
                else if (result == LineEvent.Rejected)
                {
                    _output.WriteLine("error: line longer than " + _editor.MaximumLength + " characters: ignored, nothing changed");
                    ShowPrompt();
                }
                else if (result == LineEvent.Cancelled)
                {
                    if (_pendingConfirmation >= 0 || _pendingSecretKey != null)
                    {
                        _output.WriteLine("cancelled");
                    }

                    ClearPending();
                    ShowPrompt();
                }
            }
        }

        private bool HasPassword
        {
            get { return _config.Active.Get(SettingKeys.ConsolePassword).Length > 0; }
        }

        private void ShowPrompt()
        {
            _editor.MaskEcho = _locked || _pendingSecretKey != null;
            if (!_interactive)
            {
                return;
            }

            if (_locked)
            {
                _output.Write("password: ");
            }
            else if (_pendingSecretKey != null)
            {
                _output.Write(_pendingSecretKey + " (hidden): ");
            }
            else if (_pendingConfirmation < 0)
            {
                _output.Write(_config.HasUnsavedChanges ? PromptWithChanges : Prompt);
            }
        }

        private void HandleLine(string text)
        {
            if (_locked)
            {
                CheckPassword(text);
                return;
            }

            if (_pendingSecretKey != null)
            {
                string key = _pendingSecretKey;
                _pendingSecretKey = null;
                SetValue(key, text);
                return;
            }

            if (_pendingConfirmation >= 0)
            {
                int confirmed = _pendingConfirmation;
                CommandLine line = _pendingLine;
                ClearPending();
                if (text.Trim().ToLower() == "yes")
                {
                    RunConfirmed(confirmed, line);
                }
                else
                {
                    _output.WriteLine("cancelled");
                }

                return;
            }

            Execute(text);
        }

        /// <summary>Runs one command line (without the line end).</summary>
        public void Execute(string text)
        {
            CommandLine line = new CommandLine(text);
            if (line.Error != null)
            {
                Error(line.Error + ": nothing changed");
                return;
            }

            if (line.WordCount == 0)
            {
                return;
            }

            string error;
            int command = CommandTable.Resolve(line, out error);
            if (command < 0)
            {
                Error(error);
                return;
            }

            error = CommandTable.CheckArguments(command, line);
            if (error != null)
            {
                Error(error);
                return;
            }

            Run(command, line);
        }

        /// <summary>The handler of each row of the <see cref="CommandTable"/>.</summary>
        private void Run(int command, CommandLine line)
        {
            switch (command)
            {
                case CommandTable.Help: HelpCommand(line); break;
                case CommandTable.Status: StatusCommand(line); break;
                case CommandTable.Show: ShowCommand(line); break;
                case CommandTable.Set: SetCommand(line); break;
                case CommandTable.Unset: UnsetCommand(line); break;
                case CommandTable.MeterAdd: MeterAddCommand(line); break;
                case CommandTable.MeterRemove: MeterRemoveCommand(line); break;
                case CommandTable.MeterList: MeterListCommand(line); break;
                case CommandTable.MeterAddress: MeterAddressCommand(line); break;
                case CommandTable.MeterBaud: MeterBaudCommand(line); break;
                case CommandTable.MeterTariff: MeterTariffCommand(line); break;
                case CommandTable.PulseAdd: PulseAddCommand(line); break;
                case CommandTable.PulseRemove: PulseRemoveCommand(line); break;
                case CommandTable.PulseList: PulseListCommand(line); break;
                case CommandTable.Bus: BusCommand(line); break;
                case CommandTable.Scan: ScanCommand(line); break;
                case CommandTable.Read: ReadCommand(line); break;
                case CommandTable.MBusWrite: MBusWriteCommand(line); break;
                case CommandTable.Relay: RelayCommand(line); break;
                case CommandTable.BoardList: BoardListCommand(line); break;
                case CommandTable.BoardUse: BoardUseCommand(line); break;
                case CommandTable.Save: SaveCommand(line); break;
                case CommandTable.Discard: DiscardCommand(line); break;
                case CommandTable.Reboot: RebootCommand(line); break;
                case CommandTable.FactoryReset: FactoryResetCommand(line); break;
                case CommandTable.Logout: LogoutCommand(line); break;
            }
        }

        /// <summary>What a confirmed command does once "yes" was typed.</summary>
        private void RunConfirmed(int command, CommandLine line)
        {
            switch (command)
            {
                case CommandTable.MeterAddress: MeterAddressConfirmed(line); break;
                case CommandTable.MeterBaud: MeterBaudConfirmed(line); break;
                case CommandTable.MBusWrite: MBusWriteConfirmed(line); break;
                case CommandTable.Relay: RelayConfirmed(line); break;
                case CommandTable.Reboot: RebootConfirmed(line); break;
                case CommandTable.FactoryReset: FactoryResetConfirmed(line); break;
            }
        }

        private void CheckPassword(string text)
        {
            long now = _clock.MonotonicMicroseconds;
            if (_failedAttempts >= MaximumPasswordAttempts && now < _lockedUntil)
            {
                Error("too many wrong passwords: wait " + ((_lockedUntil - now + 999999) / 1000000) + " s");
                return;
            }

            if (text == _config.Active.Get(SettingKeys.ConsolePassword))
            {
                _locked = false;
                _failedAttempts = 0;
                _output.WriteLine("unlocked");
                return;
            }

            _failedAttempts++;
            if (_failedAttempts >= MaximumPasswordAttempts)
            {
                _lockedUntil = now + LockoutMicroseconds;
            }

            Error("wrong password");
        }

        private void ClearPending()
        {
            _pendingConfirmation = -1;
            _pendingLine = null;
            _pendingSecretKey = null;
        }

        /// <summary>Asks for "yes"; <paramref name="command"/>'s confirmed part then runs on <paramref name="line"/>.</summary>
        private void Confirm(string question, int command, CommandLine line)
        {
            _pendingConfirmation = command;
            _pendingLine = line;
            _output.WriteLine(question + ": type 'yes' to confirm");
        }

        private void Error(string text)
        {
            _output.WriteLine(ErrorPrefix + text);
        }

        private void Warnings(ArrayList warnings)
        {
            for (int index = 0; index < warnings.Count; index++)
            {
                _output.WriteLine("warning: " + (string)warnings[index]);
            }
        }

        private void HelpCommand(CommandLine line)
        {
            if (line.ArgumentCount == 0)
            {
                for (int command = 0; command < CommandTable.Count; command++)
                {
                    string usage = CommandTable.Usage(command);
                    if (usage.Length < HelpColumn)
                    {
                        _output.WriteLine(usage.PadRight(HelpColumn) + CommandTable.HelpText(command));
                    }
                    else
                    {
                        // A long usage keeps its own line; the help text goes under it, in the column.
                        _output.WriteLine(usage);
                        _output.WriteLine(string.Empty.PadRight(HelpColumn) + CommandTable.HelpText(command));
                    }
                }

                return;
            }

            string name = line.ArgumentCount == 2 ? line.Argument(0).ToLower() + " " + line.Argument(1).ToLower() : line.Argument(0).ToLower();
            int found = CommandTable.Find(name);
            if (found < 0 && line.ArgumentCount == 1 && CommandTable.IsGroup(name))
            {
                for (int command = 0; command < CommandTable.Count; command++)
                {
                    if (CommandTable.InGroup(command, name))
                    {
                        _output.WriteLine("usage: " + CommandTable.Usage(command) + " - " + CommandTable.HelpText(command));
                    }
                }

                return;
            }

            if (found < 0)
            {
                Error("help: '" + name + "' is not a command (type help)");
                return;
            }

            _output.WriteLine("usage: " + CommandTable.Usage(found));
            _output.WriteLine(CommandTable.HelpText(found));
            if (found == CommandTable.Set || found == CommandTable.Unset)
            {
                for (int index = 0; index < SettingKeys.Count; index++)
                {
                    SettingKey key = SettingKeys.At(index);
                    _output.WriteLine("  " + key.Name.PadRight(22) + key.Allowed + "; " + key.Help);
                }
            }
        }

        private void StatusCommand(CommandLine line)
        {
            ConsoleStatus status = new ConsoleStatus();
            _actions.FillStatus(status);
            long seconds = status.UptimeSeconds;
            _output.WriteLine("uptime: " + (seconds / 86400) + "d " + TwoDigits((int)((seconds / 3600) % 24)) + ":"
                + TwoDigits((int)((seconds / 60) % 60)) + ":" + TwoDigits((int)(seconds % 60)));
            _output.WriteLine("memory: " + (status.FreeMemoryBytes < 0 ? "unknown" : status.FreeMemoryBytes + " bytes free")
                + (status.LowestFreeMemoryBytes < 0 ? string.Empty : ", lowest " + status.LowestFreeMemoryBytes + " since boot"));
            Configuration active = _config.Active;
            BoardProfile board = active.BoardProfile;
            _output.WriteLine("envelope: " + HeapEnvelope.Name(board) + " (board " + board.Name + "): this configuration keeps ~"
                + (HeapEnvelope.Estimate(active, board) + 1023) / 1024 + " of " + HeapEnvelope.BudgetBytes(board) / 1024 + " KB");
            _output.WriteLine("network: " + status.Network);
            _output.WriteLine("broker: " + status.Broker);
            _output.WriteLine("bus: " + status.BusRequests + " requests, " + status.BusTimeouts + " timeouts, " + status.BusCrcErrors
                + " CRC errors, " + status.BusExceptionResponses + " exception responses");
            for (int index = 0; index < status.Details.Count; index++)
            {
                _output.WriteLine((string)status.Details[index]);
            }

            _output.WriteLine("console: " + _editor.DroppedByteCount + " bytes dropped, " + _editor.RejectedLineCount + " lines rejected");
            _output.WriteLine("configuration: " + (_config.HasUnsavedChanges ? "unsaved changes (save or discard)" : "saved"));
        }

        private void ShowCommand(CommandLine line)
        {
            string section = line.ArgumentCount == 0 ? null : line.Argument(0).ToLower();
            if (section == "meters")
            {
                section = "meter";
            }
            else if (section == "pulses")
            {
                section = "pulse";
            }

            if (section != null && section != "meter" && section != "pulse" && !SettingKeys.IsSection(section))
            {
                Error("show: '" + line.Argument(0) + "' is not a section (allowed: device|console|wifi|mqtt|bus|mbus|board|pin|meter|pulse)");
                return;
            }

            for (int index = 0; index < SettingKeys.Count; index++)
            {
                SettingKey key = SettingKeys.At(index);
                if (section == null || key.Section == section)
                {
                    _output.WriteLine(key.Name + " = " + Display(key));
                }
            }

            if (section == "board")
            {
                BoardProfile profile = _config.Staged.BoardProfile;
                _output.WriteLine("  " + profile.Title + ": " + PinRules.ChipName(profile.Chip) + ", flash with nanoff --target " + profile.FirmwareTarget);
            }

            if (section == null || section == "meter")
            {
                ListMeters();
            }

            if (section == null || section == "pulse")
            {
                ListPulseChannels();
            }
        }

        /// <summary>The shown value of a key: secrets masked, defaults and unsaved changes marked.</summary>
        private string Display(SettingKey key)
        {
            Configuration staged = _config.Staged;
            string explicitValue = staged.GetExplicit(key.Name);
            string value = staged.Get(key.Name);
            string shown;
            if (key.Type == SettingType.Pin && explicitValue == null)
            {
                int pin = staged.EffectivePin(key.Name);
                shown = (pin < 0 ? "none" : pin.ToString()) + " (board)";
            }
            else if (value.Length == 0)
            {
                shown = "(not set)";
            }
            else
            {
                shown = key.IsSecret ? Mask : value;
                if (explicitValue == null)
                {
                    shown += " (default)";
                }
            }

            if (_config.Active.GetExplicit(key.Name) != explicitValue)
            {
                shown += " (unsaved)";
            }

            return shown;
        }

        private void SetCommand(CommandLine line)
        {
            string name = line.Argument(0).ToLower();
            SettingKey key = SettingKeys.Find(name);
            if (key == null)
            {
                Error("set: '" + line.Argument(0) + "' is not a setting (see help set)");
                return;
            }

            if (line.ArgumentCount < 2)
            {
                if (key.IsSecret)
                {
                    _pendingSecretKey = name;
                    if (!_interactive)
                    {
                        _output.WriteLine(name + " (hidden):");
                    }

                    return;
                }

                Error("set: missing <value> for " + name + " (allowed: " + key.Allowed + ")");
                return;
            }

            SetValue(name, line.RestFrom(1));
        }

        private void SetValue(string name, string value)
        {
            ArrayList warnings = new ArrayList();
            string error = _config.Set(name, value, warnings);
            if (error != null)
            {
                Error("set " + error);
                return;
            }

            Warnings(warnings);
            _output.WriteLine(name + " = " + (SettingKeys.Find(name).IsSecret ? Mask : _config.Staged.Get(name)) + " (staged)");
        }

        private void UnsetCommand(CommandLine line)
        {
            string name = line.Argument(0).ToLower();
            if (SettingKeys.Find(name) == null)
            {
                Error("unset: '" + line.Argument(0) + "' is not a setting (see help set)");
                return;
            }

            ArrayList warnings = new ArrayList();
            string error = _config.Unset(name, warnings);
            if (error != null)
            {
                Error("unset " + error);
                return;
            }

            Warnings(warnings);
            _output.WriteLine(name + " = " + Display(SettingKeys.Find(name)));
        }

        private void MeterAddCommand(CommandLine line)
        {
            string error = _config.AddMeter(line.Argument(0), line.Argument(1), line.Argument(2), Options(line));
            if (error != null)
            {
                Error("meter add: " + error);
                return;
            }

            MeterEntry meter = _config.Staged.FindMeter(line.Argument(0));
            _output.WriteLine("meter " + meter.Name + " added: " + Describe(meter) + " (staged)");
        }

        private void MeterRemoveCommand(CommandLine line)
        {
            string error = _config.RemoveMeter(line.Argument(0));
            if (error != null)
            {
                Error("meter remove: " + error);
                return;
            }

            _output.WriteLine("meter " + line.Argument(0) + " removed (staged)");
        }

        private void MeterListCommand(CommandLine line)
        {
            ListMeters();
        }

        private void ListMeters()
        {
            Configuration staged = _config.Staged;
            if (staged.MeterCount == 0)
            {
                _output.WriteLine("meters: none");
                return;
            }

            for (int index = 0; index < staged.MeterCount; index++)
            {
                MeterEntry meter = staged.MeterAt(index);
                _output.WriteLine("meter " + meter.Name + ": " + Describe(meter));
            }
        }

        private void PulseAddCommand(CommandLine line)
        {
            ArrayList warnings = new ArrayList();
            string error = _config.AddPulseChannel(line.Argument(0), line.Argument(1), line.Argument(2), Options(line), warnings);
            if (error != null)
            {
                Error("pulse add: " + error);
                return;
            }

            Warnings(warnings);
            PulseChannelEntry channel = _config.Staged.FindPulseChannel(line.Argument(0));
            _output.WriteLine("pulse " + channel.Name + " added: " + Describe(channel) + " (staged)");
        }

        private void PulseRemoveCommand(CommandLine line)
        {
            string error = _config.RemovePulseChannel(line.Argument(0));
            if (error != null)
            {
                Error("pulse remove: " + error);
                return;
            }

            _output.WriteLine("pulse " + line.Argument(0) + " removed (staged)");
        }

        private void PulseListCommand(CommandLine line)
        {
            ListPulseChannels();
        }

        private void ListPulseChannels()
        {
            Configuration staged = _config.Staged;
            if (staged.PulseChannelCount == 0)
            {
                _output.WriteLine("pulse channels: none");
                return;
            }

            for (int index = 0; index < staged.PulseChannelCount; index++)
            {
                PulseChannelEntry channel = staged.PulseChannelAt(index);
                _output.WriteLine("pulse " + channel.Name + ": " + Describe(channel));
            }
        }

        private void BusCommand(CommandLine line)
        {
            if (line.ArgumentCount == 0)
            {
                for (int index = 0; index < SettingKeys.Count; index++)
                {
                    SettingKey key = SettingKeys.At(index);
                    if (key.Section == "bus")
                    {
                        _output.WriteLine(key.Name + " = " + Display(key));
                    }
                }

                return;
            }

            string name = "bus." + line.Argument(0).ToLower();
            if (SettingKeys.Find(name) == null)
            {
                Error("bus: '" + line.Argument(0) + "' is not a bus setting (allowed: " + CommandTable.BusSettingNames() + ")");
                return;
            }

            if (line.ArgumentCount < 2)
            {
                Error("bus: missing <value> for " + name + " (allowed: " + SettingKeys.Find(name).Allowed + ")");
                return;
            }

            SetValue(name, line.Argument(1));
        }

        private void ScanCommand(CommandLine line)
        {
            int first = MeterEntry.MinimumAddress;
            int last = MeterEntry.MaximumAddress;
            if (line.ArgumentCount == 1 && line.Argument(0).ToLower() == "mbus")
            {
                _output.WriteLine("scanning the M-Bus port: primary addresses 0.." + MeterEntry.MaximumMBusAddress + ", then the secondary search");
                _actions.ScanMBus(_output);
                return;
            }

            if (line.ArgumentCount == 1)
            {
                Error("scan: missing <last> (usage: scan [<first> <last>])");
                return;
            }

            if (line.ArgumentCount == 2)
            {
                if (!ParseAddress(line.Argument(0), "first", out first) || !ParseAddress(line.Argument(1), "last", out last))
                {
                    return;
                }

                if (first > last)
                {
                    Error("scan: <first> " + first + " is above <last> " + last);
                    return;
                }
            }

            _output.WriteLine("scanning addresses " + first + ".." + last);
            _actions.Scan(first, last, _output);
        }

        private bool ParseAddress(string text, string name, out int address)
        {
            if (!ValueText.TryParseInteger(text, out address) || address < MeterEntry.MinimumAddress || address > MeterEntry.MaximumAddress)
            {
                Error("scan: <" + name + "> '" + text + "' is not allowed (allowed: " + MeterEntry.MinimumAddress + ".." + MeterEntry.MaximumAddress + ")");
                return false;
            }

            return true;
        }

        /// <summary>read and relay act on running meters: the active configuration, not staged edits.</summary>
        private MeterEntry ActiveMeter(string command, string name)
        {
            MeterEntry meter = _config.Active.FindMeter(name);
            if (meter == null)
            {
                Error(command + ": meter '" + name + "' is not active (allowed: " + ConfigManager.MeterNames(_config.Active)
                    + "; a new meter runs after save)");
            }

            return meter;
        }

        /// <summary>The Modbus commissioning writes and the relay act on Modbus meters only.</summary>
        private MeterEntry ActiveModbusMeter(string command, string name)
        {
            MeterEntry meter = ActiveMeter(command, name);
            if (meter != null && meter.IsMBus)
            {
                Error(command + ": meter " + meter.Name + " is an M-Bus meter (" + MeterEntry.MBusType + "): this command is for Modbus meters");
                return null;
            }

            return meter;
        }

        /// <summary>The KLEFR M-bus writes (manual, Appendix 2, "Write"): value checked here, range by the meter's table.</summary>
        private void MBusWriteCommand(CommandLine line)
        {
            MeterEntry meter = ActiveMeter("mbus write", line.Argument(0));
            if (meter == null)
            {
                return;
            }

            if (!meter.IsMBus)
            {
                Error("mbus write: meter " + meter.Name + " is a Modbus meter (meter address, meter baud, meter tariff are for it)");
                return;
            }

            string setting = line.Argument(1).ToLower();
            bool reset = setting == "reset-kwh" || setting == "reset-powerdown";
            if (!reset && setting != "baud" && setting != "address" && setting != "secondary" && setting != "tariff" && setting != "code" && setting != "s0")
            {
                Error("mbus write: '" + line.Argument(1) + "' is not a setting (allowed: baud|address|secondary|tariff|code|s0|reset-kwh|reset-powerdown)");
                return;
            }

            if (reset != (line.ArgumentCount == 2))
            {
                Error("mbus write: " + setting + (reset ? " takes no value" : " needs a value"));
                return;
            }

            int value;
            if (!reset && !ParseMBusWriteValue(setting, line.Argument(2), out value))
            {
                Error("mbus write: " + setting + " '" + line.Argument(2) + "' is not allowed (allowed: "
                    + (setting == "s0" ? "imp/kWh with up to 2 decimals" : setting == "secondary" ? "8 digits" : "a whole number") + ")");
                return;
            }

            Confirm("mbus write " + meter.Name + " " + setting + (reset ? string.Empty : " " + line.Argument(2)) + " writes into the meter",
                CommandTable.MBusWrite, line);
        }

        private void MBusWriteConfirmed(CommandLine line)
        {
            string setting = line.Argument(1).ToLower();
            int value = 0;
            if (line.ArgumentCount == 3)
            {
                ParseMBusWriteValue(setting, line.Argument(2), out value);
            }

            string result = _actions.WriteMBusMeter(line.Argument(0), setting, value);
            _output.WriteLine(result);
            if (result.StartsWith(ErrorPrefix))
            {
                return;
            }

            if (setting == "address" || setting == "secondary")
            {
                _output.WriteLine("the configuration still has the old address: meter remove " + line.Argument(0) + ", meter add " + line.Argument(0)
                    + " " + MeterEntry.MBusType + " " + line.Argument(2) + ", save");
            }
            else if (setting == "baud")
            {
                _output.WriteLine("every meter on the M-Bus must use one rate: when all are changed, set mbus.baud " + line.Argument(2) + " and save");
            }
        }

        /// <summary>Whole numbers; secondary: exactly 8 digits; s0: imp/kWh with up to 2 decimals, as hundredths.</summary>
        private static bool ParseMBusWriteValue(string setting, string text, out int value)
        {
            value = 0;
            if (setting == "secondary")
            {
                return text.Length == MeterEntry.SecondaryAddressDigits && text[0] != '-' && ValueText.TryParseInteger(text, out value);
            }

            if (setting != "s0")
            {
                return text.Length > 0 && text[0] != '-' && ValueText.TryParseInteger(text, out value);
            }

            int dot = text.IndexOf('.');
            string whole = dot < 0 ? text : text.Substring(0, dot);
            string fraction = dot < 0 ? string.Empty : text.Substring(dot + 1);
            int units;
            int hundredths = 0;
            if (whole.Length == 0 || whole.Length > 6 || whole[0] == '-' || !ValueText.TryParseInteger(whole, out units)
                || fraction.Length > 2 || (fraction.Length > 0 && (fraction[0] == '-' || !ValueText.TryParseInteger(fraction, out hundredths))))
            {
                return false;
            }

            value = units * 100 + (fraction.Length == 1 ? hundredths * 10 : hundredths);
            return true;
        }

        private void ReadCommand(CommandLine line)
        {
            MeterEntry meter = ActiveMeter("read", line.Argument(0));
            if (meter != null)
            {
                _actions.ReadMeter(meter.Name, _output);
            }
        }

        private void RelayCommand(CommandLine line)
        {
            MeterEntry meter = ActiveModbusMeter("relay", line.Argument(0));
            if (meter == null)
            {
                return;
            }

            string state = line.Argument(1).ToLower();
            if (state != "on" && state != "off")
            {
                Error("relay: '" + line.Argument(1) + "' is not allowed (allowed: on|off)");
                return;
            }

            if (!meter.RelayEnabled)
            {
                Error("relay: meter " + meter.Name + " has relay writes off (meter remove, then meter add ... relay=on)");
                return;
            }

            Confirm("relay " + meter.Name + " " + state + " switches the load", CommandTable.Relay, line);
        }

        private void RelayConfirmed(CommandLine line)
        {
            _output.WriteLine(_actions.SetRelay(line.Argument(0), line.Argument(1).ToLower() == "on"));
        }

        private void MeterAddressCommand(CommandLine line)
        {
            MeterEntry meter = ActiveModbusMeter("meter address", line.Argument(0));
            if (meter == null)
            {
                return;
            }

            int address;
            string problem = _config.CheckMeterAddress(line.Argument(1), meter, out address);
            if (problem != null)
            {
                Error("meter address: " + problem);
                return;
            }

            Confirm("meter address " + meter.Name + " " + address.ToString() + " changes the address the meter answers at",
                CommandTable.MeterAddress, line);
        }

        private void MeterAddressConfirmed(CommandLine line)
        {
            int address;
            ValueText.TryParseInteger(line.Argument(1), out address);
            string result = _actions.ChangeMeterAddress(line.Argument(0), address);
            _output.WriteLine(result);
            if (result.StartsWith(ErrorPrefix))
            {
                return;
            }

            // The meter answers at the new address now; the configuration follows (staged until save).
            string problem = _config.SetMeterAddress(line.Argument(0), line.Argument(1));
            if (problem != null)
            {
                Error("meter address: " + problem);
                return;
            }

            _output.WriteLine("meter " + line.Argument(0) + ": address " + address.ToString() + " staged; save to keep it");
        }

        private void MeterBaudCommand(CommandLine line)
        {
            MeterEntry meter = ActiveModbusMeter("meter baud", line.Argument(0));
            if (meter == null)
            {
                return;
            }

            SettingKey baud = SettingKeys.Find(SettingKeys.BusBaud);
            if (ValueText.IndexOf(baud.Choices, line.Argument(1)) < 0)
            {
                Error("meter baud: '" + line.Argument(1) + "' is not allowed (allowed: " + baud.Allowed + ")");
                return;
            }

            Confirm("meter baud " + meter.Name + " " + line.Argument(1) + " changes the rate the meter listens at", CommandTable.MeterBaud, line);
        }

        private void MeterBaudConfirmed(CommandLine line)
        {
            int baudRate;
            ValueText.TryParseInteger(line.Argument(1), out baudRate);
            string result = _actions.ChangeMeterBaudRate(line.Argument(0), baudRate);
            _output.WriteLine(result);
            if (!result.StartsWith(ErrorPrefix))
            {
                // Every meter on one bus shares the rate (Modbus over Serial Line V1.02, 2.5.1).
                _output.WriteLine("every meter on the bus must use one rate: when all are changed, set bus.baud " + line.Argument(1) + " and save");
            }
        }

        private void MeterTariffCommand(CommandLine line)
        {
            MeterEntry meter = ActiveModbusMeter("meter tariff", line.Argument(0));
            if (meter == null)
            {
                return;
            }

            int tariff;
            if (!ValueText.TryParseInteger(line.Argument(1), out tariff) || tariff < 1 || tariff > 4)
            {
                Error("meter tariff: '" + line.Argument(1) + "' is not allowed (allowed: 1..4; KLEFR has 1|2)");
                return;
            }

            _output.WriteLine(_actions.SetMeterTariff(meter.Name, tariff));
        }

        private void BoardListCommand(CommandLine line)
        {
            string selected = _config.Staged.BoardProfile.Name;
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                BoardProfile profile = BoardProfiles.At(index);
                _output.WriteLine((profile.Name == selected ? "* " : "  ") + profile.Name.PadRight(30) + PinRules.ChipName(profile.Chip).PadRight(10)
                    + profile.FirmwareTarget.PadRight(16) + profile.Title);
            }
        }

        private void BoardUseCommand(CommandLine line)
        {
            ArrayList warnings = new ArrayList();
            string error = _config.UseBoard(line.Argument(0).ToLower(), warnings);
            if (error != null)
            {
                Error("board use: " + error);
                return;
            }

            Warnings(warnings);
            BoardProfile profile = _config.Staged.BoardProfile;
            _output.WriteLine("board = " + profile.Name + " (staged; firmware target " + profile.FirmwareTarget + ")");
        }

        private void SaveCommand(CommandLine line)
        {
            if (!_config.HasUnsavedChanges)
            {
                _output.WriteLine("nothing to save");
                return;
            }

            string error = _config.Save();
            if (error != null)
            {
                Error(error);
                return;
            }

            _output.WriteLine("saved; applied now (pin changes take effect at the next reboot)");
        }

        private void DiscardCommand(CommandLine line)
        {
            if (!_config.HasUnsavedChanges)
            {
                _output.WriteLine("nothing to discard");
                return;
            }

            _config.Discard();
            _output.WriteLine("staged changes discarded");
        }

        private void RebootCommand(CommandLine line)
        {
            if (_config.HasUnsavedChanges)
            {
                Confirm("reboot loses the unsaved changes", CommandTable.Reboot, line);
                return;
            }

            RebootConfirmed(line);
        }

        private void RebootConfirmed(CommandLine line)
        {
            _output.WriteLine("rebooting");
            _actions.Reboot();
        }

        private void FactoryResetCommand(CommandLine line)
        {
            Confirm("factory-reset erases meters, pulse channels, WiFi, MQTT and board settings, then reboots", CommandTable.FactoryReset, line);
        }

        private void FactoryResetConfirmed(CommandLine line)
        {
            string error = _config.FactoryReset();
            if (error != null)
            {
                Error(error);
                return;
            }

            _output.WriteLine("configuration erased; rebooting");
            _actions.Reboot();
        }

        private void LogoutCommand(CommandLine line)
        {
            if (!HasPassword)
            {
                Error("logout: no console.password is set (set console.password, save)");
                return;
            }

            _locked = true;
            _output.WriteLine("locked");
        }

        /// <summary>The arguments after the three positional ones of "meter add" / "pulse add" (null when none).</summary>
        private static string[] Options(CommandLine line)
        {
            if (line.ArgumentCount <= 3)
            {
                return null;
            }

            string[] options = StringArrays.Create(line.ArgumentCount - 3);
            for (int index = 0; index < options.Length; index++)
            {
                options[index] = line.Argument(index + 3);
            }

            return options;
        }

        private static string Describe(MeterEntry meter)
        {
            if (meter.IsMBus)
            {
                return meter.Type + " on the M-Bus port at " + (meter.SecondaryAddress >= 0 ? "secondary address " : "primary address ") + meter.AddressText;
            }

            return meter.Type + " at address " + meter.Address + ", relay writes " + (meter.RelayEnabled ? "on" : "off") + ", word order "
                + meter.WordOrder + ", history " + (meter.ReadHistory ? "on" : "off");
        }

        private static string Describe(PulseChannelEntry channel)
        {
            return "GPIO" + channel.Pin + ", " + channel.ConstantText + " imp/kWh, filter " + channel.FilterText + " ms, " + channel.EdgeText
                + " edge, offset " + channel.OffsetText + " kWh, " + (channel.HasLink ? "linked to " + channel.LinkText : "no link");
        }

        private static string TwoDigits(int value)
        {
            return value < 10 ? "0" + value : value.ToString();
        }
    }
}
