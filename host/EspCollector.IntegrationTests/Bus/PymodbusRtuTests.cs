using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Serial;
using EspCollector.IntegrationTests.Foundation;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Bus
{
    /// <summary>
    /// The project's Modbus master, through the termios serial line, against an independent RTU slave
    /// (pymodbus 3.0.0, pymodbus_rtu_server.py) over a socat pseudo-terminal pair: reads of holding and input
    /// registers, coils and discrete inputs, writes read back, an exception response and a timeout from an
    /// address nobody has. Peers start in Setup and are stopped in Cleanup.
    /// </summary>
    [TestClass]
    public class PymodbusRtuTests
    {
        private const string Python = "/usr/bin/python3";

        // Static, set by StartPeers: the launcher, like the device's, never creates an instance of a test class.
        private static readonly System.Text.StringBuilder _serverOutput = new System.Text.StringBuilder();
        private static string _directory;
        private static Process _socat;
        private static Process _server;
        private static TermiosSerialLine _line;
        private static ModbusMaster _master;
        private static string _skipReason;

        [Setup]
        public void StartPeers()
        {
            _directory = null;
            _socat = null;
            _server = null;
            _line = null;
            _master = null;
            _skipReason = null;
            lock (_serverOutput)
            {
                _serverOutput.Clear();
            }

            string socat = HostTools.FindExecutable("socat");
            if (socat == null || !File.Exists(Python) || !PymodbusAvailable())
            {
                _skipReason = "socat or /usr/bin/python3 with pymodbus is not installed";
                return;
            }

            _directory = Path.Combine(Path.GetTempPath(), "espc-bus-" + Environment.ProcessId.ToString() + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(_directory);
            string masterEnd = Path.Combine(_directory, "master");
            string slaveEnd = Path.Combine(_directory, "slave");

            _socat = Start(socat, null, "-d -d pty,raw,echo=0,link=" + masterEnd + " pty,raw,echo=0,link=" + slaveEnd);
            WaitUntil(() => File.Exists(masterEnd) && File.Exists(slaveEnd), 10000, "socat pty links");

            _server = Start(Python, _serverOutput, "-u " + RepositoryPaths.InRepository("host/EspCollector.IntegrationTests/Bus/pymodbus_rtu_server.py") + " " + slaveEnd + " 9600 N 1");

            BusSettings settings = new BusSettings();
            settings.BaudRate = 9600;
            // 8N1: this machine's pseudo-terminals refuse even parity (tcsetattr EINVAL), and parity means
            // nothing on a pty anyway; the framing code paths are the same.
            settings.Parity = SerialParity.None;
            settings.StopBits = 1;
            settings.ResponseTimeoutMicroseconds = 1000000;
            // A pseudo-terminal and a Python slave deliver bytes with scheduling jitter, not at wire timing.
            settings.InterCharacterTimeoutMicroseconds = 20000;
            _line = new TermiosSerialLine(masterEnd);
            _master = new ModbusMaster(_line, new SystemClock(), settings);

            // Ready when the slave answers a first request (the Python start-up takes a moment).
            Stopwatch waited = Stopwatch.StartNew();
            while (_master.Probe(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 500000) != ModbusStatus.Ok)
            {
                if (waited.ElapsedMilliseconds > 20000 || _server.HasExited)
                {
                    lock (_serverOutput)
                    {
                        throw new InvalidOperationException("pymodbus slave did not answer: " + _serverOutput.ToString());
                    }
                }
            }
        }

        [Cleanup]
        public void StopPeers()
        {
            if (_line != null)
            {
                _line.Dispose();
            }

            Stop(_server);
            Stop(_socat);
            if (_directory != null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }

        [TestMethod]
        public void ReadsHoldingRegisters()
        {
            RequirePeers();
            ushort[] values = new ushort[10];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 5, 10, values, 0));
            for (int index = 0; index < 10; index++)
            {
                Assert.AreEqual((ushort)(1005 + index), values[index]);
            }
        }

        [TestMethod]
        public void ReadsInputRegistersUpToTheLimit()
        {
            RequirePeers();
            ushort[] values = new ushort[100];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadInputRegisters(1, 0, 100, values, 0));
            Assert.AreEqual((ushort)2000, values[0]);
            Assert.AreEqual((ushort)2099, values[99]);
        }

        [TestMethod]
        public void ReadsCoilsAndDiscreteInputs()
        {
            RequirePeers();
            byte[] bits = new byte[3];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadCoils(1, 0, 20, bits, 0));
            for (int index = 0; index < 20; index++)
            {
                Assert.AreEqual(index % 3 == 0, ModbusPdu.GetBit(bits, 0, index), "coil " + index.ToString());
            }

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadDiscreteInputs(1, 1, 9, bits, 0));
            for (int index = 0; index < 9; index++)
            {
                Assert.AreEqual((index + 1) % 2 == 0, ModbusPdu.GetBit(bits, 0, index), "input " + (index + 1).ToString());
            }
        }

        [TestMethod]
        public void WritesRegistersAndReadsThemBack()
        {
            RequirePeers();
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteRegistersVerified(1, ModbusFunction.WriteMultipleRegisters, 50, new ushort[] { 0xABCD, 0x0102, 65535 }, 0, 3));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteRegistersVerified(1, ModbusFunction.WriteSingleRegister, 60, new ushort[] { 4242 }, 0, 1));
            ushort[] values = new ushort[11];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 50, 11, values, 0));
            Assert.AreEqual((ushort)0xABCD, values[0]);
            Assert.AreEqual((ushort)65535, values[2]);
            Assert.AreEqual((ushort)1053, values[3], "neighbours untouched");
            Assert.AreEqual((ushort)4242, values[10]);
        }

        [TestMethod]
        public void WritesACoilAndReadsItBack()
        {
            RequirePeers();
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleCoilVerified(1, 7, true));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleCoilVerified(1, 7, false));
        }

        [TestMethod]
        public void IllegalAddressGivesExceptionTwoWithoutRetry()
        {
            RequirePeers();
            int requests = _master.Statistics.Requests;
            ushort[] values = new ushort[4];
            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)_master.ReadHoldingRegisters(1, 200, 4, values, 0));
            Assert.AreEqual((byte)2, _master.LastExceptionCode);
            Assert.AreEqual(requests + 1, _master.Statistics.Requests);
        }

        [TestMethod]
        public void AbsentSlaveTimesOutAfterTheRetries()
        {
            RequirePeers();
            int timeouts = _master.Statistics.Timeouts;
            Stopwatch elapsed = Stopwatch.StartNew();
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)_master.Read(7, ModbusFunction.ReadHoldingRegisters, 0, 1, 300000, 1));
            Assert.AreEqual(timeouts + 2, _master.Statistics.Timeouts);
            Assert.IsTrue(elapsed.ElapsedMilliseconds >= 600, "two attempts of 300 ms");

            // The bus is still usable afterwards.
            ushort[] value = new ushort[1];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 1, 1, value, 0));
            Assert.AreEqual((ushort)1001, value[0]);
        }

        private static void RequirePeers()
        {
            if (_skipReason != null)
            {
                Assert.SkipTest(_skipReason);
            }
        }

        private static bool PymodbusAvailable()
        {
            using (Process probe = Start(Python, null, "-c \"import pymodbus.server\""))
            {
                if (!probe.WaitForExit(20000))
                {
                    probe.Kill(true);
                    return false;
                }

                return probe.ExitCode == 0;
            }
        }

        private static Process Start(string executable, System.Text.StringBuilder errors, string arguments)
        {
            ProcessStartInfo start = new ProcessStartInfo(executable, arguments)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process process = Process.Start(start);
            process.OutputDataReceived += (sender, line) => { };
            process.ErrorDataReceived += (sender, line) =>
            {
                if (errors != null && line.Data != null)
                {
                    lock (errors)
                    {
                        errors.AppendLine(line.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static void Stop(Process process)
        {
            if (process == null)
            {
                return;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        private static void WaitUntil(Func<bool> condition, int milliseconds, string what)
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (!condition())
            {
                if (waited.ElapsedMilliseconds > milliseconds)
                {
                    throw new TimeoutException("waiting for " + what);
                }

                Thread.Sleep(20);
            }
        }
    }
}
