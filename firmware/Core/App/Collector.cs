using System;
using System.Collections;
using EspCollector.Core.Bus;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;

namespace EspCollector.Core.App
{
    /// <summary>
    /// The collector's main job, the same on the ESP32 and in the host twin: poll the meters on the bus, count
    /// the S0 pulses, keep the totals, publish readings, health and events, and answer the console and MQTT
    /// commands. Built from the active configuration; rebuilt when a saved configuration replaces it.
    /// One thread calls <see cref="Step"/> in a loop; the console runs on its own thread and reaches the bus
    /// through the lock that also guards <see cref="Step"/>'s bus work (the master is not thread-safe).
    /// </summary>
    public sealed class Collector : IConsoleActions, ICommandActions
    {
        /// <summary>Longest the main loop sleeps, so pulses are processed and MQTT serviced often enough.</summary>
        public const int MaximumIdleMicroseconds = 50000;

        private const int RingCapacity = EdgeRing.DefaultCapacity;

        /// <summary>Meters one console scan reports (a bus rarely has more; the scan counts the rest).</summary>
        private const int MaximumScanResults = 32;

        private readonly CollectorPorts _ports;
        private readonly IClock _clock;
        private readonly ConfigManager _config;
        private readonly object _busLock = new object();
        private readonly MeterEvent _event = new MeterEvent();
        private readonly HealthSnapshot _health = new HealthSnapshot();

        // Built from the configuration by Build().
        private Configuration _built;
        private ModbusMaster _master;
        private BusPoller _poller;
        private MeterDriver[] _meters = new MeterDriver[0];
        private MeterSlot[] _slots = new MeterSlot[0];
        private PulseProcessor _pulses;
        private PulseTotalsStore _totals;
        private PulseChannelSnapshot[] _pulseSnapshots = new PulseChannelSnapshot[0];
        private int[] _pulseLinks = new int[0];
        private int[] _pulseLinkQuantity = new int[0];
        private long[] _pulseLinkUpdated = new long[0];
        private Publisher _publisher;
        private string _publishingSignature;
        private string _rebootCause;
        private ModbusStatus _lastRelayBusStatus;
        private long _publishInterval;
        private long _nextPublish;
        private long _startMicroseconds;
        private bool _started;

        public Collector(CollectorPorts ports, ConfigManager config)
        {
            _ports = ports;
            _clock = ports.Clock;
            _config = config;
        }

        public BusPoller Poller
        {
            get { return _poller; }
        }

        public MeterDriver[] Meters
        {
            get { return _meters; }
        }

        public PulseProcessor Pulses
        {
            get { return _pulses; }
        }

        public PulseTotalsStore Totals
        {
            get { return _totals; }
        }

        /// <summary>Null when no broker is configured (mqtt.host unset).</summary>
        public Publisher Publisher
        {
            get { return _publisher; }
        }

        /// <summary>Builds everything from the active configuration and reports why the collector started.</summary>
        public void Start()
        {
            _startMicroseconds = _clock.MonotonicMicroseconds;
            Build(_config.Active);
            _started = true;
            PublishEvent(CollectorEventKind.Reboot, "collector", _ports.System != null ? _ports.System.BootCause : "power-on");
            ArrayList notes = _config.LoadNotes;
            for (int i = 0; i < notes.Count; i++)
            {
                PublishEvent(CollectorEventKind.ConfigurationChanged, "config", (string)notes[i]);
            }
        }

        /// <summary>
        /// One pass of the main loop: at most one bus transaction, pulse processing, due publications, MQTT
        /// service. Returns the microseconds the caller may sleep before the next pass.
        /// </summary>
        public int Step()
        {
            if (!_started)
            {
                Start();
            }

            if (!ReferenceEquals(_config.Active, _built))
            {
                ApplyNewConfiguration();
            }

            long now = _clock.MonotonicMicroseconds;
            lock (_busLock)
            {
                if (_poller.DeviceCount > 0 && now >= _poller.NextDueMicroseconds)
                {
                    _poller.RunOnce();
                }
            }

            now = _clock.MonotonicMicroseconds;
            for (int i = 0; i < _slots.Length; i++)
            {
                ServiceMeter(i, now);
            }

            _pulses.Process();
            _totals.SaveIfDue();
            if (now >= _nextPublish)
            {
                _nextPublish = now + _publishInterval;
                PublishPulses(now);
                PublishHealth(now);
            }

            if (_publisher != null)
            {
                _publisher.Service();
            }

            if (_rebootCause != null)
            {
                Restart(_rebootCause);
            }

            return IdleMicroseconds(_clock.MonotonicMicroseconds);
        }

        /// <summary>Saves the totals (with every pulse captured so far) and tells the broker before an orderly
        /// restart. Call on the main loop's thread.</summary>
        public void PrepareForReboot(string cause)
        {
            _pulses.Process();
            _totals.SaveNow();
            PublishEvent(CollectorEventKind.Reboot, "collector", "orderly reboot: " + cause);
            if (_publisher != null)
            {
                _publisher.Service();
                _publisher.Stop();
            }
        }

        private int IdleMicroseconds(long now)
        {
            long idle = MaximumIdleMicroseconds;
            if (_poller.DeviceCount > 0)
            {
                long untilDue = _poller.NextDueMicroseconds - now;
                if (untilDue < idle)
                {
                    idle = untilDue;
                }
            }

            return idle < 0 ? 0 : (int)idle;
        }

        // --- building from the configuration ------------------------------------------------------------

        private void Build(Configuration configuration)
        {
            _built = configuration;
            BuildBus(configuration);
            BuildPulses(configuration);
            BuildPublisher(configuration);
            _publishInterval = SettingsMapper.PublishIntervalMicroseconds(configuration);
            _nextPublish = _clock.MonotonicMicroseconds + _publishInterval;
        }

        private void BuildBus(Configuration configuration)
        {
            BusSettings busSettings = SettingsMapper.Bus(configuration);
            PollerSettings pollerSettings = SettingsMapper.Poller(configuration);
            lock (_busLock)
            {
                _master = new ModbusMaster(_ports.BusLine, _clock, busSettings);
                _poller = new BusPoller(_master, _clock, pollerSettings);
                int count = configuration.MeterCount;
                _meters = new MeterDriver[count];
                _slots = new MeterSlot[count];
                for (int i = 0; i < count; i++)
                {
                    MeterEntry entry = configuration.MeterAt(i);
                    MeterType type = MeterTypes.Find(entry.Type);
                    _meters[i] = new MeterDriver(type, (byte)entry.Address, SettingsMapper.Meter(entry));
                    _poller.AddDevice(_meters[i]);
                    _slots[i] = new MeterSlot(entry.Name, _meters[i]);
                }
            }
        }

        private void BuildPulses(Configuration configuration)
        {
            if (_pulses != null)
            {
                _pulses.Stop();
            }

            PulseChannelSettings[] channels = SettingsMapper.PulseChannels(configuration);
            _pulses = new PulseProcessor(_clock, _ports.PulseCapture, channels, RingCapacity);
            _totals = new PulseTotalsStore(new PowerSafeRecord(_ports.TotalsStore, PulseTotalsStore.RecordKind), _clock,
                SettingsMapper.TotalsSaveIntervalMicroseconds(configuration));
            _totals.Attach(_pulses.Channels);
            RecordLoadResult restored = _totals.Restore();
            if (restored == RecordLoadResult.LoadedAfterFallback || restored == RecordLoadResult.Corrupt)
            {
                PublishEvent("storage", "pulses", "pulse totals: newest record unreadable, " +
                    (restored == RecordLoadResult.Corrupt ? "no valid record, counting from zero" : "restored the previous one"));
            }

            if (!_pulses.Start())
            {
                PublishEvent("pulse_capture_failed", "pulses", "a pulse input could not be started (pin or counter unit)");
            }

            _pulseSnapshots = new PulseChannelSnapshot[channels.Length];
            _pulseLinks = new int[channels.Length];
            _pulseLinkQuantity = new int[channels.Length];
            _pulseLinkUpdated = new long[channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _pulseSnapshots[i] = new PulseChannelSnapshot(channels[i].Name);
                _pulseLinks[i] = channels[i].HasLink ? IndexOfMeter(channels[i].LinkedMeterName) : -1;
                _pulseLinkQuantity[i] = _pulseLinks[i] >= 0
                    ? _meters[_pulseLinks[i]].Readings.IndexOf(channels[i].LinkedQuantityName)
                    : -1;
            }
        }

        private void BuildPublisher(Configuration configuration)
        {
            // A publisher keeps the broker connection, the buffered readings and the list of announced entities
            // (so removed meters' entities and availability are cleared): keep it unless its settings changed.
            string signature = PublishingSignature(configuration);
            if (_publisher != null && signature == _publishingSignature)
            {
                ConfigurePublisherDevices();
                return;
            }

            if (_publisher != null)
            {
                _publisher.Stop();
                _publisher = null;
            }

            _publishingSignature = signature;

            PublishingSettings settings = SettingsMapper.Publishing(configuration, _ports.System, _ports.FirmwareVersion);
            if (settings.BrokerHost == null || settings.BrokerHost.Length == 0 || _ports.TransportFactory == null)
            {
                return;
            }

            _publisher = new Publisher(settings, _clock, _ports.WallClock, _ports.Network, _ports.TransportFactory, this);
            ConfigurePublisherDevices();
        }

        /// <summary>The values of every mqtt.* key (and the board, named in health): a change needs a new publisher.</summary>
        private static string PublishingSignature(Configuration configuration)
        {
            string signature = configuration.Get(SettingKeys.Board);
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                string key = SettingKeys.At(i).Name;
                if (key.StartsWith("mqtt."))
                {
                    signature += "\n" + configuration.Get(key);
                }
            }

            return signature;
        }

        /// <summary>(Re)announces the meters and pulse channels, with the identities read so far.</summary>
        private void ConfigurePublisherDevices()
        {
            if (_publisher == null)
            {
                return;
            }

            MeterDevice[] meters = new MeterDevice[_slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                MeterDriver driver = _slots[i].Driver;
                MeterDevice device = new MeterDevice(_slots[i].Name, driver.Address, _slots[i].Snapshot.QuantityNames);
                device.Units = _slots[i].Snapshot.Units;
                device.Manufacturer = driver.Identity.Manufacturer;
                device.Model = driver.Identity.Model;
                device.SerialNumber = driver.Identity.SerialNumber;
                device.FirmwareVersion = driver.Identity.FirmwareVersion;
                meters[i] = device;
            }

            PulseChannelDevice[] pulses = new PulseChannelDevice[_pulses.ChannelCount];
            for (int i = 0; i < pulses.Length; i++)
            {
                PulseChannelSettings channel = _pulses.Channels[i].Settings;
                pulses[i] = new PulseChannelDevice(channel.Name, channel.ImpulsesPerKilowattHour, channel.LinkedMeterName);
            }

            _publisher.Configure(meters, pulses);
            for (int i = 0; i < _slots.Length; i++)
            {
                _publisher.SetMeterAvailability(_slots[i].Name, _slots[i].Online);
            }
        }

        private void ApplyNewConfiguration()
        {
            // Totals first: a configuration change must never lose counted pulses (the new processor restores
            // them by channel name). Drain the capture first: edges or counts not yet processed belong to the old
            // processor's rings and counters, which the rebuild discards.
            _pulses.Process();
            _totals.SaveNow();
            Build(_config.Active);
            PublishEvent(CollectorEventKind.ConfigurationChanged, "config", "configuration saved and applied");
        }

        // --- per-meter publishing -------------------------------------------------------------------------

        private void ServiceMeter(int index, long now)
        {
            MeterSlot slot = _slots[index];
            MeterDriver driver = slot.Driver;
            MeterReadings readings = driver.Readings;

            bool online = readings.Online;
            if (online != slot.Online)
            {
                slot.Online = online;
                if (_publisher != null)
                {
                    _publisher.SetMeterAvailability(slot.Name, online);
                }
            }

            if (driver.Identity.IsRead && !slot.IdentityAnnounced)
            {
                slot.IdentityAnnounced = true;
                ConfigurePublisherDevices();
            }

            while (readings.Events.TryDequeue(_event))
            {
                PublishMeterEvent(slot, readings);
            }

            // One state message per poll: a poll's blocks arrive in consecutive transactions, so publish when the
            // poller has finished a pass over the meter's due blocks and something new was read in it.
            int cycles = _poller.StatisticsAt(index).CompletedCycles;
            if ((cycles != slot.PublishedCycle || slot.PublishNow) && readings.LastReadMicroseconds > slot.PublishedReadMicroseconds)
            {
                slot.PublishedCycle = cycles;
                slot.PublishNow = false;
                slot.PublishedReadMicroseconds = readings.LastReadMicroseconds;
                FeedLinkedPulseChannels(index, now);
                if (_publisher != null)
                {
                    FillSnapshot(slot.Snapshot, readings);
                    _publisher.PublishMeterState(slot.Snapshot);
                }
            }
        }

        /// <summary>Copies the values; the names and units arrays were filled once, when the slot was made.</summary>
        private static void FillSnapshot(MeterStateSnapshot snapshot, MeterReadings readings)
        {
            lock (readings.SyncRoot)
            {
                for (int q = 0; q < snapshot.Count; q++)
                {
                    snapshot.Values[q] = readings.ValueAt(q);
                    snapshot.Valid[q] = readings.IsValid(q);
                }
            }
        }

        private void PublishMeterEvent(MeterSlot slot, MeterReadings readings)
        {
            string quantity = _event.QuantityIndex >= 0 ? readings.NameAt(_event.QuantityIndex) : "-";
            string kind;
            switch (_event.Kind)
            {
                case MeterEventKind.EnergyWentBackwards:
                    kind = CollectorEventKind.EnergyBackwards;
                    break;
                case MeterEventKind.SerialNumberChanged:
                    kind = CollectorEventKind.MeterReset;
                    break;
                case MeterEventKind.ImplausibleValue:
                    kind = "implausible_value";
                    break;
                case MeterEventKind.WordOrderChanged:
                    kind = "word_order_changed";
                    break;
                default:
                    kind = "meter_event";
                    break;
            }

            PublishEvent(kind, slot.Name, quantity + ": " + _event.PreviousValue.ToString("F3") + " -> " + _event.Value.ToString("F3"));
        }

        /// <summary>The cross-check: a linked channel compares its pulse energy with the meter's register.</summary>
        private void FeedLinkedPulseChannels(int meterIndex, long now)
        {
            for (int c = 0; c < _pulseLinks.Length; c++)
            {
                int quantity = _pulseLinkQuantity[c];
                if (_pulseLinks[c] != meterIndex || quantity < 0)
                {
                    continue;
                }

                // Only a value read in this poll: energy registers are read every slow interval, and comparing an
                // old register value with the current pulse count would report a discrepancy that is not there.
                MeterReadings readings = _meters[meterIndex].Readings;
                long updated = readings.UpdatedMicroseconds(quantity);
                if (readings.IsValid(quantity) && updated != _pulseLinkUpdated[c])
                {
                    _pulseLinkUpdated[c] = updated;
                    _pulses.Channels[c].ObserveLinkedRegister(updated, readings.ValueAt(quantity));
                }
            }
        }

        // --- pulses, health, events -----------------------------------------------------------------------

        private void PublishPulses(long now)
        {
            _pulses.CloseAveragingIntervals();
            if (_publisher == null)
            {
                return;
            }

            for (int i = 0; i < _pulseSnapshots.Length; i++)
            {
                PulseChannel channel = _pulses.Channels[i];
                channel.UpdatePower(now);
                PulseChannelSnapshot snapshot = _pulseSnapshots[i];
                snapshot.Pulses = channel.TotalPulses;
                snapshot.EnergyKilowattHours = channel.EnergyKilowattHours;
                snapshot.PowerWatts = channel.PowerWatts;
                snapshot.PowerValid = true;
                PulseCrossCheck check = channel.CrossCheck;
                snapshot.HasDiscrepancy = check != null && check.WindowCount > 0;
                snapshot.DiscrepancyKilowattHours = snapshot.HasDiscrepancy ? check.DiscrepancyKilowattHours : 0;
                _publisher.PublishPulseState(snapshot);
            }
        }

        private void PublishHealth(long now)
        {
            if (_publisher == null)
            {
                return;
            }

            BusStatistics bus = _poller.Statistics;
            _health.UptimeSeconds = (now - _startMicroseconds) / 1000000;
            _health.FreeMemoryBytes = _ports.System != null ? _ports.System.FreeMemoryBytes() : -1;
            _health.BusRequests = bus.Requests;
            _health.BusResponses = bus.Answers;
            _health.BusTimeouts = bus.Timeouts;
            _health.BusCrcErrors = bus.CrcErrors;
            _health.BusExceptionResponses = bus.Exceptions;
            _health.PulseOverflows = _pulses.TotalLostEdges;
            _publisher.PublishHealth(_health);
        }

        private void PublishEvent(string kind, string source, string detail)
        {
            if (_publisher != null)
            {
                _publisher.PublishEvent(kind, source, detail);
            }
        }

        private int IndexOfMeter(string name)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        // --- console actions --------------------------------------------------------------------------------

        public void FillStatus(ConsoleStatus status)
        {
            long now = _clock.MonotonicMicroseconds;
            status.UptimeSeconds = (now - _startMicroseconds) / 1000000;
            status.FreeMemoryBytes = _ports.System != null ? _ports.System.FreeMemoryBytes() : -1;
            status.Network = _ports.Network != null && _ports.Network.IsConnected
                ? "connected, RSSI " + _ports.Network.SignalStrength.ToString() + " dBm"
                : "not connected";
            if (_publisher == null)
            {
                status.Broker = "not configured (set mqtt.host)";
            }
            else
            {
                status.Broker = (_publisher.IsConnected ? "connected" : "not connected")
                    + ", buffered " + _publisher.BufferedMessages.ToString()
                    + ", dropped " + _publisher.DroppedMessages.ToString()
                    + ", published " + _publisher.PublishedMessages.ToString();
            }

            BusStatistics bus = _poller.Statistics;
            status.BusRequests = bus.Requests;
            status.BusTimeouts = bus.Timeouts;
            status.BusCrcErrors = bus.CrcErrors;
            status.BusExceptionResponses = bus.Exceptions;
            for (int i = 0; i < _slots.Length; i++)
            {
                DeviceStatistics device = _poller.StatisticsAt(i);
                status.Details.Add("meter " + _slots[i].Name + ": " + device.Describe());
            }

            for (int i = 0; i < _pulses.ChannelCount; i++)
            {
                PulseChannel channel = _pulses.Channels[i];
                status.Details.Add("pulse " + channel.Name + ": " + channel.TotalPulses.ToString() + " pulses, "
                    + channel.EnergyKilowattHours.ToString("F3") + " kWh, " + channel.PowerWatts.ToString("F0")
                    + " W, lost edges " + channel.LostEdgeCount.ToString() + ", rejected " + channel.RejectedCount.ToString());
            }
        }

        public void Scan(int firstAddress, int lastAddress, IConsoleOutput output)
        {
            // A scan is an installer's command, not steady state: its result slots exist only while it runs.
            ScanResult[] results = new ScanResult[MaximumScanResults];
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = new ScanResult();
            }

            lock (_busLock)
            {
                BusSettings current = _master.Settings;
                BusScanner scanner = new BusScanner(_ports.BusLine, _clock);
                int found = scanner.Scan(new BusSettings[] { current }, firstAddress, lastAddress, results, current);
                output.WriteLine("scan " + current.Describe() + ", addresses " + firstAddress.ToString() + ".." + lastAddress.ToString()
                    + ": " + found.ToString() + " found");
                for (int i = 0; i < found && i < results.Length; i++)
                {
                    output.WriteLine("  " + results[i].Describe());
                }
            }
        }

        public void ReadMeter(string meterName, IConsoleOutput output)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                output.WriteLine("error: read: no meter named '" + meterName + "' (meter list shows them)");
                return;
            }

            ModbusStatus status = PollNow(index);
            MeterDriver driver = _meters[index];
            MeterReadings readings = driver.Readings;
            output.WriteLine(meterName + " (" + driver.Type.Name + " at " + driver.Address.ToString() + "): "
                + (status == ModbusStatus.Ok ? "ok" : ModbusPdu.StatusName(status)));
            if (driver.Identity.IsRead)
            {
                output.WriteLine("  serial " + driver.Identity.SerialNumber + ", firmware " + driver.Identity.FirmwareVersion);
            }

            lock (readings.SyncRoot)
            {
                for (int q = 0; q < readings.Count; q++)
                {
                    output.WriteLine("  " + readings.NameAt(q) + " = "
                        + (readings.IsValid(q) ? readings.ValueAt(q).ToString("F3") + " " + readings.UnitAt(q) : "-"));
                }
            }
        }

        public string SetRelay(string meterName, bool on)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return "error: relay: no meter named '" + meterName + "' (meter list shows them)";
            }

            bool closedAfter;
            MeterCommandStatus status = SwitchRelay(index, on, out closedAfter);
            if (status == MeterCommandStatus.Ok)
            {
                PublishEvent("relay", meterName, closedAfter ? "relay closed (load on) from the console" : "relay opened (load off) from the console");
                return "relay " + meterName + ": " + (closedAfter ? "on" : "off") + " (read back)";
            }

            return "error: relay " + meterName + ": " + CommandFailure(status, _lastRelayBusStatus);
        }

        public string ChangeMeterAddress(string meterName, int newAddress)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return "error: meter address: no meter named '" + meterName + "' (meter list shows them)";
            }

            ModbusStatus busStatus;
            MeterCommandStatus status;
            lock (_busLock)
            {
                status = MeterCommands.ChangeAddress(_master, _meters[index], (byte)newAddress, out busStatus);
            }

            if (status != MeterCommandStatus.Ok)
            {
                return "error: meter address " + meterName + ": " + CommandFailure(status, busStatus);
            }

            PublishEvent(CollectorEventKind.ConfigurationChanged, meterName, "meter address changed to " + newAddress.ToString());
            return "meter " + meterName + ": now answers at address " + newAddress.ToString() + " (read back)";
        }

        public string ChangeMeterBaudRate(string meterName, int baudRate)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return "error: meter baud: no meter named '" + meterName + "' (meter list shows them)";
            }

            ModbusStatus busStatus;
            MeterCommandStatus status;
            lock (_busLock)
            {
                status = MeterCommands.ChangeBaudRate(_master, _ports.BusLine, _clock, _meters[index], baudRate, out busStatus);
            }

            if (status == MeterCommandStatus.PendingRestart)
            {
                return "meter " + meterName + ": baud rate " + baudRate.ToString() + " stored; the meter applies it at its next restart";
            }

            if (status != MeterCommandStatus.Ok)
            {
                return "error: meter baud " + meterName + ": " + CommandFailure(status, busStatus);
            }

            PublishEvent(CollectorEventKind.ConfigurationChanged, meterName, "meter baud rate changed to " + baudRate.ToString());
            return "meter " + meterName + ": baud rate " + baudRate.ToString() + " written (read back at the new rate)";
        }

        public string SetMeterTariff(string meterName, int tariff)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return "error: meter tariff: no meter named '" + meterName + "' (meter list shows them)";
            }

            ModbusStatus busStatus;
            MeterCommandStatus status;
            lock (_busLock)
            {
                status = MeterCommands.SetTariff(_master, _meters[index], tariff, out busStatus);
            }

            if (status != MeterCommandStatus.Ok)
            {
                return "error: meter tariff " + meterName + ": " + CommandFailure(status, busStatus);
            }

            return "meter " + meterName + ": tariff " + tariff.ToString() + " (read back)";
        }

        /// <summary>Asked from the console's thread: the main loop saves and restarts at its next pass.</summary>
        public void Reboot()
        {
            _rebootCause = "console";
        }

        // --- MQTT command actions -------------------------------------------------------------------------

        public CommandOutcome PollMeter(string meterName)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return CommandOutcome.UnknownMeter;
            }

            return PollNow(index) == ModbusStatus.Ok ? CommandOutcome.Done : CommandOutcome.MeterNotResponding;
        }

        public CommandOutcome SetRelay(string meterName, bool closed, out bool closedAfter)
        {
            closedAfter = false;
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return CommandOutcome.UnknownMeter;
            }

            MeterCommandStatus status = SwitchRelay(index, closed, out closedAfter);
            switch (status)
            {
                case MeterCommandStatus.Ok:
                    PublishEvent("relay", meterName, closedAfter ? "relay closed (load on) over MQTT" : "relay opened (load off) over MQTT");
                    return CommandOutcome.Done;
                case MeterCommandStatus.NotSupported:
                case MeterCommandStatus.RelayNotEnabled:
                    return CommandOutcome.NotSupported;
                default:
                    return CommandOutcome.MeterNotResponding;
            }
        }

        void ICommandActions.Reboot()
        {
            _rebootCause = "mqtt";
        }

        // --- shared by console and MQTT -------------------------------------------------------------------

        /// <summary>Reads every block of one meter now (feeding the driver as a poll would).</summary>
        private ModbusStatus PollNow(int index)
        {
            MeterDriver driver = _meters[index];
            ModbusStatus worst = ModbusStatus.Ok;
            lock (_busLock)
            {
                RegisterBlock[] blocks = driver.Blocks;
                for (int b = 0; b < blocks.Length; b++)
                {
                    RegisterBlock block = blocks[b];
                    ModbusStatus status = _master.Read(driver.Address, block.FunctionCode, block.StartAddress, block.Quantity);
                    if (status == ModbusStatus.Ok)
                    {
                        driver.OnBlockRead(b, _master.ResponseBuffer, _master.ResponseDataOffset, _master.ResponseDataLength,
                            _clock.MonotonicMicroseconds);
                    }
                    else
                    {
                        driver.OnBlockFailed(b, status);
                        worst = status;
                    }
                }
            }

            // Publish the fresh state at once: a command answers with current values.
            _slots[index].PublishNow = true;
            ServiceMeter(index, _clock.MonotonicMicroseconds);
            return worst;
        }

        private MeterCommandStatus SwitchRelay(int index, bool closed, out bool closedAfter)
        {
            closedAfter = false;
            lock (_busLock)
            {
                MeterCommandStatus status = MeterCommands.SetRelay(_master, _meters[index], closed, out _lastRelayBusStatus);
                if (status != MeterCommandStatus.Ok)
                {
                    return status;
                }

                return MeterCommands.ReadRelay(_master, _meters[index], out closedAfter, out _lastRelayBusStatus);
            }
        }

        /// <summary>Why a write to a meter failed, in the installer's words.</summary>
        private static string CommandFailure(MeterCommandStatus status, ModbusStatus busStatus)
        {
            switch (status)
            {
                case MeterCommandStatus.NotSupported:
                    return "this meter type has no such setting";
                case MeterCommandStatus.RelayNotEnabled:
                    return "relay control is off for this meter (meter add ... relay=on enables it)";
                case MeterCommandStatus.ValueNotAllowed:
                    return "the meter does not accept that value (see its manual)";
                case MeterCommandStatus.ReadBackMismatch:
                    return "the meter did not take the new value (read-back differs)";
                case MeterCommandStatus.PendingRestart:
                    return "the meter applies the value at its next restart";
                default:
                    return "the meter did not answer (" + ModbusPdu.StatusName(busStatus) + ")";
            }
        }

        private void Restart(string cause)
        {
            _rebootCause = null;
            PrepareForReboot(cause);
            if (_ports.System != null)
            {
                _ports.System.Reboot("reboot:" + cause);
            }
        }

        /// <summary>What the collector keeps per configured meter between passes of the main loop.</summary>
        private sealed class MeterSlot
        {
            public readonly string Name;
            public readonly MeterDriver Driver;
            public readonly MeterStateSnapshot Snapshot;
            public bool Online;
            public bool IdentityAnnounced;
            public bool PublishNow;
            public int PublishedCycle;
            public long PublishedReadMicroseconds;

            public MeterSlot(string name, MeterDriver driver)
            {
                Name = name;
                Driver = driver;
                // One names array and one units array per meter, shared by the state snapshot and the device
                // announced for discovery (reference arrays cost 12 bytes an element on nanoFramework).
                MeterReadings readings = driver.Readings;
                Snapshot = new MeterStateSnapshot(name, readings.Count);
                for (int q = 0; q < readings.Count; q++)
                {
                    Snapshot.Add(readings.NameAt(q), readings.UnitAt(q), 0, false);
                }

                Online = false;
            }
        }
    }
}
