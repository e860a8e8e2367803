using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.App;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Benchmarks.App
{
    /// <summary>
    /// Seven simulated days of the whole collector on the virtual clock (the main loop as on the device: one
    /// Step, then the idle it asks for), with the broker gone for one simulated hour in the middle. Prints
    /// pulses counted vs generated, block reads and meter readings done vs expected, messages published by
    /// kind, and what the store-and-forward ring did during the outage (buffered, replayed, dropped).
    /// Budgets: pulses exact with no lost edges; every expected block read done (no bus failures); every meter
    /// reading outside the outage published; nothing dropped while the broker is up.
    /// </summary>
    public static class SoakBenchmark
    {
        private const long Second = 1000000;
        private const long Minute = 60 * Second;
        private const long Hour = 60 * Minute;
        private const int Days = 7;

        public static int Run(TextWriter output)
        {
            Stopwatch wall = Stopwatch.StartNew();
            CollectorRig rig = new CollectorRig(RigParts.All);
            Collector collector = rig.Boot();
            Publisher publisher = collector.Publisher;
            long start = rig.Clock.MonotonicMicroseconds;
            long duration = Days * 24 * Hour;
            long outageStart = start + duration / 2;

            // First half.
            rig.RunFor(outageStart - start);
            long droppedBeforeOutage = publisher.DroppedMessages;
            long[] kindsBeforeOutage = Snapshot(rig.Broker);

            // The broker goes away for an hour.
            rig.Broker.Available = false;
            int mostBuffered = 0;
            for (int minute = 0; minute < 60; minute++)
            {
                rig.RunFor(Minute);
                mostBuffered = Math.Max(mostBuffered, publisher.BufferedMessages);
            }

            long droppedInOutage = publisher.DroppedMessages - droppedBeforeOutage;
            int backlog = publisher.BufferedMessages;
            long[] kindsAtReconnect = Snapshot(rig.Broker);
            rig.Broker.Available = true;
            long reconnectAt = rig.Clock.MonotonicMicroseconds;
            long connectedAt = -1;
            long replayEnds = -1;
            while (replayEnds < 0 && rig.Clock.MonotonicMicroseconds - reconnectAt < 15 * Minute)
            {
                if (!publisher.IsConnected)
                {
                    backlog = publisher.BufferedMessages;
                }

                rig.RunFor(Second / 10);
                if (connectedAt < 0 && publisher.IsConnected)
                {
                    connectedAt = rig.Clock.MonotonicMicroseconds;
                }

                if (connectedAt >= 0 && publisher.BufferedMessages <= 1)
                {
                    replayEnds = rig.Clock.MonotonicMicroseconds;
                }
            }

            // Buffered kinds (readings, pulse states, events) sent from reconnection until the backlog drained.
            long replayed = Buffered(rig.Broker, kindsAtReconnect);
            long droppedAfterOutage = publisher.DroppedMessages;

            // Second half, then stop the S0 outputs and let the last pulses be processed.
            rig.RunFor(start + duration - rig.Clock.MonotonicMicroseconds);
            rig.Outputs.Generating = false;
            rig.RunFor(30 * Second);
            long simulated = rig.Clock.MonotonicMicroseconds - start;
            wall.Stop();

            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "soak: {0} simulated days ({1:F2} h) of the collector in {2:F1} s of wall time ({3} main-loop steps, {4:N0}x real time)",
                Days, simulated / (double)Hour, wall.Elapsed.TotalSeconds, Figures.Number(rig.Steps), simulated / 1e6 / wall.Elapsed.TotalSeconds));

            bool ok = true;
            PulseProcessor pulses = collector.Pulses;
            for (int i = 0; i < pulses.ChannelCount; i++)
            {
                PulseChannel channel = pulses.Channels[i];
                long generated = rig.Outputs.Generated(i);
                bool exact = channel.TotalPulses == generated && channel.LostEdgeCount == 0 && rig.Outputs.Pending(i) == 0;
                ok &= exact;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  pulses {0,-8} counted {1} of {2} generated ({3}), lost edges {4}, rejected {5}, {6:F3} kWh, cross-check {7}  [budget: exact] {8}",
                    channel.Name, Figures.Number(channel.TotalPulses), Figures.Number(generated), exact ? "exact" : "DIFFERENT",
                    channel.LostEdgeCount, channel.RejectedCount, channel.EnergyKilowattHours, channel.CrossCheckStatus, Figures.Verdict(exact)));
            }

            BusPoller poller = collector.Poller;
            PollerSettings settings = poller.Settings;
            long meterStatesExpected = 0;
            for (int m = 0; m < collector.Meters.Length; m++)
            {
                MeterDriver driver = collector.Meters[m];
                long expected = 0;
                foreach (RegisterBlock block in driver.Blocks)
                {
                    expected += block.PollClass == PollClass.Once ? 1 : simulated / settings.IntervalOf(block.PollClass) + 1;
                }

                long polls = simulated / settings.FastIntervalMicroseconds + 1;
                meterStatesExpected += polls;
                DeviceStatistics statistics = poller.StatisticsAt(m);
                // A block due in the last moments may still be waiting its turn on the bus: one per block is allowed.
                bool complete = driver.Readings.BlocksRead >= expected - driver.Blocks.Length && driver.Readings.BlocksFailed == 0
                    && statistics.Timeouts == 0 && statistics.OfflineTransitions == 0;
                ok &= complete;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  meter  {0,-8} ({1,-6}) block reads {2} of {3} expected ({4} fast polls due), failed {5}, timeouts {6}, offline {7}x, rejected values {8}, events dropped {9}  [budget: all] {10}",
                    driver.Type.Name, driver.Address, Figures.Number(driver.Readings.BlocksRead), Figures.Number(expected), Figures.Number(polls),
                    driver.Readings.BlocksFailed, statistics.Timeouts, statistics.OfflineTransitions, driver.Readings.RejectedValues,
                    driver.Readings.Events.Dropped, Figures.Verdict(complete)));
            }

            BusStatistics bus = poller.Statistics;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  bus: {0} requests, {1} answers, {2} timeouts, {3} CRC errors, {4} exceptions, {5} retries",
                Figures.Number(bus.Requests), Figures.Number(bus.Answers), bus.Timeouts, bus.CrcErrors, bus.Exceptions, bus.Retries));

            BenchBroker broker = rig.Broker;
            long meterStates = broker.Count(MessageKind.MeterState);
            long lostToOutage = droppedInOutage + (droppedAfterOutage - droppedBeforeOutage - droppedInOutage);
            bool statesOk = meterStates + lostToOutage + publisher.BufferedMessages >= meterStatesExpected - collector.Meters.Length
                && publisher.DroppedMessages == droppedAfterOutage && droppedBeforeOutage == 0;
            ok &= statesOk;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  messages published: {0} total ({1} payload bytes): meter readings {2} (+{4} dropped in the outage; {3} fast polls were due: {13:F1} % more messages than polls), pulse states {5}, health {6}, events {7}, availability {8}, status {9}, discovery {10}; sessions {11}  [budget: none lost outside the outage] {12}",
                Figures.Number(broker.Total), Figures.Number(broker.PayloadBytes), Figures.Number(meterStates), Figures.Number(meterStatesExpected),
                Figures.Number(lostToOutage), Figures.Number(broker.Count(MessageKind.PulseState)), Figures.Number(broker.Count(MessageKind.Health)),
                Figures.Number(broker.Count(MessageKind.Event)), Figures.Number(broker.Count(MessageKind.Availability)), Figures.Number(broker.Count(MessageKind.Status)),
                Figures.Number(broker.Count(MessageKind.Discovery)), broker.Sessions, Figures.Verdict(statesOk),
                100.0 * (meterStates + lostToOutage - meterStatesExpected) / meterStatesExpected));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  broker outage of 1 simulated hour at day 3.5: ring ({0}) held at most {1} messages; reconnected {2:F0} s after the broker returned (reconnect backoff); backlog of {3} replayed within {4:F1} s of reconnecting ({5} buffered-kind messages sent by then); {6} dropped (thinned, counted) (counted, reported in health); dropped outside the outage: {7}",
                Figures.Kilobytes(SettingsMapper.Publishing(rig.Config.Active, null, "bench").BufferBytes), mostBuffered, connectedAt < 0 ? double.NaN : (connectedAt - reconnectAt) / 1e6, backlog,
                replayEnds < 0 ? double.NaN : (replayEnds - connectedAt + Second / 10) / 1e6, replayed, // sampled every 0.1 s
                Figures.Number(droppedAfterOutage - droppedBeforeOutage), publisher.DroppedMessages - (droppedAfterOutage - droppedBeforeOutage)));
            output.WriteLine("  messages by kind at reconnect vs before the outage: meter readings +" + (kindsAtReconnect[0] - kindsBeforeOutage[0])
                + ", pulse states +" + (kindsAtReconnect[1] - kindsBeforeOutage[1]) + " (nothing leaves while the broker is away)");
            output.WriteLine("  verdict: " + Figures.Verdict(ok));
            return ok ? 0 : 1;
        }

        private static long[] Snapshot(BenchBroker broker)
        {
            return new[] { broker.Count(MessageKind.MeterState), broker.Count(MessageKind.PulseState), broker.Count(MessageKind.Event) };
        }

        private static long Buffered(BenchBroker broker, long[] before)
        {
            long[] now = Snapshot(broker);
            return now[0] - before[0] + now[1] - before[1] + now[2] - before[2];
        }
    }
}
