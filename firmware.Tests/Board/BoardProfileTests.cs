using System.Collections;
using EspCollector.Core.Board;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Board
{
    [TestClass]
    public class BoardProfileTests
    {
        [TestMethod]
        [DataRow("esp32-devkitc-max485")]
        [DataRow("lilygo-t-can485")]
        [DataRow("m5stack-atom-rs485")]
        [DataRow("waveshare-esp32-s3-rs485-can")]
        public void ShippedProfilePassesPinValidation(string name)
        {
            BoardProfile profile = BoardProfiles.Find(name);
            Assert.IsNotNull(profile);
            PinReport report = PinValidator.Validate(profile);
            string findings = string.Empty;
            for (int index = 0; index < report.Count; index++)
            {
                findings += report[index].ToString() + "; ";
            }

            Assert.AreEqual(0, report.ErrorCount, findings);
            Assert.AreEqual(0, report.WarningCount, findings);
        }

        [TestMethod]
        public void EveryProfileIsTestedAndComplete()
        {
            Assert.AreEqual(4, BoardProfiles.Count);
            Assert.IsNotNull(BoardProfiles.Find(BoardProfiles.DefaultName));
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                BoardProfile profile = BoardProfiles.At(index);
                Assert.IsTrue(profile.FirmwareTarget.Length > 0);
                Assert.IsTrue(profile.Source.Length > 0);
                Assert.IsTrue(profile.Notes.Length > 0);
                Assert.AreEqual("COM2", profile.BusPort);
                Assert.AreEqual("COM3", profile.ConsolePort);
                Assert.AreEqual(profile.ReservedPins.Length, profile.ReservedReasons.Length);
                for (int other = 0; other < index; other++)
                {
                    Assert.AreNotEqual(BoardProfiles.At(other).Name, profile.Name);
                }
            }
        }

        [TestMethod]
        public void DeliberatelyConflictingProfileFails()
        {
            BoardProfile profile = Conflicting();
            PinReport report = PinValidator.Validate(profile);
            Assert.IsFalse(report.IsValid);
            Assert.IsTrue(report.Mentions("pin.bus.tx: GPIO7 is wired to the SPI flash"));
            Assert.IsTrue(report.Mentions("pin.bus.de: GPIO34 is input-only and cannot drive DE"));
            Assert.IsTrue(report.Mentions("GPIO26 is used twice: pin.bus.rx and pin.console.rx"));
            Assert.IsTrue(report.Mentions("S0 input 1: GPIO16 is the PSRAM pin"));
            Assert.IsTrue(report.Mentions("pin.led: GPIO39 is input-only and cannot be an output"));
            Assert.IsTrue(report.Mentions("pin.console.tx: GPIO1 is UART0"));
            Assert.IsTrue(report.Mentions("S0 input 2: GPIO24 does not exist on ESP32"));
            Assert.AreEqual(7, report.ErrorCount);
        }

        [TestMethod]
        public void StrappingPinsAndMissingPullUpsAreWarnings()
        {
            BoardProfile profile = Valid(Chip.Esp32);
            profile.PulsePins = new int[] { 12, 2, 35 };
            PinReport report = PinValidator.Validate(profile);
            Assert.IsTrue(report.IsValid);
            Assert.AreEqual(3, report.WarningCount);
            Assert.IsTrue(report.Mentions("GPIO12 is a strapping pin and selects the flash voltage at reset (high = 1.8 V"));
            Assert.IsTrue(report.Mentions("GPIO2 is a strapping pin"));
            Assert.IsTrue(report.Mentions("GPIO35 has no internal pull-up"));
        }

        [TestMethod]
        public void Esp32S3RulesFollowItsDatasheet()
        {
            BoardProfile profile = Valid(Chip.Esp32S3);
            profile.PulsePins = new int[] { 26, 32, 22, 45, 43, 38 };
            PinReport report = PinValidator.Validate(profile);
            Assert.IsTrue(report.Mentions("S0 input 1: GPIO26 is an SPI flash/PSRAM pin"));
            Assert.IsTrue(report.Mentions("S0 input 2: GPIO32 is an SPI flash/PSRAM pin"));
            Assert.IsTrue(report.Mentions("S0 input 3: GPIO22 does not exist on ESP32-S3"));
            Assert.IsTrue(report.Mentions("S0 input 4: GPIO45 is a strapping pin"));
            Assert.IsTrue(report.Mentions("S0 input 5: GPIO43 is UART0"));
            Assert.AreEqual(3, report.ErrorCount);
            Assert.AreEqual(2, report.WarningCount);
            Assert.IsFalse(PinRules.IsInputOnly(Chip.Esp32S3, 38));
            Assert.IsTrue(PinRules.HasInternalPullUp(Chip.Esp32S3, 38));
        }

        [TestMethod]
        public void Esp32C3HasNoThirdUartForTheConsole()
        {
            BoardProfile profile = Valid(Chip.Esp32C3);
            PinReport report = PinValidator.Validate(profile);
            Assert.IsTrue(report.Mentions("ESP32-C3 has 2 UARTs: no COM3 for the console"));
            Assert.IsTrue(PinRules.FlashReason(Chip.Esp32C3, 14) != null);
            Assert.IsTrue(PinRules.IsStrapping(Chip.Esp32C3, 9));
        }

        [TestMethod]
        [DataRow(6, true)]
        [DataRow(11, true)]
        [DataRow(12, false)]
        [DataRow(5, false)]
        public void Esp32FlashPins(int pin, bool flash)
        {
            Assert.AreEqual(flash, PinRules.FlashReason(Chip.Esp32, pin) != null);
        }

        [TestMethod]
        public void Esp32PinFacts()
        {
            int[] strapping = new int[] { 0, 2, 5, 12, 15 };
            for (int index = 0; index < strapping.Length; index++)
            {
                Assert.IsTrue(PinRules.IsStrapping(Chip.Esp32, strapping[index]));
            }

            for (int pin = 34; pin <= 39; pin++)
            {
                Assert.IsTrue(PinRules.IsInputOnly(Chip.Esp32, pin));
                Assert.IsFalse(PinRules.HasInternalPullUp(Chip.Esp32, pin));
            }

            Assert.IsFalse(PinRules.Exists(Chip.Esp32, 20));
            Assert.IsFalse(PinRules.Exists(Chip.Esp32, 28));
            Assert.IsFalse(PinRules.Exists(Chip.Esp32, 40));
            Assert.IsTrue(PinRules.Exists(Chip.Esp32, 33));
        }

        /// <summary>A profile with one conflict of each kind (7 errors).</summary>
        private static BoardProfile Conflicting()
        {
            BoardProfile profile = Valid(Chip.Esp32);
            profile.Name = "conflicting";
            profile.BusTransmitPin = 7;        // flash pin
            profile.BusReceivePin = 26;
            profile.BusDriverEnablePin = 34;   // input-only cannot drive DE
            profile.ConsoleTransmitPin = 1;    // debugger UART
            profile.ConsoleReceivePin = 26;    // same pin as bus RX
            profile.StatusLedPin = 39;         // input-only cannot light a LED
            profile.PulsePins = new int[] { 16, 24 }; // board-reserved, nonexistent
            profile.ReservedPins = new int[] { 16 };
            profile.ReservedReasons = new string[] { "is the PSRAM pin" };
            return profile;
        }

        private static BoardProfile Valid(Chip chip)
        {
            BoardProfile profile = new BoardProfile();
            profile.Name = "test";
            profile.Title = "test";
            profile.Chip = chip;
            profile.FirmwareTarget = "TEST";
            profile.BusPort = "COM2";
            profile.ConsolePort = "COM3";
            profile.BusTransmitPin = 4;
            profile.BusReceivePin = chip == Chip.Esp32 ? 13 : 6;
            profile.BusDriverEnablePin = -1;
            profile.ConsoleTransmitPin = chip == Chip.Esp32 ? 18 : 7;
            profile.ConsoleReceivePin = chip == Chip.Esp32 ? 19 : 10;
            profile.StatusLedPin = -1;
            profile.PulsePins = new int[0];
            profile.OutputsHighAtStart = new int[0];
            profile.ReservedPins = new int[0];
            profile.ReservedReasons = new string[0];
            return profile;
        }
    }
}
