using System.IO;
using System.Text.Json;
using EspCollector.Cli.MBus;
using EspCollector.Core.MBus;
using EspCollector.HostAdapters;
using EspCollector.HostAdapters.Serial;
using EspCollector.IntegrationTests.Meters;
using EspCollector.Simulators.MBus;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.MBus
{
    /// <summary>
    /// The PC tool's M-Bus read and secondary search against the KLEFR M-bus simulator served on a socat
    /// pseudo-terminal pair, both through the host serial adapter (TermiosSerialLine, 8E1, real time).
    /// </summary>
    [TestClass]
    public class MBusSerialTests
    {
        [TestMethod]
        public void ReadReturnsTheSimulatorsValuesAsJson()
        {
            using (var pty = new PtyPair())
            using (var served = new TermiosSerialLine(pty.B))
            using (var runner = new MBusSlaveRunner(served, new SystemClock(), 9600))
            {
                var meter = new KlefrMBusSimulator(5, 13070001);
                meter.EnergiesKilowattHours[3] = 7000.01;
                runner.Add(meter);
                runner.Start();

                var output = new StringWriter();
                int exit = MBusOperations.Read(pty.A, KlefrMBus.MeterTypeName, 5, null, 9600, true, output);
                Assert.AreEqual(0, exit, output.ToString());
                using (JsonDocument document = JsonDocument.Parse(output.ToString()))
                {
                    JsonElement root = document.RootElement;
                    Assert.AreEqual("klefr-mbus", root.GetProperty("meter").GetString());
                    Assert.AreEqual(5, root.GetProperty("address").GetInt32());
                    Assert.AreEqual("13070001", root.GetProperty("secondary").GetString());
                    Assert.AreEqual("INM", root.GetProperty("identity").GetProperty("manufacturer").GetString());
                    JsonElement values = root.GetProperty("values");
                    for (int row = 0; row < KlefrMBusSimulator.BlockCount; row++)
                    {
                        string name = KlefrMBusSimulator.QuantityAt(row);
                        Assert.AreEqual(meter.EnergiesKilowattHours[row], values.GetProperty(name).GetDouble(), name);
                    }
                }

                Assert.IsNull(runner.Failure);
            }
        }

        [TestMethod]
        public void ReadBySecondaryAddressAndSearchFindTheMeter()
        {
            using (var pty = new PtyPair())
            using (var served = new TermiosSerialLine(pty.B))
            using (var runner = new MBusSlaveRunner(served, new SystemClock(), 2400))
            {
                runner.Add(new KlefrMBusSimulator(0, 45230115) { BaudRate = 2400, MultiTelegram = true });
                runner.Start();

                var output = new StringWriter();
                Assert.AreEqual(0, MBusOperations.Read(pty.A, KlefrMBus.MeterTypeName, -1, "45230115", 2400, false, output), output.ToString());
                Assert.IsTrue(output.ToString().Contains("identification 45230115"), output.ToString());
                Assert.IsTrue(output.ToString().Contains("energy_export_t2"), output.ToString());
                Assert.IsTrue(output.ToString().Contains("6789.01 kWh"), output.ToString());

                output = new StringWriter();
                Assert.AreEqual(0, MBusOperations.Scan(pty.A, 2400, true, true, output), output.ToString());
                using (JsonDocument document = JsonDocument.Parse(output.ToString().Split('\n')[0]))
                {
                    Assert.AreEqual("45230115", document.RootElement.GetProperty("secondary").GetString());
                }

                Assert.AreEqual(1, MBusOperations.Read(pty.A, KlefrMBus.MeterTypeName, -1, "45230116", 2400, false, new StringWriter()));
                Assert.AreEqual(2, MBusOperations.Read(pty.A, KlefrMBus.MeterTypeName, 251, null, 2400, false, new StringWriter()));
                Assert.IsNull(runner.Failure);
            }
        }
    }
}
