using System.Collections.Generic;
using System.Text.Json;
using EspCollector.IntegrationTests.Foundation;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Meters
{
    /// <summary>
    /// `espc read --json` (the core master and KPM33B driver over TermiosSerialLine or System.IO.Ports) against a pymodbus
    /// server holding a KPM33B register map written from the manual (kpm33b_pymodbus_server.py), on a pty pair.
    /// </summary>
    [TestClass]
    public class PymodbusReadTests
    {
        // Golden values: the same numbers as in kpm33b_pymodbus_server.py (seed 000, 6.3 and 6.4 addresses).
        private static readonly Dictionary<string, double> Expected = new Dictionary<string, double>
        {
            { "voltage_l1", 231.5 }, { "voltage_l2", 229.25 }, { "voltage_l3", 230.75 },
            { "current_l1", 12.5 }, { "current_l2", 8.25 }, { "current_l3", 3.125 },
            { "voltage_l12", 399.5 }, { "voltage_l23", 398.25 }, { "voltage_l31", 400.0 },
            { "power_l1", 2750.0 }, { "power_l2", 1800.5 }, { "power_l3", 650.25 }, { "power", 5200.75 },
            { "reactive_power", 1600.0 }, { "apparent_power", 5442.25 },
            { "power_factor_l1", 0.9375 }, { "power_factor", 0.953125 }, { "frequency", 50.03125 },
            { "energy_total", 15432.5 }, { "energy_import", 15000.25 }, { "energy_export", 432.25 },
            { "reactive_energy_total", 3210.5 }, { "reactive_energy_import", 3200.0 }, { "reactive_energy_export", 10.5 },
            { "energy_import_t1", 1000.5 }, { "energy_import_t2", 5000.25 }, { "energy_import_t3", 6000.0 }, { "energy_import_t4", 2999.5 },
        };

        /// <summary>
        /// Both serial adapters of the tool: the default (termios on a pseudo-terminal, the meter's 8E1) and
        /// System.IO.Ports (--serial ports; 8N1, because it refuses even parity on a pseudo-terminal).
        /// </summary>
        [TestMethod]
        [DataRow("auto", "even")]
        [DataRow("ports", "none")]
        public void ReadJsonDecodesAKpm33bServedByPymodbus(string serial, string parity)
        {
            string python = HostTools.RequireExecutable("/usr/bin/python3");
            string script = RepositoryPaths.InRepository("host/EspCollector.IntegrationTests/Meters/kpm33b_pymodbus_server.py");
            using (var pty = new PtyPair())
            using (var server = new PeerProcess(python, new[] { script, pty.A, "5" }))
            {
                Assert.IsTrue(server.WaitForLine("pymodbus server ready", 30_000), "pymodbus did not start: " + server.Errors);
                string json = null;
                // pymodbus opens the pty asynchronously after printing; retry the read a few times (bounded).
                for (int attempt = 0; attempt < 5 && json == null; attempt++)
                {
                    using (var read = CliTool.Start("read", "--port", pty.B, "--meter", "kpm33b", "--address", "5", "--json", "--timeout", "500", "--serial", serial, "--parity", parity))
                    {
                        int code = read.WaitForExit(60_000);
                        if (code == 0)
                        {
                            json = string.Join("\n", read.Lines);
                        }
                        else
                        {
                            OutputHelper.WriteLine($"read attempt {attempt} exited {code}: {read.Errors}");
                        }
                    }
                }

                Assert.IsNotNull(json, "read --json never succeeded; server: " + server.Errors);
                using (JsonDocument document = JsonDocument.Parse(json))
                {
                    JsonElement root = document.RootElement;
                    Assert.AreEqual("kpm33b", root.GetProperty("meter").GetString());
                    Assert.AreEqual(5, root.GetProperty("address").GetInt32());
                    Assert.AreEqual("33B2409010042", root.GetProperty("identity").GetProperty("serial_number").GetString());
                    JsonElement values = root.GetProperty("values");
                    foreach (var pair in Expected)
                    {
                        JsonElement value;
                        Assert.IsTrue(values.TryGetProperty(pair.Key, out value), "values has no " + pair.Key + ": " + json);
                        Assert.AreEqual(pair.Value, value.GetDouble(), pair.Key);
                    }

                    OutputHelper.WriteLine($"read --json --serial {serial} decoded {Expected.Count} golden values from pymodbus");
                }
            }
        }
    }
}
