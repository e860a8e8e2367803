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
using EspCollector.Core.Supervision;

namespace EspCollector.Core.App
{
    /// <summary>
    /// The collector's main job, the same on the ESP32 and in the host twin: poll the meters on the bus, count
    /// the S0 pulses, keep the totals, publish readings, health and events, and answer the console and MQTT
    /// commands. Built from the active configuration; a saved configuration that replaces it is applied to the
    /// concerns it changes only (<see cref="Build"/>).
    /// One thread calls <see cref="Step"/> in a loop; the console runs on its own thread and reaches the bus
    /// through the lock that also guards <see cref="Step"/>'s bus work (the master is not thread-safe).
    /// What the console and MQTT commands make it do is in Collector.Commands.cs.
    /// </summary>
    public sealed partial class Collector : IConsoleActions, ICommandActions
    {
        /// <summary>Longest the main loop sleeps, so pulses are processed and MQTT serviced often enough.</summary>
        public const int MaximumIdleMicroseconds = 50000;

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
        // One state snapshot's values for every meter, and one pulse snapshot for every channel: a snapshot is
        // filled and published (copied into the JSON writer or the ring) in one go on the main loop's thread, so
        // nothing is kept per meter or channel but the names and units its announcement needs.
        private double[] _stateValues = new double[0];
        private bool[] _stateValid = new bool[0];
        private readonly PulseChannelSnapshot _pulseSnapshot = new PulseChannelSnapshot(string.Empty);
        private int[] _pulseLinks = new int[0];
        private int[] _pulseLinkQuantity = new int[0];
        private long[] _pulseLinkUpdated = new long[0];
        private Publisher _publisher;
        // The meter devices last given to this publisher (kept by it for discovery).
        private MeterDevice[] _announcedMeters;
        private Publisher _announcedTo;
        private string _rebootCause;
        private ModbusStatus _lastRelayBusStatus;
        private long _publishInterval;
        private long _nextPublish;
        private long _startMicroseconds;
        private int _lowestFreeMemory = -1;
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
            SampleFreeMemory();
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
            StepBuses(now);
            Beat(_ports.BusHeartbeat);

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

            Beat(_ports.MainHeartbeat);
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

        /// <summary>True when the collector runs in safe mode (console and pulse counting only).</summary>
        public bool SafeMode
        {
            get { return _ports.SafeModeReason != null; }
        }

        private static void Beat(Heartbeat heartbeat)
        {
            if (heartbeat != null)
            {
                heartbeat.Beat();
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

            long untilMBus = MBusNextDueMicroseconds() - now;
            if (untilMBus < idle)
            {
                idle = untilMBus;
            }

            return idle < 0 ? 0 : (int)idle;
        }

        // --- building from the configuration ------------------------------------------------------------

        /// <summary>
        /// Builds what <paramref name="configuration"/> changes against the one built before (everything at
        /// start): a concern whose settings did not change keeps its objects and their state (drivers with their
        /// readings and identity, pulse channels, the broker session with its ring), and settings a running
        /// object can take (bus timeout, retries and interval; mqtt.interval) are taken in place, so a
        /// configuration change costs no more heap than what it replaces (issue 14: no allocation peak).
        /// </summary>
        private void Build(Configuration configuration)
        {
            Configuration previous = _built;
            _built = configuration;
            bool meters = previous == null || !SettingsMapper.SameModbusMeters(previous, configuration);
            bool mbus = previous == null || !SettingsMapper.SameMBus(previous, configuration);
            bool bus = meters || !SettingsMapper.SameBusLine(previous, configuration);

            // The publisher first: its large blocks (the ring, the JSON writer, the broker's CA as read from its file)
            // are taken while the heap is in one piece, before the meters' many small objects and the garbage of
            // making them cut it up (nanoFramework compacts only when an allocation fails, and a plain ESP32 has
            // little to spare). Its devices are announced once the meters and channels exist (below).
            bool publishing = previous == null || !SettingsMapper.SamePublishing(previous, configuration);
            if (publishing)
            {
                BuildPublisher(configuration);
            }

            if (bus)
            {
                BuildBus(configuration);
            }
            else
            {
                UpdateBus(configuration);
            }

            // A new Modbus master: on a shared UART the M-Bus side takes its line's idle time after a switch
            // from it (SetSwitchIdleTimes), so that side is built again too, as it always was.
            if (mbus || bus)
            {
                BuildMBus(configuration);
            }

            // Pulse channels name the meters they are linked to by index: new meters, new links.
            bool pulses = meters || previous == null || !SettingsMapper.SamePulseChannels(previous, configuration);
            string storageProblem = null;
            string captureProblem = null;
            if (pulses)
            {
                BuildPulses(configuration, out storageProblem, out captureProblem);
            }

            // A new publisher announces every device; a kept one again only the devices that changed.
            if (publishing)
            {
                ConfigurePublisherDevices();
            }
            else if (bus || mbus || pulses)
            {
                ConfigurePublisherDevices(bus || mbus);
            }

            // Reported once the publisher announced the pulse channels.
            if (storageProblem != null)
            {
                PublishEvent("storage", "pulses", storageProblem);
            }

            if (captureProblem != null)
            {
                PublishEvent("pulse_capture_failed", "pulses", captureProblem);
            }

            _publishInterval = SettingsMapper.PublishIntervalMicroseconds(configuration);
            _nextPublish = _clock.MonotonicMicroseconds + _publishInterval;
        }

        private void BuildBus(Configuration configuration)
        {
            BusSettings busSettings = SettingsMapper.Bus(configuration);
            busSettings.DeliveryGapCharacters = _ports.BusDeliveryGapCharacters;
            busSettings.DeliveryIdleCharacters = _ports.BusDeliveryIdleCharacters;
            busSettings.DeliveryThresholdBytes = _ports.BusDeliveryThresholdBytes;
            PollerSettings pollerSettings = SettingsMapper.Poller(configuration);
            lock (_busLock)
            {
                _master = new ModbusMaster(_ports.BusLine, _clock, busSettings);
                _poller = new BusPoller(_master, _clock, pollerSettings);
                // Safe mode: no bus traffic (a meter or the bus may be what keeps crashing the collector).
                // M-Bus meters are on their own port (Collector.MBus.cs).
                int count = 0;
                for (int i = 0; !SafeMode && i < configuration.MeterCount; i++)
                {
                    count += configuration.MeterAt(i).IsMBus ? 0 : 1;
                }

                _meters = new MeterDriver[count];
                _slots = new MeterSlot[count];
                QuantityTexts texts = new QuantityTexts();
                int slot = 0;
                for (int i = 0; slot < count; i++)
                {
                    MeterEntry entry = configuration.MeterAt(i);
                    if (entry.IsMBus)
                    {
                        continue;
                    }

                    MeterType type = MeterTypes.Find(entry.Type);
                    _meters[slot] = new MeterDriver(type, (byte)entry.Address, SettingsMapper.Meter(entry));
                    _poller.AddDevice(_meters[slot]);
                    _slots[slot] = new MeterSlot(entry.Name, _meters[slot], texts);
                    slot++;
                }

                ShareStateValues();
            }
        }

        /// <summary>Same line and meters: the running master and poller take the timeout, retries and intervals
        /// (the drivers keep their readings, identity and statistics).</summary>
        private void UpdateBus(Configuration configuration)
        {
            BusSettings busSettings = SettingsMapper.Bus(configuration);
            PollerSettings pollerSettings = SettingsMapper.Poller(configuration);
            lock (_busLock)
            {
                _master.UpdateRetrySettings(busSettings);
                _poller.UpdateIntervals(pollerSettings);
            }
        }

        private void BuildPulses(Configuration configuration, out string storageProblem, out string captureProblem)
        {
            storageProblem = null;
            captureProblem = null;
            if (_pulses != null)
            {
                _pulses.Stop();
            }

            PulseChannelSettings[] channels = SettingsMapper.PulseChannels(configuration);
            _pulses = new PulseProcessor(_clock, _ports.PulseCapture, channels, EdgeRing.CapacityFor(channels.Length));
            // One totals store over the record for the collector's life: the new channels are attached to it
            // and restored by name from the record saved just before.
            long saveInterval = SettingsMapper.TotalsSaveIntervalMicroseconds(configuration);
            if (_totals == null)
            {
                _totals = new PulseTotalsStore(new PowerSafeRecord(_ports.TotalsStore, PulseTotalsStore.RecordKind), _clock, saveInterval);
            }

            _totals.SaveIntervalMicroseconds = saveInterval;
            _totals.Attach(_pulses.Channels);
            RecordLoadResult restored = _totals.Restore();
            if (restored == RecordLoadResult.LoadedAfterFallback || restored == RecordLoadResult.Corrupt)
            {
                storageProblem = "pulse totals: newest record unreadable, "
                    + (restored == RecordLoadResult.Corrupt ? "no valid record, counting from zero" : "restored the previous one");
            }

            if (!_pulses.Start())
            {
                captureProblem = "a pulse input could not be started (pin or counter unit)";
            }

            _pulseLinks = new int[channels.Length];
            _pulseLinkQuantity = new int[channels.Length];
            _pulseLinkUpdated = new long[channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _pulseLinks[i] = channels[i].HasLink ? IndexOfMeter(channels[i].LinkedMeterName) : -1;
                _pulseLinkQuantity[i] = _pulseLinks[i] >= 0
                    ? _meters[_pulseLinks[i]].Readings.IndexOf(channels[i].LinkedQuantityName)
                    : -1;
            }
        }

        /// <summary>
        /// A new publisher for changed publishing settings (the first at start). A publisher keeps the broker
        /// connection, the buffered readings and the list of announced entities (so removed meters' entities and
        /// availability are cleared): it is kept while its settings stay the same (<see cref="Build"/>).
        /// </summary>
        private void BuildPublisher(Configuration configuration)
        {
            if (_publisher != null)
            {
                _publisher.Stop();
                _publisher = null;
            }

            PublishingSettings settings = SettingsMapper.Publishing(configuration, _ports.System, _ports.FirmwareVersion);
            if (settings.BrokerHost == null || settings.BrokerHost.Length == 0 || _ports.TransportFactory == null || SafeMode)
            {
                return;
            }

            _publisher = new Publisher(settings, _clock, _ports.WallClock, _ports.Network, _ports.TransportFactory, this);
        }

        /// <summary>(Re)announces the meters and pulse channels, with the identities read so far.</summary>
        private void ConfigurePublisherDevices()
        {
            ConfigurePublisherDevices(true);
        }

        /// <summary>
        /// (Re)announces the meters and pulse channels. With the same meters (only pulse channels changed) the
        /// publisher's meter devices are announced as they are: they already carry the identities read so far
        /// (<see cref="Publisher.SetMeterIdentity"/> updates them), and building them again would hold two sets.
        /// </summary>
        private void ConfigurePublisherDevices(bool metersChanged)
        {
            if (_publisher == null)
            {
                return;
            }

            if (!metersChanged && _announcedMeters != null && _announcedTo == _publisher)
            {
                ConfigurePublisherDevices(_announcedMeters);
                return;
            }

            MeterDevice[] meters = new MeterDevice[_slots.Length + _mbusSlots.Length];
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

            AddMBusDevices(meters, _slots.Length);
            ConfigurePublisherDevices(meters);
        }

        private void ConfigurePublisherDevices(MeterDevice[] meters)
        {
            _announcedMeters = meters;
            _announcedTo = _publisher;
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

            AnnounceMBusAvailability();
        }

        private void ApplyNewConfiguration()
        {
            // Totals first: a configuration change must never lose counted pulses (a new processor restores
            // them by channel name). Drain the capture first: edges or counts not yet processed belong to the old
            // processor's rings and counters, which a rebuild discards.
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
                // Only this meter's device block changes: discovery is sent again, nothing is rebuilt.
                slot.IdentityAnnounced = true;
                if (_publisher != null)
                {
                    _publisher.SetMeterIdentity(slot.Name, driver.Identity.Manufacturer, driver.Identity.Model,
                        driver.Identity.SerialNumber, driver.Identity.FirmwareVersion);
                }
            }

            while (readings.Events.TryDequeue(_event))
            {
                if (_event.Kind == MeterEventKind.SerialNumberChanged)
                {
                    // Another meter at this address (replaced): its identity goes out again with the next pass.
                    slot.IdentityAnnounced = false;
                }

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

        /// <summary>
        /// Points every meter's snapshot at one pair of value arrays sized for the meter with the most quantities
        /// (a snapshot's values live only from <see cref="FillSnapshot"/> to the publish right after it).
        /// </summary>
        private void ShareStateValues()
        {
            int most = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                most = _slots[i].Snapshot.Count > most ? _slots[i].Snapshot.Count : most;
            }

            if (most != _stateValues.Length)
            {
                _stateValues = new double[most];
                _stateValid = new bool[most];
            }

            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i].Snapshot.Values = _stateValues;
                _slots[i].Snapshot.Valid = _stateValid;
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

            for (int i = 0; i < _pulses.ChannelCount; i++)
            {
                PulseChannel channel = _pulses.Channels[i];
                channel.UpdatePower(now);
                PulseChannelSnapshot snapshot = _pulseSnapshot;
                snapshot.Name = channel.Name;
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

        /// <summary>Free managed heap now (-1 when the platform cannot tell), kept as the lowest seen since boot
        /// when it is: sampled at start, at every health message and every status.</summary>
        private int SampleFreeMemory()
        {
            int free = _ports.System != null ? _ports.System.FreeMemoryBytes() : -1;
            if (free >= 0 && (_lowestFreeMemory < 0 || free < _lowestFreeMemory))
            {
                _lowestFreeMemory = free;
            }

            return free;
        }

        private void PublishHealth(long now)
        {
            if (_publisher == null)
            {
                return;
            }

            BusStatistics bus = _poller.Statistics;
            _health.UptimeSeconds = (now - _startMicroseconds) / 1000000;
            _health.FreeMemoryBytes = SampleFreeMemory();
            _health.LowestFreeMemoryBytes = _lowestFreeMemory;
            _health.BusRequests = bus.Requests;
            _health.BusResponses = bus.Answers;
            _health.BusTimeouts = bus.Timeouts;
            _health.BusCrcErrors = bus.CrcErrors;
            _health.BusExceptionResponses = bus.Exceptions;
            _health.PulseOverflows = _pulses.TotalLostEdges;
            _health.BootCause = _ports.System != null ? _ports.System.BootCause : "power-on";
            _health.SafeMode = _ports.SafeModeReason;
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

            public MeterSlot(string name, MeterDriver driver, QuantityTexts texts)
            {
                Name = name;
                Driver = driver;
                // One names array and one units array per meter, shared by the state snapshot and the device
                // announced for discovery (reference arrays cost 12 bytes an element on nanoFramework); the
                // strings in them are shared by all the meters of the build (QuantityTexts).
                MeterReadings readings = driver.Readings;
                Snapshot = new MeterStateSnapshot(name, readings.Count);
                for (int q = 0; q < readings.Count; q++)
                {
                    Snapshot.Add(texts.Name(readings.NameAt(q), driver.Plan.Table.QuantityIndexOfSlot(q)), texts.Unit(readings.UnitAt(q)), 0, false);
                }

                Online = false;
            }
        }
    }
}
