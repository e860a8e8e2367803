using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>
    /// Scheduling on a simulated bus with a virtual clock: poll classes, round-robin fairness, backoff,
    /// offline after K failures, probing and coming back online, statistics.
    /// </summary>
    [TestClass]
    public class BusPollerTests
    {
        /// <summary>Creates each test's own poller (the launcher never creates an instance of a test class).</summary>
        private static Rig Create(int responseTimeoutMicroseconds)
        {
            return new Rig(responseTimeoutMicroseconds);
        }

        private static RegisterBlock[] MeterBlocks()
        {
            return new RegisterBlock[]
            {
                new RegisterBlock(ModbusFunction.ReadHoldingRegisters, 0, 4, PollClass.Fast),
                new RegisterBlock(ModbusFunction.ReadHoldingRegisters, 10, 4, PollClass.Slow),
                new RegisterBlock(ModbusFunction.ReadHoldingRegisters, 20, 2, PollClass.Rare),
                new RegisterBlock(ModbusFunction.ReadInputRegisters, 0, 2, PollClass.Once),
            };
        }

        private static RegisterSlave AddSlave(byte address)
        {
            RegisterSlave slave = new RegisterSlave(address, 32, 8, 8);
            slave.HoldingRegisters[0] = 0x1234;
            return slave;
        }

        [TestMethod]
        public void BlocksAreReadAtTheirPollClassIntervals()
        {
            Rig rig = Create(200000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            RecordingDevice device = new RecordingDevice(1, MeterBlocks());
            rig.Poller.AddDevice(device);

            rig.RunFor(30 * 60 * 1000000L); // 30 minutes

            // Fast every 2 s, slow every 60 s, rare every 15 min, once once: counted from t = 0, the end excluded.
            Assert.AreEqual(900, device.ReadsPerBlock[0]);
            Assert.AreEqual(30, device.ReadsPerBlock[1]);
            Assert.AreEqual(2, device.ReadsPerBlock[2]);
            Assert.AreEqual(1, device.ReadsPerBlock[3]);
            Assert.AreEqual(0, device.OfflineCalls);
            DeviceStatistics statistics = rig.Poller.StatisticsAt(0);
            Assert.AreEqual(933, statistics.Requests);
            Assert.AreEqual(933, statistics.Answers);
            Assert.IsTrue(statistics.Online);
        }

        [TestMethod]
        public void OnePollCycleIsCountedPerPassOverTheDueBlocks()
        {
            // The collector publishes one state message per poll: the poll's four blocks take four transactions
            // but complete one cycle; afterwards each fast interval (2 s) is one cycle of one block.
            Rig rig = Create(200000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            RecordingDevice device = new RecordingDevice(1, MeterBlocks());
            rig.Poller.AddDevice(device);

            rig.RunFor(1000000); // the first second: all four blocks are due at t = 0
            Assert.AreEqual(4, rig.Poller.StatisticsAt(0).Requests);
            Assert.AreEqual(1, rig.Poller.StatisticsAt(0).CompletedCycles);

            rig.RunFor(10 * 1000000L); // fast block at 2, 4, 6, 8 and 10 s
            Assert.AreEqual(6, rig.Poller.StatisticsAt(0).CompletedCycles);
        }

        [TestMethod]
        public void DataOfTheBlockIsHandedToTheDevice()
        {
            Rig rig = Create(200000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            RecordingDevice device = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            rig.Poller.AddDevice(device);

            Assert.IsTrue(rig.Poller.RunOnce());

            Assert.AreEqual(1, device.Reads);
            Assert.AreEqual(8, device.LastByteCount);
            Assert.AreEqual((byte)0x12, device.FirstDataByte);
            Assert.IsFalse(rig.Poller.RunOnce(), "nothing else due");
            Assert.AreEqual(2000000L, rig.Poller.NextDueMicroseconds);
        }

        [TestMethod]
        public void DeadMeterDoesNotStarveTheOthers()
        {
            Rig rig = Create(1000000);
            RegisterSlave alive = AddSlave(1);
            RegisterSlave alsoAlive = AddSlave(3);
            rig.Line.Responder = (request, offset, count) =>
            {
                byte[] answer = alive.Respond(request, offset, count);
                return answer != null ? answer : alsoAlive.Respond(request, offset, count);
            };
            RecordingDevice first = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            RecordingDevice dead = new RecordingDevice(2, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            RecordingDevice third = new RecordingDevice(3, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            rig.Poller.AddDevice(first);
            rig.Poller.AddDevice(dead);
            rig.Poller.AddDevice(third);

            rig.RunFor(10 * 60 * 1000000L);

            // Each attempt at the dead meter costs 3 s (1 s timeout, 2 retries) while online, 1 s per probe
            // while offline; the live meters keep close to their 2 s cadence (300 reads in 10 minutes).
            Assert.IsTrue(first.Reads >= 280, "first " + first.Reads.ToString());
            Assert.IsTrue(third.Reads >= 280, "third " + third.Reads.ToString());
            Assert.AreEqual(1, dead.OfflineCalls);
            Assert.IsFalse(rig.Poller.IsOnline(1));
            Assert.IsTrue(rig.Poller.IsOnline(0));
        }

        [TestMethod]
        public void FailingMeterIsBackedOffThenOfflineAfterKFailuresThenProbed()
        {
            Rig rig = Create(100000);
            RecordingDevice dead = new RecordingDevice(9, new RegisterBlock[] { new RegisterBlock(3, 0, 2, PollClass.Fast) });
            rig.Poller.AddDevice(dead);
            DeviceStatistics statistics = rig.Poller.StatisticsAt(0);

            // Failure 1 (three attempts of 100 ms), then backoff 1 s.
            Assert.IsTrue(rig.Poller.RunOnce());
            Assert.AreEqual(1, statistics.ConsecutiveFailures);
            Assert.AreEqual(3, statistics.Timeouts);
            long afterFirst = rig.Clock.MonotonicMicroseconds;
            Assert.AreEqual(afterFirst + 1000000L, rig.Poller.NextDueMicroseconds);
            Assert.IsFalse(rig.Poller.RunOnce(), "backed off");

            // Failure 2 after 1 s, then backoff 2 s.
            rig.Clock.Advance(1000000);
            Assert.IsTrue(rig.Poller.RunOnce());
            Assert.AreEqual(rig.Clock.MonotonicMicroseconds + 2000000L, rig.Poller.NextDueMicroseconds);
            Assert.IsTrue(statistics.Online);

            // Failure 3 = K: offline, callback once, next attempt is a probe after 30 s.
            rig.Clock.Advance(2000000);
            Assert.IsTrue(rig.Poller.RunOnce());
            Assert.IsFalse(statistics.Online);
            Assert.AreEqual(1, dead.OfflineCalls);
            Assert.AreEqual(1, statistics.OfflineTransitions);
            Assert.AreEqual(rig.Clock.MonotonicMicroseconds + 30000000L, rig.Poller.NextDueMicroseconds);

            // A probe is a single attempt.
            int requests = statistics.Requests;
            rig.Clock.Advance(30000000);
            Assert.IsTrue(rig.Poller.RunOnce());
            Assert.AreEqual(requests + 1, statistics.Requests);
            Assert.AreEqual(1, dead.OfflineCalls, "offline is reported once");
            Assert.AreEqual(4, dead.FailuresPerBlock[0], "four failed transactions reported");
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)dead.LastFailure);
        }

        [TestMethod]
        public void OfflineMeterThatAnswersAgainComesBackOnlineAndRereadsIdentity()
        {
            Rig rig = Create(100000);
            RegisterSlave slave = AddSlave(4);
            RecordingDevice device = new RecordingDevice(4, MeterBlocks());
            rig.Poller.AddDevice(device);
            rig.Line.Responder = slave.Respond;
            rig.RunFor(1000000);
            Assert.AreEqual(1, device.ReadsPerBlock[3], "identity read once");

            rig.Line.Responder = null; // the meter loses power
            rig.RunFor(60 * 1000000L);
            Assert.AreEqual(1, device.OfflineCalls);
            Assert.IsFalse(rig.Poller.IsOnline(0));

            rig.Line.Responder = slave.Respond; // power back
            rig.RunFor(31 * 1000000L);

            Assert.AreEqual(1, device.OnlineCalls);
            Assert.IsTrue(rig.Poller.IsOnline(0));
            Assert.AreEqual(2, device.ReadsPerBlock[3], "identity read again after reconnection");
            Assert.AreEqual(0, rig.Poller.StatisticsAt(0).ConsecutiveFailures);
        }

        [TestMethod]
        public void ExceptionResponsesDoNotTakeAMeterOffline()
        {
            Rig rig = Create(100000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            // Registers 100..103 are not mapped: exception 02 on every read.
            RecordingDevice device = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 100, 4, PollClass.Fast) });
            rig.Poller.AddDevice(device);

            rig.RunFor(60 * 1000000L);

            Assert.AreEqual(30, device.FailuresPerBlock[0]);
            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)device.LastFailure);
            Assert.AreEqual(0, device.OfflineCalls);
            Assert.AreEqual(30, rig.Poller.StatisticsAt(0).Exceptions);
            Assert.AreEqual(30, rig.Poller.StatisticsAt(0).Requests, "no retries on exceptions");
        }

        [TestMethod]
        public void RoundRobinAlternatesBetweenMetersWithDueBlocks()
        {
            Rig rig = Create(100000);
            RegisterSlave one = AddSlave(1);
            RegisterSlave two = AddSlave(2);
            rig.Line.Responder = (request, offset, count) =>
            {
                byte[] answer = one.Respond(request, offset, count);
                return answer != null ? answer : two.Respond(request, offset, count);
            };
            RecordingDevice first = new RecordingDevice(1, MeterBlocks());
            RecordingDevice second = new RecordingDevice(2, MeterBlocks());
            rig.Poller.AddDevice(first);
            rig.Poller.AddDevice(second);

            for (int turn = 0; turn < 3; turn++)
            {
                Assert.IsTrue(rig.Poller.RunOnce());
                Assert.AreEqual(turn + 1, first.Reads);
                Assert.AreEqual(turn, second.Reads);
                Assert.IsTrue(rig.Poller.RunOnce());
                Assert.AreEqual(turn + 1, second.Reads);
            }
        }

        [TestMethod]
        public void StatisticsAreKeptPerDeviceAndPerBus()
        {
            Rig rig = Create(100000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            RecordingDevice good = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 2, PollClass.Fast) });
            RecordingDevice missing = new RecordingDevice(2, new RegisterBlock[] { new RegisterBlock(3, 0, 2, PollClass.Fast) });
            rig.Poller.AddDevice(good);
            rig.Poller.AddDevice(missing);

            rig.Poller.RunOnce();
            rig.Poller.RunOnce();

            DeviceStatistics goodStatistics = rig.Poller.StatisticsOf(good);
            DeviceStatistics missingStatistics = rig.Poller.StatisticsOf(missing);
            Assert.AreEqual(1, goodStatistics.Requests);
            Assert.AreEqual(1, goodStatistics.Answers);
            Assert.AreEqual(20000 + 9 * 1146, goodStatistics.LastResponseLatencyMicroseconds);
            Assert.AreEqual(3, missingStatistics.Requests);
            Assert.AreEqual(3, missingStatistics.Timeouts);
            Assert.AreEqual(2, missingStatistics.Retries);
            Assert.AreEqual(4, rig.Poller.Statistics.Requests);
            Assert.AreEqual(1, rig.Poller.Statistics.Answers);
            Assert.IsTrue(rig.Poller.Statistics.LastCycleDurationMicroseconds > 300000, "both meters served in one cycle");
            Assert.IsTrue(goodStatistics.Describe().IndexOf("req=1") >= 0);
        }

        [TestMethod]
        public void BackoffIsExponentialAndCapped()
        {
            Assert.AreEqual(0L, PollerSettings.BackoffDelayMicroseconds(0, 1000000, 30000000));
            Assert.AreEqual(1000000L, PollerSettings.BackoffDelayMicroseconds(1, 1000000, 30000000));
            Assert.AreEqual(2000000L, PollerSettings.BackoffDelayMicroseconds(2, 1000000, 30000000));
            Assert.AreEqual(16000000L, PollerSettings.BackoffDelayMicroseconds(5, 1000000, 30000000));
            Assert.AreEqual(30000000L, PollerSettings.BackoffDelayMicroseconds(6, 1000000, 30000000));
            Assert.AreEqual(30000000L, PollerSettings.BackoffDelayMicroseconds(1000, 1000000, 30000000));
        }

        [TestMethod]
        public void AddingAnInvalidDeviceIsAProgrammerError()
        {
            Rig rig = Create(100000);
            Assert.ThrowsException(typeof(System.ArgumentException), () => rig.Poller.AddDevice(new RecordingDevice(0, MeterBlocks())));
            Assert.ThrowsException(typeof(System.ArgumentException), () => rig.Poller.AddDevice(new RecordingDevice(1, new RegisterBlock[0])));
        }

        [TestMethod]
        public void NewIntervalsAreTakenWithoutLosingTheDevicesOrTheirSchedule()
        {
            Rig rig = Create(200000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            RecordingDevice device = new RecordingDevice(1, MeterBlocks());
            rig.Poller.AddDevice(device);
            rig.RunFor(10 * 1000000L); // fast block at 0, 2, 4, 6, 8 s
            Assert.AreEqual(5, device.ReadsPerBlock[0]);

            PollerSettings slower = new PollerSettings();
            slower.FastIntervalMicroseconds = 5000000;
            rig.Poller.UpdateIntervals(slower);
            rig.RunFor(20 * 1000000L); // due at 10 s as before, then every 5 s: 10, 15, 20, 25 s

            Assert.AreEqual(1, rig.Poller.DeviceCount);
            Assert.AreEqual(9, device.ReadsPerBlock[0]);
            Assert.AreEqual(1, device.ReadsPerBlock[3], "the once block is not read again");
            Assert.AreEqual(5000000, rig.Poller.Settings.FastIntervalMicroseconds);
            Assert.AreEqual(9 + 1 + 1 + 1, rig.Poller.StatisticsAt(0).Requests, "statistics kept");
        }

        [TestMethod]
        public void AShorterIntervalTakesEffectWithinItselfNotAtTheOldDueTime()
        {
            Rig rig = Create(200000);
            RegisterSlave slave = AddSlave(1);
            rig.Line.Responder = slave.Respond;
            rig.PollerSettings.FastIntervalMicroseconds = 60000000;
            RecordingDevice device = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            rig.Poller.AddDevice(device);
            rig.RunFor(1000000); // read at 0 s, next due at 60 s

            PollerSettings faster = new PollerSettings();
            faster.FastIntervalMicroseconds = 2000000;
            rig.Poller.UpdateIntervals(faster);
            rig.RunFor(9 * 1000000L); // due 2 s after the change: 3, 5, 7, 9 s

            Assert.AreEqual(5, device.Reads);
        }

        [TestMethod]
        public void UnusableIntervalsAreRefusedAndNothingChanges()
        {
            Rig rig = Create(200000);
            PollerSettings broken = new PollerSettings();
            broken.FastIntervalMicroseconds = 0;

            Assert.ThrowsException(typeof(System.ArgumentException), () => rig.Poller.UpdateIntervals(broken));
            Assert.AreEqual(2000000, rig.Poller.Settings.FastIntervalMicroseconds);
        }

        [TestMethod]
        public void TheRunningMasterTakesANewResponseTimeoutAndRetries()
        {
            Rig rig = Create(1000000);
            RecordingDevice silent = new RecordingDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 4, PollClass.Fast) });
            rig.Poller.AddDevice(silent);
            long start = rig.Clock.MonotonicMicroseconds;
            rig.Poller.RunOnce();
            long before = rig.Clock.MonotonicMicroseconds - start;
            Assert.IsTrue(before >= 3000000, "1 s timeout, 2 retries: " + before.ToString());

            BusSettings quicker = new BusSettings();
            quicker.ResponseTimeoutMicroseconds = 200000;
            quicker.Retries = 0;
            rig.Master.UpdateRetrySettings(quicker);
            rig.Clock.Advance(10 * 1000000L);
            start = rig.Clock.MonotonicMicroseconds;
            rig.Poller.RunOnce();
            long after = rig.Clock.MonotonicMicroseconds - start;

            Assert.IsTrue(after >= 200000 && after < 300000, "200 ms timeout, no retry: " + after.ToString());
            BusSettings broken = new BusSettings();
            broken.Retries = 11;
            Assert.ThrowsException(typeof(System.ArgumentException), () => rig.Master.UpdateRetrySettings(broken));
            Assert.AreEqual(0, rig.Master.Settings.Retries);
        }

        /// <summary>A poller and its master on a scripted line answering after 20 ms, with a virtual clock.</summary>
        private sealed class Rig
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly ScriptedSerialLine Line;
            public readonly ModbusMaster Master;
            public readonly PollerSettings PollerSettings = new PollerSettings();
            public readonly BusPoller Poller;

            public Rig(int responseTimeoutMicroseconds)
            {
                Line = new ScriptedSerialLine(Clock);
                Line.RecordWrites = false;
                Line.ResponderDelayMicroseconds = 20000;
                BusSettings settings = new BusSettings();
                settings.ResponseTimeoutMicroseconds = responseTimeoutMicroseconds;
                Master = new ModbusMaster(Line, Clock, settings);
                Poller = new BusPoller(Master, Clock, PollerSettings);
            }

            /// <summary>The collector's main loop in miniature: run, or sleep until the next block is due.</summary>
            public void RunFor(long microseconds)
            {
                long end = Clock.MonotonicMicroseconds + microseconds;
                while (Clock.MonotonicMicroseconds < end)
                {
                    if (Poller.RunOnce())
                    {
                        continue;
                    }

                    long next = Poller.NextDueMicroseconds;
                    long now = Clock.MonotonicMicroseconds;
                    long wait = next > end ? end - now : next - now;
                    Clock.Advance(wait > 0 ? wait : 1);
                }
            }
        }
    }
}
