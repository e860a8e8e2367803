using System;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Report;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Publishing
{
    /// <summary>
    /// Bytes the core allocates per message in steady state: a meter reading queued (JSON into the reused
    /// writer, copied into the store-and-forward ring) and published by Service, a pulse channel state, a
    /// health message, and readings queued while the broker is away (ring full, drop-oldest). The in-memory
    /// broker's work is foreign (on the device, M2Mqtt's per-message copy is outside the core). Budget: 0.
    /// </summary>
    public static class PublishAllocationBenchmark
    {
        private const int Measured = 20000;

        public static int Run(TextWriter output)
        {
            VirtualClock clock = new VirtualClock();
            clock.SynchronizeTo(CollectorRig.WallStart);
            BenchBroker broker = new BenchBroker();
            PublishingSettings settings = new PublishingSettings();
            settings.BrokerHost = "broker.bench";
            settings.CollectorId = "bench";
            // Paced replay (10/s by default) would hold readings back; the benchmark measures cost, not pacing.
            settings.ReplayMessagesPerSecond = 1000;
            settings.ReplayBurst = 100;
            Publisher publisher = new Publisher(settings, clock, clock, new FakeNetworkStatus(), broker, new RecordingCommandActions());

            MeterType[] types = MeterTypes.All;
            MeterDevice[] devices = new MeterDevice[types.Length];
            MeterStateSnapshot[] snapshots = new MeterStateSnapshot[types.Length];
            for (int m = 0; m < types.Length; m++)
            {
                MeterReadings readings = new MeterDriver(types[m], (byte)(m + 1), new MeterSettings()).Readings;
                string[] names = new string[readings.Count];
                string[] units = new string[readings.Count];
                snapshots[m] = new MeterStateSnapshot(types[m].Name, readings.Count);
                for (int q = 0; q < readings.Count; q++)
                {
                    names[q] = readings.NameAt(q);
                    units[q] = readings.UnitAt(q);
                    snapshots[m].Add(names[q], units[q], 1000 + q * 1.234567, true);
                }

                devices[m] = new MeterDevice(types[m].Name, m + 1, names);
                devices[m].Units = units;
            }

            PulseChannelDevice[] pulseDevices = { new PulseChannelDevice("main_s0", 3200, types[0].Name), new PulseChannelDevice("flat_s0", 1600, null) };
            PulseChannelSnapshot[] pulses = { new PulseChannelSnapshot("main_s0"), new PulseChannelSnapshot("flat_s0") };
            HealthSnapshot health = new HealthSnapshot();
            publisher.Configure(devices, pulseDevices);

            // Connect, send discovery, end the sweep window, then warm every path once.
            for (int i = 0; i < 400; i++)
            {
                clock.AdvanceMilliseconds(50);
                publisher.Service();
            }

            Cycle(publisher, clock, snapshots, pulses, health, 200, 0);
            Cycle(publisher, clock, snapshots, pulses, health, 200, 1);
            Cycle(publisher, clock, snapshots, pulses, health, 200, 2);
            long discovery = broker.Count(MessageKind.Discovery);

            output.WriteLine("publish: steady-state allocation per message (broker connected, Service after each), budget 0 B");
            int failures = 0;
            long stateBytes = 0;
            long stateMessages = 0;
            string[] names2 = { "meter reading (4 types, " + TotalQuantities(snapshots) + " quantities)", "pulse channel state", "health message" };
            MessageKind[] kinds = { MessageKind.MeterState, MessageKind.PulseState, MessageKind.Health };
            for (int kind = 0; kind < 3; kind++)
            {
                long sentBefore = broker.Count(kinds[kind]);
                long bytesBefore = broker.PayloadBytes;
                Measurement measurement = Measurement.Start();
                Cycle(publisher, clock, snapshots, pulses, health, Measured, kind);
                measurement.Stop();
                long sent = broker.Count(kinds[kind]) - sentBefore;
                bool ok = measurement.CoreBytes == 0 && sent == Measured;
                if (kinds[kind] != MessageKind.Health)
                {
                    // State payloads: meter readings and pulse channel states.
                    stateBytes += measurement.CoreBytes;
                    stateMessages += Measured;
                }

                failures += ok ? 0 : 1;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  {0,-44} {1} queued, {2} published (avg payload {3:F0} B): core {4} ({5:F3} B/message, budget 0) {6}",
                    names2[kind], Figures.Number(Measured), Figures.Number(sent), (double)(broker.PayloadBytes - bytesBefore) / Math.Max(sent, 1),
                    Figures.Bytes(measurement.CoreBytes), (double)measurement.CoreBytes / Measured, Figures.Verdict(ok)));
            }

            BenchReport.Record("alloc_bytes_per_state_payload", (double)stateBytes / stateMessages, 3, "B");

            // Broker away: readings go into the ring; once it is full, the oldest is dropped and counted.
            broker.Available = false;
            publisher.Service();
            long droppedBefore = publisher.DroppedMessages;
            Measurement queued = Measurement.Start();
            for (int i = 0; i < Measured; i++)
            {
                MeterStateSnapshot snapshot = snapshots[i % snapshots.Length];
                snapshot.Values[0] = 230 + (i % 100) * 0.01;
                clock.AdvanceMilliseconds(100);
                publisher.PublishMeterState(snapshot);
                publisher.Service();
            }

            queued.Stop();
            long dropped = publisher.DroppedMessages - droppedBefore;
            bool queuedOk = queued.CoreBytes == 0 && dropped > 0;
            failures += queuedOk ? 0 : 1;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  {0,-44} {1} queued, {2} buffered ({3} of the ring), {4} dropped (thinned, counted): core {5} ({6:F3} B/message, budget 0) {7}",
                "meter reading, broker away (ring full)", Figures.Number(Measured), publisher.BufferedMessages,
                Figures.Kilobytes(settings.BufferBytes), Figures.Number(dropped), Figures.Bytes(queued.CoreBytes),
                (double)queued.CoreBytes / Measured, Figures.Verdict(queuedOk)));
            output.WriteLine("  (discovery messages sent at connect: " + discovery + "; the broker double's own work is foreign and excluded)");
            return failures == 0 ? 0 : 1;
        }

        private static int TotalQuantities(MeterStateSnapshot[] snapshots)
        {
            int total = 0;
            foreach (MeterStateSnapshot snapshot in snapshots)
            {
                total += snapshot.Count;
            }

            return total;
        }

        /// <summary>kind 0: meter readings, 1: pulse states, 2: health; each followed by Service.</summary>
        private static void Cycle(Publisher publisher, VirtualClock clock, MeterStateSnapshot[] snapshots, PulseChannelSnapshot[] pulses,
            HealthSnapshot health, int count, int kind)
        {
            for (int i = 0; i < count; i++)
            {
                clock.AdvanceMilliseconds(100);
                switch (kind)
                {
                    case 0:
                        MeterStateSnapshot snapshot = snapshots[i % snapshots.Length];
                        for (int q = 0; q < snapshot.Count; q++)
                        {
                            snapshot.Values[q] += 0.001 * (q + 1);
                        }

                        publisher.PublishMeterState(snapshot);
                        break;
                    case 1:
                        PulseChannelSnapshot pulse = pulses[i % pulses.Length];
                        pulse.Pulses++;
                        pulse.EnergyKilowattHours = pulse.Pulses / 3200.0;
                        pulse.PowerWatts = 1000 + i % 500;
                        pulse.PowerValid = true;
                        pulse.HasDiscrepancy = i % 2 == 0;
                        pulse.DiscrepancyKilowattHours = 0.01;
                        publisher.PublishPulseState(pulse);
                        break;
                    default:
                        health.UptimeSeconds = i;
                        health.BusRequests = i * 3;
                        health.BusResponses = i * 3;
                        health.FreeMemoryBytes = 40000 - i % 1000;
                        publisher.PublishHealth(health);
                        break;
                }

                publisher.Service();
            }
        }
    }
}
