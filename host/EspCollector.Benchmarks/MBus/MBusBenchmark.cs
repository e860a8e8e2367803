using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using EspCollector.Benchmarks.Bus;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.MBus;
using EspCollector.Simulators.MBus;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.MBus
{
    /// <summary>
    /// M-Bus figures (issue 16): bytes the core allocates per M-Bus transaction in steady state (REQ_UD2, telegram
    /// parse and KLEFR decode; single and multi-telegram; selection + read at FD) against the KLEFR M-bus simulator
    /// on a scripted line on a virtual clock, the simulator's allocations bracketed as foreign (budget 0 B); and the
    /// heap M-Bus support keeps (nanoFramework model of Support/ObjectGraph): the concern's static tables, which a
    /// build pays when the M-Bus code is deployed even if no M-Bus meter is configured, and the per-bus and
    /// per-meter objects a configuration with an M-Bus port adds.
    /// </summary>
    public static class MBusBenchmark
    {
        private const int WarmUp = 50;
        private const int Measured = 5000;

        public static int Run(TextWriter output)
        {
            output.WriteLine("mbus: steady-state allocation per M-Bus transaction (master + telegram + KLEFR decode), budget 0 B");
            int failures = 0;
            double worst = 0;
            failures += Allocation("primary read, 1 telegram", false, false, output, ref worst);
            failures += Allocation("primary read, 2 telegrams (FCB toggled)", true, false, output, ref worst);
            failures += Allocation("selection + read at FD", false, true, output, ref worst);
            BenchReport.RecordAgainst("mbus_alloc_bytes_per_transaction", worst, 3, "B", 0);
            Heap(output);
            output.WriteLine("mbus: REQ_UD2 cycle of the KLEFR M-bus simulator (one telegram, back to back reads) against its wire limit, "
                + $"fixed meter turnaround {TurnaroundMicroseconds / 1000.0:F1} ms (as the Modbus bus benchmark)");
            failures += Cycle(2400, output);
            failures += Cycle(9600, output);
            return failures == 0 ? 0 : 1;
        }

        /// <summary>Fixed simulated meter turnaround: end of REQ_UD2 to the first bit of RSP_UD (the Modbus figure's).</summary>
        public const int TurnaroundMicroseconds = BusCycleBenchmark.TurnaroundMicroseconds;

        /// <summary>
        /// The REQ_UD2 cycle at <paramref name="baud"/>: the virtual time per read of <see cref="KlefrMBus.Read"/>
        /// (master, KLEFR simulator, timing-exact scripted line), reads back to back; against the wire limit: the 5
        /// characters of REQ_UD2 and the RSP_UD's characters at 11 bits (EN 13757-2: 8E1), the same turnaround, and the
        /// 11 bit times of idle line the standard asks between frames (the slave's minimum wait before answering).
        /// What is left is the master's own pause of 33 bit times after the line's last activity (MBusTiming).
        /// </summary>
        private static int Cycle(int baud, TextWriter output)
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            KlefrMBusSimulator simulator = new KlefrMBusSimulator(5, 13070001);
            int responseBytes = 0;
            line.Responder = (request, offset, count) =>
            {
                byte[] answer = simulator.Handle(request, offset, count);
                responseBytes = answer == null ? 0 : answer.Length;
                return answer;
            };
            line.ResponderDelayMicroseconds = TurnaroundMicroseconds;
            MBusSettings settings = new MBusSettings();
            settings.BaudRate = baud;
            line.Configure(settings.ToSerialSettings());
            MBusMaster master = new MBusMaster(line, clock, settings);
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            KlefrMBus.Read(master, telegram, 5, values, present);
            const int Reads = 20;
            int failed = 0;
            int requestsBefore = master.Statistics.Requests;
            long start = clock.MonotonicMicroseconds;
            for (int index = 0; index < Reads; index++)
            {
                failed += KlefrMBus.Read(master, telegram, 5, values, present) == MBusStatus.Ok ? 0 : 1;
            }

            double cycle = (clock.MonotonicMicroseconds - start) / (double)Reads / 1000.0;
            int transactions = (master.Statistics.Requests - requestsBefore) / Reads;
            const int RequestBytes = 5;
            double limit = transactions * (MBusTiming.TransmissionMicroseconds(RequestBytes + responseBytes, baud)
                + TurnaroundMicroseconds + 11.0 * 1000000 / baud) / 1000.0;
            double ratio = cycle / limit;
            output.WriteLine($"  {baud,5} baud: REQ_UD2 ({RequestBytes} B) + RSP_UD ({responseBytes} B) per read, {transactions} transaction(s): cycle {cycle:F1} ms, "
                + $"wire limit {limit:F1} ms, ratio {ratio:F3}; master pause {MBusTiming.TurnaroundMicroseconds(baud) / 1000.0:F1} ms; failures {failed}");
            BenchReport.Record("mbus_req_ud2_cycle_ms_" + baud, cycle, 1, "ms");
            BenchReport.Record("mbus_req_ud2_wire_limit_ms_" + baud, limit, 1, "ms");
            BenchReport.Record("mbus_req_ud2_ratio_" + baud, ratio, 3, null);
            return failed == 0 ? 0 : 1;
        }

        private static int Allocation(string label, bool multiTelegram, bool secondary, TextWriter output, ref double worst)
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine scripted = new ScriptedSerialLine(clock);
            scripted.RecordWrites = false;
            KlefrMBusSimulator simulator = new KlefrMBusSimulator(5, 13070001) { MultiTelegram = multiTelegram };
            scripted.Responder = simulator.Handle;
            scripted.ResponderDelayMicroseconds = 2000;
            MeteredSerialLine line = new MeteredSerialLine(scripted);
            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            for (int index = 0; index < WarmUp; index++)
            {
                ReadOnce(master, telegram, values, present, secondary);
            }

            int requestsBefore = master.Statistics.Requests;
            int failed = 0;
            Measurement measurement = Measurement.Start();
            for (int index = 0; index < Measured; index++)
            {
                failed += ReadOnce(master, telegram, values, present, secondary) == MBusStatus.Ok ? 0 : 1;
            }

            measurement.Stop();
            int transactions = master.Statistics.Requests - requestsBefore;
            bool ok = measurement.CoreBytes == 0 && failed == 0;
            worst = Math.Max(worst, (double)measurement.CoreBytes / transactions);
            output.WriteLine($"  {label,-42} {Measured} reads = {transactions} transactions, {failed} failed: "
                + $"{measurement.CoreBytes} B ({(double)measurement.CoreBytes / transactions:0.000} B/transaction); "
                + $"simulator {measurement.ForeignBytes / Measured} B/read excluded; {(ok ? "ok" : "BROKEN")}");
            return ok ? 0 : 1;
        }

        private static MBusStatus ReadOnce(MBusMaster master, MBusTelegram telegram, double[] values, bool[] present, bool secondary)
        {
            return secondary
                ? KlefrMBus.ReadSecondary(master, telegram, 13070001, values, present)
                : KlefrMBus.Read(master, telegram, 5, values, present);
        }

        private static void Heap(TextWriter output)
        {
            ObjectGraph graph = new ObjectGraph();
            List<object> statics = new List<object>();
            foreach (Type type in typeof(MBusMaster).Assembly.GetTypes())
            {
                if (type.Namespace != typeof(MBusMaster).Namespace)
                {
                    continue;
                }

                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && !field.FieldType.IsValueType && field.GetValue(null) != null)
                    {
                        statics.Add(field.GetValue(null));
                    }
                }
            }

            ObjectGraph.Sizes tables = graph.Add(statics.ToArray());
            VirtualClock clock = new VirtualClock();
            MBusMaster master = new MBusMaster(new ScriptedSerialLine(clock), clock, new MBusSettings());
            ObjectGraph.Sizes bus = graph.Add(master, new MBusTelegram(), new MBusSettings());
            ObjectGraph.Sizes meter = graph.Add(new double[KlefrMBus.Count], new bool[KlefrMBus.Count]);
            ObjectGraph.Sizes search = graph.Add(new MBusSearch(master, 64));
            output.WriteLine($"  heap (nanoFramework model): M-Bus static tables {tables.Nano} B ({tables.Objects} objects) — the cost of a build "
                + "that deploys the M-Bus code without using it; 0 B when the MBus assembly is not deployed");
            output.WriteLine($"  heap: one M-Bus port (master with its 261 B request, 538 B receive and 256 B FCB buffers, scanner, telegram reader, "
                + $"settings) {bus.Nano} B; per KLEFR M-bus meter (9 values + flags) {meter.Nano} B; "
                + $"a console scan's search (64 results, transient) {search.Nano} B");
            output.WriteLine($"  heap: a build that uses M-Bus with one meter keeps {tables.Nano + bus.Nano + meter.Nano} B more than one without M-Bus code "
                + "(the quantity names are shared with the Modbus drivers' vocabulary)");
            Composition(output, tables.Nano);
        }

        /// <summary>
        /// The composed collector (Core/App/Collector) measured whole, as the heap benchmark does: the typical cabinet
        /// (1 KPM33B, 2 S0, broker) without and with one KLEFR M-bus meter on the M-Bus port, each booted and run for
        /// ten simulated minutes, then static tables + collector + configuration walked on the nanoFramework model.
        /// Without M-Bus meters the collector builds no master, poller or slot (one empty slot array); the M-Bus
        /// static tables are in both (the MBus assembly is deployed either way).
        /// </summary>
        private static void Composition(TextWriter output, long staticTables)
        {
            long without = Kept(RigParts.Typical, out long _, out long mbusObjectsWithout, out long coreWithout, out long _);
            long with = Kept(RigParts.Typical | RigParts.MBus, out long published, out long mbusObjects, out long coreWith, out long readings);
            output.WriteLine($"  heap, composed collector (typical cabinet, model): without M-Bus meters {without} B (M-Bus objects in the collector "
                + $"{mbusObjectsWithout} B, M-Bus static tables {staticTables} B); with one KLEFR M-bus meter {with} B: +{with - without} B "
                + $"(M-Bus port + meter in the collector {mbusObjects} B, the rest discovery/publishing of its 9 quantities); "
                + $"{published} M-Bus state messages in 10 simulated minutes");
            output.WriteLine($"  allocation, composed collector, a further 10 simulated minutes in steady state: {coreWithout} B without M-Bus meters, "
                + $"{coreWith} B with one ({readings} M-Bus readings read and published): "
                + $"{(readings > 0 ? (double)(coreWith - coreWithout) / readings : 0):0.0} B per M-Bus reading (budget 0 B)");
        }

        private static long Kept(RigParts parts, out long published, out long mbusObjects, out long steadyCoreBytes, out long steadyReadings)
        {
            CollectorRig rig = new CollectorRig(parts);
            long states = 0;
            rig.Broker.Observer = (kind, topic, payload, offset, count) => states += topic.EndsWith("meter/cabinet/state") ? 1 : 0;
            Collector collector = rig.Boot();
            rig.RunFor(600L * 1000000);
            published = states;
            Measurement measurement = Measurement.Start();
            rig.RunFor(600L * 1000000);
            measurement.Stop();
            steadyCoreBytes = measurement.CoreBytes;
            steadyReadings = states - published;
            ObjectGraph graph = new ObjectGraph();
            graph.AddCoreStatics();
            ObjectGraph.Sizes mbus = graph.Add(collector.MBusPoller, typeof(Collector).GetField("_mbusSlots", BindingFlags.Instance | BindingFlags.NonPublic).GetValue(collector));
            graph.Add(collector, rig.Config);
            mbusObjects = mbus.Nano;
            GC.KeepAlive(rig);
            return graph.NanoBytes;
        }
    }
}
