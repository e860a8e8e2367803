using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.Console;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Benchmarks.App
{
    /// <summary>
    /// Managed memory the collector keeps, for two configurations: the worst case (4 meters of the 4 types,
    /// 2 S0 channels, broker) and a typical cabinet (1 KPM33B, 2 S0 channels, broker). For each:
    /// GC.GetTotalMemory(true) before and after building it (ports and simulators built before, objects kept
    /// alive), a walk of its object graph split by concern, a nanoFramework heap-model estimate compared with
    /// the ~80 KB heap, and how long a broker outage the store-and-forward ring bridges; the big preallocated
    /// buffers read from the objects for the worst case.
    /// Then the heap issue's envelopes, each with its peak (the most kept between two steps above the end state):
    /// the plain ESP32 (the four types, 8 S0 channels, console), PSRAM (16 meters, 8 S0, console) and the heap
    /// probe's configuration (plain, one simulated hour), recorded as the heap_model_* keys of Report/BenchReport.
    /// Budget, for both: the model estimate of everything the collector keeps (instances + static tables)
    /// ≤ 48 KB, 60 % of the smallest ESP32 heap, leaving the rest to the runtime, WiFi/networking and M2Mqtt.
    /// </summary>
    public static class HeapBenchmark
    {
        private const long DeviceHeap = 80 * 1024;
        private const long Budget = DeviceHeap * 60 / 100;
        private const long TenMinutes = 600L * 1000000;

        public static int Run(TextWriter output)
        {
            // A first collector compiles everything, so the measured ones measure themselves. It is the typical one,
            // measured first: static tables are built per meter type on first use and then kept for the process,
            // so measuring the worst case first would count all four types' tables in the typical cabinet too.
            CollectorRig warmUp = new CollectorRig(RigParts.Typical);
            warmUp.Boot();
            warmUp.RunFor(TenMinutes);

            Kept typical = Measure(output, RigParts.Typical, false, TenMinutes, "typical cabinet: 1 meter (kpm33b), 2 S0 channels, broker", false);
            long worst = Measure(output, RigParts.All, false, TenMinutes, "worst case: 4 meters of the 4 types (kpm33b, kpm31, klefr, sdm630), 2 S0 channels, broker", true).Steady;
            Kept plain = Measure(output, RigParts.PlainEsp32, true, TenMinutes, "plain ESP32 envelope: the 4 types one each, 8 S0 channels, console, broker", false);
            Kept psram = Measure(output, RigParts.Psram, true, TenMinutes, "PSRAM envelope: 16 meters (the 4 types in turn), 8 S0 channels, console, broker", false);
            Kept probe = Measure(output, RigParts.PlainEsp32, true, 60 * TenMinutes / 10, "heap probe's configuration (issue 13): the 4 types, 8 S0 channels with pulses flowing, console, one simulated hour", false);
            GC.KeepAlive(warmUp);
            Envelope(output, typical, plain, psram, probe);
            bool worstOk = worst <= Budget;
            bool typicalOk = typical.Steady <= Budget;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  budget (model estimate of instances + static tables <= {0}, 60 % of ~80 KB; the rest for the runtime, networking, M2Mqtt): worst case {1}: {2}; typical {3}: {4}",
                Figures.Kilobytes(Budget), Figures.Kilobytes(worst), Figures.Verdict(worstOk), Figures.Kilobytes(typical.Steady), Figures.Verdict(typicalOk)));
            return worstOk && typicalOk ? 0 : 1;
        }

        /// <summary>
        /// Builds one configuration (with a console session when <paramref name="console"/>), runs it, prints its
        /// figures and returns the model estimate (bytes) at the end and the most it kept between two steps on the way
        /// (identities arriving, discovery rebuilt): after every step that allocated, the kept graph is walked again.
        /// </summary>
        private static Kept Measure(TextWriter output, RigParts parts, bool console, long run, string label, bool details)
        {
            CollectorRig rig = new CollectorRig(parts);
            long before = GC.GetTotalMemory(true);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            Collector collector = rig.Boot();
            ConsoleSession session = console ? new ConsoleSession(new SilentConsole(), collector, rig.Config, rig.Clock, true) : null;
            session?.Start();
            long bootAllocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long afterStart = GC.GetTotalMemory(true);
            PeakTracker peak = new PeakTracker(rig, session);
            rig.AfterStep = peak.AfterStep;
            peak.Reset();
            rig.RunFor(run);
            rig.AfterStep = null;
            long afterRun = GC.GetTotalMemory(true);

            output.WriteLine("heap, " + label);
            // Boot is the one transient the step figures leave out: the configuration parsed from its record, the
            // parts built; the device has that much free above what the collector then keeps, or it does not start.
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  boot (configuration loaded, collector built and started{0}): {1} allocated (host bytes, short-lived and kept together)",
                console ? ", console session" : string.Empty, Figures.Bytes(bootAllocated)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  GC.GetTotalMemory(true) on this host: +{0} after Boot (configuration loaded + Collector.Start{2}), +{1} after {3} simulated minutes (identities read, discovery sent; includes the simulators' own growth)",
                Figures.Bytes(afterStart - before), Figures.Bytes(afterRun - before), console ? " + console session" : string.Empty, run / 60000000));

            // Static tables first (shared by every instance), then each concern; the Collector is reachable from
            // the publisher (command actions), so it is deferred and counted last with what only it holds.
            ObjectGraph graph = new ObjectGraph();
            output.WriteLine("  by concern (object graph walk, each object counted once; host 64-bit layout | nanoFramework model):");
            ObjectGraph.Sizes statics = graph.AddCoreStatics();
            Line(output, "static tables (register maps, setting keys, boards, ...)", statics);
            graph.Defer(collector);
            Line(output, "meters (drivers, block plans, value slots, identity, events)", graph.Add(collector.Meters));
            Line(output, "bus (ModbusMaster buffers, BusPoller, statistics)", graph.Add(collector.Poller));
            Line(output, "pulses (processor, channels, edge rings, totals store)", graph.Add(collector.Pulses, collector.Totals));
            Line(output, "configuration (ConfigManager, store buffers, active config)", graph.Add(rig.Config));
            // The collector's meter slots (their state snapshots: names and units arrays, values) are the collector's:
            // counted before the publisher, which only refers to their arrays (it announces and renders with them).
            ObjectGraph.Sizes meterSlots = graph.Add(Field(collector, "_slots"), Field(collector, "_mbusSlots"));
            System.Collections.Generic.Dictionary<Type, long[]> beforePublishing = Copy(graph.ByType);
            Line(output, "publishing (publisher, ring, JSON writers, topics, discovery)", graph.Add(collector.Publisher));
            output.WriteLine("      its largest types (model bytes): " + TopTypes(Difference(graph.ByType, beforePublishing), 8));
            ObjectGraph.Sizes rest = graph.AddDeferred(collector);
            Line(output, "collector (slots, snapshots, scan results, rest)", new ObjectGraph.Sizes(meterSlots.Host + rest.Host, meterSlots.Nano + rest.Nano, meterSlots.Objects + rest.Objects));
            if (session != null)
            {
                Line(output, "console session (command table, line editor; not the UART adapter)", graph.Add(session));
            }

            long instanceHost = graph.HostBytes - statics.Host;
            long instanceNano = graph.NanoBytes - statics.Nano;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  total: host {0} ({1}), nanoFramework model {2} ({3}) = {4:F0} % of the ~80 KB heap; instances alone: host {5}, model {6}",
                Figures.Bytes(graph.HostBytes), Figures.Kilobytes(graph.HostBytes), Figures.Bytes(graph.NanoBytes), Figures.Kilobytes(graph.NanoBytes),
                100.0 * graph.NanoBytes / DeviceHeap, Figures.Kilobytes(instanceHost), Figures.Kilobytes(instanceNano)));

            output.WriteLine("  largest types (model bytes): " + TopTypes(graph, 10));
            Publisher publisher = collector.Publisher;
            StoreAndForwardRing ring = (StoreAndForwardRing)Field(publisher, "_ring");
            if (details)
            {
                output.WriteLine("  big preallocated buffers (sizes read from the objects):");
                Buffer(output, "store-and-forward ring", ring.CapacityBytes + " B arena of length-prefixed records, at most " + ring.CapacityMessages + " messages", ring);
                JsonWriter writer = (JsonWriter)Field(publisher, "_writer");
                Buffer(output, "JSON writer", "1 x " + writer.Capacity + " B (every message: readings, ring records, health, discovery, command results)", writer);
                InboundMailbox mailbox = (InboundMailbox)Field(publisher, "_mailbox");
                Buffer(output, "command mailbox", mailbox.Slots + " slots sharing " + mailbox.CapacityBytes + " B (commands read in place)", mailbox);
                ModbusMaster master = collector.Poller.Master;
                Buffer(output, "Modbus buffers", master.RequestBuffer.Length + " B request + " + master.ResponseBuffer.Length + " B receive + "
                    + ((byte[])Field(master, "_readBack")).Length + " B read-back", master.RequestBuffer, master.ResponseBuffer, Field(master, "_readBack"));
                EdgeRing edges = collector.Pulses.Ring;
                Buffer(output, "edge ring", "1 x " + edges.Capacity + " edges x 4 B, shared by " + edges.ChannelCount + " channels", edges);
                object totalsRecord = collector.Totals.Record;
                // The configuration store holds no buffers between loads and saves (ConfigStore allocates them per operation).
                Buffer(output, "record store work buffers", "pulse totals: " + ((byte[])Field(totalsRecord, "_work")).Length + " B work + "
                    + ((byte[])Field(collector.Totals, "_payload")).Length + " B payload; configuration: none kept (allocated per load/save)",
                    Field(totalsRecord, "_work"), Field(collector.Totals, "_payload"));
                int quantities = 0;
                int blocks = 0;
                object[] slots = new object[collector.Meters.Length * 3];
                for (int m = 0; m < collector.Meters.Length; m++)
                {
                    MeterReadings readings = collector.Meters[m].Readings;
                    quantities += readings.Count;
                    blocks += collector.Meters[m].Blocks.Length;
                    slots[m * 3] = Field(readings, "_values");
                    slots[m * 3 + 1] = Field(readings, "_flags");
                    slots[m * 3 + 2] = Field(readings, "_blockUpdated");
                }

                Buffer(output, "meter value slots", quantities + " quantities x (8 B value + 1 B flags) + " + blocks + " blocks x 8 B time", slots);
            }

            Kept kept = new Kept();
            kept.Steady = graph.NanoBytes;
            kept.PeakAbove = Math.Max(0, peak.MostKept - graph.NanoBytes);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  peak: the most kept between two steps while identities arrived and discovery was rebuilt: {0} on the model ({1} walks after steps that allocated), {2} above the end state",
                Figures.Bytes(peak.MostKept), peak.Walks, Figures.Bytes(kept.PeakAbove)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  allocated inside one step (core host bytes, short-lived): start-up (Step 1: first connection, boot events) {0}; after start-up the largest {1} (Step {2}: {3}); by kind: {4}",
                Figures.Bytes(peak.StartUpStep), Figures.Bytes(peak.LargestAfterStartUp), Figures.Number(peak.LargestAfterStartUpIndex), peak.LargestAfterStartUpKind, peak.Kinds()));
            kept.LargestStep = peak.LargestStep;
            kept.LargestAfterStartUp = peak.LargestAfterStartUp;
            RingOutage(output, rig, ring);
            kept.LargestConfigChange = ConfigurationChanges(output, rig, session, parts);
            GC.KeepAlive(rig);
            GC.KeepAlive(session);
            return kept;
        }

        /// <summary>The heap keys and the heap issue's targets (plain ≤ 48 KB, peak ≤ 4 KB, typical ≤ 32 KB), met or the gap.</summary>
        private static void Envelope(TextWriter output, Kept typical, Kept plain, Kept psram, Kept probe)
        {
            BenchReport.RecordAgainst("heap_model_typical_bytes", typical.Steady, 0, "B", 32 * 1024);
            Peak("heap_model_typical_peak_bytes", typical);
            BenchReport.RecordAgainst("heap_model_plain_esp32_bytes", plain.Steady, 0, "B", 48 * 1024);
            Peak("heap_model_plain_esp32_peak_bytes", plain);
            BenchReport.Record("heap_model_psram_bytes", psram.Steady, 0, "B");
            Peak("heap_model_psram_peak_bytes", psram);
            BenchReport.Record("heap_model_probe_bytes", probe.Steady, 0, "B");
            StepPeak("heap_peak_alloc_step_bytes_typical", typical);
            StepPeak("heap_peak_alloc_step_bytes_plain_esp32", plain);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  heap issue targets (model): typical {0} (<= 32 KB: {1}), plain ESP32 {2} (<= 48 KB: {3}), its peak above steady state {4} (<= 4 KB: {5}); PSRAM 16 meters {6}; the probe's configuration {7} (compare with the probe's 'free after rig' - 'free at the end')",
                Figures.Kilobytes(typical.Steady), typical.Steady <= 32 * 1024 ? "met" : "gap", Figures.Kilobytes(plain.Steady), plain.Steady <= 48 * 1024 ? "met" : "gap",
                Figures.Kilobytes(plain.PeakAbove), plain.PeakAbove <= 4 * 1024 ? "met" : "gap", Figures.Kilobytes(psram.Steady), Figures.Kilobytes(probe.Steady)));
        }

        /// <summary>
        /// Configuration changes as an installer makes them on the console (`set bus.interval 15` + `save`; on the
        /// typical cabinet also `pulse add` + `save`), each applied by the next Step: the bytes allocated inside each
        /// step while it is applied and the collector runs on for 30 s (discovery of the new configuration sent).
        /// Returns the largest.
        /// </summary>
        private static long ConfigurationChanges(TextWriter output, CollectorRig rig, ConsoleSession session, RigParts parts)
        {
            System.Collections.ArrayList warnings = new System.Collections.ArrayList();
            long largest = 0;
            largest = Math.Max(largest, ConfigurationChange(output, rig, session, "set bus.interval 15", () => rig.Config.Set("bus.interval", "15", warnings)));
            largest = Math.Max(largest, ConfigurationChange(output, rig, session, "set mqtt.interval 30", () => rig.Config.Set("mqtt.interval", "30", warnings)));
            if ((parts & RigParts.EightPulses) == 0)
            {
                largest = Math.Max(largest, ConfigurationChange(output, rig, session, "pulse add garage 18 1000", () => rig.Config.AddPulseChannel("garage", "18", "1000", new string[0], warnings)));
            }

            return largest;
        }

        private static long ConfigurationChange(TextWriter output, CollectorRig rig, ConsoleSession session, string label, Func<string> change)
        {
            string error = change() ?? rig.Config.Save();
            if (error != null)
            {
                output.WriteLine("  configuration change '" + label + "' refused: " + error);
                return 0;
            }

            PeakTracker tracker = new PeakTracker(rig, session, false, false);
            rig.AfterStep = tracker.AfterStep;
            tracker.Reset();
            rig.RunFor(30L * 1000000);
            rig.AfterStep = null;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  configuration change '{0}' + save, then 30 s: the largest step allocated {1} (core host bytes; {2}); by kind: {3}",
                label, Figures.Bytes(tracker.LargestAfterStartUp), tracker.LargestAfterStartUpKind, tracker.Kinds()));
            return tracker.LargestAfterStartUp;
        }

        /// <summary>
        /// The peak key: what was kept between steps above the end state. Garbage that lives only inside one step
        /// (discovery strings built and sent within it) is not seen by a walk between steps; its upper bound, every
        /// byte the step allocated, is printed in the verdict.
        /// </summary>
        private static void Peak(string key, Kept kept)
        {
            string verdict = (kept.PeakAbove <= 4 * 1024 ? "met" : "gap +" + (kept.PeakAbove - 4 * 1024) + " B")
                + " between steps; inside one step up to " + kept.LargestStep.ToString("N0", CultureInfo.InvariantCulture) + " host B allocated (transient, not modelled)";
            BenchReport.Record(key, kept.PeakAbove.ToString(CultureInfo.InvariantCulture), "B", "<= 4096 B", verdict);
        }

        /// <summary>
        /// The allocation peak key: the most the core allocated inside one main-loop step after start-up (identity
        /// arrival, discovery, health, polls; the configuration changes measured after the run are in the verdict).
        /// </summary>
        private static void StepPeak(string key, Kept kept)
        {
            string verdict = (kept.LargestAfterStartUp <= 4 * 1024 ? "met" : "gap +" + (kept.LargestAfterStartUp - 4 * 1024) + " B")
                + "; a configuration change's step: " + kept.LargestConfigChange.ToString("N0", CultureInfo.InvariantCulture) + " host B";
            BenchReport.Record(key, kept.LargestAfterStartUp.ToString(CultureInfo.InvariantCulture), "B", "<= 4096 B", verdict);
        }

        /// <summary>What one measured configuration kept: model bytes at the end, and the peak above that.</summary>
        private sealed class Kept
        {
            public long Steady;
            public long PeakAbove;
            public long LargestStep;
            public long LargestAfterStartUp;
            public long LargestConfigChange;
        }

        /// <summary>
        /// Walks the kept graph (static tables, collector, configuration, console) after every step in which the core
        /// allocated (steady state allocates nothing, so only those steps can change what is kept), and measures the
        /// core's bytes allocated inside each step (GC.GetAllocatedBytesForCurrentThread around it, the simulators' and
        /// the broker double's bytes taken out), named by what happened in it: a configuration applied, a meter's
        /// identity arriving, discovery messages sent, the health message sent. The first step (start-up: the first
        /// connection, the events queued at boot) is kept apart.
        /// </summary>
        private sealed class PeakTracker
        {
            private readonly CollectorRig _rig;
            private readonly ConsoleSession _session;
            private readonly bool _walk;
            private long _allocated;
            private long _foreign;
            private long _discovery;
            private long _health;
            private int _identified;
            private object _built;
            private bool _first;

            /// <summary><paramref name="walk"/>: walk the kept graph after steps that allocated; <paramref name="startUp"/>:
            /// the first step seen is the start-up step (reported apart).</summary>
            public PeakTracker(CollectorRig rig, ConsoleSession session, bool walk = true, bool startUp = true)
            {
                _rig = rig;
                _session = session;
                _walk = walk;
                _first = startUp;
            }

            public long MostKept;
            public int Walks;
            public long LargestStep;
            public long LargestStepIndex;

            /// <summary>The first step this tracker saw (start-up), when <see cref="Reset"/> was called right after Boot.</summary>
            public long StartUpStep = -1;

            /// <summary>The largest allocation inside one step after the first, its step and what happened in it.</summary>
            public long LargestAfterStartUp;
            public long LargestAfterStartUpIndex;
            public string LargestAfterStartUpKind = "none";

            /// <summary>Per step kind: the largest allocation inside one step of that kind after start-up.</summary>
            public readonly System.Collections.Generic.SortedDictionary<string, long> ByKind = new System.Collections.Generic.SortedDictionary<string, long>(StringComparer.Ordinal);

            public void Reset()
            {
                _discovery = _rig.Broker.Count(MessageKind.Discovery);
                _health = _rig.Broker.Count(MessageKind.Health);
                _identified = Identified(_rig.Collector);
                _built = Field(_rig.Collector, "_built");
                _foreign = Foreign.Bytes;
                _allocated = GC.GetAllocatedBytesForCurrentThread();
            }

            public void AfterStep()
            {
                long core = GC.GetAllocatedBytesForCurrentThread() - _allocated - (Foreign.Bytes - _foreign);
                string kind = KindOfStep();
                if (_first)
                {
                    _first = false;
                    StartUpStep = Math.Max(0, core);
                }
                else
                {
                    long seen;
                    if (!ByKind.TryGetValue(kind, out seen) || core > seen)
                    {
                        ByKind[kind] = Math.Max(0, core);
                    }

                    if (core > LargestAfterStartUp)
                    {
                        LargestAfterStartUp = core;
                        LargestAfterStartUpIndex = _rig.Steps;
                        LargestAfterStartUpKind = kind;
                    }
                }

                if (core <= 0)
                {
                    Reset();
                    return;
                }

                if (core > LargestStep)
                {
                    LargestStep = core;
                    LargestStepIndex = _rig.Steps;
                }

                if (_walk)
                {
                    ObjectGraph graph = new ObjectGraph();
                    graph.AddCoreStatics();
                    graph.Add(_session == null ? new object[] { _rig.Collector, _rig.Config } : new object[] { _rig.Collector, _rig.Config, _session });
                    MostKept = Math.Max(MostKept, graph.NanoBytes);
                    Walks++;
                }

                Reset();
            }

            /// <summary>"by kind" as printed: each kind's largest step.</summary>
            public string Kinds()
            {
                System.Text.StringBuilder text = new System.Text.StringBuilder();
                foreach (System.Collections.Generic.KeyValuePair<string, long> row in ByKind)
                {
                    text.Append(text.Length == 0 ? string.Empty : ", ").Append(row.Key).Append(' ').Append(Figures.Bytes(row.Value));
                }

                return text.Length == 0 ? "none" : text.ToString();
            }

            private string KindOfStep()
            {
                string kind = string.Empty;
                if (!ReferenceEquals(Field(_rig.Collector, "_built"), _built))
                {
                    kind = "config change";
                }

                if (Identified(_rig.Collector) != _identified)
                {
                    kind += (kind.Length > 0 ? " + " : string.Empty) + "identity arrival";
                }

                if (_rig.Broker.Count(MessageKind.Discovery) != _discovery)
                {
                    kind += (kind.Length > 0 ? " + " : string.Empty) + "discovery";
                }

                if (_rig.Broker.Count(MessageKind.Health) != _health)
                {
                    kind += (kind.Length > 0 ? " + " : string.Empty) + "health";
                }

                return kind.Length == 0 ? "other (polls, readings, pulses)" : kind;
            }

            private static int Identified(Collector collector)
            {
                int count = 0;
                foreach (MeterDriver meter in collector.Meters)
                {
                    count += meter.Identity.IsRead ? 1 : 0;
                }

                return count;
            }
        }

        /// <summary>Console output that goes nowhere (the UART adapter is the device's, outside the core).</summary>
        private sealed class SilentConsole : IConsoleOutput
        {
            public void Write(string text)
            {
            }

            public void WriteLine(string text)
            {
            }
        }

        /// <summary>
        /// What the store-and-forward ring holds: the broker goes away (after the walk above, so the figures are
        /// those of a connected collector) and the collector runs until the ring first drops a message.
        /// </summary>
        private static void RingOutage(TextWriter output, CollectorRig rig, StoreAndForwardRing ring)
        {
            const long Chunk = 60L * 1000000;
            const long Longest = 48L * 3600 * 1000000;
            long droppedBefore = ring.Dropped;
            long start = rig.Clock.MonotonicMicroseconds;
            rig.Broker.Available = false;
            while (ring.Dropped == droppedBefore && rig.Clock.MonotonicMicroseconds - start < Longest)
            {
                rig.RunFor(Chunk);
            }

            long minutes = (rig.Clock.MonotonicMicroseconds - start) / Chunk;

            // The ring's own memory: its series (the publisher, which reaches everything) is not the ring's.
            ObjectGraph ringGraph = new ObjectGraph();
            ringGraph.Defer(Field(ring, "_series"));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  store-and-forward ring ({0} B arena, ~{1} on the model): broker away, first message dropped after {2} simulated minutes; the ring then held {3} messages in {4} B (meter readings and pulse states as compact records, {5:F0} B each on average) = ~{2} min of readings at these intervals",
                ring.CapacityBytes, Figures.Bytes(ringGraph.Add(ring).Nano), minutes, ring.Count, ring.UsedBytes, ring.Count == 0 ? 0.0 : (double)ring.UsedBytes / ring.Count));
            rig.Broker.Available = true;
        }

        private static System.Collections.Generic.Dictionary<Type, long[]> Copy(System.Collections.Generic.Dictionary<Type, long[]> byType)
        {
            System.Collections.Generic.Dictionary<Type, long[]> copy = new System.Collections.Generic.Dictionary<Type, long[]>();
            foreach (System.Collections.Generic.KeyValuePair<Type, long[]> row in byType)
            {
                copy[row.Key] = (long[])row.Value.Clone();
            }

            return copy;
        }

        /// <summary>Per type, what <paramref name="now"/> counts beyond <paramref name="before"/> (one concern's types).</summary>
        private static System.Collections.Generic.Dictionary<Type, long[]> Difference(System.Collections.Generic.Dictionary<Type, long[]> now, System.Collections.Generic.Dictionary<Type, long[]> before)
        {
            System.Collections.Generic.Dictionary<Type, long[]> difference = new System.Collections.Generic.Dictionary<Type, long[]>();
            foreach (System.Collections.Generic.KeyValuePair<Type, long[]> row in now)
            {
                long[] earlier = before.TryGetValue(row.Key, out long[] found) ? found : new long[3];
                if (row.Value[0] > earlier[0])
                {
                    difference[row.Key] = new[] { row.Value[0] - earlier[0], row.Value[1] - earlier[1], row.Value[2] - earlier[2] };
                }
            }

            return difference;
        }

        private static string TopTypes(ObjectGraph graph, int count)
        {
            return TopTypes(graph.ByType, count);
        }

        private static string TopTypes(System.Collections.Generic.Dictionary<Type, long[]> byType, int count)
        {
            System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<Type, long[]>> rows =
                new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<Type, long[]>>(byType);
            rows.Sort((a, b) => b.Value[2].CompareTo(a.Value[2]));
            System.Text.StringBuilder text = new System.Text.StringBuilder();
            for (int i = 0; i < count && i < rows.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(rows[i].Key.Name).Append(" ").Append(rows[i].Value[0])
                    .Append("x ").Append(Figures.Kilobytes(rows[i].Value[2]));
            }

            return text.ToString();
        }

        private static void Line(TextWriter output, string label, ObjectGraph.Sizes sizes)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0,-64} {1,10} | {2,10}  ({3} objects)",
                label, Figures.Bytes(sizes.Host), Figures.Bytes(sizes.Nano), Figures.Number(sizes.Objects)));
        }

        private static void Buffer(TextWriter output, string label, string setting, params object[] objects)
        {
            ObjectGraph.Sizes sizes = new ObjectGraph().Add(objects);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0,-26} {1,-88} {2,10} | {3,10}",
                label, setting, Figures.Bytes(sizes.Host), Figures.Bytes(sizes.Nano)));
        }

        private static object Field(object target, string name)
        {
            FieldInfo field = target.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (field == null)
            {
                throw new InvalidOperationException(target.GetType().Name + " has no field " + name + " (the benchmark follows the firmware's field names)");
            }

            return field.GetValue(target);
        }
    }
}
