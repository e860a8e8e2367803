using EspCollector.Core.Bus;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>
    /// Transactions of the master on a scripted line with a virtual clock: byte-exact frames, every timing
    /// rule of Modbus over Serial Line V1.02 (2.5.1.1), retries and resynchronisation. 9600 baud 8E1 unless
    /// said otherwise: one character = 1146 us, t1.5 = 1719 us, t3.5 = 4011 us, 8-byte request = 9167 us.
    /// </summary>
    [TestClass]
    public class ModbusMasterTests
    {
        private const int Character = 1146;
        private const int InterFrame = 4011;
        private const int InterCharacter = 1719;

        /// <summary>Creates each test's own master (the launcher never creates an instance of a test class).</summary>
        private static Rig Create(BusSettings settings)
        {
            return new Rig(settings);
        }

        private static Rig Create()
        {
            return new Rig(new BusSettings());
        }

        // ------------------------------------------------------------ frames

        [TestMethod]
        public void ConstructorConfiguresTheLineWithTheBusFraming()
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = 19200;
            settings.Parity = SerialParity.None;
            settings.StopBits = 2;
            Rig rig = Create(settings);
            Assert.AreEqual(1, rig.Line.ConfigureCalls);
            Assert.AreEqual(19200, rig.Line.Settings.BaudRate);
            Assert.AreEqual((int)SerialParity.None, (int)rig.Line.Settings.Parity);
            Assert.AreEqual(2, rig.Line.Settings.StopBits);
        }

        [TestMethod]
        public void ReadsHoldingRegistersWithTheExactRequestFrame()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 0A 01 02"), 20000);
            ushort[] values = new ushort[2];

            ModbusStatus status = rig.Master.ReadHoldingRegisters(1, 0x0000, 2, values, 0);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("01 03 00 00 00 02 C4 0B", ModbusFrames.ToHex(rig.Line.WrittenFrame(0), 0, 8));
            Assert.AreEqual((ushort)0x000A, values[0]);
            Assert.AreEqual((ushort)0x0102, values[1]);
            Assert.AreEqual(1, rig.Master.Statistics.Requests);
            Assert.AreEqual(1, rig.Master.Statistics.Answers);
            Assert.AreEqual(1, rig.Master.LastAttempts);
        }

        [TestMethod]
        public void ReadsInputRegistersIntoBytesWithoutCopyingThroughValues()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("07 04 04 43 66 80 00"), 15000);
            byte[] destination = new byte[6];

            ModbusStatus status = rig.Master.ReadRegisters(7, ModbusFunction.ReadInputRegisters, 0x0000, 2, destination, 2);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("07 04 00 00 00 02", ModbusFrames.ToHex(rig.Line.WrittenFrame(0), 0, 6));
            Assert.AreEqual("00 00 43 66 80 00", ModbusFrames.ToHex(destination, 0, 6));
            Assert.AreEqual(4, rig.Master.ResponseDataLength);
            Assert.AreEqual((byte)0x43, rig.Master.ResponseBuffer[rig.Master.ResponseDataOffset]);
        }

        [TestMethod]
        public void Kpm33bRelayStatusExampleIsRead()
        {
            // 000_382c60362d0da209.txt, 6.1.1: request 01 01 00 01 00 01, response 01 01 01 01 90 48. (The
            // manual's bit table shows 0000 0111 for "three relays closed" while the example data byte is 01:
            // the frame, not the table, is what we test.)
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.Hex("01 01 01 01 90 48"), 30000);
            byte[] bits = new byte[1];

            ModbusStatus status = rig.Master.ReadCoils(1, 0x0001, 1, bits, 0);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("01 01 00 01 00 01 AC 0A", ModbusFrames.ToHex(rig.Line.WrittenFrame(0), 0, 8));
            Assert.AreEqual((byte)0x01, bits[0]);
        }

        [TestMethod]
        public void WritesSingleCoilAndAcceptsTheEcho()
        {
            Rig rig = Create();
            byte[] request = ModbusFrames.HexWithCrc("01 05 00 01 FF 00");
            rig.Line.EnqueueResponse(request, 20000);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteSingleCoil(1, 0x0001, true));
            Assert.IsTrue(ModbusFrames.SameBytes(request, rig.Line.WrittenFrame(0), 0, 8));
        }

        [TestMethod]
        public void WritesSingleRegister()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 03"), 20000);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteSingleRegister(1, 0x0001, 0x0003));
            Assert.AreEqual("01 06 00 01 00 03 98 0B", ModbusFrames.ToHex(rig.Line.WrittenFrame(0), 0, 8));
        }

        [TestMethod]
        public void WritesMultipleRegistersLikeTheKlefrExample()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 10 40 0D 00 02"), 20000);
            ushort[] values = new ushort[] { 0xFFFF, 0x4120, 0x0000 };

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteMultipleRegisters(1, 0x400D, values, 1, 2));
            byte[] expected = ModbusFrames.HexWithCrc("01 10 40 0D 00 02 04 41 20 00 00");
            Assert.IsTrue(ModbusFrames.SameBytes(expected, rig.Line.WrittenFrame(0), 0, rig.Line.WrittenFrame(0).Length));
        }

        [TestMethod]
        public void WriteEchoThatDiffersIsAnInvalidResponse()
        {
            Rig rig = Create();
            for (int attempt = 0; attempt < 3; attempt++)
            {
                rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 04"), 20000);
            }

            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)rig.Master.WriteSingleRegister(1, 0x0001, 0x0003));
            Assert.AreEqual(3, rig.Master.Statistics.InvalidResponses);
        }

        [TestMethod]
        public void RequestsOutsideTheSpecificationAreNotSent()
        {
            Rig rig = Create();
            ushort[] values = new ushort[130];
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)rig.Master.ReadHoldingRegisters(1, 0, 126, values, 0));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)rig.Master.Read(0, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)rig.Master.Read(248, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)rig.Master.WriteMultipleRegisters(1, 0, values, 0, 124));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)rig.Master.ReadCoils(1, 0, 2001, new byte[300], 0));
            Assert.AreEqual(0, rig.Line.WriteCount);
        }

        [TestMethod]
        public void MaximumQuantitiesAreAccepted()
        {
            Rig rig = Create();
            RegisterSlave slave = new RegisterSlave(1, 200, 0, 2000);
            rig.Line.Responder = slave.Respond;
            ushort[] values = new ushort[125];
            for (int index = 0; index < values.Length; index++)
            {
                values[index] = (ushort)(index * 3);
            }

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteMultipleRegisters(1, 0, values, 0, 123));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0, 125, values, 0));
            Assert.AreEqual((ushort)(122 * 3), values[122]);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadCoils(1, 0, 2000, new byte[250], 0));
        }

        // ------------------------------------------------------------ exceptions

        [TestMethod]
        [DataRow(1, 1)]
        [DataRow(2, 2)]
        [DataRow(3, 3)]
        [DataRow(4, 4)]
        [DataRow(5, 5)]
        [DataRow(6, 6)]
        [DataRow(7, 7)]
        [DataRow(8, 8)]
        [DataRow(10, 10)]
        [DataRow(11, 11)]
        [DataRow(9, 99)]
        [DataRow(42, 99)]
        public void ExceptionResponsesAreNamedErrorsAndNotRetried(int code, int expectedStatus)
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.WithCrc(new byte[] { 0x01, 0x83, (byte)code }), 20000);

            ModbusStatus status = rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0x0100, 4);

            Assert.AreEqual(expectedStatus, (int)status);
            Assert.AreEqual((byte)code, rig.Master.LastExceptionCode);
            Assert.AreEqual(1, rig.Line.WriteCount, "an exception response is never retried");
            Assert.AreEqual(1, rig.Master.Statistics.Exceptions);
            Assert.AreEqual(1, rig.Master.Statistics.Answers);
            Assert.AreEqual(0, rig.Master.Statistics.Retries);
        }

        [TestMethod]
        public void ExceptionToAWriteIsReported()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 90 02"), 20000);
            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)rig.Master.WriteMultipleRegisters(1, 0x4000, new ushort[] { 1 }, 0, 1));
        }

        // ------------------------------------------------------------ timing

        [TestMethod]
        public void FirstRequestWaitsThreeAndAHalfCharactersAfterStart()
        {
            Rig rig = Create();
            long start = rig.Clock.MonotonicMicroseconds;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(start + InterFrame, rig.Line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void RequestWaitsForSilenceAfterTheLastByteOnTheLine()
        {
            // Two meters on one bus failed with CRC errors because the next request followed the previous
            // answer immediately: the next request must wait t3.5 after the last byte seen.
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            long lastByte = rig.Line.LastByteReadArrivalMicroseconds;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("02 03 02 00 01"), 10000);

            rig.Master.Read(2, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual(lastByte + InterFrame, rig.Line.WriteStartMicroseconds(1));
        }

        [TestMethod]
        public void InputIsDrainedAndNoiseRestartsTheSilence()
        {
            Rig rig = Create();
            long now = rig.Clock.MonotonicMicroseconds;
            // A late answer arrives before the request, and one more noise byte during the silent interval.
            rig.Line.ScheduleBytes(ModbusFrames.HexWithCrc("05 03 02 12 34"), now - 20000, 0);
            rig.Line.ScheduleBytes(new byte[] { 0x55 }, now + 2000, 0);
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0, 1, value, 0));

            Assert.AreEqual((ushort)7, value[0]);
            Assert.AreEqual(8, rig.Master.Statistics.DrainedBytes);
            Assert.AreEqual(now + 2000 + Character + InterFrame, rig.Line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void ResponseMustStartWithinTheResponseTimeout()
        {
            BusSettings settings = new BusSettings();
            settings.ResponseTimeoutMicroseconds = 100000;
            settings.Retries = 0;
            Rig rig = Create(settings);
            byte[] answer = ModbusFrames.HexWithCrc("01 03 02 00 01");

            // First byte complete at 98000 + 1146 < 100000: in time.
            rig.Line.EnqueueResponse(answer, 98000);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));

            // First byte complete at 99000 + 1146 > 100000: too late.
            rig.Line.EnqueueResponse(answer, 99000);
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(1, rig.Master.Statistics.Timeouts);
        }

        [TestMethod]
        public void TimeoutIsRetriedTwiceByDefaultEachAfterTheFullTimeout()
        {
            Rig rig = Create();
            long start = rig.Clock.MonotonicMicroseconds;

            ModbusStatus status = rig.Master.Read(9, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual((int)ModbusStatus.Timeout, (int)status);
            Assert.AreEqual(3, rig.Line.WriteCount);
            Assert.AreEqual(3, rig.Master.LastAttempts);
            Assert.AreEqual(3, rig.Master.Statistics.Timeouts);
            Assert.AreEqual(2, rig.Master.Statistics.Retries);
            for (int attempt = 1; attempt < 3; attempt++)
            {
                long gap = rig.Line.WriteStartMicroseconds(attempt) - rig.Line.WriteEndMicroseconds(attempt - 1);
                Assert.AreEqual(1000000L, gap, "the timeout already is more than t3.5 of silence");
            }

            Assert.AreEqual(start + InterFrame + 3 * (9167 + 1000000L), rig.Clock.MonotonicMicroseconds);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(5)]
        public void RetryCountIsConfigurable(int retries)
        {
            BusSettings settings = new BusSettings();
            settings.Retries = retries;
            settings.ResponseTimeoutMicroseconds = 50000;
            Rig rig = Create(settings);
            rig.Master.Read(9, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(retries + 1, rig.Line.WriteCount);
        }

        [TestMethod]
        public void CrcErrorIsRetriedAndTheGoodAnswerUsed()
        {
            Rig rig = Create();
            byte[] damaged = ModbusFrames.HexWithCrc("01 03 02 00 07");
            damaged[4] ^= 0x10;
            rig.Line.EnqueueResponse(damaged, 10000);
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0, 1, value, 0));

            Assert.AreEqual((ushort)7, value[0]);
            Assert.AreEqual(2, rig.Master.LastAttempts);
            Assert.AreEqual(1, rig.Master.Statistics.CrcErrors);
            Assert.AreEqual(1, rig.Master.Statistics.Retries);
            // The damaged frame is recognised when it ends (t1.5), not after the whole response timeout.
            long retryAt = rig.Line.WriteStartMicroseconds(1);
            Assert.IsTrue(retryAt - rig.Line.WriteEndMicroseconds(0) < 10000 + 8 * Character + 2 * InterCharacter + InterFrame,
                "retry follows the damaged frame at once");
        }

        [TestMethod]
        public void CrcErrorOnEveryAttemptIsReportedAsCrcError()
        {
            Rig rig = Create();
            byte[] damaged = ModbusFrames.HexWithCrc("01 03 02 00 07");
            damaged[6] ^= 0x01;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                rig.Line.EnqueueResponse(damaged, 10000);
            }

            Assert.AreEqual((int)ModbusStatus.CrcError, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(3, rig.Master.Statistics.CrcErrors);
            Assert.AreEqual(0, rig.Master.Statistics.Answers);
        }

        [TestMethod]
        public void SilenceUnderOneAndAHalfCharactersInsideAFrameIsTolerated()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, InterCharacter - 100));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void SilenceOverOneAndAHalfCharactersEndsTheFrame()
        {
            // 5 ms pause after byte 3 (index 2) at 9600 baud: the frame is cut in two and neither half is used,
            // even though the bytes together would form a valid frame.
            Rig rig = Create();
            rig.Line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, 5000));

            ModbusStatus status = rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0);

            Assert.AreEqual((int)ModbusStatus.Timeout, (int)status);
            Assert.AreEqual(7, rig.Master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void SlowlySpacedBytesJustUnderTheLimitFormAFrame()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithSpacing(Character + InterCharacter - 1));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void RaisedInterCharacterTimeoutToleratesBurstyLines()
        {
            BusSettings settings = new BusSettings();
            settings.InterCharacterTimeoutMicroseconds = 20000;
            Rig rig = Create(settings);
            rig.Line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, 15000));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void AboveNineteenTwoHundredTheFixedSilenceApplies()
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = 115200;
            Rig rig = Create(settings);
            long start = rig.Clock.MonotonicMicroseconds;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 5000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(start + 1750, rig.Line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void BroadcastIsNotAnsweredAndTheTurnaroundDelayIsKept()
        {
            Rig rig = Create();
            long start = rig.Clock.MonotonicMicroseconds;

            ModbusStatus status = rig.Master.WriteSingleRegister(0, 0x0010, 0x0001);

            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)status);
            Assert.AreEqual(start + InterFrame + 9167, rig.Clock.MonotonicMicroseconds, "no waiting for an answer");
            Assert.AreEqual(1, rig.Master.Statistics.Broadcasts);

            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(rig.Line.WriteEndMicroseconds(0) + 200000, rig.Line.WriteStartMicroseconds(1));
        }

        [TestMethod]
        public void BroadcastOfCoilsAndRegistersIsAllowed()
        {
            Rig rig = Create();
            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)rig.Master.WriteSingleCoil(0, 1, false));
            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)rig.Master.WriteMultipleRegisters(0, 1, new ushort[] { 5, 6 }, 0, 2));
            Assert.AreEqual(2, rig.Line.WriteCount);
        }

        [TestMethod]
        public void ProbeMakesOneAttemptWithItsOwnTimeout()
        {
            Rig rig = Create();
            long start = rig.Clock.MonotonicMicroseconds;
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)rig.Master.Probe(17, ModbusFunction.ReadHoldingRegisters, 0, 1, 50000));
            Assert.AreEqual(1, rig.Line.WriteCount);
            Assert.AreEqual(start + InterFrame + 9167 + 50000, rig.Clock.MonotonicMicroseconds);
        }

        [TestMethod]
        public void LineThatNeverFallsSilentIsReportedBusyAndNothingIsSent()
        {
            BusSettings settings = new BusSettings();
            settings.ResponseTimeoutMicroseconds = 100000;
            Rig rig = Create(settings);
            byte[] babble = new byte[200];
            rig.Line.ScheduleBytes(babble, rig.Clock.MonotonicMicroseconds, 2000);

            Assert.AreEqual((int)ModbusStatus.LineBusy, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(0, rig.Line.WriteCount);
            Assert.AreEqual(1, rig.Master.Statistics.LineBusy);
        }

        [TestMethod]
        public void LatencyIsMeasuredFromRequestEndToResponseEnd()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 20000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 5000);
            rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual(5000 + 7 * Character, rig.Master.Statistics.LastResponseLatencyMicroseconds);
            Assert.AreEqual(20000 + 7 * Character, rig.Master.Statistics.WorstResponseLatencyMicroseconds);
        }

        // ------------------------------------------------------------ resynchronisation

        [TestMethod]
        public void LeadingGarbageIsSkipped()
        {
            Rig rig = Create();
            byte[] garbage = ModbusFrames.Hex("FF 00 01 55 01 03 09");
            rig.Line.EnqueueResponse(ModbusFrames.Concat(garbage, ModbusFrames.HexWithCrc("01 03 02 00 2A")), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0, 1, value, 0));
            Assert.AreEqual((ushort)42, value[0]);
            Assert.AreEqual(garbage.Length, rig.Master.Statistics.SkippedBytes);
            Assert.AreEqual(1, rig.Line.WriteCount);
        }

        [TestMethod]
        public void EchoOfTheRequestIsSkipped()
        {
            // A transceiver whose receiver stays enabled hears the request; the slave answers after a pause.
            Rig rig = Create();
            rig.Line.HearsOwnTransmission = true;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 01 00 02"), 30000);
            ushort[] values = new ushort[2];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0, 2, values, 0));
            Assert.AreEqual((ushort)2, values[1]);
            Assert.AreEqual(8, rig.Master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void EchoFollowedWithoutPauseByTheResponseIsSkipped()
        {
            Rig rig = Create();
            rig.Line.HearsOwnTransmission = true;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 01 01 01"), 0);
            byte[] bits = new byte[1];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadCoils(1, 1, 1, bits, 0));
            Assert.AreEqual((byte)1, bits[0]);
        }

        [TestMethod]
        public void WithExpectedEchoAnExceptionToAWriteIsNotMistakenForTheEcho()
        {
            // The echo of a 06 request equals its normal response; with ExpectEcho the master skips it and
            // sees the slave's real answer.
            BusSettings settings = new BusSettings();
            settings.ExpectEcho = true;
            Rig rig = Create(settings);
            rig.Line.HearsOwnTransmission = true;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 86 02"), 30000);

            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)rig.Master.WriteSingleRegister(1, 0x0999, 1));
        }

        [TestMethod]
        public void WithExpectedEchoAWriteEchoedAndAnsweredIsOk()
        {
            BusSettings settings = new BusSettings();
            settings.ExpectEcho = true;
            Rig rig = Create(settings);
            rig.Line.HearsOwnTransmission = true;
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 03"), 30000);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteSingleRegister(1, 0x0001, 3));
            Assert.AreEqual(8, rig.Master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void LateAnswerToAnEarlierRequestArrivingAfterTheRequestIsSkipped()
        {
            // The previous read (4 registers) timed out; its answer arrives just after our next request (1 register).
            Rig rig = Create();
            byte[] late = ModbusFrames.HexWithCrc("01 03 08 00 01 00 02 00 03 00 04");
            byte[] answer = ModbusFrames.HexWithCrc("01 03 02 00 63");
            rig.Line.EnqueueResponse(new ScriptedResponse(ModbusFrames.Concat(late, answer), 2000));
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.ReadHoldingRegisters(1, 0x10, 1, value, 0));
            Assert.AreEqual((ushort)0x63, value[0]);
            Assert.AreEqual(late.Length, rig.Master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void AnswerFromAnotherAddressIsNotTaken()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("02 03 02 00 01"), 10000);
            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void WrongByteCountIsNotTaken()
        {
            Rig rig = Create();
            rig.Line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 01 00 02"), 10000);
            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)rig.Master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        // ------------------------------------------------------------ writes with read-back

        [TestMethod]
        public void VerifiedWritesReadTheValuesBack()
        {
            Rig rig = Create();
            RegisterSlave slave = new RegisterSlave(3, 16, 0, 4);
            rig.Line.Responder = slave.Respond;

            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteRegistersVerified(3, ModbusFunction.WriteMultipleRegisters, 2, new ushort[] { 7, 8 }, 0, 2));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteRegistersVerified(3, ModbusFunction.WriteSingleRegister, 5, new ushort[] { 9 }, 0, 1));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)rig.Master.WriteSingleCoilVerified(3, 1, true));
            Assert.AreEqual((ushort)8, slave.HoldingRegisters[3]);
            Assert.AreEqual((ushort)9, slave.HoldingRegisters[5]);
            Assert.IsTrue(slave.Coils[1]);
            Assert.AreEqual(6, rig.Line.WriteCount);
        }

        [TestMethod]
        public void VerifiedWriteToAProtectedRegisterReportsTheMismatch()
        {
            Rig rig = Create();
            RegisterSlave slave = new RegisterSlave(3, 16, 0, 4);
            slave.IgnoreWrites = true;
            rig.Line.Responder = slave.Respond;

            Assert.AreEqual((int)ModbusStatus.ReadBackMismatch, (int)rig.Master.WriteRegistersVerified(3, ModbusFunction.WriteSingleRegister, 5, new ushort[] { 9 }, 0, 1));
        }

        /// <summary>A master on a scripted line, the virtual clock 1 s past zero.</summary>
        private sealed class Rig
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly ScriptedSerialLine Line;
            public readonly ModbusMaster Master;

            public Rig(BusSettings settings)
            {
                Clock.Advance(1000000);
                Line = new ScriptedSerialLine(Clock);
                Master = new ModbusMaster(Line, Clock, settings);
            }
        }
    }
}
