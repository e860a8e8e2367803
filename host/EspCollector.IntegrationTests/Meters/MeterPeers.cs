using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using EspCollector.IntegrationTests.Foundation;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Meters
{
    /// <summary>A process started by a test, with its output collected line by line; killed on Dispose.</summary>
    public sealed class PeerProcess : IDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = new List<string>();
        private readonly StringBuilder errors = new StringBuilder();

        public PeerProcess(string executable, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            process = new Process { StartInfo = start };
            process.OutputDataReceived += (sender, e) =>
            {
                if (e.Data != null)
                {
                    lock (lines)
                    {
                        lines.Add(e.Data);
                        Monitor.PulseAll(lines);
                    }
                }
            };
            process.ErrorDataReceived += (sender, e) =>
            {
                if (e.Data != null)
                {
                    lock (errors)
                    {
                        errors.AppendLine(e.Data);
                    }
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Errors
        {
            get
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        public List<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return new List<string>(lines);
                }
            }
        }

        /// <summary>Waits (bounded) for an output line starting with <paramref name="prefix"/>; false on timeout or exit.</summary>
        public bool WaitForLine(string prefix, int timeoutMilliseconds)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
            lock (lines)
            {
                while (true)
                {
                    foreach (string line in lines)
                    {
                        if (line.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }

                    int left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0 || process.HasExited)
                    {
                        return false;
                    }

                    Monitor.Wait(lines, Math.Min(left, 100));
                }
            }
        }

        /// <summary>Waits for the process to end (bounded), killing it on timeout; returns the exit code or -1.</summary>
        public int WaitForExit(int timeoutMilliseconds)
        {
            if (!process.WaitForExit(timeoutMilliseconds))
            {
                Dispose();
                return -1;
            }

            process.WaitForExit();
            return process.ExitCode;
        }

        public void Dispose()
        {
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
            }

            process.Dispose();
        }
    }

    /// <summary>A pair of connected pseudo-terminals made by socat (raw, no echo); socat is killed on Dispose.</summary>
    public sealed class PtyPair : IDisposable
    {
        private readonly PeerProcess socat;
        private readonly string folder;

        public PtyPair()
        {
            string executable = HostTools.RequireExecutable("socat");
            folder = Path.Combine(Path.GetTempPath(), "espc-pty-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            A = Path.Combine(folder, "a");
            B = Path.Combine(folder, "b");
            socat = new PeerProcess(executable, new[] { "-d", "-d", "pty,raw,echo=0,link=" + A, "pty,raw,echo=0,link=" + B });
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(File.Exists(A) && File.Exists(B)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    Dispose();
                    throw new InvalidOperationException("socat did not create the pseudo-terminals: " + socat.Errors);
                }

                Thread.Sleep(20);
            }
        }

        public string A { get; }

        public string B { get; }

        public void Dispose()
        {
            socat.Dispose();
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The espc tool (host/EspCollector.Cli), built once per test run and run as `dotnet EspCollector.Cli.dll &lt;verb&gt; ...`.</summary>
    public static class CliTool
    {
        private static readonly object Gate = new object();
        private static string dll;

        public static string Dll
        {
            get
            {
                lock (Gate)
                {
                    if (dll == null)
                    {
                        dll = Build();
                    }

                    return dll;
                }
            }
        }

        public static PeerProcess Start(params string[] arguments)
        {
            var all = new List<string> { Dll };
            all.AddRange(arguments);
            return new PeerProcess(HostTools.RequireExecutable("dotnet"), all);
        }

        /// <summary>
        /// The tool built by the solution build next to this test's output (same build root and configuration),
        /// else built here into its own folder (under ESPC_BUILD_ROOT when set) so parallel builds do not clash.
        /// </summary>
        private static string Build()
        {
            string here = AppContext.BaseDirectory;
            string sibling = here.Replace("EspCollector.IntegrationTests", "EspCollector.Cli");
            string candidate = Path.Combine(sibling, "EspCollector.Cli.dll");
            if (sibling != here && File.Exists(candidate))
            {
                return candidate;
            }

            string root = Environment.GetEnvironmentVariable("ESPC_BUILD_ROOT");
            string output = string.IsNullOrEmpty(root)
                ? Path.Combine(Path.GetTempPath(), "espc-cli-for-tests")
                : Path.Combine(root, "cli-for-tests");
            string project = RepositoryPaths.InRepository("host/EspCollector.Cli/EspCollector.Cli.csproj");
            using (var build = new PeerProcess(HostTools.RequireExecutable("dotnet"), new[] { "build", project, "-nologo", "-v", "q", "-o", output }))
            {
                int code = build.WaitForExit(300_000);
                if (code != 0)
                {
                    throw new InvalidOperationException("building the CLI failed (" + code + "): " + string.Join("\n", build.Lines) + build.Errors);
                }
            }

            return Path.Combine(output, "EspCollector.Cli.dll");
        }
    }
}
