using System;
using System.Diagnostics;
using System.IO;
using EspCollector.Twin;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.App
{
    /// <summary>
    /// The twin's `--device-model esp32` composition (<see cref="DeviceModelTwin"/>: the collector on the ESP32
    /// UART, time, PCNT and blocking-connect transport models) for a simulated day on the virtual clock. Every
    /// energy register the collector decoded equals the simulator's register at the instant it answered, the pulse
    /// totals equal the pulses the S0 outputs gave (hardware counter: exact), the last published states carry
    /// both, and nothing is lost: no failed block, no lost edge, no dropped message, no message lost after the
    /// handover to the transport thread, and the main loop never waited on the 30 s connect.
    /// </summary>
    [TestClass]
    public class DeviceModelTwinTests
    {
        private const long Day = 24L * 3600 * 1000000;

        [TestMethod]
        public void ASimulatedDayOnTheEsp32ModelsMatchesGroundTruth()
        {
            Stopwatch watch = Stopwatch.StartNew();
            using (DeviceModelTwin twin = new DeviceModelTwin())
            {
                twin.RunFor(Day);
                twin.Verify();
                StringWriter summary = new StringWriter();
                twin.Print(summary);
                OutputHelper.WriteLine(summary.ToString());
                OutputHelper.WriteLine("a simulated day in " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s");
                Assert.AreEqual(0, twin.Mismatches.Count, string.Join("\n", twin.Mismatches));

                // The day exercised what the models make hard: answers over 120 bytes (two chunks), the echo
                // thrown away at TX_DONE, the connect that blocks on the worker, pulses on both channels.
                Assert.IsTrue(twin.Uart.LongestAnswer > 120, "longest answer " + twin.Uart.LongestAnswer);
                Assert.IsTrue(twin.Uart.EchoBytesFlushed > 0);
                Assert.AreEqual(1, twin.Blocking.Connects);
                Assert.IsTrue(twin.EnergyComparisons >= 4 * 24 * 50, "energy compared " + twin.EnergyComparisons + " times");
                Assert.IsTrue(twin.Outputs.Generated(0) > 10000 && twin.Outputs.Generated(1) > 1000,
                    "pulses " + twin.Outputs.Generated(0) + ", " + twin.Outputs.Generated(1));
            }
        }
    }
}
