using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using EspCollector.IntegrationTests.Foundation;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Meters
{
    /// <summary>
    /// An independent master (Debian mbpoll) reads each simulator served by `EspCollector.Cli simulate` over a
    /// socat pseudo-terminal pair, and gets the values the simulator reports in its `--print-map` listing
    /// (values frozen so the listing and the wire agree exactly).
    /// </summary>
    [TestClass]
    public class MbpollSimulatorTests
    {
        [TestMethod]
        [DataRow("kpm33b", "abcd")]
        [DataRow("kpm31", "abcd")]
        [DataRow("klefr", "abcd")]
        [DataRow("sdm630", "abcd")]
        [DataRow("sdm630", "cdab")]
        public void MbpollReadsTheSimulatedValues(string meter, string wordOrder)
        {
            string mbpoll = HostTools.RequireExecutable("mbpoll");
            using (var pty = new PtyPair())
            using (var simulator = CliTool.Start("simulate", "--port", pty.A, "--meter", meter, "--address", "17", "--word-order", wordOrder, "--frozen", "--print-map", "--seconds", "120"))
            {
                Assert.IsTrue(simulator.WaitForLine("serving ", 60_000), "simulate did not start: " + simulator.Errors);
                var map = new List<string[]>();
                foreach (string line in simulator.Lines)
                {
                    if (line.StartsWith("map\t", StringComparison.Ordinal))
                    {
                        map.Add(line.Split('\t'));
                    }
                }

                // The first run of up to 10 contiguous float registers showing canonical quantities.
                var run = new List<string[]>();
                foreach (string[] row in map)
                {
                    bool usable = row[5] == "float32" && row[8] != "-";
                    int address = Convert.ToInt32(row[4], 16);
                    if (usable && (run.Count == 0 || (Convert.ToInt32(run[run.Count - 1][4], 16) + 2 == address && run[0][3] == row[3])))
                    {
                        run.Add(row);
                        if (run.Count == 10)
                        {
                            break;
                        }
                    }
                    else if (run.Count >= 3)
                    {
                        break;
                    }
                    else
                    {
                        run.Clear();
                        if (usable)
                        {
                            run.Add(row);
                        }
                    }
                }

                Assert.IsTrue(run.Count >= 3, "no run of float registers in the map of " + meter);
                string parity = meter == "sdm630" ? "none" : "even";
                string table = run[0][3] == "04" ? "3:float" : "4:float";
                var arguments = new List<string> { "-m", "rtu", "-a", "17", "-b", "9600", "-P", parity, "-t", table, "-0", "-r", Convert.ToInt32(run[0][4], 16).ToString(CultureInfo.InvariantCulture), "-c", run.Count.ToString(CultureInfo.InvariantCulture), "-1", "-o", "2" };
                if (wordOrder == "abcd")
                {
                    // mbpoll's default float word order is low word first; -B asks for high word first.
                    arguments.Add("-B");
                }

                arguments.Add(pty.B);
                using (var poll = new PeerProcess(mbpoll, arguments))
                {
                    Assert.AreEqual(0, poll.WaitForExit(30_000), "mbpoll failed: " + string.Join("\n", poll.Lines) + poll.Errors);
                    var read = new Dictionary<int, double>();
                    foreach (string line in poll.Lines)
                    {
                        Match match = Regex.Match(line, @"^\[(\d+)\]:\s+(\S+)");
                        if (match.Success)
                        {
                            read[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                        }
                    }

                    foreach (string[] row in run)
                    {
                        int address = Convert.ToInt32(row[4], 16);
                        double served = double.Parse(row[9], CultureInfo.InvariantCulture);
                        Assert.IsTrue(read.ContainsKey(address), $"mbpoll did not print register {address}: {string.Join(" | ", poll.Lines)}");
                        double tolerance = Math.Abs(served) * 1e-5 + 1e-6;
                        Assert.IsTrue(Math.Abs(read[address] - served) <= tolerance, $"{meter} {row[8]} at {row[4]}: mbpoll read {read[address]}, simulator serves {served}");
                    }

                    OutputHelper.WriteLine($"{meter} {wordOrder}: mbpoll read {run.Count} floats from FC{run[0][3]} {run[0][4]} as served");
                }
            }
        }
    }
}
