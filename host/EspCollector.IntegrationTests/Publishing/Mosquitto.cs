using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using EspCollector.IntegrationTests.Foundation;

namespace EspCollector.IntegrationTests.Publishing
{
    /// <summary>
    /// A real mosquitto (Debian package) on a free loopback port, anonymous, persistence off, started and
    /// stopped by the test. Stop/Start keep the port, as a broker restart would.
    /// </summary>
    public sealed class MosquittoBroker : IDisposable
    {
        private readonly string _executable;
        private readonly string _directory;
        private readonly string _configuration;
        private readonly System.Text.StringBuilder _log = new System.Text.StringBuilder();
        private Process _process;

        public MosquittoBroker()
            : this(string.Empty)
        {
        }

        /// <summary>A broker whose listener takes <paramref name="listenerOptions"/> too (e.g. cafile/certfile/keyfile for TLS).</summary>
        public MosquittoBroker(string listenerOptions)
        {
            _executable = HostTools.FindExecutable("mosquitto") ?? HostTools.RequireExecutable("/usr/sbin/mosquitto");
            Port = FreePort();
            _directory = Path.Combine(Path.GetTempPath(), "espc-mosquitto-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            _configuration = Path.Combine(_directory, "mosquitto.conf");
            File.WriteAllText(_configuration,
                "listener " + Port + " 127.0.0.1\n" +
                listenerOptions +
                "allow_anonymous true\n" +
                "persistence false\n" +
                "log_dest stderr\n" +
                "log_type error\n" +
                "log_type warning\n" +
                "log_type notice\n");
            Start();
        }

        public int Port { get; }

        /// <summary>The broker's log (errors, warnings, notices such as "New client connected ... (p5, c1, k30)").</summary>
        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public bool IsRunning
        {
            get { return _process != null && !_process.HasExited; }
        }

        public void Start()
        {
            ProcessStartInfo start = new ProcessStartInfo(_executable, "-c " + _configuration)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            _process = Process.Start(start);
            _process.ErrorDataReceived += (sender, e) =>
            {
                if (e.Data != null)
                {
                    lock (_log)
                    {
                        _log.AppendLine(e.Data);
                    }
                }
            };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();

            Stopwatch waited = Stopwatch.StartNew();
            while (waited.ElapsedMilliseconds < 10000)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("mosquitto exited with " + _process.ExitCode + ": " + Log);
                }

                if (Accepts(Port))
                {
                    return;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("mosquitto did not listen on " + Port);
        }

        /// <summary>Stops the broker (SIGKILL: no goodbye to clients, as a crash or power cut).</summary>
        public void Stop()
        {
            if (_process == null)
            {
                return;
            }

            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
            _process = null;
        }

        public void Dispose()
        {
            Stop();
            try
            {
                Directory.Delete(_directory, true);
            }
            catch (IOException)
            {
            }
        }

        public static int FreePort()
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static bool Accepts(int port)
        {
            try
            {
                using (TcpClient client = new TcpClient())
                {
                    return client.ConnectAsync(IPAddress.Loopback, port).Wait(200) && client.Connected;
                }
            }
            catch (AggregateException)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>One line printed by mosquitto_sub with format "%r %t %p": retain flag, topic, payload.</summary>
    public sealed class ReceivedLine
    {
        public bool Retained;
        public string Topic;
        public string Payload;

        public override string ToString()
        {
            return (Retained ? "[retained] " : string.Empty) + Topic + " " + Payload;
        }
    }

    /// <summary>
    /// mosquitto_sub as an independent peer: prints every message with its retain flag; the test waits for
    /// conditions on the lines with a timeout. Subscribed for sure once <see cref="WaitUntilSubscribed"/>
    /// has seen its own probe come back.
    /// </summary>
    public sealed class MosquittoSubscriber : IDisposable
    {
        private readonly object _sync = new object();
        private readonly List<ReceivedLine> _lines = new List<ReceivedLine>();
        private readonly Process _process;
        private readonly int _port;

        public MosquittoSubscriber(int port, params string[] filters)
        {
            _port = port;
            string executable = HostTools.RequireExecutable("mosquitto_sub");
            List<string> arguments = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(), "-q", "1", "-F", "%r %t %p", "-W", "120" };
            foreach (string filter in filters)
            {
                arguments.Add("-t");
                arguments.Add(filter);
            }

            arguments.Add("-t");
            arguments.Add("espc-probe/#");
            ProcessStartInfo start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start);
            _process.OutputDataReceived += OnLine;
            _process.ErrorDataReceived += (sender, e) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public List<ReceivedLine> Lines
        {
            get
            {
                lock (_sync)
                {
                    return new List<ReceivedLine>(_lines);
                }
            }
        }

        public List<ReceivedLine> On(string topic)
        {
            return Lines.FindAll(line => line.Topic == topic);
        }

        /// <summary>Publishes probes until one comes back: from then on nothing published is missed.</summary>
        public void WaitUntilSubscribed()
        {
            string probe = "espc-probe/" + Guid.NewGuid().ToString("N");
            Stopwatch waited = Stopwatch.StartNew();
            while (waited.ElapsedMilliseconds < 10000)
            {
                MosquittoClients.Publish(_port, probe, "probe", false);
                if (WaitFor(lines => lines.Exists(line => line.Topic == probe), 500))
                {
                    return;
                }
            }

            throw new TimeoutException("mosquitto_sub did not subscribe");
        }

        public bool WaitFor(Predicate<List<ReceivedLine>> condition, int timeoutMilliseconds)
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (true)
            {
                if (condition(Lines))
                {
                    return true;
                }

                if (waited.ElapsedMilliseconds > timeoutMilliseconds)
                {
                    return false;
                }

                Thread.Sleep(20);
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data == null)
            {
                return;
            }

            string[] parts = e.Data.Split(' ', 3);
            if (parts.Length < 2)
            {
                return;
            }

            ReceivedLine line = new ReceivedLine { Retained = parts[0] == "1", Topic = parts[1], Payload = parts.Length > 2 ? parts[2] : string.Empty };
            lock (_sync)
            {
                _lines.Add(line);
            }
        }
    }

    /// <summary>mosquitto_pub as an independent publisher.</summary>
    public static class MosquittoClients
    {
        public static void Publish(int port, string topic, string payload, bool retain)
        {
            string executable = HostTools.RequireExecutable("mosquitto_pub");
            ProcessStartInfo start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("-h");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add("-p");
            start.ArgumentList.Add(port.ToString());
            start.ArgumentList.Add("-q");
            start.ArgumentList.Add("1");
            start.ArgumentList.Add("-t");
            start.ArgumentList.Add(topic);
            if (payload.Length == 0)
            {
                start.ArgumentList.Add("-n");
            }
            else
            {
                start.ArgumentList.Add("-m");
                start.ArgumentList.Add(payload);
            }

            if (retain)
            {
                start.ArgumentList.Add("-r");
            }

            using (Process process = Process.Start(start))
            {
                if (!process.WaitForExit(10000))
                {
                    process.Kill();
                    throw new TimeoutException("mosquitto_pub did not finish");
                }

                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException("mosquitto_pub failed: " + process.StandardError.ReadToEnd());
                }
            }
        }
    }
}
