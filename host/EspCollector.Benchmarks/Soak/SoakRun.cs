using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.Bus;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Physics;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>What to break in the doubles or the faults, to prove that the checks can fail (combinable).</summary>
    [Flags]
    public enum SoakSabotage
    {
        None = 0,

        /// <summary>The storage double loses what was written to the second slot at each power cut.</summary>
        StorageLosesSecondSlot = 1,

        /// <summary>The broker double acknowledges one reading and never delivers it.</summary>
        BrokerLosesOneMessage = 2,

        /// <summary>A meter switched off is never switched on again (meter_off_recovered must fail).</summary>
        MeterStaysOff = 4,

        /// <summary>A slow meter answers just after the response timeout instead of just inside it
        /// (slow_meter_reads_ok must fail).</summary>
        SlowMeterPastTimeout = 8,

        /// <summary>The replacement meter answers with the old meter's serial number (meter_replaced_detected must
        /// fail: the collector cannot tell a new meter, its energy total goes backwards).</summary>
        ReplacementKeepsSerial = 16,

        /// <summary>The S0 outputs produce every 1000th pulse without its edges reaching the collector (never
        /// counted, never reported): each power cut's loss exceeds the pulses produced since the last save.</summary>
        PulsesNeverCounted = 32,
    }

    /// <summary>
    /// The chaos soak: the whole collector (the rig of <see cref="CollectorRig"/>: four simulated meters, two S0
    /// outputs, memory stores, broker double) on the virtual clock at full speed, with the seeded fault schedule
    /// of <see cref="FaultSchedule"/> applied through the ports (bus line, record stores, broker, network, wall
    /// clock, console), power cuts that reboot it from its stored state, and the checks of the summary.
    /// </summary>
    public sealed partial class SoakRun
    {
        /// <summary>The <c>--device-model</c> that runs the bus through the ESP32 UART model.</summary>
        public const string Esp32 = "esp32";

        private const long Second = FaultSchedule.Second;
        private const long Minute = FaultSchedule.Minute;
        private const long Hour = FaultSchedule.Hour;
        private const long Day = FaultSchedule.Day;
        private const long Ms32 = 4294967296L * 1000;
        private const long Ms31 = 2147483648L * 1000;

        private readonly double _days;
        private readonly int _seed;
        private readonly HashSet<string> _enabled;
        private readonly SoakSabotage _sabotage;
        private readonly string _deviceModel;
        private readonly Random _random;
        private readonly Dictionary<string, long> _counts = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly PriorityQueue<Action, (long, long)> _agenda = new PriorityQueue<Action, (long, long)>();
        private long _agendaOrder;

        private CollectorRig _rig;
        private VirtualClock _clock;
        private FaultyBusLine _line;
        private SoakRecordStore _configStore;
        private SoakRecordStore _totalsStore;
        private SoakCapture _capture;
        private SoakBroker _broker;
        private SoakWallClock _wall;
        private BootClock _bootClock;
        private FakeNetworkStatus _network;
        private SubscriberView _view;
        private Collector _collector;
        private ConfigManager _config;
        private ConsoleSession _console;
        private int _outages;
        private int _boots;
        private long _bootAt;
        private long _bootOffset;

        // Storage view: totals of the last completed 'P' record, the name the last completed 'C' record holds.
        private long[] _savedTotals;
        private string _pendingName;
        private string _intendedName;
        private Configuration _initialConfig;

        // Pulse accounting. The ground truth at the last completed save (or boot, whichever is later): what the
        // outputs had produced then; a cut may lose at most what they produced since (issue 12).
        private long[] _generatedAtBaseline;
        private long _uncountedAtCuts;
        private long _lostEdges;
        private long[] _knownLoss;
        private long _largestCutLoss;
        private long _largestCutBound;
        private long _lossOverBound;
        private string _firstPulseProblem;
        private long _restoreMismatches;
        private string _firstRestoreMismatch;

        // Readings accounting (per boot: queued = delivered + dropped + left in the ring at the cut).
        private int[] _lastOrdinals = new int[0];
        private long _queuedThisBoot;
        private long _receivedAtBoot;
        private long _queuedTotal;
        private long _droppedTotal;
        private long _lostInRingAtCuts;
        private long _lostOutsideRing;
        private long _ordinalWraps;

        private long _unhandled;
        private string _firstUnhandled;
        private long _configUnintended;
        private string _firstConfigProblem;
        private long _heapDay1 = -1;
        private long _heapLast = -1;
        private long _ms31Crossings;
        private long _ms32Crossings;
        private readonly List<long> _restartsPending = new List<long>();
        private readonly List<string> _discoveryBefore = new List<string>();
        private int _restarts;
        private int _restartsRecovered;
        private long _slowestRecovery;
        private long _steps;

        public SoakRun(double days, int seed, string faults, SoakSabotage sabotage = SoakSabotage.None, string deviceModel = null)
        {
            if (deviceModel != null && deviceModel != Esp32)
            {
                throw new ArgumentException("unknown device model '" + deviceModel + "'; known: " + Esp32);
            }

            _deviceModel = deviceModel;
            _days = days;
            _seed = seed;
            _enabled = FaultNames.Parse(faults);
            _sabotage = sabotage;
            _random = new Random(seed * 7919 + 17);
            foreach (string name in FaultNames.All)
            {
                _counts[name] = 0;
            }
        }

        /// <summary>Runs the soak and prints the summary; returns 0 when every check holds, 1 otherwise.</summary>
        public int Run(TextWriter output)
        {
            // The soak measures no allocation or time of the doubles: their brackets would only cost.
            bool counting = Foreign.Counting;
            Foreign.Counting = false;
            try
            {
                return RunChecked(output);
            }
            finally
            {
                Foreign.Counting = counting;
            }
        }

        private int RunChecked(TextWriter output)
        {
            Stopwatch wall = Stopwatch.StartNew();
            Setup();
            long start = _clock.MonotonicMicroseconds;
            long end = start + (long)(_days * Day);
            foreach (ScheduledFault fault in FaultSchedule.Build(_days, _seed, _enabled, start, _rig.Simulators.Count))
            {
                ScheduledFault f = fault;
                At(f.At, () => Inject(f));
            }

            _nextSample = start;
            _nextMinute = start + Minute;
            long dayEnd = start + Day;
            while (_clock.MonotonicMicroseconds < end)
            {
                long next = Math.Min(Math.Min(_nextSample, _nextMinute), Math.Min(end, NextAgenda()));
                RunUntil(next);
                long now = _clock.MonotonicMicroseconds;
                Periodic(now);

                if (now >= dayEnd)
                {
                    long heap = Heap();
                    if (_heapDay1 < 0)
                    {
                        _heapDay1 = heap;
                    }

                    _heapLast = heap;
                    dayEnd += Day;
                    long day = (now - start) / Day;
                    if (_days >= 20 && day % 10 == 0)
                    {
                        // Progress of long runs (the summary comes at the end).
                        output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "soak: progress day {0} after {1:F0} s: boots {2}, unhandled {3}, restore mismatches {4}, energy mismatches {5}, duplicates {6}, lost outside ring {7}, ordinal wraps {8}",
                            day, wall.Elapsed.TotalSeconds, _boots, _unhandled, _restoreMismatches, _view.EnergyMismatches, _view.DuplicatesOrReordered, _lostOutsideRing, _ordinalWraps));
                        output.Flush();
                    }
                }

                RunAgenda(now);
            }

            // Drain: faults off, network and broker up, the outputs stop, the ring empties.
            _line.Mode = BusFaultMode.None;
            _network.Connected = true;
            _broker.Available = true;
            _broker.AcknowledgeDelayMicroseconds = 0;
            _configStore.Disarm();
            _totalsStore.Disarm();
            EndMeterFaults();

            long drainEnd = _clock.MonotonicMicroseconds + 45 * Minute;
            while (_clock.MonotonicMicroseconds < drainEnd)
            {
                long now = _clock.MonotonicMicroseconds;
                Periodic(now);

                if (now > drainEnd - 5 * Minute)
                {
                    _rig.Outputs.Generating = false;
                }

                RunUntil(Math.Min(_nextSample, _nextMinute));
            }

            _collector.Pulses.Process();
            CloseBoot();
            wall.Stop();
            return Summarize(output, wall.Elapsed.TotalSeconds, _clock.MonotonicMicroseconds - start);
        }

        private const long SampleEvery = 10 * Second;

        private long _nextSample;
        private long _nextMinute;

        /// <summary>The soak's own periodic work: energy samples every 10 s, the per-minute checks.</summary>
        private void Periodic(long now)
        {
            if (now >= _nextSample)
            {
                SampleEnergy(now);
                CheckMeterFaults(now);
                _nextSample += SampleEvery;
            }

            if (now >= _nextMinute)
            {
                EveryMinute(now);
                _nextMinute += Minute;
            }
        }

        /// <summary>Growth of the retained heap (model bytes) between day 1 and the last day still taken as noise.</summary>
        private const long HeapNoiseBytes = 1024;

        // --- composition -----------------------------------------------------------------------------------

        private void Setup()
        {
            _rig = new CollectorRig(RigParts.All);
            _clock = _rig.Clock;
            foreach (SimulatedMeter meter in _rig.Simulators)
            {
                // Nothing but the bus reads the meters' register images here: render what each request reads.
                meter.RenderReadRegistersOnly = true;
            }

            // Records that start 2 to 4 saves before the 32-bit wrap of their sequence numbers.
            int configSlot = _rig.ConfigRecords.LengthOf(0) > 0 ? 0 : 1;
            SoakRecordStore.Restamp(_rig.ConfigRecords, configSlot, 0xFFFFFFFE);
            PowerSafeRecord totals = new PowerSafeRecord(_rig.TotalsRecords, PulseTotalsStore.RecordKind);
            totals.Save(PulseTotalsStore.SchemaVersion, new byte[PulseTotalsStore.HeaderLength], 0, PulseTotalsStore.HeaderLength);
            SoakRecordStore.Restamp(_rig.TotalsRecords, _rig.TotalsRecords.LengthOf(0) > 0 ? 0 : 1, 0xFFFFFFFC);

            _line = new FaultyBusLine(_deviceModel == Esp32 ? Esp32Line() : _rig.Line, _seed + 1);
            _configStore = new SoakRecordStore(_rig.ConfigRecords, _seed + 2);
            _totalsStore = new SoakRecordStore(_rig.TotalsRecords, _seed + 3);
            _totalsStore.LoseSecondSlot = (_sabotage & SoakSabotage.StorageLosesSecondSlot) != 0;
            _configStore.Completed = OnConfigWritten;
            _totalsStore.Completed = OnTotalsWritten;
            _capture = new SoakCapture(_rig.Outputs, 2);
            if ((_sabotage & SoakSabotage.PulsesNeverCounted) != 0)
            {
                _rig.Outputs.LoseEveryNthPulse = 1000;
            }

            _broker = new SoakBroker(_clock);
            if ((_sabotage & SoakSabotage.BrokerLosesOneMessage) != 0)
            {
                _broker.LoseAcknowledgedMessage = 500;
            }

            _wall = new SoakWallClock(_clock);
            _bootClock = new BootClock(_clock);

            // Edges stamped on the clock the collector drains its ring by (a boot clock that starts anywhere in the
            // 2^28 µs of an edge word): stamped on the rig's clock instead, they reached the collector up to 268 s
            // off, and those near the ring's 251 s age limit could be rebuilt in the wrong order.
            _rig.Outputs.Clock = _bootClock;
            _network = (FakeNetworkStatus)_rig.Ports.Network;
            _rig.Ports.Clock = _bootClock;
            _rig.Ports.WallClock = _wall;
            _rig.Ports.BusLine = _line;
            _rig.Ports.TotalsStore = _totalsStore;
            _rig.Ports.PulseCapture = _capture;
            _rig.Ports.TransportFactory = _broker;

            Dictionary<string, int> meters = new Dictionary<string, int>();
            Dictionary<string, int> pulses = new Dictionary<string, int>();
            ConfigManager loaded = new ConfigManager(new ConfigStore(_rig.ConfigRecords));
            loaded.Load();
            for (int i = 0; i < loaded.Active.MeterCount; i++)
            {
                meters[loaded.Active.MeterAt(i).Name] = i;
            }

            for (int i = 0; i < loaded.Active.PulseChannelCount; i++)
            {
                pulses[loaded.Active.PulseChannelAt(i).Name] = i;
            }

            _savedTotals = new long[pulses.Count];
            _generatedAtBaseline = new long[pulses.Count];
            _knownLoss = new long[pulses.Count];
            _intendedName = loaded.Active.Get(SettingKeys.DeviceName);
            _view = new SubscriberView(meters, pulses, channel => _capture.Generated(channel), EnergyNow);
            _view.WallStart = CollectorRig.WallStart;
            _view.Now = () => _clock.MonotonicMicroseconds;
            _broker.Deliver = (topic, payload, retained) =>
            {
                _view.Receive(topic, payload, retained);
                // An empty retained config removes an entity (a meter's key changed): not a config back.
                OnDelivered(topic, retained && payload.Length > 0);
            };
            _meterNames = new string[meters.Count];
            foreach (KeyValuePair<string, int> meter in meters)
            {
                _meterNames[meter.Value] = meter.Key;
            }

            SetupMeterChecks();
            _initialConfig = loaded.Active;

            // The first boot's clock starts an hour before the 32-bit millisecond wrap (49.7 days), so every run
            // crosses it; later boots start at 0 or just before the signed wrap (24.8 days).
            Boot(Ms32 - Hour);
            _wall.Synchronized = true;
            _view.EnergyWindowMicroseconds = _collector.Poller.Settings.IntervalOf(PollClass.Slow) + 30 * Second;
        }

        private void Boot(long clockStart)
        {
            _boots++;
            _bootClock.Reboot(clockStart);
            _bootAt = _clock.MonotonicMicroseconds;
            _bootOffset = clockStart;
            _view.Boot = _boots;
            _lastOrdinals = new int[0];
            _queuedThisBoot = 0;
            _receivedAtBoot = _view.StatesReceived;
            try
            {
                _config = new ConfigManager(new ConfigStore(_configStore));
                _config.Load();
                _collector = new Collector(_rig.Ports, _config);
                _rig.Config = _config;
                _rig.Collector = _collector;
                _collector.Start();
                _console = new ConsoleSession(_consoleOutput, _collector, _config, _bootClock, true);
                _console.Start();
            }
            catch (PowerCutException)
            {
                throw new InvalidOperationException("a boot must not write (power cut armed during boot)");
            }

            string config = Dump(_config.Active, null);
            if (config != Dump(_initialConfig, _intendedName))
            {
                _configUnintended++;
                _firstConfigProblem = _firstConfigProblem ?? "boot " + _boots + ": configuration differs from the one saved: " + config;
            }

            PulseProcessor processor = _collector.Pulses;
            for (int i = 0; i < processor.ChannelCount && i < _savedTotals.Length; i++)
            {
                long restored = processor.Channels[i].TotalPulses;
                _view.SetFloor(i, restored);
                if (_boots > 1 && restored != _savedTotals[i])
                {
                    _restoreMismatches++;
                    _firstRestoreMismatch = _firstRestoreMismatch ?? "boot " + _boots + ": channel " + i + " restored " + restored + " pulses, the last completed save held " + _savedTotals[i];
                }

                // The bound is the ground truth, not the collector's own count: pulses produced since the last
                // completed save (or the boot before it). A pulse never counted before that save (a ring overflow,
                // a dropped edge) makes the loss exceed it, where a bound of "pulses counted since" hid it.
                long expected = _capture.Generated(i) - _knownLoss[i];
                long lost = expected - restored;
                long bound = _capture.Generated(i) - _generatedAtBaseline[i];
                if (_boots > 1)
                {
                    if (lost < 0 || lost > bound)
                    {
                        _lossOverBound++;
                        _firstPulseProblem = _firstPulseProblem ?? "boot " + _boots + ": channel " + i + " lost " + lost
                            + " pulses at the power cut, more than the " + bound + " its output produced since the last completed save";
                    }

                    if (lost > bound)
                    {
                        _uncountedAtCuts += lost - bound;
                    }

                    if (lost > _largestCutLoss)
                    {
                        _largestCutLoss = lost;
                        _largestCutBound = bound;
                    }
                }

                _knownLoss[i] = _capture.Generated(i) - restored;
                _generatedAtBaseline[i] = _capture.Generated(i);
            }
        }

        private static string Dump(Configuration configuration, string deviceName)
        {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                string key = SettingKeys.At(i).Name;
                string value = key == SettingKeys.DeviceName && deviceName != null ? deviceName : configuration.Get(key);
                text.Append(key).Append('=').Append(value).Append(';');
            }

            text.Append("meters=").Append(ConfigManager.MeterNames(configuration)).Append(";pulses=").Append(ConfigManager.PulseNames(configuration));
            return text.ToString();
        }

        private void OnTotalsWritten(int slot, byte[] buffer, int offset, int count)
        {
            if (buffer[offset + 3] != PulseTotalsStore.RecordKind)
            {
                return;
            }

            int payload = offset + PowerSafeRecord.HeaderLength;
            int channels = buffer[payload];
            for (int c = 0; c < channels && c < _savedTotals.Length; c++)
            {
                _savedTotals[c] = BitConverter.ToInt64(buffer, payload + PulseTotalsStore.HeaderLength + c * PulseTotalsStore.BytesPerChannel + 4);

                // The save writes the totals it has just taken (PulseTotalsStore.SaveNow), on the main loop's thread
                // between two recordings of the outputs: what they have produced now is the truth behind it.
                _generatedAtBaseline[c] = _capture.Generated(c);
            }
        }

        private void OnConfigWritten(int slot, byte[] buffer, int offset, int count)
        {
            if (_pendingName != null)
            {
                _intendedName = _pendingName;
                _pendingName = null;
            }
        }

        // --- the main loop ---------------------------------------------------------------------------------

        private const long EmitEvery = 10000;
        private long _lastEmit = long.MinValue / 2;

        private void RunUntil(long end)
        {
            while (_clock.MonotonicMicroseconds < end)
            {
                long before = _clock.MonotonicMicroseconds;
                if (before - _lastEmit >= EmitEvery)
                {
                    // The outputs stamp each edge with its own time: recording them every 10 ms changes nothing.
                    _rig.Outputs.Emit();
                    _lastEmit = before;
                }

                int idle = 0;
                try
                {
                    idle = _collector.Step();
                }
                catch (PowerCutException)
                {
                    Count(FaultNames.TornWrite);
                    PowerCut(Second + _random.Next(29) * Second);
                    continue;
                }
                catch (Exception e)
                {
                    _unhandled++;
                    _firstUnhandled = _firstUnhandled ?? e.ToString();
                    PowerCut(Second);
                    continue;
                }

                _steps++;
                long remaining = end - _clock.MonotonicMicroseconds;
                if (idle > 0)
                {
                    _clock.Advance(Math.Max(0, Math.Min(idle, remaining)));
                }
                else if (_clock.MonotonicMicroseconds == before)
                {
                    _clock.Advance(1000);
                }
            }
        }

        private void At(long time, Action action)
        {
            _agenda.Enqueue(action, (time, _agendaOrder++));
        }

        private long NextAgenda() => _agenda.TryPeek(out _, out (long, long) key) ? Math.Max(key.Item1, _clock.MonotonicMicroseconds + 1) : long.MaxValue;

        private void RunAgenda(long now)
        {
            while (_agenda.TryPeek(out Action action, out (long, long) key) && key.Item1 <= now)
            {
                _agenda.Dequeue();
                action();
            }
        }

        private double EnergyNow(int meter)
        {
            MeterModel model = _rig.Simulators[meter].Model;
            model.Update();
            return model.Get(QuantityNames.EnergyImport);
        }

        private void SampleEnergy(long now)
        {
            double[] energies = new double[_rig.Simulators.Count];
            for (int m = 0; m < energies.Length; m++)
            {
                MeterModel model = _rig.Simulators[m].Model;
                model.Update();
                energies[m] = model.Get(QuantityNames.EnergyImport);
            }

            _view.Sample(now, energies);
        }

        private void EveryMinute(long now)
        {
            SampleOrdinals();
            long uptime = now - _bootAt + _bootOffset;
            if (uptime >= Ms32 && uptime - Minute < Ms32)
            {
                _ms32Crossings++;
            }

            if (uptime >= Ms31 && uptime - Minute < Ms31)
            {
                _ms31Crossings++;
            }
        }

        /// <summary>The publisher's per-series ordinals (16-bit, private): readings queued since the last sample.</summary>
        private void SampleOrdinals()
        {
            Publisher publisher = _collector.Publisher;
            if (publisher == null)
            {
                return;
            }

            int[] ordinals = (int[])typeof(Publisher).GetField("_sourceOrdinals", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(publisher);
            if (_lastOrdinals.Length < ordinals.Length)
            {
                int[] grown = new int[ordinals.Length];
                Array.Copy(_lastOrdinals, grown, _lastOrdinals.Length);
                _lastOrdinals = grown;
            }

            for (int s = 1; s < ordinals.Length; s++)
            {
                int delta = (ordinals[s] - _lastOrdinals[s]) & 0xFFFF;
                if (ordinals[s] < _lastOrdinals[s])
                {
                    _ordinalWraps++;
                }

                _queuedThisBoot += delta;
                _lastOrdinals[s] = ordinals[s];
            }
        }

        /// <summary>Accounts the readings of the boot that ends now (power cut or end of the run).</summary>
        private void CloseBoot()
        {
            SampleOrdinals();
            for (int i = 0; i < _collector.Pulses.ChannelCount; i++)
            {
                _lostEdges += _collector.Pulses.Channels[i].LostEdgeCount;
            }

            Publisher publisher = _collector.Publisher;
            long received = _view.StatesReceived - _receivedAtBoot;
            long dropped = publisher == null ? 0 : publisher.DroppedMessages;
            long buffered = publisher == null ? 0 : publisher.BufferedMessages;
            _queuedTotal += _queuedThisBoot;
            _droppedTotal += dropped;
            _lostInRingAtCuts += buffered;
            long lost = _queuedThisBoot - received - dropped - buffered;
            if (lost > 0)
            {
                _lostOutsideRing += lost;
            }
        }

        // --- faults ----------------------------------------------------------------------------------------

        private void Count(string name)
        {
            _counts[name]++;
        }

        private void Inject(ScheduledFault fault)
        {
            long now = _clock.MonotonicMicroseconds;
            switch (fault.Name)
            {
                case FaultNames.Noise:
                case FaultNames.Corrupt:
                case FaultNames.Truncate:
                case FaultNames.Echo:
                    BusFaultMode mode = fault.Name == FaultNames.Noise ? BusFaultMode.Noise
                        : fault.Name == FaultNames.Corrupt ? BusFaultMode.Corrupt
                        : fault.Name == FaultNames.Truncate ? BusFaultMode.Truncate : BusFaultMode.Echo;
                    Count(fault.Name);
                    _line.Mode = mode;
                    At(now + fault.Duration, () =>
                    {
                        if (_line.Mode == mode)
                        {
                            _line.Mode = BusFaultMode.None;
                        }
                    });
                    break;
                case FaultNames.MeterOff:
                    Count(fault.Name);
                    MeterOff(fault);
                    break;
                case FaultNames.SlowMeter:
                    Count(fault.Name);
                    SlowMeter(fault);
                    break;
                case FaultNames.MeterReplaced:
                    Count(fault.Name);
                    ReplaceMeter(2, fault);
                    break;
                case FaultNames.ConsoleScan:
                    Count(fault.Name);
                    ScanWithConsoleNoise();
                    break;
                case FaultNames.Wifi:
                    Count(fault.Name);
                    _network.Connected = false;
                    _broker.CutSession();
                    At(now + fault.Duration, () => _network.Connected = true);
                    break;
                case FaultNames.BrokerOutage:
                    Count(fault.Name);
                    BrokerDown(now + fault.Duration);
                    break;
                case FaultNames.SlowAck:
                    Count(fault.Name);
                    _broker.AcknowledgeDelayMicroseconds = 100000 + (long)(fault.Parameter * 1400000);
                    At(now + fault.Duration, () => _broker.AcknowledgeDelayMicroseconds = 0);
                    break;
                case FaultNames.BrokerRestart:
                    Count(fault.Name);
                    _discoveryBefore.Clear();
                    foreach (string topic in _broker.Retained.Keys)
                    {
                        if (topic.StartsWith("homeassistant/", StringComparison.Ordinal))
                        {
                            _discoveryBefore.Add(topic);
                        }
                    }

                    _broker.RestartLosingRetained();
                    _restarts++;
                    _restartsPending.Add(now);
                    ExpectDiscoveryAgain();
                    BrokerDown(now + fault.Duration);
                    break;
                case FaultNames.PowerCut:
                    Count(fault.Name);
                    PowerCut(fault.Duration);
                    break;
                case FaultNames.TornWrite:
                    // Counted when the write it tears happens (a power cut in the middle of it).
                    if (fault.Parameter < 0.5)
                    {
                        _configStore.ArmTear(ConfigStore.RecordKind);
                        Console(true);
                    }
                    else
                    {
                        _totalsStore.ArmTear(PulseTotalsStore.RecordKind);
                    }

                    break;
                case FaultNames.Console:
                    Count(fault.Name);
                    Console(fault.Parameter < 0.15);
                    break;
            }
        }

        private void BrokerDown(long until)
        {
            _outages++;
            _broker.Available = false;
            _broker.CutSession();
            At(until, () =>
            {
                _outages--;
                _broker.Available = _outages == 0;
            });
        }

        /// <summary>
        /// Console traffic: random printable and binary lines between real commands, in every console state
        /// (a staged change before save, a confirmation being asked). With <paramref name="change"/> the
        /// installer renames the collector and saves: a configuration write (that a torn write may cut).
        /// </summary>
        private void Console(bool change)
        {
            try
            {
                Line(RandomLine(false));
                Line(Pick(new[] { "help", "show", "status", "meter list", "pulse list", "show bus" }));
                Line(RandomLine(true));
                Line("relay main on");
                Line(RandomLine(false));
                Line(RandomLine(true));
                if (change)
                {
                    string name = "soak-" + _random.Next(1000000).ToString(CultureInfo.InvariantCulture);
                    Line("set device.name " + name);
                    Line(RandomLine(false));
                    _pendingName = name;
                    Line("save");
                    _pendingName = null;
                }
            }
            catch (PowerCutException)
            {
                Count(FaultNames.TornWrite);
                PowerCut(Second + _random.Next(29) * Second);
            }
            catch (Exception e)
            {
                _unhandled++;
                _firstUnhandled = _firstUnhandled ?? e.ToString();
            }
        }

        private void Line(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + "\r");
            _console.Receive(bytes, 0, bytes.Length);
        }

        private string Pick(string[] choices) => choices[_random.Next(choices.Length)];

        private string RandomLine(bool binary)
        {
            int length = _random.Next(1, 100);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                char c = binary ? (char)_random.Next(256) : (char)(32 + _random.Next(95));
                if (c == '\r' || c == '\n')
                {
                    c = '#';
                }

                text.Append(c);
            }

            // A line that happens to be "yes" would confirm the relay question: never random.
            string line = text.ToString();
            return line.Trim().ToLowerInvariant() == "yes" ? "no" : line;
        }

        private void PowerCut(long off)
        {
            CloseBoot();
            _capture.PowerLost();
            _broker.CutSession();
            _configStore.PowerLost();
            _totalsStore.PowerLost();
            _configStore.Disarm();
            _totalsStore.Disarm();
            _wall.Synchronized = false;
            _clock.Advance(off);
            long start = _random.Next(3) == 0 ? Ms31 - (long)(_random.NextDouble() * Day) : 0;
            Boot(start);

            // SNTP answers a few seconds after boot once WiFi is up.
            long sntp = _clock.MonotonicMicroseconds + 2 * Second + _random.Next(60) * Second;
            int boot = _boots;
            At(sntp, () => Synchronize(boot));
        }

        private void Synchronize(int boot)
        {
            if (boot != _boots)
            {
                return;
            }

            if (_network.Connected)
            {
                _wall.Synchronized = true;
            }
            else
            {
                At(_clock.MonotonicMicroseconds + 30 * Second, () => Synchronize(boot));
            }
        }

        private long Heap()
        {
            ObjectGraph graph = new ObjectGraph();
            return graph.Add(_collector, _config).Nano;
        }

        // --- summary ---------------------------------------------------------------------------------------

        private int Summarize(TextWriter output, double wallSeconds, long simulated)
        {
            bool ok = true;
            StringBuilder faults = new StringBuilder();
            foreach (string name in FaultNames.All)
            {
                faults.Append(faults.Length > 0 ? ", " : string.Empty).Append(name).Append(' ').Append(_counts[name]);
            }

            long counted = 0;
            long generated = 0;
            long errorPulses = 0;
            for (int i = 0; i < _savedTotals.Length; i++)
            {
                PulseChannel channel = _collector.Pulses.Channels[i];
                generated += _capture.Generated(i);
                counted += channel.TotalPulses;
                errorPulses += _capture.Generated(i) - channel.TotalPulses;
            }

            long knownLoss = 0;
            foreach (long loss in _knownLoss)
            {
                knownLoss += loss;
            }

            // Pulses never counted: at the cuts, what a loss exceeded its bound by; in the last boot, what the
            // outputs produced beyond the count and the known losses. The collector reports edges it knows it
            // lost (ring overflow, a missing edge): uncounted pulses beyond those were lost silently.
            long uncounted = _uncountedAtCuts + Math.Max(0, errorPulses - knownLoss);
            long busWrites = _line.WriteRequests;
            bool pulsesOk = _restoreMismatches == 0 && _lossOverBound == 0 && errorPulses == knownLoss && errorPulses >= 0
                && _view.PulsesAboveTruth == 0 && _view.PulsesDecreased == 0;
            bool registersOk = _view.EnergyMismatches == 0;
            bool readingsOk = _lostOutsideRing == 0;
            bool orderOk = _view.DuplicatesOrReordered == 0;
            long discoveryMax = DiscoveryAfterReconnectMax();
            bool discoveryOk = _restartsRecovered == _restarts && discoveryMax <= DiscoveryAfterReconnectLimit;
            int offRecovered = MeterOffRecovered(out int offTotal, out long slowestResume);
            int replacedDetected = ReplacementsDetected(out int replacedTotal, out int superseded, out long slowestDetection, out int discoveryUpdated, out long slowestDiscovery);
            SlowAnswersProblem();
            bool metersOk = offRecovered == offTotal && replacedDetected == replacedTotal && _slowAccepted == _slowAnswered
                && (_counts[FaultNames.SlowMeter] == 0 || _slowAnswered > 0);
            bool scansOk = _scansOk == _scans;
            bool configOk = _configUnintended == 0;
            bool unhandledOk = _unhandled == 0;
            bool writesOk = busWrites == 0;

            // The retained heap may differ by a few strings between boots (identities, the device name): noise.
            bool heapOk = _heapLast - _heapDay1 <= HeapNoiseBytes;
            ok = pulsesOk && registersOk && readingsOk && orderOk && discoveryOk && configOk && unhandledOk && writesOk && heapOk && metersOk && scansOk;

            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "soak: {0:0.##} simulated days (seed {1}, faults {2}{7}) in {3:F1} s of wall time, {4} main-loop steps, {5} boots, {6:N0}x real time",
                _days, _seed, _enabled.Count == FaultNames.All.Length ? "all" : string.Join(",", _enabled), wallSeconds, Figures.Number(_steps), _boots, simulated / 1e6 / wallSeconds,
                _deviceModel == null ? string.Empty : ", device model " + _deviceModel + ": " + _uart.Deliveries + " UART chunks, " + _uart.EchoBytesFlushed + " echo bytes flushed"));
            output.WriteLine("  faults injected: " + faults);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  bus: {0} requests, {1} responses damaged on the line ({2} timeouts, {3} CRC errors counted by the poller since its last rebuild); storage: {4} torn writes ({5} with a flipped bit), {6} record sequence wraps; broker: {7} sessions, {8} messages",
                Figures.Number(_line.Requests), Figures.Number(_line.DamagedResponses), Figures.Number(_collector.Poller.Statistics.Timeouts), Figures.Number(_collector.Poller.Statistics.CrcErrors),
                _configStore.TornWrites + _totalsStore.TornWrites, _configStore.BitFlips + _totalsStore.BitFlips, _configStore.SequenceWraps + _totalsStore.SequenceWraps, _broker.Sessions, Figures.Number(_broker.Accepted)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  pulses: {0} produced, {1} counted; per power cut at most the pulses produced since the last completed save are lost: largest loss {2} pulses (bound at that cut {3}), cuts over their bound {4}, restores differing from the last completed save {5}; never counted {9} (edges the collector reported lost: {10}); published totals above the truth {6}, decreasing {7}  {8}",
                Figures.Number(generated), Figures.Number(counted), _largestCutLoss, _largestCutBound, _lossOverBound, _restoreMismatches, _view.PulsesAboveTruth, _view.PulsesDecreased, Figures.Verdict(pulsesOk),
                Figures.Number(uncounted), Figures.Number(_lostEdges)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  readings: {0} queued, {1} state messages received by the subscriber, {2} dropped (counted), {3} left in the ring at power cuts; energy_import checked against the registers {4} times ({5} not checkable: no wall time yet or older than the 2-day history)",
                Figures.Number(_queuedTotal), Figures.Number(_view.StatesReceived), Figures.Number(_droppedTotal), Figures.Number(_lostInRingAtCuts), Figures.Number(_view.EnergyChecked), Figures.Number(_view.EnergyUnchecked)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  broker restarts losing retained messages: {0}, discovery republished after {1} of them ({7:F1} s at most after the collector reconnected to the restarted broker, mean {8:F1} s; slowest {2:F0} s from the restart, outages after it included)  {9}; heap model (collector + configuration): {3} B after day 1, {4} B after the last day (noise allowed: {5} B)  {6}",
                _restarts, _restartsRecovered, _slowestRecovery / 1e6, _heapDay1, _heapLast, HeapNoiseBytes, Figures.Verdict(heapOk), discoveryMax / 1e6, DiscoveryAfterReconnectMean() / 1e6, Figures.Verdict(discoveryOk)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  meters: switched off and on {0} times, back {1} (readings within {2:F0} s at most of switch-on, window {3:F0} s; availability offline and online again, a new reading, in the subscriber's view); replaced {4} times, detected {5} (new serial read, meter_reset event, no energy_backwards: {6:F0} s at most after the new meter was attached{7}; discovery configs with the new serial {13} of {4}, {14:F0} s at most after it was attached: reported, not a verdict, as a late broker session can delay it past the run's end; firmware.Tests AppMeterTests checks it); slow meter (5-45 ms inside the {8} ms timeout): {9} of {10} answers on a clean line accepted, slowest accepted {11:F1} ms from request to complete answer  {12}",
                offTotal, offRecovered, slowestResume / 1e6, MeterResumeWindow / 1e6, replacedTotal, replacedDetected, slowestDetection / 1e6,
                superseded > 0 ? "; " + superseded + " replaced again before detection, not counted" : string.Empty,
                SettingsMapper.Bus(_config.Active).ResponseTimeoutMicroseconds / 1000, Figures.Number(_slowAccepted), Figures.Number(_slowAnswered), _slowestAccepted / 1000.0, Figures.Verdict(metersOk),
                discoveryUpdated, slowestDiscovery / 1e6));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  console during bus scans: {0} scans (`scan 1 N`, N 4..16) with {1} random lines typed while they ran; completed and found the meters on the bus, configuration unchanged: {2} ({3} with line damage or a meter slower than the scan's probe: completion only)  {4}",
                _scans, _scanNoiseLines, _scansOk, _scansCompletionOnly, Figures.Verdict(scansOk)));
            string problem = _firstRestoreMismatch ?? _firstPulseProblem ?? _view.FirstProblem ?? _firstConfigProblem ?? _firstUnhandled ?? _firstMeterProblem ?? _firstScanProblem;
            if (problem != null)
            {
                output.WriteLine("  first problem: " + problem);
            }

            Key(output, "days", _days);
            Key(output, "seed", _seed);
            Key(output, "device_model", _deviceModel ?? "host");
            Key(output, "wall_seconds", wallSeconds.ToString("F1", CultureInfo.InvariantCulture));
            Key(output, "pulse_energy_error_pulses", errorPulses);
            Key(output, "pulse_loss_bound_per_cut", "pulses produced since the last completed save (largest cut: lost " + _largestCutLoss + " of bound " + _largestCutBound + ")");
            Key(output, "pulses_uncounted", uncounted + " (collector reported " + _lostEdges + " lost edges)");
            Key(output, "pulse_cuts_over_bound", _lossOverBound);
            Key(output, "pulse_restore_mismatches", _restoreMismatches);
            Key(output, "pulse_totals_decreasing", _view.PulsesDecreased);
            Key(output, "pulse_counted_twice", _view.PulsesAboveTruth);
            Key(output, "register_energy_mismatches", _view.EnergyMismatches);
            Key(output, "readings_lost_outside_ring", _lostOutsideRing);
            Key(output, "readings_dropped_counted", _droppedTotal);
            Key(output, "readings_lost_in_ring_at_power_cuts", _lostInRingAtCuts);
            Key(output, "duplicate_or_reordered_messages", _view.DuplicatesOrReordered);
            Key(output, "discovery_after_retained_loss", _restartsRecovered + "/" + _restarts);
            Key(output, "discovery_after_reconnect_max_s", (discoveryMax / 1e6).ToString("F1", CultureInfo.InvariantCulture));
            Key(output, "discovery_after_reconnect_mean_s", (DiscoveryAfterReconnectMean() / 1e6).ToString("F1", CultureInfo.InvariantCulture));
            Key(output, "meter_off_recovered", offRecovered + "/" + offTotal);
            Key(output, "meter_off_resume_max_s", (slowestResume / 1e6).ToString("F0", CultureInfo.InvariantCulture));
            Key(output, "meter_replaced_detected", replacedDetected + "/" + replacedTotal);
            Key(output, "meter_replaced_discovery_updated", discoveryUpdated + "/" + replacedTotal + " (" + (slowestDiscovery / 1e6).ToString("F0", CultureInfo.InvariantCulture) + " s at most)");
            Key(output, "slow_meter_reads_ok", _slowAccepted + "/" + _slowAnswered);
            Key(output, "console_during_scan_ok", _scansOk + "/" + _scans);
            Key(output, "config_changes_unintended", _configUnintended);
            Key(output, "config_changes_intended", _intendedName);
            Key(output, "relay_or_register_writes", busWrites);
            Key(output, "unhandled_exceptions", _unhandled);
            Key(output, "heap_growth_bytes", _heapDay1 < 0 ? 0 : _heapLast - _heapDay1);
            Key(output, "crossed_ms32_wrap", _ms32Crossings);
            Key(output, "crossed_ms31_wrap", _ms31Crossings);
            Key(output, "crossed_record_sequence_wraps", _configStore.SequenceWraps + _totalsStore.SequenceWraps);
            Key(output, "crossed_ring_ordinal_wraps", _ordinalWraps);
            Key(output, "boots", _boots);
            Key(output, "verdict", ok ? "ok" : "FAILED");
            return ok ? 0 : 1;
        }

        private static void Key(TextWriter output, string key, object value)
        {
            output.WriteLine("soak: " + key + "=" + Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
