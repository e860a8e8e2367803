using System.Collections;
using EspCollector.Core.Board;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Board
{
    /// <summary>
    /// The M-Bus port of the board profiles (issue 16): on the bus UART, on pins of its own, never the console's
    /// UART, so a cabinet has Modbus meters, M-Bus meters and the serial console at once (boards/README.md).
    /// </summary>
    [TestClass]
    public class BoardMBusPortTests
    {
        [TestMethod]
        public void EveryMBusPortIsTheBusUartOnPinsOfItsOwnAndKeepsTheConsole()
        {
            int ports = 0;
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                BoardProfile profile = BoardProfiles.At(index);
                if (profile.MBusPort == null)
                {
                    continue;
                }

                ports++;
                Assert.AreEqual(profile.BusPort, profile.MBusPort, profile.Name);
                Assert.AreNotEqual(profile.ConsolePort, profile.MBusPort, profile.Name + ": the console keeps its UART");

                ArrayList assignments = new ArrayList();
                PinValidator.AddInterfacePins(assignments, profile, profile.BusTransmitPin, profile.BusReceivePin,
                    profile.BusDriverEnablePin, profile.ConsoleTransmitPin, profile.ConsoleReceivePin, profile.StatusLedPin);
                for (int pin = 0; pin < profile.PulsePins.Length; pin++)
                {
                    assignments.Add(new PinAssignment(profile.PulsePins[pin], PinFunction.PulseInput, "pulse"));
                }

                assignments.Add(new PinAssignment(profile.MBusTransmitPin, PinFunction.BusTransmit, "m-bus tx"));
                assignments.Add(new PinAssignment(profile.MBusReceivePin, PinFunction.BusReceive, "m-bus rx"));
                PinReport report = PinValidator.Validate(profile, assignments);
                Assert.AreEqual(0, report.ErrorCount, profile.Name + (report.Count > 0 ? ": " + report[0].Message : string.Empty));
            }

            Assert.AreEqual(3, ports, "the three plain-ESP32 boards host an M-Bus interface");
        }

        [TestMethod]
        public void TheWaveshareS3HasNoMBusPort()
        {
            // No free pin pair on that board (its notes): klefr-mbus meters are refused there.
            Assert.IsNull(BoardProfiles.Find("waveshare-esp32-s3-rs485-can").MBusPort);
        }
    }
}
