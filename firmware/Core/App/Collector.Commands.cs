using EspCollector.Core.Bus;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Core.App
{
    /// <summary>
    /// The collector's answers to the console (<see cref="IConsoleActions"/>) and to MQTT commands
    /// (<see cref="ICommandActions"/>): status, scan, read, relay, the commissioning writes, reboot. Bus work
    /// happens under the bus lock, since the console runs on its own thread.
    /// </summary>
    public sealed partial class Collector
    {
        // --- console actions --------------------------------------------------------------------------------

        public void FillStatus(ConsoleStatus status)
        {
            long now = _clock.MonotonicMicroseconds;
            status.UptimeSeconds = (now - _startMicroseconds) / 1000000;
            if (SafeMode)
            {
                status.Details.Add("safe mode: " + _ports.SafeModeReason);
            }

            status.Details.Add("last boot: " + (_ports.System != null ? _ports.System.BootCause : "power-on"));
            status.FreeMemoryBytes = SampleFreeMemory();
            status.LowestFreeMemoryBytes = _lowestFreeMemory;
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

            AddMBusStatus(status);

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
            if (ReadMBusMeter(meterName, output))
            {
                return;
            }

            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                output.WriteLine(NoSuchMeter("read", meterName));
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
                return NoSuchMeter("relay", meterName);
            }

            bool closedAfter;
            MeterCommandStatus status = SwitchRelay(index, on, out closedAfter);
            if (status == MeterCommandStatus.Ok)
            {
                PublishEvent("relay", meterName, closedAfter ? "relay closed (load on) from the console" : "relay opened (load off) from the console");
                return "relay " + meterName + ": " + (closedAfter ? "on" : "off") + " (read back)";
            }

            return WriteFailed("relay", meterName, status, _lastRelayBusStatus);
        }

        public string ChangeMeterAddress(string meterName, int newAddress)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return NoSuchMeter("meter address", meterName);
            }

            ModbusStatus busStatus;
            MeterCommandStatus status;
            lock (_busLock)
            {
                status = MeterCommands.ChangeAddress(_master, _meters[index], (byte)newAddress, out busStatus);
            }

            if (status != MeterCommandStatus.Ok)
            {
                return WriteFailed("meter address", meterName, status, busStatus);
            }

            PublishEvent(CollectorEventKind.ConfigurationChanged, meterName, "meter address changed to " + newAddress.ToString());
            return "meter " + meterName + ": now answers at address " + newAddress.ToString() + " (read back)";
        }

        public string ChangeMeterBaudRate(string meterName, int baudRate)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return NoSuchMeter("meter baud", meterName);
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
                return WriteFailed("meter baud", meterName, status, busStatus);
            }

            PublishEvent(CollectorEventKind.ConfigurationChanged, meterName, "meter baud rate changed to " + baudRate.ToString());
            return "meter " + meterName + ": baud rate " + baudRate.ToString() + " written (read back at the new rate)";
        }

        public string SetMeterTariff(string meterName, int tariff)
        {
            int index = IndexOfMeter(meterName);
            if (index < 0)
            {
                return NoSuchMeter("meter tariff", meterName);
            }

            ModbusStatus busStatus;
            MeterCommandStatus status;
            lock (_busLock)
            {
                status = MeterCommands.SetTariff(_master, _meters[index], tariff, out busStatus);
            }

            return status == MeterCommandStatus.Ok
                ? "meter " + meterName + ": tariff " + tariff.ToString() + " (read back)"
                : WriteFailed("meter tariff", meterName, status, busStatus);
        }

        /// <summary>Asked from the console's thread: the main loop saves and restarts at its next pass.</summary>
        public void Reboot()
        {
            _rebootCause = "console";
        }

        // --- MQTT command actions -------------------------------------------------------------------------

        public CommandOutcome PollMeter(string meterName)
        {
            int mbusIndex = IndexOfMBusMeter(meterName);
            if (mbusIndex >= 0)
            {
                return PollMBusNow(mbusIndex) == MBus.MBusStatus.Ok ? CommandOutcome.Done : CommandOutcome.MeterNotResponding;
            }

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

            // The fresh state is published by the main loop's next pass (at most 50 ms later), not here: the console
            // calls this from its own thread, and the per-meter publishing state belongs to the main loop.
            _slots[index].PublishNow = true;
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

        private static string NoSuchMeter(string command, string meterName)
        {
            return "error: " + command + ": no meter named '" + meterName + "' (meter list shows them)";
        }

        private static string WriteFailed(string command, string meterName, MeterCommandStatus status, ModbusStatus busStatus)
        {
            return "error: " + command + " " + meterName + ": " + CommandFailure(status, busStatus);
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
    }
}
