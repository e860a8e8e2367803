using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.App;
using EspCollector.Core.Bus;
using EspCollector.Core.Config;
using EspCollector.Core.Meters;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// The meter faults and their explicit checks (issue 12, "meter faults"):
    /// <list type="bullet">
    /// <item>meter_off_recovered: a meter switched off for hours and back. Once it is on again its readings resume
    /// within <see cref="MeterResumeWindow"/> (the poller probes an offline meter every 30 s, then reads it), and
    /// the subscriber saw its availability go offline (when a session lasting a minute existed while it was off,
    /// 2 minutes after it went off) and back online, and a reading made after it came back.</item>
    /// <item>meter_replaced_detected: the meter is taken out for 5 to 60 minutes and a new one (new serial, energy
    /// from 0) answers at the same address. What the firmware documents (Core/Meters README, "a changed serial
    /// number resets the references"; Publishing README, events): the serial read at reconnection is the new one,
    /// a meter_reset event is published for that meter and no energy_backwards event follows (its references were
    /// reset); after a reboot in between the collector has no old serial to compare with: then no event is
    /// required. When the retained discovery configs of the meter carry the new serial is reported, not checked
    /// (nothing documents a re-announcement on a serial change: the collector announces identities once per boot
    /// or configuration).</item>
    /// <item>slow_meter_reads_ok: a meter answering 5 to 45 ms inside the response timeout: every answer it gave
    /// while the line was clean (no damage, no scan, same boot) was accepted by the poller.</item>
    /// </list>
    /// </summary>
    public sealed partial class SoakRun
    {
        /// <summary>After switch-on: the 30 s offline probe, the first poll, room for a damaged probe or two.</summary>
        private const long MeterResumeWindow = 5 * Minute;

        /// <summary>The poller marks a silent meter offline within seconds; the availability follows at once.</summary>
        private const long OfflineDetection = 2 * Minute;

        private string[] _meterNames;
        private int[] _offDepth;
        private readonly List<MeterOffCheck> _offChecks = new List<MeterOffCheck>();
        private readonly List<ReplacementCheck> _replacements = new List<ReplacementCheck>();
        private readonly List<SlowCheck> _slowChecks = new List<SlowCheck>();
        private int _eventsScanned;
        private long _slowAnswered;
        private long _slowAccepted;
        private int _slowestAccepted;
        private string _firstMeterProblem;

        private sealed class MeterOffCheck
        {
            public int Target;
            public string Name;
            public long OffAt;
            public long OnAt = -1;
            public bool OfflineExpected;
            public bool OfflineSeen;
            public long ResumedAt = -1;
            public bool Done;
            public bool Failed;
        }

        private sealed class ReplacementCheck
        {
            public int Index;
            public string Name;
            public string Serial;
            public long RemovedAt;
            public KlefrSimulator Replacement;
            public long AttachedAt = -1;
            public int BootAtRemoval;
            public bool IdentityOk;
            public bool EventSeen;
            public bool Backwards;
            public bool Superseded;
            public long DetectedAt = -1;
            public long DiscoveryAt = -1;
            public bool Failed;
        }

        private sealed class SlowCheck
        {
            public int Target;
            public SimulatedMeter Meter;
            public bool Ended;
            public bool Done;
            public bool HaveBaseline;
            public int Boot;
            public long Requests;
            public long Answers;
            public long Damaged;
            public int Scans;
        }

        private void SetupMeterChecks()
        {
            _offDepth = new int[_rig.Simulators.Count];
        }

        /// <summary>The collector's monotonic time of this boot as virtual time.</summary>
        private long ToVirtual(long bootMicroseconds) => bootMicroseconds - _bootOffset + _bootAt;

        private int DriverIndex(int address)
        {
            MeterDriver[] drivers = _collector.Meters;
            for (int i = 0; i < drivers.Length; i++)
            {
                if (drivers[i].Address == address)
                {
                    return i;
                }
            }

            return -1;
        }

        private void MeterProblem(string text)
        {
            _firstMeterProblem = _firstMeterProblem ?? text;
        }

        // --- injection ---------------------------------------------------------------------------------------

        private void MeterOff(ScheduledFault fault)
        {
            int target = fault.Target;
            _offDepth[target]++;
            _rig.Simulators[target].Faults.Set(FaultKind.Silence);
            _offChecks.Add(new MeterOffCheck { Target = target, Name = _meterNames[target], OffAt = _clock.MonotonicMicroseconds });
            At(_clock.MonotonicMicroseconds + fault.Duration, () =>
            {
                if ((_sabotage & SoakSabotage.MeterStaysOff) == 0)
                {
                    SwitchOn(target);
                }
            });
        }

        private void SwitchOn(int target)
        {
            if (_offDepth[target] == 0 || --_offDepth[target] > 0)
            {
                return;
            }

            long now = _clock.MonotonicMicroseconds;
            _rig.Simulators[target].Faults.Clear();
            _view.Seen(_meterNames[target]).Watch(now);
            foreach (MeterOffCheck check in _offChecks)
            {
                if (check.Target == target && check.OnAt < 0)
                {
                    check.OnAt = now;
                }
            }
        }

        private void SlowMeter(ScheduledFault fault)
        {
            SimulatedMeter slow = _rig.Simulators[fault.Target];
            int timeout = SettingsMapper.Bus(_config.Active).ResponseTimeoutMicroseconds;
            slow.ResponseLatencyMicroseconds = (_sabotage & SoakSabotage.SlowMeterPastTimeout) != 0
                ? timeout + 20000
                : timeout - 5000 - (int)(fault.Parameter * 40000);
            SlowCheck check = new SlowCheck { Target = fault.Target, Meter = slow };
            _slowChecks.Add(check);
            At(_clock.MonotonicMicroseconds + fault.Duration, () =>
            {
                check.Ended = true;
                foreach (SlowCheck other in _slowChecks)
                {
                    if (!other.Ended && other.Meter == slow)
                    {
                        return;
                    }
                }

                slow.ResponseLatencyMicroseconds = 5000;
            });
        }

        /// <summary>
        /// The meter at <paramref name="index"/> is taken out; 5 to 60 minutes later a new one (new serial, energy
        /// from 0) answers at its address.
        /// </summary>
        private void ReplaceMeter(int index, ScheduledFault fault)
        {
            SimulatedMeter old = _rig.Simulators[index];
            int n = (int)_counts[FaultNames.MeterReplaced];
            uint serial = (_sabotage & SoakSabotage.ReplacementKeepsSerial) != 0 && old is KlefrSimulator klefr ? klefr.SerialNumber : (uint)(16200000 + n);
            MeterModelOptions options = new MeterModelOptions { Seed = 1000 + n, InitialEnergyImport = 0, InitialEnergyExport = 0, Tariffs = TariffSchedule.DayNight() };
            KlefrSimulator replacement = new KlefrSimulator(old.Address, old.Settings, new MeterModel(options, _clock), serial);
            replacement.ResponseLatencyMicroseconds = 5000;
            replacement.RenderReadRegistersOnly = true;
            _rig.Bus.Slave.Remove(old);
            foreach (ReplacementCheck earlier in _replacements)
            {
                if (earlier.Index == index && earlier.DetectedAt < 0 && !earlier.Failed)
                {
                    earlier.Superseded = true;
                }
            }

            ReplacementCheck check = new ReplacementCheck
            {
                Index = index,
                Name = _meterNames[index],
                Serial = serial.ToString(CultureInfo.InvariantCulture),
                RemovedAt = _clock.MonotonicMicroseconds,
                BootAtRemoval = _boots,
                Replacement = replacement,
            };
            _replacements.Add(check);
            long downtime = (long)(5 * Minute * Math.Pow(12, fault.Parameter));
            At(_clock.MonotonicMicroseconds + downtime, () => AttachReplacement(check));
        }

        private void AttachReplacement(ReplacementCheck check)
        {
            if (check.AttachedAt >= 0 || check.Superseded)
            {
                return;
            }

            KlefrSimulator replacement = check.Replacement;
            _rig.Bus.Slave.Remove(_rig.Simulators[check.Index]);
            if (_offDepth[check.Index] > 0)
            {
                replacement.Faults.Set(FaultKind.Silence);
            }

            _rig.Bus.Attach(replacement);
            _rig.Simulators[check.Index] = replacement;
            check.AttachedAt = _clock.MonotonicMicroseconds;
        }

        /// <summary>Before the drain: every meter on, at its normal speed, every replacement in place.</summary>
        private void EndMeterFaults()
        {
            foreach (ReplacementCheck check in _replacements)
            {
                AttachReplacement(check);
            }

            foreach (SlowCheck check in _slowChecks)
            {
                check.Ended = true;
                check.Meter.ResponseLatencyMicroseconds = 5000;
            }

            for (int target = 0; target < _offDepth.Length; target++)
            {
                if (_offDepth[target] > 0 && (_sabotage & SoakSabotage.MeterStaysOff) == 0)
                {
                    _offDepth[target] = 1;
                    SwitchOn(target);
                }
            }
        }

        // --- checks, every 10 s of virtual time ---------------------------------------------------------------

        private void CheckMeterFaults(long now)
        {
            foreach (MeterOffCheck check in _offChecks)
            {
                if (!check.Done)
                {
                    CheckMeterOff(check, now);
                }
            }

            ScanEvents();
            foreach (ReplacementCheck check in _replacements)
            {
                if (check.AttachedAt >= 0 && (check.DetectedAt < 0 || check.DiscoveryAt < 0) && !check.Superseded && !check.Failed)
                {
                    CheckReplacement(check, now);
                }
            }

            foreach (SlowCheck check in _slowChecks)
            {
                if (!check.Done)
                {
                    CountSlowAnswers(check);
                }
            }
        }

        private void CheckMeterOff(MeterOffCheck check, long now)
        {
            SubscriberView.MeterSeen seen = _view.Seen(check.Name);
            if (check.OnAt < 0)
            {
                if (now >= check.OffAt + OfflineDetection && _broker.HasSession && now - _broker.SessionStartedAt >= Minute)
                {
                    check.OfflineExpected = true;
                }

                // Offline in the subscriber's view at some instant of the off period: it went offline after the
                // meter went off, or it already showed offline (a meter switched off again while still offline
                // from an earlier switch-off or from a reboot; 400-day run, seed 1, meter "flat" at day 164).
                check.OfflineSeen |= seen.OfflineAt >= check.OffAt || (seen.Availability == "offline" && now >= check.OffAt);
                return;
            }

            if (check.ResumedAt < 0)
            {
                int driver = DriverIndex(_rig.Simulators[check.Target].Address);
                DeviceStatistics statistics = driver < 0 ? null : _collector.Poller.StatisticsAt(driver);
                if (statistics != null && statistics.Online && statistics.LastAnswerMicroseconds > 0
                    && ToVirtual(statistics.LastAnswerMicroseconds) >= check.OnAt)
                {
                    check.ResumedAt = now;
                }
                else if (now > check.OnAt + MeterResumeWindow)
                {
                    Fail(check, "meter " + check.Name + " switched on again at " + check.OnAt / Second + " s: no reading within " + MeterResumeWindow / Second + " s");
                    return;
                }
            }

            if (check.ResumedAt >= 0 && seen.Availability == "online" && seen.FirstReadingSinceWatch >= 0)
            {
                check.Done = true;
                if (check.OfflineExpected && !check.OfflineSeen)
                {
                    Fail(check, "meter " + check.Name + " off from " + check.OffAt / Second + " s to " + check.OnAt / Second + " s: the subscriber never saw it offline");
                }
            }
        }

        private void Fail(MeterOffCheck check, string problem)
        {
            check.Done = true;
            check.Failed = true;
            MeterProblem(problem);
        }

        /// <summary>The events the subscriber received since the last call, against the pending replacements.</summary>
        private void ScanEvents()
        {
            for (; _eventsScanned < _view.EventsSeen.Count; _eventsScanned++)
            {
                SubscriberView.SeenEvent seen = _view.EventsSeen[_eventsScanned];
                foreach (ReplacementCheck check in _replacements)
                {
                    if (check.Superseded || check.Failed || check.DetectedAt >= 0 || seen.Source != check.Name || seen.At < check.RemovedAt)
                    {
                        continue;
                    }

                    if (seen.Kind == "meter_reset" && check.AttachedAt >= 0)
                    {
                        check.EventSeen = true;
                    }
                    else if (seen.Kind == "energy_backwards")
                    {
                        check.Backwards = true;
                        check.Failed = true;
                        MeterProblem("meter " + check.Name + " replaced at " + check.AttachedAt / Second + " s: energy_backwards published (" + seen.Detail + ") instead of a new meter's reset");
                    }
                }
            }
        }

        private void CheckReplacement(ReplacementCheck check, long now)
        {
            if (check.DetectedAt < 0)
            {
                int driver = DriverIndex(_rig.Simulators[check.Index].Address);
                check.IdentityOk = driver >= 0 && _collector.Meters[driver].Identity.SerialNumber == check.Serial;

                // A reboot since the removal: the collector read the new serial first, there is nothing to compare.
                bool eventRequired = _boots == check.BootAtRemoval;
                if (check.IdentityOk && (check.EventSeen || !eventRequired))
                {
                    check.DetectedAt = now;
                }
            }

            // Reported, not a check: the firmware documents no re-announcement on a serial change.
            if (check.DiscoveryAt >= 0 || !_broker.HasSession || now - _broker.SessionStartedAt < Minute)
            {
                return;
            }

            string marker = "/meter_" + check.Name + "_";
            string serial = "\"serial_number\":\"" + check.Serial + "\"";
            int configs = 0;
            foreach (KeyValuePair<string, byte[]> retained in _broker.Retained)
            {
                if (retained.Key.StartsWith("homeassistant/", StringComparison.Ordinal) && retained.Key.Contains(marker, StringComparison.Ordinal))
                {
                    configs++;
                    if (!System.Text.Encoding.UTF8.GetString(retained.Value).Contains(serial, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            }

            if (configs > 0)
            {
                check.DiscoveryAt = now;
            }
        }

        private void CountSlowAnswers(SlowCheck check)
        {
            int driver = DriverIndex(check.Meter.Address);
            if (driver < 0)
            {
                return;
            }

            DeviceStatistics statistics = _collector.Poller.StatisticsAt(driver);
            bool clean = check.HaveBaseline && check.Boot == _boots && check.Damaged == _line.DamagedResponses && check.Scans == _scans
                && _rig.Simulators[check.Target] == check.Meter && _offDepth[check.Target] == 0 && statistics.Answers >= check.Answers;
            if (clean)
            {
                _slowAnswered += check.Meter.RequestCount - check.Requests;
                _slowAccepted += statistics.Answers - check.Answers;
                if (check.Meter.RequestCount > check.Requests)
                {
                    _slowestAccepted = Math.Max(_slowestAccepted, statistics.WorstResponseLatencyMicroseconds);
                }
            }

            check.HaveBaseline = true;
            check.Boot = _boots;
            check.Requests = check.Meter.RequestCount;
            check.Answers = statistics.Answers;
            check.Damaged = _line.DamagedResponses;
            check.Scans = _scans;
            check.Done = check.Ended;
        }

        // --- summary -----------------------------------------------------------------------------------------

        private int MeterOffRecovered(out int total, out long slowestResume)
        {
            int recovered = 0;
            total = 0;
            slowestResume = 0;
            foreach (MeterOffCheck check in _offChecks)
            {
                total++;
                if (check.Done && !check.Failed)
                {
                    recovered++;
                    slowestResume = Math.Max(slowestResume, check.ResumedAt - check.OnAt);
                }
                else if (!check.Done)
                {
                    MeterProblem("meter " + check.Name + " off from " + check.OffAt / Second + " s: " + (check.OnAt < 0 ? "never switched on again" : "not back in the subscriber's view by the end"));
                }
            }

            return recovered;
        }

        private int ReplacementsDetected(out int total, out int superseded, out long slowest, out int discoveryUpdated, out long slowestDiscovery)
        {
            int detected = 0;
            total = 0;
            superseded = 0;
            slowest = 0;
            discoveryUpdated = 0;
            slowestDiscovery = 0;
            foreach (ReplacementCheck check in _replacements)
            {
                if (check.Superseded)
                {
                    superseded++;
                    continue;
                }

                total++;
                if (check.DiscoveryAt >= 0)
                {
                    discoveryUpdated++;
                    slowestDiscovery = Math.Max(slowestDiscovery, check.DiscoveryAt - check.AttachedAt);
                }

                if (check.DetectedAt >= 0 && !check.Failed)
                {
                    detected++;
                    slowest = Math.Max(slowest, check.DetectedAt - check.AttachedAt);
                }
                else if (!check.Failed)
                {
                    MeterProblem("meter " + check.Name + " replaced (serial " + check.Serial + "): " + (!check.IdentityOk ? "the collector did not read the new serial" : "no meter_reset event") + " by the end");
                }
            }

            return detected;
        }

        /// <summary>The slow meters' answers the poller did not accept, as a problem line.</summary>
        private void SlowAnswersProblem()
        {
            if (_slowAccepted != _slowAnswered)
            {
                MeterProblem("slow meter: " + (_slowAnswered - _slowAccepted) + " of " + _slowAnswered + " answers given inside the response timeout on a clean line were not accepted");
            }
        }
    }
}
