using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.MBus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;

namespace EspCollector.Core.App
{
    /// <summary>
    /// The second bus: the klefr-mbus meters on the M-Bus port (<see cref="CollectorPorts.MBusLine"/>), beside the
    /// Modbus bus. One <see cref="MBusMaster"/> and <see cref="MBusPoller"/>, built only when the configuration has
    /// M-Bus meters and the board an M-Bus port (a build without them keeps no M-Bus objects). Each meter is
    /// published like a Modbus meter: the canonical names of <see cref="KlefrMBus.Quantities"/> in kWh, Home
    /// Assistant discovery with its identity from the telegram header (identification number as serial,
    /// manufacturer letters, version, medium), availability after <see cref="MBusPoller.OfflineAfterFailures"/>
    /// failed reads. Steady state allocates nothing: the poller decodes into its scratch arrays, publishing copies
    /// into the snapshot made when the slot was built.
    /// When the M-Bus port is the bus UART on pins of its own (<see cref="CollectorPorts.SharedLine"/>), both masters
    /// use one lock (the bus lock) and the shared line's schedule gives the UART to one of them per main-loop pass:
    /// one Modbus transaction or one M-Bus meter read (<see cref="StepBuses"/>).
    /// </summary>
    public sealed partial class Collector
    {
        /// <summary>Meters one console M-Bus scan reports.</summary>
        private const int MaximumMBusScanResults = 32;

        private readonly object _mbusOwnLock = new object();
        private MBusMaster _mbusMaster;
        private MBusPoller _mbusPoller;
        private MBusSlot[] _mbusSlots = new MBusSlot[0];
        private int _mbusConfigured;

        /// <summary>Null when no M-Bus meter is configured or the board has no M-Bus port.</summary>
        public MBusPoller MBusPoller
        {
            get { return _mbusPoller; }
        }

        /// <summary>The lock around M-Bus transactions: the bus lock when both masters share the UART (their
        /// transactions must not interleave, the console's included), the M-Bus port's own otherwise.</summary>
        private object MBusLock
        {
            get { return _ports.SharedLine != null ? _busLock : _mbusOwnLock; }
        }

        /// <summary>
        /// The buses' work of one main-loop pass. Two UARTs: one Modbus transaction and one M-Bus meter read, each
        /// when due. One shared UART: the shared line's schedule picks one due master (round robin, so neither
        /// starves) and that master runs one turn; the line switches pins and framing when the turn changes hands.
        /// </summary>
        private void StepBuses(long now)
        {
            SharedSerialLine shared = _ports.SharedLine;
            if (shared == null)
            {
                lock (_busLock)
                {
                    if (_poller.DeviceCount > 0 && now >= _poller.NextDueMicroseconds)
                    {
                        _poller.RunOnce();
                    }
                }

                StepMBus();
                return;
            }

            SerialLane busLane = _ports.BusLine as SerialLane;
            SerialLane mbusLane = _ports.MBusLine as SerialLane;
            lock (_busLock)
            {
                busLane.DueMicroseconds = _poller.DeviceCount > 0 ? _poller.NextDueMicroseconds : long.MaxValue;
                mbusLane.DueMicroseconds = _mbusPoller != null ? _mbusPoller.NextDueMicroseconds : long.MaxValue;
                SerialLane turn = shared.NextTurn(now);
                if (ReferenceEquals(turn, busLane))
                {
                    _poller.RunOnce();
                }
                else if (ReferenceEquals(turn, mbusLane))
                {
                    _mbusPoller.RunOnce();
                }
            }

            PublishMBusMeters();
        }

        private void BuildMBus(Configuration configuration)
        {
            int count = 0;
            for (int i = 0; i < configuration.MeterCount; i++)
            {
                if (configuration.MeterAt(i).IsMBus)
                {
                    count++;
                }
            }

            lock (MBusLock)
            {
                _mbusConfigured = count;
                if (count == 0 || _ports.MBusLine == null || SafeMode)
                {
                    _mbusMaster = null;
                    _mbusPoller = null;
                    _mbusSlots = new MBusSlot[0];
                    return;
                }

                _mbusMaster = new MBusMaster(_ports.MBusLine, _clock, SettingsMapper.MBus(configuration));
                _mbusPoller = new MBusPoller(_mbusMaster, _clock, count);
                SetSwitchIdleTimes(_mbusMaster);
                _mbusSlots = new MBusSlot[count];
                int slot = 0;
                for (int i = 0; i < configuration.MeterCount; i++)
                {
                    MeterEntry entry = configuration.MeterAt(i);
                    if (entry.IsMBus)
                    {
                        MBusMeter meter = SettingsMapper.MBusMeter(entry);
                        _mbusPoller.Add(meter);
                        _mbusSlots[slot++] = new MBusSlot(meter);
                    }
                }
            }
        }

        /// <summary>At most one M-Bus meter read per pass (the Modbus bus gets its turn in between).</summary>
        private void StepMBus()
        {
            if (_mbusPoller == null)
            {
                return;
            }

            lock (MBusLock)
            {
                if (_mbusPoller != null && _clock.MonotonicMicroseconds >= _mbusPoller.NextDueMicroseconds)
                {
                    _mbusPoller.RunOnce();
                }
            }

            PublishMBusMeters();
        }

        private void PublishMBusMeters()
        {
            for (int i = 0; i < _mbusSlots.Length; i++)
            {
                ServiceMBusMeter(_mbusSlots[i]);
            }
        }

        /// <summary>
        /// On a shared UART, the idle line each master's first frame waits for after the pins were switched to it:
        /// Modbus t3.5 at its baud rate (Modbus over Serial Line V1.02, 2.5.1.1), M-Bus the master's turnaround pause
        /// (33 bit times, <see cref="MBusTiming.TurnaroundMicroseconds"/>; EN 13757-2 asks for idle line, mark,
        /// before a frame).
        /// </summary>
        private void SetSwitchIdleTimes(MBusMaster mbus)
        {
            SerialLane busLane = _ports.BusLine as SerialLane;
            SerialLane mbusLane = _ports.MBusLine as SerialLane;
            if (_ports.SharedLine == null || busLane == null || mbusLane == null)
            {
                return;
            }

            busLane.IdleAfterSwitchMicroseconds = _master.Settings.EffectiveInterFrameDelayMicroseconds;
            mbusLane.IdleAfterSwitchMicroseconds = MBusTiming.TurnaroundMicroseconds(mbus.Settings.BaudRate);
        }

        private long MBusNextDueMicroseconds()
        {
            MBusPoller poller = _mbusPoller;
            return poller != null ? poller.NextDueMicroseconds : long.MaxValue;
        }

        private void ServiceMBusMeter(MBusSlot slot)
        {
            MBusMeter meter = slot.Meter;
            bool online;
            int version;
            bool identified;
            lock (meter.SyncRoot)
            {
                online = meter.Online;
                version = meter.ReadingsVersion;
                identified = meter.IdentificationNumber >= 0;
            }

            if (online != slot.Online)
            {
                slot.Online = online;
                if (_publisher != null)
                {
                    _publisher.SetMeterAvailability(meter.Name, online);
                }
            }

            if (identified && !slot.IdentityAnnounced)
            {
                slot.IdentityAnnounced = true;
                ConfigurePublisherDevices();
            }

            if (version == slot.PublishedVersion)
            {
                return;
            }

            slot.PublishedVersion = version;
            if (_publisher == null)
            {
                return;
            }

            MeterStateSnapshot snapshot = slot.Snapshot;
            lock (meter.SyncRoot)
            {
                for (int q = 0; q < snapshot.Count; q++)
                {
                    snapshot.Values[q] = meter.Values[q];
                    snapshot.Valid[q] = meter.Present[q];
                }
            }

            _publisher.PublishMeterState(snapshot);
        }

        /// <summary>The M-Bus meters for discovery, after the Modbus ones (identity once the first telegram came).</summary>
        private void AddMBusDevices(MeterDevice[] devices, int first)
        {
            for (int i = 0; i < _mbusSlots.Length; i++)
            {
                MBusMeter meter = _mbusSlots[i].Meter;
                MeterDevice device = new MeterDevice(meter.Name, meter.PrimaryAddress, _mbusSlots[i].Snapshot.QuantityNames);
                device.Units = _mbusSlots[i].Snapshot.Units;
                device.Model = "KLEFR M-bus";
                lock (meter.SyncRoot)
                {
                    if (meter.IdentificationNumber >= 0)
                    {
                        device.Manufacturer = MBusFrame.ManufacturerLetters(meter.Manufacturer);
                        device.SerialNumber = meter.IdentificationNumber.ToString("D8");
                        device.FirmwareVersion = meter.Version.ToString();
                        device.Model = "KLEFR M-bus (medium " + meter.Medium.ToString("X2") + ")";
                    }
                }

                devices[first + i] = device;
            }
        }

        private void AnnounceMBusAvailability()
        {
            for (int i = 0; i < _mbusSlots.Length; i++)
            {
                _publisher.SetMeterAvailability(_mbusSlots[i].Meter.Name, _mbusSlots[i].Online);
            }
        }

        private int IndexOfMBusMeter(string name)
        {
            for (int i = 0; i < _mbusSlots.Length; i++)
            {
                if (_mbusSlots[i].Meter.Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Reads one M-Bus meter now (console `read`, MQTT poll); the main loop publishes it at its next pass.</summary>
        private MBusStatus PollMBusNow(int index)
        {
            lock (MBusLock)
            {
                return _mbusPoller.Poll(_mbusSlots[index].Meter);
            }
        }

        /// <summary>Console `read` of an M-Bus meter; false when the name is not an M-Bus meter of this build.</summary>
        private bool ReadMBusMeter(string meterName, IConsoleOutput output)
        {
            int index = IndexOfMBusMeter(meterName);
            if (index < 0)
            {
                if (_mbusConfigured > 0 && _mbusPoller == null)
                {
                    output.WriteLine("error: read: " + NoMBusPort());
                    return true;
                }

                return false;
            }

            MBusStatus status = PollMBusNow(index);
            MBusMeter meter = _mbusSlots[index].Meter;
            lock (meter.SyncRoot)
            {
                output.WriteLine(meterName + " (" + MeterEntry.MBusType + " at " + (meter.UsesSecondaryAddress
                    ? "secondary address " + meter.SecondaryAddress.ToString("D8") : "primary address " + meter.PrimaryAddress.ToString())
                    + "): " + (status == MBusStatus.Ok ? "ok" : MBusStatusNames.Name(status)));
                if (meter.IdentificationNumber >= 0)
                {
                    output.WriteLine("  identification " + meter.IdentificationNumber.ToString("D8") + ", manufacturer "
                        + MBusFrame.ManufacturerLetters(meter.Manufacturer) + ", version " + meter.Version.ToString()
                        + ", medium " + meter.Medium.ToString("X2"));
                }

                for (int q = 0; q < KlefrMBus.Count; q++)
                {
                    output.WriteLine("  " + KlefrMBus.Quantities[q] + " = "
                        + (meter.Present[q] && meter.Reads > 0 ? meter.Values[q].ToString("F2") + " " + Units.KilowattHour : "-"));
                }
            }

            return true;
        }

        public void ScanMBus(IConsoleOutput output)
        {
            if (_ports.MBusLine == null)
            {
                output.WriteLine("error: scan mbus: " + NoMBusPort());
                return;
            }

            lock (MBusLock)
            {
                // An installer's command: the master and search exist only while it runs when no M-Bus meter is
                // configured yet (the usual case while commissioning).
                MBusMaster master = _mbusMaster ?? new MBusMaster(_ports.MBusLine, _clock, SettingsMapper.MBus(_config.Active));
                SetSwitchIdleTimes(master);
                MBusSearch search = new MBusSearch(master, MaximumMBusScanResults);
                int found = search.ScanPrimary(0, MeterEntry.MaximumMBusAddress);
                output.WriteLine("primary scan 0.." + MeterEntry.MaximumMBusAddress + " at " + master.Settings.BaudRate.ToString()
                    + " baud 8E1: " + found.ToString() + " found");
                WriteMBusFound(search, true, output);
                found = search.SearchSecondary();
                output.WriteLine("secondary search: " + found.ToString() + " found, " + search.Probes.ToString() + " selections"
                    + (search.UnresolvedCollisions > 0 ? ", " + search.UnresolvedCollisions.ToString() + " unresolved collisions" : string.Empty));
                WriteMBusFound(search, false, output);
            }
        }

        private static void WriteMBusFound(MBusSearch search, bool primary, IConsoleOutput output)
        {
            for (int i = 0; i < search.Count; i++)
            {
                output.WriteLine("  " + (primary ? "address " + search.AddressAt(i).ToString() + ": " : string.Empty)
                    + "identification " + search.IdentificationAt(i).ToString("D8") + ", manufacturer "
                    + MBusFrame.ManufacturerLetters(search.ManufacturerAt(i)) + ", version " + search.VersionAt(i).ToString()
                    + ", medium " + search.MediumAt(i).ToString("X2") + " (meter add <name> " + MeterEntry.MBusType + " "
                    + (primary ? search.AddressAt(i).ToString() : search.IdentificationAt(i).ToString("D8")) + ")");
            }

            if (search.Overflow > 0)
            {
                output.WriteLine("  ... and " + search.Overflow.ToString() + " more");
            }
        }

        public string WriteMBusMeter(string meterName, string setting, int value)
        {
            int index = IndexOfMBusMeter(meterName);
            if (index < 0)
            {
                return "error: mbus write: " + (_mbusPoller == null && _mbusConfigured > 0 ? NoMBusPort() : "no M-Bus meter named '" + meterName + "'");
            }

            // A commissioning command, not steady state: its frame, telegram reader and value arrays live while it runs.
            byte[] frame = new byte[32];
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            MBusMeter meter = _mbusSlots[index].Meter;
            MBusStatus status;
            lock (MBusLock)
            {
                byte address = meter.PrimaryAddress;
                if (meter.UsesSecondaryAddress)
                {
                    status = _mbusMaster.Select(MBusFrame.ToBcd(meter.SecondaryAddress), KlefrMBus.ManufacturerCode, 0xFF,
                        KlefrMBus.MediumElectricity, _mbusMaster.Settings.Retries);
                    if (status != MBusStatus.Ok)
                    {
                        return "error: mbus write " + meterName + ": the meter did not answer its selection (" + MBusStatusNames.Name(status) + ")";
                    }

                    address = MBusFrame.NetworkAddress;
                }

                int length = MBusWriteFrame(frame, address, setting, value);
                if (length == 0)
                {
                    return "error: mbus write " + meterName + ": the meter does not accept " + setting + " " + value.ToString() + " (see its manual)";
                }

                status = KlefrMBus.WriteVerified(_mbusMaster, telegram, frame, length, values, present);
            }

            if (status != MBusStatus.Ok)
            {
                return "error: mbus write " + meterName + ": " + (status == MBusStatus.ReadBackMismatch
                    ? "the meter did not take the new value (read-back differs)"
                    : "the meter did not acknowledge (" + MBusStatusNames.Name(status) + ")");
            }

            PublishEvent(CollectorEventKind.ConfigurationChanged, meterName, "m-bus write " + setting);
            return "mbus write " + meterName + " " + setting + ": "
                + (setting == "address" || setting == "secondary" ? "done (read back)" : "acknowledged (E5)");
        }

        /// <summary>The manual's write frames (KlefrMBusCommands); 0 when the value is not in the meter's table.</summary>
        private static int MBusWriteFrame(byte[] frame, byte address, string setting, int value)
        {
            // An if chain, not a string switch: eight cases would compile to a string-hash switch.
            if (setting == "baud")
            {
                return KlefrMBusCommands.BaudRate(frame, address, value);
            }

            if (setting == "address")
            {
                return KlefrMBusCommands.PrimaryAddress(frame, address, value);
            }

            if (setting == "secondary")
            {
                return KlefrMBusCommands.SecondaryAddress(frame, address, value);
            }

            if (setting == "tariff")
            {
                return KlefrMBusCommands.Tariff(frame, address, value);
            }

            if (setting == "code")
            {
                return KlefrMBusCommands.CombinedCode(frame, address, value);
            }

            if (setting == "s0")
            {
                return KlefrMBusCommands.S0Rate(frame, address, value);
            }

            if (setting == "reset-kwh")
            {
                return KlefrMBusCommands.ResetResettableEnergy(frame, address);
            }

            return setting == "reset-powerdown" ? KlefrMBusCommands.ResetPowerDownCounter(frame, address) : 0;
        }

        private void AddMBusStatus(ConsoleStatus status)
        {
            if (_mbusConfigured > 0 && _mbusPoller == null)
            {
                status.Details.Add("m-bus: " + (SafeMode ? "not polled in safe mode" : NoMBusPort()));
                return;
            }

            if (_mbusMaster == null)
            {
                return;
            }

            MBusStatistics statistics = _mbusMaster.Statistics;
            status.Details.Add("m-bus: " + statistics.Requests.ToString() + " requests, " + statistics.Answers.ToString() + " answers, "
                + statistics.Timeouts.ToString() + " timeouts, " + statistics.ChecksumErrors.ToString() + " checksum errors, "
                + statistics.Collisions.ToString() + " collisions, " + statistics.DroppedBytes.ToString() + " bytes dropped");
            SharedSerialLine shared = _ports.SharedLine;
            if (shared != null)
            {
                status.Details.Add("m-bus port: the bus UART on pins of its own, " + shared.Switches.ToString() + " switches, "
                    + shared.DiscardedBytes.ToString() + " bytes discarded at a switch");
            }
            for (int i = 0; i < _mbusSlots.Length; i++)
            {
                MBusMeter meter = _mbusSlots[i].Meter;
                status.Details.Add("meter " + meter.Name + ": " + (meter.Online ? "online" : "offline") + ", " + meter.Reads.ToString()
                    + " reads, " + meter.Failures.ToString() + " failures, last " + MBusStatusNames.Name(meter.LastStatus));
            }
        }

        private static string NoMBusPort()
        {
            return "this collector has no M-Bus port (an M-Bus master interface on the board's M-Bus UART, boards/README.md)";
        }

        /// <summary>What the collector keeps per M-Bus meter between passes of the main loop.</summary>
        private sealed class MBusSlot
        {
            public readonly MBusMeter Meter;
            public readonly MeterStateSnapshot Snapshot;
            public bool Online;
            public bool IdentityAnnounced;
            public int PublishedVersion;

            public MBusSlot(MBusMeter meter)
            {
                Meter = meter;
                Snapshot = new MeterStateSnapshot(meter.Name, KlefrMBus.Count);
                for (int q = 0; q < KlefrMBus.Count; q++)
                {
                    Snapshot.Add(KlefrMBus.Quantities[q], Units.KilowattHour, 0, false);
                }
            }
        }
    }
}
