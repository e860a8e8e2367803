using System;
using System.Collections;
using System.Text;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Core.Supervision;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Supervision
{
    /// <summary>
    /// The supervisor on the virtual clock: a stuck part leads to a save of the pulse totals and a restart with
    /// cause supervisor, kept in the power-safe boot record; three crash restarts within 10 minutes lead to safe
    /// mode; a setup that throws still boots to a console that says why.
    /// </summary>
    [TestClass]
    public class SupervisorTests
    {
        private const long Second = 1000000;

        private static VirtualClock _clock;
        private static MemoryRecordStore _bootStore;
        private static BootRecord _record;
        private static ArrayList _log;
        private static long _bootedAt;

        [Setup]
        public void Reset()
        {
            _clock = new VirtualClock();
            _bootStore = new MemoryRecordStore(2, BootRecord.RecommendedSlotCapacity);
            _log = new ArrayList();
        }

        [TestMethod]
        public void AStuckMainLoopSavesTheTotalsAndRebootsWithCauseSupervisor()
        {
            Reset();
            Boot();
            Supervisor supervisor = new Supervisor(_clock, new RecordingDevice());
            Heartbeat main = new Heartbeat("main loop", _clock, 10 * Second);
            Heartbeat bus = new Heartbeat("bus", _clock, 30 * Second);
            Heartbeat transport = new Heartbeat("transport", _clock, 120 * Second);
            Heartbeat console = new Heartbeat("console", _clock, 10 * Second);
            supervisor.Watch(main);
            supervisor.Watch(bus);
            supervisor.Watch(transport);
            supervisor.Watch(console);

            // Healthy for 5 minutes: every part beats once a second (the transport is blocked 60 s in connect).
            for (int i = 0; i < 300; i++)
            {
                _clock.Advance(Second);
                main.Beat();
                bus.Beat();
                console.Beat();
                if (i < 100 || i > 160)
                {
                    transport.Beat();
                }

                Assert.IsFalse(supervisor.Check(), "healthy at " + i.ToString());
            }

            // The main loop hangs (the bus keeps beating from its own turn, the console from its thread).
            for (int i = 0; i < 11; i++)
            {
                _clock.Advance(Second);
                bus.Beat();
                console.Beat();
                transport.Beat();
                supervisor.Check();
            }

            Assert.AreEqual("save;restart supervisor main loop stuck 11 s", Joined());
            Assert.AreEqual((int)RebootCause.Supervisor, (int)Boot());
            Assert.AreEqual("supervisor: main loop stuck 11 s", _record.BootCauseText);
            Assert.IsFalse(_record.SafeMode);
        }

        [TestMethod]
        public void AGuardedThreadThatThrowsRebootsWithCauseCrash()
        {
            Reset();
            Boot();
            Supervisor supervisor = new Supervisor(_clock, new RecordingDevice());
            Heartbeat console = new Heartbeat("console", _clock, 10 * Second);
            supervisor.Watch(console);
            GuardedThread thread = new GuardedThread(ThrowingPass, console);
            Assert.IsFalse(thread.Run(3));
            Assert.IsTrue(supervisor.Check());
            Assert.AreEqual((int)RebootCause.Crash, (int)Boot());
            Assert.AreEqual("crash: console: InvalidOperationException", _record.BootCauseText);
        }

        [TestMethod]
        public void OutOfMemoryIsItsOwnCause()
        {
            Reset();
            Boot();
            Heartbeat heartbeat = new Heartbeat("bus", _clock, Second);
            heartbeat.Fail(new OutOfMemoryException());
            Supervisor supervisor = new Supervisor(_clock, new RecordingDevice());
            supervisor.Watch(heartbeat);
            Assert.IsTrue(supervisor.Check());
            Assert.AreEqual((int)RebootCause.OutOfMemory, (int)Boot());
            Assert.AreEqual("out-of-memory", RebootCauses.Name(_record.BootCause));
        }

        [TestMethod]
        public void ThreeCrashRebootsWithinTenMinutesLeadToSafeMode()
        {
            Reset();
            Assert.AreEqual((int)RebootCause.PowerOn, (int)Boot());
            for (int crash = 1; crash <= 3; crash++)
            {
                Assert.IsFalse(_record.SafeMode, "not yet at crash " + crash.ToString());
                _clock.Advance(150 * Second);
                CrashNow();
                Boot();
            }

            Assert.IsTrue(_record.SafeMode);
            Assert.AreEqual("3 crash/supervisor restarts within 10 min, last: crash: bus: InvalidOperationException; only the console and pulse counting run; 'reboot' leaves safe mode",
                _record.SafeModeReason);

            // 'reboot' from the console (cause command) leaves safe mode.
            _record.RecordRestart(RebootCause.Command, "console", 30);
            Assert.AreEqual((int)RebootCause.Command, (int)Boot());
            Assert.IsFalse(_record.SafeMode);
        }

        [TestMethod]
        public void CrashesFurtherApartThanTenMinutesDoNot()
        {
            Reset();
            Boot();
            for (int crash = 1; crash <= 6; crash++)
            {
                _clock.Advance(301 * Second);
                CrashNow();
                Boot();
                Assert.IsFalse(_record.SafeMode, "crash " + crash.ToString());
            }
        }

        [TestMethod]
        public void APowerCutEndsTheStreak()
        {
            Reset();
            Boot();
            _clock.Advance(10 * Second);
            CrashNow();
            Boot();
            _clock.Advance(10 * Second);
            CrashNow();
            Boot();

            // Power cut: nothing written before this boot.
            Assert.AreEqual((int)RebootCause.PowerOn, (int)Boot());
            _clock.Advance(10 * Second);
            CrashNow();
            Boot();
            Assert.IsFalse(_record.SafeMode);
            Assert.AreEqual(1, _record.Streak);
        }

        [TestMethod]
        public void ASetupThatThrowsStillBootsToTheConsoleWhichSaysWhy()
        {
            Reset();
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            ConfigManager config = new ConfigManager(new ConfigStore(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            CollectorPorts ports = Ports(new FailingSerialLine());
            string failure = StartupGuard.Run(
                delegate { new Collector(ports, config).Start(); },
                delegate(string why)
                {
                    // The fallback: board defaults, safe mode, a working console.
                    ports = Ports(new ScriptedSerialLine(_clock));
                    ports.SafeModeReason = why;
                    Collector collector = new Collector(ports, config);
                    collector.Start();
                    ConsoleSession session = new ConsoleSession(output, collector, config, _clock, false);
                    byte[] line = Encoding.UTF8.GetBytes("status\r");
                    session.Receive(line, 0, line.Length);
                });

            Assert.AreEqual("setup failed: InvalidOperationException (COM2: open failed)", failure);
            Assert.IsTrue(output.Joined().IndexOf("safe mode: setup failed: InvalidOperationException (COM2: open failed)") >= 0, output.Joined());
        }

        private static CollectorPorts Ports(ISerialLine line)
        {
            return TestPorts.Create(_clock, line, new SimulatedPulseCapture(PulseCaptureMode.Edges), null,
                new RecordingSystemControl("power-on"));
        }

        /// <summary>A boot: the record is read by a fresh BootRecord, as after a restart.</summary>
        private static RebootCause Boot()
        {
            _record = new BootRecord(_bootStore);
            _bootedAt = _clock.MonotonicMicroseconds;
            return _record.OnBoot();
        }

        private static void CrashNow()
        {
            Heartbeat bus = new Heartbeat("bus", _clock, 10 * Second);
            bus.Fail(new InvalidOperationException());
            Supervisor supervisor = new Supervisor(_clock, new RecordingDevice());
            supervisor.Watch(bus);
            Assert.IsTrue(supervisor.Check());
        }

        private static int ThrowingPass()
        {
            throw new InvalidOperationException();
        }

        private static string Joined()
        {
            string text = string.Empty;
            for (int i = 0; i < _log.Count; i++)
            {
                text += (i > 0 ? ";" : string.Empty) + (string)_log[i];
            }

            return text;
        }

        private sealed class RecordingDevice : ISupervisedDevice
        {
            public void SaveState()
            {
                _log.Add("save");
            }

            public void Restart(RebootCause cause, string detail)
            {
                _log.Add("restart " + RebootCauses.Name(cause) + " " + detail);
                _record.RecordRestart(cause, detail, (_clock.MonotonicMicroseconds - _bootedAt) / Second);
            }
        }

        private sealed class FailingSerialLine : ISerialLine
        {
            public void Configure(SerialSettings settings)
            {
                throw new InvalidOperationException("COM2: open failed");
            }

            public int BytesToRead
            {
                get { return 0; }
            }

            public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
            {
                return 0;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
            }
        }
    }
}
