using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>The M-Bus master against simulated KLEFR M-bus slaves on the virtual clock: answers, timeouts per
    /// EN 13757-2, repetitions with the same FCB, FCB toggling over a multi-telegram readout, echo, garbage and
    /// broken frames, secondary addressing and the manual's writes.</summary>
    [TestClass]
    public class MBusMasterTests
    {
        private static VirtualClock Clock;
        private static ScriptedSerialLine Line;
        private static MBusTestBus Bus;

        [Setup]
        public void Setup()
        {
            Reset();
        }

        private static MBusMaster NewMaster(int baudRate)
        {
            Clock = new VirtualClock();
            Line = new ScriptedSerialLine(Clock);
            Bus = new MBusTestBus(Line);
            MBusSettings settings = new MBusSettings();
            settings.BaudRate = baudRate;
            return new MBusMaster(Line, Clock, settings);
        }

        private static void Reset()
        {
            Clock = null;
            Line = null;
            Bus = null;
        }

        [TestMethod]
        public void ResponseTimeoutIs330BitTimesPlus50Milliseconds()
        {
            Assert.AreEqual(1150000, MBusTiming.ResponseTimeoutMicroseconds(300));
            Assert.AreEqual(187500, MBusTiming.ResponseTimeoutMicroseconds(2400));
            Assert.AreEqual(84375, MBusTiming.ResponseTimeoutMicroseconds(9600));
        }

        [TestMethod]
        public void LineIsConfigured8E1()
        {
            NewMaster(2400);
            Assert.AreEqual(2400, Line.Settings.BaudRate);
            Assert.AreEqual(11, Line.Settings.BitsPerCharacter);
        }

        [TestMethod]
        public void ReadsTheManualsValuesAtAPrimaryAddress()
        {
            MBusMaster master = NewMaster(9600);
            Bus.Add(new KlefrMBusSlave(5, 13070001));
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.Read(master, telegram, 5, values, present));
            Assert.AreEqual(13070001, telegram.IdentificationNumber);
            Assert.AreEqual(16048.14, values[0]);
            Assert.AreEqual(6789.01, values[8]);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.Hex("10 5B 05 60 16"), Line.WrittenFrame(0), 0, 5));
            Assert.AreEqual(1, master.Statistics.Answers);
            Assert.AreEqual(0, master.Statistics.DroppedBytes);
        }

        [TestMethod]
        public void NoAnswerTimesOutAfterTheStandardTimeoutPerAttempt()
        {
            MBusMaster master = NewMaster(2400);
            long start = Clock.MonotonicMicroseconds;
            Assert.AreEqual((int)MBusStatus.Timeout, (int)master.RequestUserData(7));
            Assert.AreEqual(3, master.LastAttempts);
            Assert.AreEqual(3, master.Statistics.Timeouts);
            long elapsed = Clock.MonotonicMicroseconds - start;
            Assert.IsTrue(elapsed >= 3 * 187500L && elapsed < 3 * (187500L + 100000L), elapsed.ToString());
        }

        [TestMethod]
        public void SndNkeIsAcknowledged()
        {
            MBusMaster master = NewMaster(9600);
            Bus.Add(new KlefrMBusSlave(1, 1));
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendNke(1));
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.Hex("10 40 01 41 16"), Line.WrittenFrame(0), 0, 5));
            Assert.IsTrue(master.NextFrameCountBit(1));
        }

        [TestMethod]
        public void RepetitionKeepsTheFcbAndTheNextRequestTogglesIt()
        {
            MBusMaster master = NewMaster(9600);
            Bus.Add(new KlefrMBusSlave(3, 1));
            Line.EnqueueNoAnswer();
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.RequestUserData(3));
            Assert.AreEqual(2, master.LastAttempts);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.RequestUserData(3));
            Assert.AreEqual((byte)0x5B, Line.WrittenFrame(0)[1]);
            Assert.AreEqual((byte)0x5B, Line.WrittenFrame(1)[1]);
            Assert.AreEqual((byte)0x7B, Line.WrittenFrame(2)[1]);
        }

        [TestMethod]
        public void MultiTelegramReadoutTogglesTheFcbAndCollectsAllValues()
        {
            MBusMaster master = NewMaster(9600);
            KlefrMBusSlave slave = Bus.Add(new KlefrMBusSlave(4, 1));
            slave.MultiTelegram = true;
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendNke(4));
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.Read(master, telegram, 4, values, present));
            Assert.AreEqual(3, Line.RecordedWriteCount);
            Assert.AreEqual((byte)0x7B, Line.WrittenFrame(1)[1]);
            Assert.AreEqual((byte)0x5B, Line.WrittenFrame(2)[1]);
            for (int row = 0; row < KlefrMBus.Count; row++)
            {
                Assert.IsTrue(present[row], KlefrMBus.Quantities[row]);
            }

            Assert.AreEqual(9134.68, values[6]);
        }

        [TestMethod]
        public void ABrokenAnswerIsAChecksumErrorAndIsRepeated()
        {
            MBusMaster master = NewMaster(9600);
            Bus.Add(new KlefrMBusSlave(0, 0));
            byte[] broken = ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram);
            broken[20] ^= 0x01;
            Line.EnqueueResponse(broken, 5000);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.RequestUserData(0));
            Assert.AreEqual(1, master.Statistics.ChecksumErrors);
            Assert.AreEqual(2, master.LastAttempts);
            Assert.AreEqual(broken.Length, master.Statistics.DroppedBytes);
        }

        [TestMethod]
        public void GarbageBeforeTheAnswerIsDroppedAndCounted()
        {
            MBusMaster master = NewMaster(9600);
            byte[] telegram = ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram);
            byte[] noisy = ModbusFrames.Concat(ModbusFrames.Hex("68 FF 10 68 E5 16 10 00"), telegram);
            Line.EnqueueResponse(noisy, 5000);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.RequestUserData(0));
            Assert.AreEqual(8, master.Statistics.DroppedBytes);
            Assert.AreEqual(1, master.LastAttempts);
            Assert.AreEqual(0x4B - 2, master.ResponseUserDataLength);
        }

        [TestMethod]
        public void TheEchoOfTheRequestIsSkipped()
        {
            MBusMaster master = NewMaster(2400);
            Line.HearsOwnTransmission = true;
            Bus.Add(new KlefrMBusSlave(9, 1));
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.RequestUserData(9));
            Assert.AreEqual(5, master.Statistics.EchoBytes);
            Assert.AreEqual(0, master.Statistics.DroppedBytes);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendNke(9));
            Assert.AreEqual((int)MBusStatus.Timeout, (int)master.SendNke(10));
        }

        [TestMethod]
        public void AnAnswerFromAnotherAddressIsNotTaken()
        {
            MBusMaster master = NewMaster(9600);
            Line.EnqueueResponse(ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram), 5000);
            Assert.AreEqual((int)MBusStatus.UnexpectedFrame, (int)master.RequestUserData(1, 0));
            Assert.AreEqual(1, master.Statistics.UnexpectedFrames);
        }

        [TestMethod]
        public void SecondaryAddressingSelectsThenReadsAtFd()
        {
            MBusMaster master = NewMaster(9600);
            Bus.Add(new KlefrMBusSlave(0, 13070001));
            KlefrMBusSlave other = Bus.Add(new KlefrMBusSlave(0, 13070002));
            other.Energies[0] = 42;
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.ReadSecondary(master, telegram, 13070002, values, present));
            Assert.AreEqual(13070002, telegram.IdentificationNumber);
            Assert.AreEqual(0.42, values[0]);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.Hex("68 0B 0B 68 53 FD 52 02 00 07 13 CD 25 FF 02"), Line.WrittenFrame(0), 0, 15));
            Assert.AreEqual((byte)0xFD, Line.WrittenFrame(1)[2]);
            Assert.AreEqual((int)MBusStatus.Timeout, (int)KlefrMBus.ReadSecondary(master, telegram, 99999999, values, present));
        }

        [TestMethod]
        public void WritesAreAcknowledgedAndPrimaryAddressIsReadBack()
        {
            MBusMaster master = NewMaster(9600);
            KlefrMBusSlave slave = Bus.Add(new KlefrMBusSlave(1, 5));
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.Tariff(frame, 1, 2)));
            Assert.AreEqual(2, slave.Tariff);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.CombinedCode(frame, 1, 11)));
            Assert.AreEqual(11, slave.CombinedCode);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.S0Rate(frame, 1, 1)));
            Assert.AreEqual(1, slave.S0RateHundredths);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.ResetPowerDownCounter(frame, 1)));
            Assert.AreEqual(0, slave.PowerDownCounter);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.ResetResettableEnergy(frame, 1)));
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.BaudRate(frame, 1, 2400)));
            Assert.AreEqual(2400, slave.BaudRate);
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.SecondaryAddress(frame, 1, 87654321)));
            Assert.AreEqual((int)MBusStatus.Ok, (int)master.SendUserData(frame, 0, KlefrMBusCommands.PrimaryAddress(frame, 1, 17)));

            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.Read(master, telegram, 17, values, present));
            Assert.AreEqual((byte)17, master.ResponseAddress);
            Assert.AreEqual(87654321, telegram.IdentificationNumber);
            Assert.AreEqual((int)MBusStatus.Timeout, (int)master.SendUserData(frame, 0, KlefrMBusCommands.Tariff(frame, 1, 1)));
            Assert.AreEqual((int)MBusStatus.InvalidRequest, (int)master.SendUserData(frame, 0, 0));
        }
            [TestMethod]
        public void AddressWritesAreReadBack()
        {
            MBusMaster master = NewMaster(9600);
            KlefrMBusSlave slave = Bus.Add(new KlefrMBusSlave(1, 5));
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            int length = KlefrMBusCommands.SecondaryAddress(frame, 1, 13070001);
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.WriteVerified(master, telegram, frame, length, values, present));
            Assert.AreEqual(13070001, telegram.IdentificationNumber);
            length = KlefrMBusCommands.PrimaryAddress(frame, 1, 42);
            Assert.AreEqual((int)MBusStatus.Ok, (int)KlefrMBus.WriteVerified(master, telegram, frame, length, values, present));
            Assert.AreEqual((byte)42, slave.PrimaryAddress);

            // A meter that acknowledges but keeps its number: the read-back tells.
            slave.IgnoreIdentificationWrites = true;
            length = KlefrMBusCommands.SecondaryAddress(frame, 42, 99);
            Assert.AreEqual((int)MBusStatus.ReadBackMismatch, (int)KlefrMBus.WriteVerified(master, telegram, frame, length, values, present));
        }
    }
}
