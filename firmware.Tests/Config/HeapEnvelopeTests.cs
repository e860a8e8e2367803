using System.Collections;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Config
{
    /// <summary>
    /// The heap envelope per board (heap issue): a plain ESP32 carries the four meter types, one each, with 8 S0
    /// channels, console and MQTT with TLS, and "meter add" / "pulse add" refuse more, naming the envelope; a PSRAM
    /// board takes the same and more. The cost table itself is checked against the heap model on the host
    /// (host/EspCollector.IntegrationTests/App/HeapCostTableTests).
    /// </summary>
    [TestClass]
    public class HeapEnvelopeTests
    {
        private const string PsramBoard = "waveshare-esp32-s3-rs485-can";

        /// <summary>The four Modbus meter types come first in <see cref="MeterEntry.Types"/>; the last is the KLEFR
        /// M-bus version, which needs a board with an M-Bus port.</summary>
        private const int ModbusTypes = 4;

        /// <summary>S0 inputs free on the default board (ESP32-DevKitC) and on the ESP32-S3 board.</summary>
        private static readonly string[] PlainPins = { "32", "33", "18", "19", "23", "13", "14", "34" };
        private static readonly string[] S3Pins = { "4", "5", "6", "7", "8", "9", "10", "11" };

        [TestMethod]
        public void LargestPlainConfigurationIsAccepted()
        {
            ConfigManager config = Largest(null, PlainPins);

            Assert.IsNull(config.Save(), "the plain ESP32 must carry this configuration");
            Assert.AreEqual(4, config.Active.MeterCount);
            Assert.AreEqual(8, config.Active.PulseChannelCount);
            Assert.AreEqual("plain ESP32", HeapEnvelope.Name(config.Active.BoardProfile));
            Assert.IsTrue(HeapEnvelope.Estimate(config.Active, config.Active.BoardProfile) <= HeapEnvelope.PlainBudgetBytes);
        }

        [TestMethod]
        public void OneMoreMeterIsRefusedNamingTheEnvelope()
        {
            ConfigManager config = Largest(null, PlainPins);

            for (int index = 0; index < ModbusTypes; index++)
            {
                string refused = config.AddMeter("extra", MeterEntry.Types[index], "5", new string[0]);

                Assert.IsNotNull(refused, "a second " + MeterEntry.Types[index] + " was accepted on a plain ESP32");
                Assert.IsTrue(refused.IndexOf("meter: does not fit the plain ESP32 envelope of board esp32-devkitc-max485") == 0, refused);
                Assert.IsTrue(refused.IndexOf("(52 KB of managed heap for the collector") > 0, refused);
                Assert.IsNull(config.Staged.FindMeter("extra"), "nothing staged");
            }
        }

        [TestMethod]
        public void SameConfigurationIsAcceptedOnAPsramBoard()
        {
            ConfigManager config = Largest(PsramBoard, S3Pins);

            Assert.IsNull(config.AddMeter("extra", MeterEntry.Types[1], "5", new string[0]));
            for (int index = 6; index <= MeterEntry.MaximumCount; index++)
            {
                Assert.IsNull(config.AddMeter("m" + index, MeterEntry.Types[index % 4], index.ToString(), new string[0]), "meter " + index);
            }

            Assert.AreEqual(MeterEntry.MaximumCount, config.Staged.MeterCount);
            Assert.IsNull(config.Save());
            Assert.AreEqual("PSRAM", HeapEnvelope.Name(config.Active.BoardProfile));
        }

        [TestMethod]
        public void PulseAddIsRefusedWhenALargerRingLeavesNoRoom()
        {
            ConfigManager config = NewManager();
            ArrayList warnings = new ArrayList();
            Assert.IsNull(config.Set(SettingKeys.MqttBuffer, "8192", warnings));
            AddFourTypes(config);
            string refused = null;
            int accepted = 0;
            for (int index = 0; index < PlainPins.Length && refused == null; index++)
            {
                refused = config.AddPulseChannel("s0_" + index, PlainPins[index], "1000", new string[0], warnings);
                accepted += refused == null ? 1 : 0;
            }

            Assert.IsNotNull(refused, "8 channels and an 8 KB ring fit a plain ESP32?");
            Assert.IsTrue(refused.IndexOf("pulse: does not fit the plain ESP32 envelope") == 0, refused);
            Assert.AreEqual(accepted, config.Staged.PulseChannelCount);
        }

        [TestMethod]
        public void RingDefaultComesFromTheEnvelopeAndMqttBufferStillWins()
        {
            Configuration plain = new Configuration();
            Assert.AreEqual(HeapEnvelope.PlainRingBytes, HeapEnvelope.RingBytes(plain, plain.BoardProfile));

            ConfigManager config = NewManager();
            ArrayList warnings = new ArrayList();
            Assert.IsNull(config.UseBoard(PsramBoard, warnings));
            Assert.AreEqual(HeapEnvelope.PsramRingBytes, HeapEnvelope.RingBytes(config.Staged, config.Staged.BoardProfile));
            Assert.IsNull(config.Set(SettingKeys.MqttBuffer, "6000", warnings));
            Assert.AreEqual(6000, HeapEnvelope.RingBytes(config.Staged, config.Staged.BoardProfile));
        }

        [TestMethod]
        public void EveryBoardStatesItsEnvelope()
        {
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                BoardProfile board = BoardProfiles.At(index);
                bool psram = board.Name == PsramBoard;
                Assert.AreEqual(psram, board.HasPsram, board.Name);
                Assert.AreEqual(psram ? HeapEnvelope.PsramBudgetBytes : HeapEnvelope.PlainBudgetBytes, HeapEnvelope.BudgetBytes(board), board.Name);
            }
        }

        /// <summary>MQTT with TLS, the four meter types one each (addresses 1..4) and 8 S0 channels, staged.</summary>
        private static ConfigManager Largest(string board, string[] pins)
        {
            ConfigManager config = NewManager();
            ArrayList warnings = new ArrayList();
            if (board != null)
            {
                Assert.IsNull(config.UseBoard(board, warnings));
            }

            AddFourTypes(config);
            for (int index = 0; index < pins.Length; index++)
            {
                Assert.IsNull(config.AddPulseChannel("s0_" + index, pins[index], "1000", new string[0], warnings), "channel " + index);
            }

            return config;
        }

        private static void AddFourTypes(ConfigManager config)
        {
            ArrayList warnings = new ArrayList();
            Assert.IsNull(config.Set(SettingKeys.MqttHost, "broker.local", warnings));
            Assert.IsNull(config.Set(SettingKeys.MqttTls, "on", warnings));
            for (int index = 0; index < ModbusTypes; index++)
            {
                Assert.IsNull(config.AddMeter("m" + (index + 1), MeterEntry.Types[index], (index + 1).ToString(), new string[0]), MeterEntry.Types[index]);
            }
        }

        private static ConfigManager NewManager()
        {
            ConfigManager config = new ConfigManager(new ConfigStore(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            return config;
        }
    }
}
