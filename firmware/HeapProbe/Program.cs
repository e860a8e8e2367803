using System;
using System.Collections;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace EspCollector.HeapProbe
{
    /// <summary>
    /// The heap probe (issue 13): the collector of <c>firmware/Program.cs</c>, composed the same way, in the largest
    /// configuration a plain ESP32 must carry (the four meter types, one each, 8 S0 channels with pulses flowing,
    /// the console, MQTT with TLS), on a rig that needs no hardware: simulated meters on an in-memory bus, the
    /// virtual clock, memory record stores, simulated pulse capture and a broker that only counts. It runs one
    /// simulated hour at full speed and prints the free managed heap (<c>GC.Run(true)</c>) at each mark:
    /// <code>
    /// probe: start free=&lt;bytes&gt;      before anything
    /// probe: rig free=&lt;bytes&gt;        the rig built (it does not grow afterwards)
    /// probe: limit free=&lt;bytes&gt;      only with HeapLimitBytes &gt; 0: what is left after the fill
    /// probe: config free=&lt;bytes&gt;     configuration loaded through the ConfigManager
    /// probe: built free=&lt;bytes&gt;      collector started and console session built
    /// probe: discovery free=&lt;bytes&gt;  every meter's identity read and its discovery published
    /// probe: end free=&lt;bytes&gt;        after the simulated hour
    /// probe: done
    /// </code>
    /// What the firmware keeps = "rig" - "end". Run it on nanoCLR or a board (README, "Memory"): it is compiled by
    /// the surface check but never run on the host.
    /// <see cref="HeapLimitBytes"/> &gt; 0 fills the heap after the rig (chained 4 KB chunks) so that only that many bytes
    /// stay free: the smallest value the probe completes with is the heap it needs above its rig.
    /// </summary>
    public static class Program
    {
        /// <summary>Free bytes left after the rig (0: no limit); see the class summary.</summary>
        public static readonly int HeapLimitBytes = 0;

        /// <summary>
        /// GC.Run(true) (collect and compact) at each mark, as on the device. nanoCLR for Linux (nf-interpreter
        /// targets/posix, 64-bit) crashes in the compaction; a copy built with false runs there (README, "Memory").
        /// The same nanoCLR built for 32 bits (-m32: the ESP32's 12-byte heap blocks) runs it as it is.
        /// </summary>
        public const bool CompactHeap = true;

        /// <summary>
        /// What M-Bus support costs (issue 16): true adds a KLEFR M-bus meter (primary address 5) on the M-Bus port,
        /// its own simulated line. The plain envelope has no room for it beside the 8 S0 channels, so that run uses
        /// 4 channels (<see cref="PulseChannels"/>), and the comparison is the same 4 channels without it.
        /// </summary>
        public static readonly bool MBusMeter = false;

        /// <summary>S0 channels configured (8 for the plain-ESP32 configuration).</summary>
        public static readonly int PulseChannels = 8;

        /// <summary>Where the broker's CA is stored on the device (mqtt.tls.ca) and its size in PEM lines.</summary>
        private const string CaPath = "I:\\ca.pem";
        private const int CaPemLines = 30;

        private const byte MBusPrimaryAddress = 5;

        private const long Second = 1000000;
        private const long Hour = 3600 * Second;
        private const long PulseWidthMicroseconds = 50000;
        private const byte Holding = 3;

        /// <summary>The S0 inputs (the default board's pulse pins first, then free GPIOs) and their constants.</summary>
        private static readonly int[] PulsePins = { 32, 33, 18, 19, 23, 13, 14, 34 };

        /// <summary>Time between pulses per channel: 1 to 8 kW at 1000..3200 imp/kWh, all flowing at once.</summary>
        private static readonly long[] PulseSpacing = { 562500, 1125000, 3600000, 1800000, 1200000, 900000, 720000, 600000 };

        private static readonly long[] NextPulse = new long[PulseChannelSettings.MaximumChannels];
        private static long _pulsesEmitted;
        private static long _pulsesDropped;
        private static object _ballast;

        /// <summary>Keeps the console session reachable for the whole run, as the device's console thread does.</summary>
        private static ConsoleSession _session;

        public static void Main()
        {
            string mark = "start";
            try
            {
                Print(mark);
                Run(ref mark);
                Console.WriteLine("probe: done");
            }
            catch (OutOfMemoryException)
            {
                Console.WriteLine("probe: out of memory after " + mark);
            }
            catch (Exception exception)
            {
                Console.WriteLine("probe: failed after " + mark + ": " + exception.GetType().FullName + " " + exception.Message);
            }
        }

        private static void Run(ref string mark)
        {
            // ------------------------------------------------------------------------ the rig
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            SerialSettings framing = SimulatedMeters.Framing(9600, SerialParity.Even);
            SimulatedMeterSlave kpm33b = SimulatedMeters.Kpm33b(1, framing, "2407260001234");
            kpm33b.SetFloat(Holding, 0x0048, 2760.0f);     // KPM33B User Manual V3.4, 6.3: 0048H three phase active power
            bus.Add(kpm33b);
            bus.Add(SimulatedMeters.Kpm31(2, framing));
            bus.Add(SimulatedMeters.Klefr(3, framing, 16100649));
            bus.Add(SimulatedMeters.Sdm630(4, framing, 21040017, false));
            ScriptedSerialLine mbusLine = null;
            if (MBusMeter)
            {
                mbusLine = new ScriptedSerialLine(clock);
                mbusLine.RecordWrites = false;
                MBusTestBus mbus = new MBusTestBus(mbusLine);
                mbus.Add(new KlefrMBusSlave(MBusPrimaryAddress, 12345678));
            }

            SimulatedPulseCapture capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            MemoryRecordStore configRecords = new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity);
            MemoryRecordStore totalsRecords = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
            CountingBroker broker = new CountingBroker();
            FakeNetworkStatus network = new FakeNetworkStatus();
            ProbeSystem system = new ProbeSystem();
            SilentConsole consoleOutput = new SilentConsole();
            ArrayList warnings = new ArrayList();

            // The installer's configuration, saved before the "boot" (the device finds it in flash).
            ConfigManager setup = new ConfigManager(new ConfigStore(configRecords));
            setup.Load();
            Configure(setup, warnings);
            setup = null;
            warnings.Clear();
            mark = "rig";
            Print(mark);
            if (HeapLimitBytes > 0)
            {
                Fill();
                Console.WriteLine("probe: limit free=" + NativeGC.Run(CompactHeap));
            }

            // ------------------------------------------------------------------------ firmware/Program.cs's composition
            ConfigManager config = new ConfigManager(new ConfigStore(configRecords));
            config.Load();
            mark = "config";
            Print(mark);

            CollectorPorts ports = new CollectorPorts();
            ports.Clock = clock;
            ports.WallClock = clock;
            ports.System = system;
            ports.FirmwareVersion = "probe";
            ports.BusLine = line;
            ports.MBusLine = mbusLine;
            ports.PulseCapture = capture;
            ports.TotalsStore = totalsRecords;
            ports.Network = network;
            ports.TransportFactory = broker;
            Collector collector = new Collector(ports, config);
            collector.Start();
            ConsoleSession session = new ConsoleSession(consoleOutput, collector, config, clock, true);
            session.Start();
            _session = session;
            mark = "built";
            Print(mark);

            // ------------------------------------------------------------------------ one simulated hour
            long start = clock.MonotonicMicroseconds;
            for (int channel = 0; channel < PulsePins.Length; channel++)
            {
                NextPulse[channel] = start;
            }

            long discoveryBy = start + 5 * 60 * Second;
            bool discovered = false;
            long end = start + Hour;
            while (clock.MonotonicMicroseconds < end)
            {
                int idle = collector.Step();
                Emit(capture, clock.MonotonicMicroseconds);
                clock.Advance(idle < 1000 ? 1000 : idle);
                if (!discovered && (IdentitiesRead(collector) && broker.DiscoveryPublished > 0 || clock.MonotonicMicroseconds >= discoveryBy))
                {
                    // One more minute for discovery to go out after the last identity arrived.
                    discovered = true;
                    long until = clock.MonotonicMicroseconds + 60 * Second;
                    while (clock.MonotonicMicroseconds < until)
                    {
                        idle = collector.Step();
                        Emit(capture, clock.MonotonicMicroseconds);
                        clock.Advance(idle < 1000 ? 1000 : idle);
                    }

                    mark = "discovery";
                    Print(mark);
                    Console.WriteLine("probe: identities " + (IdentitiesRead(collector) ? "read" : "NOT read") + ", messages=" + broker.Published
                        + " discovery=" + broker.DiscoveryPublished);
                }
            }

            mark = "end";
            Print(mark);
            Console.WriteLine("probe: messages=" + broker.Published + " discovery=" + broker.DiscoveryPublished + " payload_bytes=" + broker.PayloadBytes
                + " connections=" + broker.Connections + " pulses=" + _pulsesEmitted + " dropped_edges=" + _pulsesDropped
                + " transactions=" + collector.Poller.Statistics.Requests + " lowest_free=" + system.LowestFree);
        }

        /// <summary>The largest plain-ESP32 configuration (heap issue): MQTT with TLS, the four meter types, 8 S0 channels.</summary>
        private static void Configure(ConfigManager config, ArrayList warnings)
        {
            Check(config.Set(SettingKeys.MqttHost, "broker.probe", warnings));
            Check(config.Set(SettingKeys.MqttCollectorId, "probe", warnings));
            Check(config.Set(SettingKeys.MqttTls, "on", warnings));
            // TLS validated against the broker's CA, read from a file at start as on the device (ProbeSystem below):
            // without a CA (and without mqtt.tls.insecure) the collector refuses to connect and nothing is published.
            Check(config.Set(SettingKeys.MqttTlsCa, CaPath, warnings));
            Check(config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[0]));
            Check(config.AddMeter("flat", MeterTypes.Kpm31Name, "2", new string[0]));
            Check(config.AddMeter("heatpump", MeterTypes.KlefrName, "3", new string[0]));
            Check(config.AddMeter("solar", MeterTypes.Sdm630Name, "4", new string[0]));
            if (MBusMeter)
            {
                Check(config.AddMeter("heating", MeterEntry.MBusType, MBusPrimaryAddress.ToString(), new string[0]));
            }

            for (int channel = 0; channel < PulseChannels; channel++)
            {
                string[] options = channel == 0 ? new string[] { "link=main" } : channel == 1 ? new string[] { "link=flat" } : new string[0];
                Check(config.AddPulseChannel("s0_" + (channel + 1), PulsePins[channel].ToString(), channel < 2 ? "3200" : "1000", options, warnings));
            }

            Check(config.Save());
        }

        /// <summary>Every pulse whose inactive edge has passed goes into the ring as its channel's, as the GPIO callback would.</summary>
        private static void Emit(SimulatedPulseCapture capture, long now)
        {
            EdgeRing ring = capture.Ring;
            if (ring == null)
            {
                return;
            }

            for (int channel = 0; channel < ring.ChannelCount && channel < PulsePins.Length; channel++)
            {
                while (NextPulse[channel] + PulseWidthMicroseconds <= now)
                {
                    long start = NextPulse[channel];
                    if (ring.Record(channel, start, true) && ring.Record(channel, start + PulseWidthMicroseconds, false))
                    {
                        _pulsesEmitted++;
                    }
                    else
                    {
                        _pulsesDropped++;
                    }

                    NextPulse[channel] += PulseSpacing[channel];
                }
            }
        }

        /// <summary>
        /// Takes free heap until about <see cref="HeapLimitBytes"/> stay free, in chunks of at most 4 KB chained
        /// together: they also fill the holes the rig left, and no single block is large (an object's size is a 16-bit
        /// count of heap blocks). Each round takes three quarters of what is left above the limit, then measures again.
        /// </summary>
        private static void Fill()
        {
            const int Chunk = 4096;
            object[] chain = null;
            int free = (int)NativeGC.Run(false);
            while (free - HeapLimitBytes > 512)
            {
                int budget = (free - HeapLimitBytes) / 4 * 3;
                while (budget > 256)
                {
                    int size = budget > Chunk + 256 ? Chunk : budget - 256;
                    object[] node = new object[2];
                    node[0] = new byte[size];
                    node[1] = chain;
                    chain = node;
                    budget -= size + 256;
                }

                free = (int)NativeGC.Run(false);
            }

            _ballast = chain;
        }

        private static bool IdentitiesRead(Collector collector)
        {
            MeterDriver[] meters = collector.Meters;
            for (int index = 0; index < meters.Length; index++)
            {
                if (meters[index].Identity == null || !meters[index].Identity.IsRead)
                {
                    return false;
                }
            }

            return meters.Length > 0;
        }

        private static void Print(string mark)
        {
            Console.WriteLine("probe: " + mark + " free=" + NativeGC.Run(CompactHeap));
        }

        private static void Check(string error)
        {
            if (error != null)
            {
                throw new InvalidOperationException("configuration rejected: " + error);
            }
        }

        /// <summary>The platform port: free heap from the runtime (as on the device), no files, no reboot.</summary>
        private sealed class ProbeSystem : ISystemControl
        {
            public int LowestFree = int.MaxValue;

            public string BootCause
            {
                get { return "power-on"; }
            }

            public int FreeMemoryBytes()
            {
                int free = (int)NativeGC.Run(false);
                if (free < LowestFree)
                {
                    LowestFree = free;
                }

                return free;
            }

            /// <summary>A PEM of the size of a real root CA (ISRG Root X1: 31 lines of 64 base64 characters), made
            /// anew on each read as the device reads the file; its content is never checked (the broker only counts).</summary>
            public string ReadTextFile(string path)
            {
                if (path != CaPath)
                {
                    return null;
                }

                System.Text.StringBuilder pem = new System.Text.StringBuilder(CaPemLines * 65 + 60);
                pem.Append("-----BEGIN CERTIFICATE-----\n");
                for (int line = 0; line < CaPemLines; line++)
                {
                    pem.Append("MIIFazCCA1OgAwIBAgIRAIIQz7DSQONZRGPgu2OCiwAwDQYJKoZIhvcNAQELBQAwTzELMAkGA1UE", 0, 64);
                    pem.Append('\n');
                }

                pem.Append("-----END CERTIFICATE-----\n");
                return pem.ToString();
            }

            public void Reboot(string cause)
            {
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
    }
}
