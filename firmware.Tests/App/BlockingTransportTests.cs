using System.Collections;
using System.Text;
using System.Threading;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// The collector with a transport whose Connect blocks for 30 s (<see cref="BlockingConnectTransportFactory"/>,
    /// M2Mqtt on the device). Through <see cref="ThreadedTransportFactory"/> the main loop never waits: pulses are
    /// counted exactly, the bus keeps polling and the console answers at once. Without it, one step of the
    /// main loop takes the whole 30 s (the model bites).
    /// </summary>
    [TestClass]
    public class BlockingTransportTests
    {
        private const long Second = 1000000;
        private const long PulseSpacing = 500000;
        private const long PulseWidth = 50000;

        private static VirtualClock _clock;
        private static Collector _collector;
        private static ConsoleSession _console;
        private static CapturedConsoleOutput _output;
        private static SimulatedPulseCapture _capture;
        private static ThreadedTransportFactory _threaded;
        private static BlockingConnectTransportFactory _blocking;
        private static MemoryBroker _broker;
        private static bool _stopWorker;
        private static long _nextPulse;
        private static long _pulsesEmitted;
        private static long _longestStep;

        [Setup]
        public void Reset()
        {
            _stopWorker = false;
            _pulsesEmitted = 0;
            _longestStep = 0;
        }

        [TestMethod]
        public void ThirtySecondConnectNeverStallsTheMainLoop()
        {
            // Baseline: the same 40 s with a broker that connects at once, on the main loop. A step's longest
            // time there is one bus transaction (a 125-register read takes about 300 ms at 9600 baud).
            Compose(false, 0);
            _collector.Start();
            long baselineStart = _clock.MonotonicMicroseconds;
            while (_clock.MonotonicMicroseconds - baselineStart < 40 * Second)
            {
                StepOnce();
            }

            long baseline = _longestStep;
            _longestStep = 0;
            _pulsesEmitted = 0;

            Compose(true, 30 * Second);
            Thread worker = new Thread(WorkerLoop);
            worker.Start();
            try
            {
                _collector.Start();
                long start = _clock.MonotonicMicroseconds;
                int requestsBefore = _collector.Poller.Master.Statistics.Requests;
                long consoleLatency = -1;
                while (_clock.MonotonicMicroseconds - start < 40 * Second)
                {
                    if (consoleLatency < 0 && _clock.MonotonicMicroseconds - start >= 10 * Second)
                    {
                        consoleLatency = TypeAndTime("status");
                    }

                    StepOnce();
                }

                Assert.AreEqual(0, _blocking.BlockedOnClockThread, "the main loop called the blocking Connect");
                Assert.IsTrue(_longestStep <= baseline + 1000, "longest main-loop step " + _longestStep.ToString()
                    + " us, without any network wait " + baseline.ToString() + " us");
                Assert.IsTrue(consoleLatency >= 0 && consoleLatency < 100000, "console answered after " + consoleLatency.ToString() + " us");
                Assert.IsTrue(_output.Joined().IndexOf("main_s0") >= 0, "status answered: " + _output.Joined());
                int polls = _collector.Poller.Master.Statistics.Requests - requestsBefore;
                Assert.IsTrue(polls >= 30, "bus transactions while connecting: " + polls.ToString());
                _collector.Pulses.Process();
                Assert.AreEqual(_pulsesEmitted, _collector.Pulses.Channels[0].TotalPulses, "pulses counted exactly");
                Assert.AreEqual(0, _collector.Pulses.TotalLostEdges);

                // Once the connect returns on the worker, the session comes up and readings go out.
                for (int i = 0; i < 5000 && !_collector.Publisher.IsConnected; i++)
                {
                    StepOnce();
                    Thread.Sleep(1);
                }

                Assert.IsTrue(_collector.Publisher.IsConnected, "connected after the block: connects " + _blocking.Connects.ToString() + " attempts " + _collector.Publisher.Connection.Attempts.ToString() + " pending " + _collector.Publisher.Connection.IsConnecting.ToString() + " last " + ((int)_collector.Publisher.Connection.LastResult).ToString() + " broker attempts " + _broker.ConnectAttempts.ToString());
                Assert.AreEqual(1, _blocking.Connects);
                Assert.IsTrue(_broker.MessagesOn("espcollector/test/status").Count > 0, "status published once connected");
            }
            finally
            {
                _stopWorker = true;
                _blocking.Abandon = true;
                worker.Join();
            }
        }

        [TestMethod]
        public void WithoutTheThreadTheMainLoopStallsThirtySeconds()
        {
            Compose(false, 30 * Second);
            _collector.Start();
            long start = _clock.MonotonicMicroseconds;
            while (_clock.MonotonicMicroseconds - start < 40 * Second)
            {
                StepOnce();
            }

            Assert.IsTrue(_blocking.BlockedOnClockThread >= 1);
            Assert.IsTrue(_longestStep >= 30 * Second, "longest step " + _longestStep.ToString() + " us");
        }

        private static void Compose(bool threaded, long blockMicroseconds)
        {
            _clock = new VirtualClock();
            _clock.Advance(Second);
            ScriptedSerialLine line = new ScriptedSerialLine(_clock);
            line.RecordWrites = false;
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            bus.Add(SimulatedMeters.Kpm33b(1, SimulatedMeters.Framing(9600, SerialParity.Even), "2407260001234"));
            _capture = new SimulatedPulseCapture(PulseCaptureMode.Edges);
            _broker = new MemoryBroker();
            _blocking = new BlockingConnectTransportFactory(_broker, _clock, Thread.CurrentThread, blockMicroseconds);
            _threaded = threaded ? new ThreadedTransportFactory(_blocking, ThreadedTransportFactory.DefaultQueueCapacity) : null;

            ConfigManager config = new ConfigManager(new ConfigStore(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            Check(config.Set(SettingKeys.MqttHost, "broker.local", new ArrayList()));
            Check(config.Set(SettingKeys.MqttCollectorId, "test", new ArrayList()));
            Check(config.Set(SettingKeys.BusInterval, "1", new ArrayList()));
            Check(config.AddMeter("main", MeterTypes.Kpm33bName, "1", new string[0]));
            Check(config.AddPulseChannel("main_s0", "32", "1000", new string[0], new ArrayList()));
            Check(config.Save());

            CollectorPorts ports = TestPorts.Create(_clock, line, _capture,
                threaded ? (IMessageTransportFactory)_threaded : _blocking, new RecordingSystemControl("power-on"));
            _collector = new Collector(ports, config);
            _output = new CapturedConsoleOutput();
            _console = new ConsoleSession(_output, _collector, config, _clock, false);
            _nextPulse = _clock.MonotonicMicroseconds;
        }

        private static void StepOnce()
        {
            long before = _clock.MonotonicMicroseconds;
            int idle = _collector.Step();
            long took = _clock.MonotonicMicroseconds - before;
            if (took > _longestStep)
            {
                _longestStep = took;
            }

            // The S0 output: 2 pulses a second, both edges into the ring as channel 0's, as the GPIO callback would.
            EdgeRing ring = _capture.Ring;
            long now = _clock.MonotonicMicroseconds;
            while (_nextPulse + PulseWidth <= now)
            {
                if (ring.Record(0, _nextPulse, true) && ring.Record(0, _nextPulse + PulseWidth, false))
                {
                    _pulsesEmitted++;
                }

                _nextPulse += PulseSpacing;
            }

            _clock.Advance(idle < 1000 ? 1000 : idle);
        }

        /// <summary>Types a line on the console; returns the simulated time until its answer was written.</summary>
        private static long TypeAndTime(string line)
        {
            int before = _output.Count;
            long typedAt = _clock.MonotonicMicroseconds;
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\r");
            _console.Receive(bytes, 0, bytes.Length);
            return _output.Count > before ? _clock.MonotonicMicroseconds - typedAt : -1;
        }

        private static void WorkerLoop()
        {
            while (!_stopWorker)
            {
                _threaded.WorkOnce(2);
            }
        }

        private static void Check(string error)
        {
            Assert.IsNull(error, "configuration refused: " + error);
        }
    }
}
