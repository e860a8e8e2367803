using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EspCollector.Core.Console;
using EspCollector.Core.Meters;
using EspCollector.Simulators.Meters;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// Console noise while a bus scan runs (issue 12: console noise "in every state: saving, scanning, or waiting
    /// for a confirmation"). The installer types <c>scan 1 N</c> (N from 4 to 16: every meter of the rig and some
    /// empty addresses); while the scan probes the bus, random printable and binary lines arrive on the console.
    /// The console thread is busy scanning, so, as on the device, those bytes wait in the console UART's buffer
    /// and are handled once the scan returns. Checks: the scan completes; on a clean line (no response damaged
    /// while it ran, no meter in its range slower than the scan's 200 ms probe) it finds exactly the meters
    /// answering at its addresses (type and serial as the simulators; a meter switched off or taken out is not
    /// expected), otherwise it still completes; the configuration is the same before and after; no write reached
    /// the bus (relay_or_register_writes).
    /// </summary>
    public sealed partial class SoakRun
    {
        private readonly SoakConsoleOutput _consoleOutput = new SoakConsoleOutput();
        private readonly List<string> _typedDuringScan = new List<string>();
        private int _scans;
        private int _scansOk;
        private int _scansCompletionOnly;
        private long _scanNoiseLines;
        private string _firstScanProblem;

        private void ScanWithConsoleNoise()
        {
            int last = 4 + _random.Next(13);
            string before = Dump(_config.Active, null);
            long damaged = _line.DamagedResponses;
            _scans++;
            _typedDuringScan.Clear();
            _line.OnRequest = () =>
            {
                if (_random.NextDouble() < 0.25)
                {
                    _typedDuringScan.Add(RandomLine(_random.Next(2) == 0));
                }
            };

            bool completed;
            string output;
            try
            {
                _consoleOutput.Capture = new StringBuilder();
                Line("scan 1 " + last.ToString(CultureInfo.InvariantCulture));
                output = _consoleOutput.Capture.ToString();
                _consoleOutput.Capture = null;
                _line.OnRequest = null;

                // What was typed meanwhile, handled once the console thread is back.
                _scanNoiseLines += _typedDuringScan.Count;
                foreach (string typed in _typedDuringScan)
                {
                    Line(typed);
                }

                completed = output.Contains(" found", StringComparison.Ordinal);
            }
            catch (Exception e)
            {
                _consoleOutput.Capture = null;
                _line.OnRequest = null;
                _unhandled++;
                _firstUnhandled = _firstUnhandled ?? e.ToString();
                return;
            }

            string problem = null;
            if (!completed)
            {
                problem = "did not complete: " + output;
            }
            else if (_line.DamagedResponses != damaged || SlowMeterInRange(last))
            {
                _scansCompletionOnly++;
            }
            else
            {
                problem = CompareScan(output, last);
            }

            string after = Dump(_config.Active, null);
            if (problem == null && after != before)
            {
                problem = "the configuration changed: " + after;
            }

            if (problem == null)
            {
                _scansOk++;
            }
            else
            {
                _firstScanProblem = _firstScanProblem ?? "scan 1 " + last + " at " + _clock.MonotonicMicroseconds / Second + " s: " + problem;
            }
        }

        /// <summary>
        /// A meter in the scanned range answering slower than the scan's 200 ms probe: its late answer arrives
        /// while the next address is being probed and identified, and may spoil that exchange.
        /// </summary>
        private bool SlowMeterInRange(int last)
        {
            foreach (SimulatedMeter meter in _rig.Simulators)
            {
                if (meter.Address <= last && meter.ResponseLatencyMicroseconds >= BusScanner.ProbeTimeoutMicroseconds)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The meters the scan reported against those answering on the bus; null when they agree.</summary>
        private string CompareScan(string output, int last)
        {
            HashSet<string> expected = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < _rig.Simulators.Count; i++)
            {
                SimulatedMeter meter = _rig.Simulators[i];
                if (meter.Address > last || _offDepth[i] > 0 || Array.IndexOf(_rig.Bus.Slave.Devices, meter) < 0)
                {
                    continue;
                }

                string serial = meter.Identity.TryGetValue("serial_number", out string s) ? s : null;
                expected.Add(meter.Address + " " + (string)meter.GetType().GetField("TypeName").GetValue(null) + (string.IsNullOrEmpty(serial) ? string.Empty : " " + serial));
            }

            HashSet<string> found = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n'))
            {
                // "  address 3: klefr serial 16100649 word order ABCD at 9600 8E1"
                string text = line.Trim();
                if (!text.StartsWith("address ", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] words = text.Split(' ');
                int address = int.Parse(words[1].TrimEnd(':'), CultureInfo.InvariantCulture);
                found.Add(address + " " + words[2] + (words.Length > 4 && words[3] == "serial" ? " " + words[4] : string.Empty));
            }

            if (found.SetEquals(expected))
            {
                return null;
            }

            return "found [" + string.Join(", ", found) + "], on the bus [" + string.Join(", ", expected) + "]; the console printed: " + output.Replace('\n', '|');
        }

        /// <summary>The console's output: thrown away, except while a scan's result is captured.</summary>
        private sealed class SoakConsoleOutput : IConsoleOutput
        {
            public StringBuilder Capture;

            public void Write(string text)
            {
                Capture?.Append(text);
            }

            public void WriteLine(string text)
            {
                Capture?.Append(text).Append('\n');
            }
        }
    }
}
