using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Benchmarks.App
{
    /// <summary>
    /// Managed memory the collector keeps with the standard configuration (4 meters of the 4 types, 2 S0
    /// channels, broker): GC.GetTotalMemory(true) before and after building it (ports and simulators built
    /// before, objects kept alive), a walk of its object graph split by concern, the big preallocated buffers
    /// read from the objects, and a nanoFramework heap-model estimate compared with the ~80 KB heap.
    /// Budget: the model estimate of everything the collector keeps (instances + static tables) ≤ 48 KB,
    /// 60 % of the smallest ESP32 heap, leaving the rest to the runtime, WiFi/networking and M2Mqtt.
    /// </summary>
    public static class HeapBenchmark
    {
        private const long DeviceHeap = 80 * 1024;
        private const long Budget = DeviceHeap * 60 / 100;
        private const long TenMinutes = 600L * 1000000;

        public static int Run(TextWriter output)
        {
            // A first collector loads the static tables and compiles everything, so the second measures itself.
            CollectorRig warmUp = new CollectorRig(RigParts.All);
            warmUp.Boot();
            warmUp.RunFor(TenMinutes);

            CollectorRig rig = new CollectorRig(RigParts.All);
            long before = GC.GetTotalMemory(true);
            Collector collector = rig.Boot();
            long afterStart = GC.GetTotalMemory(true);
            rig.RunFor(TenMinutes);
            long afterRun = GC.GetTotalMemory(true);
            GC.KeepAlive(warmUp);

            output.WriteLine("heap: managed memory kept by a built Collector (4 meters of the 4 types, 2 S0 channels, broker)");
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  GC.GetTotalMemory(true) on this host: +{0} after Boot (configuration loaded + Collector.Start), +{1} after 10 simulated minutes (identities read, discovery sent; includes the simulators' own growth)",
                Figures.Bytes(afterStart - before), Figures.Bytes(afterRun - before)));

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
            Line(output, "publishing (publisher, ring, JSON writers, topics, discovery)", graph.Add(collector.Publisher));
            Line(output, "collector (slots, snapshots, scan results, rest)", graph.AddDeferred(collector));
            long instanceHost = graph.HostBytes - statics.Host;
            long instanceNano = graph.NanoBytes - statics.Nano;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  total: host {0} ({1}), nanoFramework model {2} ({3}) = {4:F0} % of the ~80 KB heap; instances alone: host {5}, model {6}",
                Figures.Bytes(graph.HostBytes), Figures.Kilobytes(graph.HostBytes), Figures.Bytes(graph.NanoBytes), Figures.Kilobytes(graph.NanoBytes),
                100.0 * graph.NanoBytes / DeviceHeap, Figures.Kilobytes(instanceHost), Figures.Kilobytes(instanceNano)));

            output.WriteLine("  largest types (model bytes): " + TopTypes(graph, 10));
            output.WriteLine("  big preallocated buffers (sizes read from the objects):");
            Publisher publisher = collector.Publisher;
            StoreAndForwardRing ring = (StoreAndForwardRing)Field(publisher, "_ring");
            Buffer(output, "store-and-forward ring", ring.CapacityBytes + " B arena of length-prefixed records, at most " + ring.CapacityMessages + " messages", ring);
            JsonWriter readingWriter = (JsonWriter)Field(publisher, "_readingWriter");
            JsonWriter serviceWriter = (JsonWriter)Field(publisher, "_serviceWriter");
            Buffer(output, "JSON writers", "2 x " + readingWriter.Capacity + " B (readings; service: health, discovery, command results)", readingWriter, serviceWriter);
            Buffer(output, "command mailbox + buffer", "4 slots + " + ((byte[])Field(publisher, "_commandBuffer")).Length + " B", Field(publisher, "_mailbox"), Field(publisher, "_commandBuffer"));
            ModbusMaster master = collector.Poller.Master;
            Buffer(output, "Modbus buffers", master.RequestBuffer.Length + " B request + " + master.ResponseBuffer.Length + " B receive + "
                + ((byte[])Field(master, "_readBack")).Length + " B read-back", master.RequestBuffer, master.ResponseBuffer, Field(master, "_readBack"));
            EdgeRing[] rings = new EdgeRing[collector.Pulses.ChannelCount];
            for (int i = 0; i < rings.Length; i++)
            {
                rings[i] = collector.Pulses.RingOf(i);
            }

            Buffer(output, "edge rings", rings.Length + " x " + rings[0].Capacity + " edges x 8 B", rings);
            object totalsRecord = collector.Totals.Record;
            // The configuration store holds no buffers between loads and saves (ConfigStore allocates them per operation).
            Buffer(output, "record store work buffers", "pulse totals: " + ((byte[])Field(totalsRecord, "_work")).Length + " B work + "
                + ((byte[])Field(collector.Totals, "_payload")).Length + " B payload; configuration: none kept (allocated per load/save)",
                Field(totalsRecord, "_work"), Field(collector.Totals, "_payload"));
            int quantities = 0;
            object[] slots = new object[collector.Meters.Length * 3];
            for (int m = 0; m < collector.Meters.Length; m++)
            {
                MeterReadings readings = collector.Meters[m].Readings;
                quantities += readings.Count;
                slots[m * 3] = Field(readings, "_values");
                slots[m * 3 + 1] = Field(readings, "_valid");
                slots[m * 3 + 2] = Field(readings, "_updated");
            }

            Buffer(output, "meter value slots", quantities + " quantities x (8 B value + 1 B valid + 8 B time)", slots);
            output.WriteLine("  note: the host figures are NOT a strict upper bound for the device. 64-bit references (8 B) and object headers");
            output.WriteLine("        (16 B) are larger than nanoFramework's 12-byte header, and strings are UTF-16 here, UTF-8 there; but");
            output.WriteLine("        nanoFramework spends a 12-byte heap block on EVERY field (a bool as much as a reference) and 12 B per element of");
            output.WriteLine("        a reference array, so objects with many small fields are larger on the device. Primitive buffers (the bulk)");
            output.WriteLine("        are the same size on both. The model column applies nanoFramework's rules; measure on the device with");
            output.WriteLine("        nanoFramework.Runtime.Native.GC.Run(true) before and after building to confirm.");
            bool ok = graph.NanoBytes <= Budget;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  budget: model estimate {0} <= {1} (60 % of ~80 KB; the rest for the runtime, networking, M2Mqtt): {2}",
                Figures.Kilobytes(graph.NanoBytes), Figures.Kilobytes(Budget), Figures.Verdict(ok)));
            GC.KeepAlive(rig);
            return ok ? 0 : 1;
        }

        private static string TopTypes(ObjectGraph graph, int count)
        {
            System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<Type, long[]>> rows =
                new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<Type, long[]>>(graph.ByType);
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
