using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EspCollector.Benchmarks.Support;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// An independent subscriber: sees only what the broker delivers, parses the JSON itself, and checks it
    /// against ground truth from the simulators: per state topic, times strictly increasing within a boot (no
    /// duplicate, no reordering); each meter's published energy_import equal to what its simulator's register
    /// held in the window the reading can come from; each pulse channel's published total never above the
    /// pulses its S0 output really produced (nothing counted twice) and never decreasing, except after a power
    /// cut down to the total restored from storage.
    /// </summary>
    public sealed class SubscriberView
    {
        /// <summary>Energy samples are kept every 10 s for 2 days (older replayed readings are not checked).</summary>
        private const long SampleMicroseconds = 10 * FaultSchedule.Second;
        private const int SampleCount = (int)(2 * FaultSchedule.Day / SampleMicroseconds);

        private readonly Dictionary<string, TopicState> _topics = new Dictionary<string, TopicState>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _meterIndex;
        private readonly Dictionary<string, int> _pulseIndex;
        private readonly double[][] _energy;
        private readonly long[] _floor;
        private readonly Func<int, long> _truePulses;
        private readonly Func<int, double> _energyNow;
        private long _firstSample = -1;
        private long _lastSample = -1;

        public int Boot;
        public long EnergyWindowMicroseconds;
        public DateTime WallStart;

        public long StatesReceived;
        public long MeterStates;
        public long PulseStates;
        public long Events;
        public long Discovery;
        public long DuplicatesOrReordered;
        public long EnergyChecked;
        public long EnergyUnchecked;
        public long EnergyMismatches;
        public long PulsesAboveTruth;
        public long PulsesDecreased;
        public string FirstProblem;

        /// <summary>Virtual time now (µs), for the time each availability, event and reading is received.</summary>
        public Func<long> Now = () => 0;

        /// <summary>Events received (meter_reset, energy_backwards, ...), in order.</summary>
        public readonly List<SeenEvent> EventsSeen = new List<SeenEvent>();

        private readonly Dictionary<string, MeterSeen> _seen = new Dictionary<string, MeterSeen>(StringComparer.Ordinal);

        /// <summary>What the subscriber saw of one meter: its availability and its readings.</summary>
        public MeterSeen Seen(string meter)
        {
            if (!_seen.TryGetValue(meter, out MeterSeen seen))
            {
                seen = new MeterSeen();
                _seen[meter] = seen;
            }

            return seen;
        }

        public SubscriberView(Dictionary<string, int> meterIndex, Dictionary<string, int> pulseIndex, Func<int, long> truePulses, Func<int, double> energyNow)
        {
            _energyNow = energyNow;
            _meterIndex = meterIndex;
            _pulseIndex = pulseIndex;
            _truePulses = truePulses;
            _energy = new double[meterIndex.Count][];
            for (int i = 0; i < _energy.Length; i++)
            {
                _energy[i] = new double[SampleCount];
            }

            _floor = new long[pulseIndex.Count];
        }

        /// <summary>Records each simulator's energy register now (call every 10 s of virtual time).</summary>
        public void Sample(long now, double[] energies)
        {
            if (_firstSample < 0)
            {
                _firstSample = now;
            }

            long index = (now - _firstSample) / SampleMicroseconds;
            for (int m = 0; m < energies.Length; m++)
            {
                _energy[m][index % SampleCount] = energies[m];
            }

            _lastSample = index;
        }

        /// <summary>After a reboot: the lowest total a channel may publish now (what storage restored).</summary>
        public void SetFloor(int channel, long restored)
        {
            _floor[channel] = restored;
        }

        public void Receive(string topic, byte[] payload, bool retained)
        {
            MessageKind kind = BenchBroker.Classify(topic);
            if (kind == MessageKind.Discovery)
            {
                Discovery++;
                return;
            }

            if (kind == MessageKind.Event)
            {
                Events++;
                string json = Encoding.UTF8.GetString(payload);
                EventsSeen.Add(new SeenEvent { At = Now(), Kind = StringField(json, "event"), Source = StringField(json, "source"), Detail = StringField(json, "detail") });
                return;
            }

            if (kind == MessageKind.Availability && topic.Contains("/meter/", StringComparison.Ordinal))
            {
                MeterSeen seen = Seen(NameOf(topic));
                string value = Encoding.UTF8.GetString(payload);
                if (value != seen.Availability)
                {
                    seen.Availability = value;
                    if (value == "offline")
                    {
                        seen.OfflineAt = Now();
                    }
                    else if (value == "online")
                    {
                        seen.OnlineAt = Now();
                    }
                }

                return;
            }

            if (kind != MessageKind.MeterState && kind != MessageKind.PulseState)
            {
                return;
            }

            StatesReceived++;
            string text = Encoding.UTF8.GetString(payload);
            string name = NameOf(topic);
            if (!_topics.TryGetValue(topic, out TopicState state))
            {
                state = new TopicState();
                _topics[topic] = state;
            }

            string ts = StringField(text, "ts");
            double uptime = ts == null ? NumberField(text, "uptime") : double.NaN;
            if (state.Boot == Boot)
            {
                bool later = ts != null
                    ? state.Ts == null || string.CompareOrdinal(ts, state.Ts) > 0
                    : state.Ts != null || double.IsNaN(state.Uptime) || uptime > state.Uptime;
                if (!later)
                {
                    DuplicatesOrReordered++;
                    Problem("duplicate or reordered message on " + topic + ": " + text.Substring(0, Math.Min(80, text.Length)));
                }
            }

            bool newBoot = state.Boot != Boot;
            state.Boot = Boot;
            state.Ts = ts;
            state.Uptime = uptime;

            if (kind == MessageKind.MeterState)
            {
                MeterStates++;
                MeterSeen seen = Seen(name);
                long made = ts == null ? Now() : WallToVirtual(ts);
                if (seen.WatchFrom >= 0 && made >= seen.WatchFrom && seen.FirstReadingSinceWatch < 0)
                {
                    seen.FirstReadingSinceWatch = made;
                }

                CheckEnergy(name, ts, text);
            }
            else
            {
                PulseStates++;
                CheckPulses(name, text, state, newBoot);
            }
        }

        private void CheckEnergy(string name, string ts, string text)
        {
            double energy = NumberField(text, "energy_import");
            if (!_meterIndex.TryGetValue(name, out int meter) || double.IsNaN(energy))
            {
                return;
            }

            if (ts == null || _lastSample < 0)
            {
                EnergyUnchecked++;
                return;
            }

            long at = WallToVirtual(ts);
            long from = (at - EnergyWindowMicroseconds - _firstSample) / SampleMicroseconds - 1;
            long to = (at - _firstSample) / SampleMicroseconds + 1;
            if (from < 0 || _lastSample - from >= SampleCount - 1)
            {
                EnergyUnchecked++;
                return;
            }

            double min = double.MaxValue;
            double max = double.MinValue;
            if (to > _lastSample)
            {
                // A reading delivered as soon as it was made: the register now closes the window.
                to = _lastSample;
                double now = _energyNow(meter);
                min = Math.Min(min, now);
                max = Math.Max(max, now);
            }

            for (long i = from; i <= to; i++)
            {
                double value = _energy[meter][i % SampleCount];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            // Register resolution (0.01 kWh) and float32 rounding of large totals, plus the 3 decimals printed.
            double tolerance = 0.015 + Math.Abs(max) * 2e-7;
            EnergyChecked++;
            if (energy < min - tolerance || energy > max + tolerance)
            {
                EnergyMismatches++;
                Problem(string.Format(CultureInfo.InvariantCulture, "meter {0} published energy_import {1} at {2}; its register held {3}..{4} then", name, energy, ts, min, max));
            }
        }

        private void CheckPulses(string name, string text, TopicState state, bool newBoot)
        {
            double value = NumberField(text, "pulses");
            if (!_pulseIndex.TryGetValue(name, out int channel) || double.IsNaN(value))
            {
                return;
            }

            long pulses = (long)value;
            if (pulses > _truePulses(channel))
            {
                PulsesAboveTruth++;
                Problem("channel " + name + " published " + pulses + " pulses, more than the " + _truePulses(channel) + " its output produced");
            }

            long lowest = newBoot ? _floor[channel] : state.Pulses;
            if (pulses < lowest)
            {
                PulsesDecreased++;
                Problem("channel " + name + " published " + pulses + " pulses after " + state.Pulses + (newBoot ? " (restored " + _floor[channel] + ")" : string.Empty));
            }

            state.Pulses = pulses;
        }

        /// <summary>The virtual time (µs) of a payload's "ts".</summary>
        private long WallToVirtual(string ts)
        {
            return (DateTime.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - WallStart).Ticks / 10;
        }

        private void Problem(string text)
        {
            FirstProblem = FirstProblem ?? text;
        }

        /// <summary>prefix/id/meter/NAME/state or prefix/id/pulse/NAME/state.</summary>
        private static string NameOf(string topic)
        {
            int end = topic.LastIndexOf('/');
            int start = topic.LastIndexOf('/', end - 1);
            return topic.Substring(start + 1, end - start - 1);
        }

        private static string StringField(string json, string name)
        {
            string key = "\"" + name + "\":\"";
            int at = json.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int start = at + key.Length;
            int end = json.IndexOf('"', start);
            return json.Substring(start, end - start);
        }

        private static double NumberField(string json, string name)
        {
            string key = "\"" + name + "\":";
            int at = json.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                return double.NaN;
            }

            int start = at + key.Length;
            int end = start;
            while (end < json.Length && (char.IsDigit(json[end]) || json[end] == '.' || json[end] == '-' || json[end] == 'e' || json[end] == 'E' || json[end] == '+'))
            {
                end++;
            }

            return double.TryParse(json.AsSpan(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
        }

        /// <summary>One event message as received.</summary>
        public sealed class SeenEvent
        {
            public long At;
            public string Kind;
            public string Source;
            public string Detail;
        }

        /// <summary>
        /// One meter as the subscriber saw it: its retained availability and when it last changed, and the time
        /// of the first reading made at or after <see cref="WatchFrom"/> (from its "ts"; its arrival without one).
        /// </summary>
        public sealed class MeterSeen
        {
            public string Availability;
            public long OfflineAt = -1;
            public long OnlineAt = -1;
            public long WatchFrom = -1;
            public long FirstReadingSinceWatch = -1;

            public void Watch(long from)
            {
                WatchFrom = from;
                FirstReadingSinceWatch = -1;
            }
        }

        private sealed class TopicState
        {
            public int Boot = -1;
            public string Ts;
            public double Uptime = double.NaN;
            public long Pulses;
        }
    }
}
