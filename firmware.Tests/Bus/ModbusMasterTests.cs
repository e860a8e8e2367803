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

        private VirtualClock _clock;
        private ScriptedSerialLine _line;
        private ModbusMaster _master;

        private void Create(BusSettings settings)
        {
            _clock = new VirtualClock();
            _clock.Advance(1000000);
            _line = new ScriptedSerialLine(_clock);
            _master = new ModbusMaster(_line, _clock, settings);
        }

        private void Create()
        {
            Create(new BusSettings());
        }

        // ------------------------------------------------------------ frames

        [TestMethod]
        public void ConstructorConfiguresTheLineWithTheBusFraming()
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = 19200;
            settings.Parity = SerialParity.None;
            settings.StopBits = 2;
            Create(settings);
            Assert.AreEqual(1, _line.ConfigureCalls);
            Assert.AreEqual(19200, _line.Settings.BaudRate);
            Assert.AreEqual((int)SerialParity.None, (int)_line.Settings.Parity);
            Assert.AreEqual(2, _line.Settings.StopBits);
        }

        [TestMethod]
        public void ReadsHoldingRegistersWithTheExactRequestFrame()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 0A 01 02"), 20000);
            ushort[] values = new ushort[2];

            ModbusStatus status = _master.ReadHoldingRegisters(1, 0x0000, 2, values, 0);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("01 03 00 00 00 02 C4 0B", ModbusFrames.ToHex(_line.WrittenFrame(0), 0, 8));
            Assert.AreEqual((ushort)0x000A, values[0]);
            Assert.AreEqual((ushort)0x0102, values[1]);
            Assert.AreEqual(1, _master.Statistics.Requests);
            Assert.AreEqual(1, _master.Statistics.Answers);
            Assert.AreEqual(1, _master.LastAttempts);
        }

        [TestMethod]
        public void ReadsInputRegistersIntoBytesWithoutCopyingThroughValues()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("07 04 04 43 66 80 00"), 15000);
            byte[] destination = new byte[6];

            ModbusStatus status = _master.ReadRegisters(7, ModbusFunction.ReadInputRegisters, 0x0000, 2, destination, 2);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("07 04 00 00 00 02", ModbusFrames.ToHex(_line.WrittenFrame(0), 0, 6));
            Assert.AreEqual("00 00 43 66 80 00", ModbusFrames.ToHex(destination, 0, 6));
            Assert.AreEqual(4, _master.ResponseDataLength);
            Assert.AreEqual((byte)0x43, _master.ResponseBuffer[_master.ResponseDataOffset]);
        }

        [TestMethod]
        public void Kpm33bRelayStatusExampleIsRead()
        {
            // 000_382c60362d0da209.txt, 6.1.1: request 01 01 00 01 00 01, response 01 01 01 01 90 48. (The
            // manual's bit table shows 0000 0111 for "three relays closed" while the example data byte is 01:
            // the frame, not the table, is what we test.)
            Create();
            _line.EnqueueResponse(ModbusFrames.Hex("01 01 01 01 90 48"), 30000);
            byte[] bits = new byte[1];

            ModbusStatus status = _master.ReadCoils(1, 0x0001, 1, bits, 0);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)status);
            Assert.AreEqual("01 01 00 01 00 01 AC 0A", ModbusFrames.ToHex(_line.WrittenFrame(0), 0, 8));
            Assert.AreEqual((byte)0x01, bits[0]);
        }

        [TestMethod]
        public void WritesSingleCoilAndAcceptsTheEcho()
        {
            Create();
            byte[] request = ModbusFrames.HexWithCrc("01 05 00 01 FF 00");
            _line.EnqueueResponse(request, 20000);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleCoil(1, 0x0001, true));
            Assert.IsTrue(ModbusFrames.SameBytes(request, _line.WrittenFrame(0), 0, 8));
        }

        [TestMethod]
        public void WritesSingleRegister()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 03"), 20000);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleRegister(1, 0x0001, 0x0003));
            Assert.AreEqual("01 06 00 01 00 03 98 0B", ModbusFrames.ToHex(_line.WrittenFrame(0), 0, 8));
        }

        [TestMethod]
        public void WritesMultipleRegistersLikeTheKlefrExample()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 10 40 0D 00 02"), 20000);
            ushort[] values = new ushort[] { 0xFFFF, 0x4120, 0x0000 };

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteMultipleRegisters(1, 0x400D, values, 1, 2));
            byte[] expected = ModbusFrames.HexWithCrc("01 10 40 0D 00 02 04 41 20 00 00");
            Assert.IsTrue(ModbusFrames.SameBytes(expected, _line.WrittenFrame(0), 0, _line.WrittenFrame(0).Length));
        }

        [TestMethod]
        public void WriteEchoThatDiffersIsAnInvalidResponse()
        {
            Create();
            for (int attempt = 0; attempt < 3; attempt++)
            {
                _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 04"), 20000);
            }

            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)_master.WriteSingleRegister(1, 0x0001, 0x0003));
            Assert.AreEqual(3, _master.Statistics.InvalidResponses);
        }

        [TestMethod]
        public void RequestsOutsideTheSpecificationAreNotSent()
        {
            Create();
            ushort[] values = new ushort[130];
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)_master.ReadHoldingRegisters(1, 0, 126, values, 0));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)_master.Read(0, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)_master.Read(248, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)_master.WriteMultipleRegisters(1, 0, values, 0, 124));
            Assert.AreEqual((int)ModbusStatus.InvalidRequest, (int)_master.ReadCoils(1, 0, 2001, new byte[300], 0));
            Assert.AreEqual(0, _line.WriteCount);
        }

        [TestMethod]
        public void MaximumQuantitiesAreAccepted()
        {
            Create();
            RegisterSlave slave = new RegisterSlave(1, 200, 0, 2000);
            _line.Responder = slave.Respond;
            ushort[] values = new ushort[125];
            for (int index = 0; index < values.Length; index++)
            {
                values[index] = (ushort)(index * 3);
            }

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteMultipleRegisters(1, 0, values, 0, 123));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0, 125, values, 0));
            Assert.AreEqual((ushort)(122 * 3), values[122]);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadCoils(1, 0, 2000, new byte[250], 0));
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
            Create();
            _line.EnqueueResponse(ModbusFrames.WithCrc(new byte[] { 0x01, 0x83, (byte)code }), 20000);

            ModbusStatus status = _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0x0100, 4);

            Assert.AreEqual(expectedStatus, (int)status);
            Assert.AreEqual((byte)code, _master.LastExceptionCode);
            Assert.AreEqual(1, _line.WriteCount, "an exception response is never retried");
            Assert.AreEqual(1, _master.Statistics.Exceptions);
            Assert.AreEqual(1, _master.Statistics.Answers);
            Assert.AreEqual(0, _master.Statistics.Retries);
        }

        [TestMethod]
        public void ExceptionToAWriteIsReported()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 90 02"), 20000);
            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)_master.WriteMultipleRegisters(1, 0x4000, new ushort[] { 1 }, 0, 1));
        }

        // ------------------------------------------------------------ timing

        [TestMethod]
        public void FirstRequestWaitsThreeAndAHalfCharactersAfterStart()
        {
            Create();
            long start = _clock.MonotonicMicroseconds;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(start + InterFrame, _line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void RequestWaitsForSilenceAfterTheLastByteOnTheLine()
        {
            // Two meters on one bus failed with CRC errors because the next request followed the previous
            // answer immediately: the next request must wait t3.5 after the last byte seen.
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            long lastByte = _line.LastByteReadArrivalMicroseconds;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("02 03 02 00 01"), 10000);

            _master.Read(2, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual(lastByte + InterFrame, _line.WriteStartMicroseconds(1));
        }

        [TestMethod]
        public void InputIsDrainedAndNoiseRestartsTheSilence()
        {
            Create();
            long now = _clock.MonotonicMicroseconds;
            // A late answer arrives before the request, and one more noise byte during the silent interval.
            _line.ScheduleBytes(ModbusFrames.HexWithCrc("05 03 02 12 34"), now - 20000, 0);
            _line.ScheduleBytes(new byte[] { 0x55 }, now + 2000, 0);
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0, 1, value, 0));

            Assert.AreEqual((ushort)7, value[0]);
            Assert.AreEqual(8, _master.Statistics.DrainedBytes);
            Assert.AreEqual(now + 2000 + Character + InterFrame, _line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void ResponseMustStartWithinTheResponseTimeout()
        {
            BusSettings settings = new BusSettings();
            settings.ResponseTimeoutMicroseconds = 100000;
            settings.Retries = 0;
            Create(settings);
            byte[] answer = ModbusFrames.HexWithCrc("01 03 02 00 01");

            // First byte complete at 98000 + 1146 < 100000: in time.
            _line.EnqueueResponse(answer, 98000);
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));

            // First byte complete at 99000 + 1146 > 100000: too late.
            _line.EnqueueResponse(answer, 99000);
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(1, _master.Statistics.Timeouts);
        }

        [TestMethod]
        public void TimeoutIsRetriedTwiceByDefaultEachAfterTheFullTimeout()
        {
            Create();
            long start = _clock.MonotonicMicroseconds;

            ModbusStatus status = _master.Read(9, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual((int)ModbusStatus.Timeout, (int)status);
            Assert.AreEqual(3, _line.WriteCount);
            Assert.AreEqual(3, _master.LastAttempts);
            Assert.AreEqual(3, _master.Statistics.Timeouts);
            Assert.AreEqual(2, _master.Statistics.Retries);
            for (int attempt = 1; attempt < 3; attempt++)
            {
                long gap = _line.WriteStartMicroseconds(attempt) - _line.WriteEndMicroseconds(attempt - 1);
                Assert.AreEqual(1000000L, gap, "the timeout already is more than t3.5 of silence");
            }

            Assert.AreEqual(start + InterFrame + 3 * (9167 + 1000000L), _clock.MonotonicMicroseconds);
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
            Create(settings);
            _master.Read(9, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(retries + 1, _line.WriteCount);
        }

        [TestMethod]
        public void CrcErrorIsRetriedAndTheGoodAnswerUsed()
        {
            Create();
            byte[] damaged = ModbusFrames.HexWithCrc("01 03 02 00 07");
            damaged[4] ^= 0x10;
            _line.EnqueueResponse(damaged, 10000);
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0, 1, value, 0));

            Assert.AreEqual((ushort)7, value[0]);
            Assert.AreEqual(2, _master.LastAttempts);
            Assert.AreEqual(1, _master.Statistics.CrcErrors);
            Assert.AreEqual(1, _master.Statistics.Retries);
            // The damaged frame is recognised when it ends (t1.5), not after the whole response timeout.
            long retryAt = _line.WriteStartMicroseconds(1);
            Assert.IsTrue(retryAt - _line.WriteEndMicroseconds(0) < 10000 + 8 * Character + 2 * InterCharacter + InterFrame,
                "retry follows the damaged frame at once");
        }

        [TestMethod]
        public void CrcErrorOnEveryAttemptIsReportedAsCrcError()
        {
            Create();
            byte[] damaged = ModbusFrames.HexWithCrc("01 03 02 00 07");
            damaged[6] ^= 0x01;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                _line.EnqueueResponse(damaged, 10000);
            }

            Assert.AreEqual((int)ModbusStatus.CrcError, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(3, _master.Statistics.CrcErrors);
            Assert.AreEqual(0, _master.Statistics.Answers);
        }

        [TestMethod]
        public void SilenceUnderOneAndAHalfCharactersInsideAFrameIsTolerated()
        {
            Create();
            _line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, InterCharacter - 100));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void SilenceOverOneAndAHalfCharactersEndsTheFrame()
        {
            // 5 ms pause after byte 3 (index 2) at 9600 baud: the frame is cut in two and neither half is used,
            // even though the bytes together would form a valid frame.
            Create();
            _line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, 5000));

            ModbusStatus status = _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0);

            Assert.AreEqual((int)ModbusStatus.Timeout, (int)status);
            Assert.AreEqual(7, _master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void SlowlySpacedBytesJustUnderTheLimitFormAFrame()
        {
            Create();
            _line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithSpacing(Character + InterCharacter - 1));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void RaisedInterCharacterTimeoutToleratesBurstyLines()
        {
            BusSettings settings = new BusSettings();
            settings.InterCharacterTimeoutMicroseconds = 20000;
            Create(settings);
            _line.EnqueueResponse(new ScriptedResponse(ModbusFrames.HexWithCrc("01 03 02 00 07"), 10000).WithPause(2, 15000));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void AboveNineteenTwoHundredTheFixedSilenceApplies()
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = 115200;
            Create(settings);
            long start = _clock.MonotonicMicroseconds;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 5000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(start + 1750, _line.WriteStartMicroseconds(0));
        }

        [TestMethod]
        public void BroadcastIsNotAnsweredAndTheTurnaroundDelayIsKept()
        {
            Create();
            long start = _clock.MonotonicMicroseconds;

            ModbusStatus status = _master.WriteSingleRegister(0, 0x0010, 0x0001);

            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)status);
            Assert.AreEqual(start + InterFrame + 9167, _clock.MonotonicMicroseconds, "no waiting for an answer");
            Assert.AreEqual(1, _master.Statistics.Broadcasts);

            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 10000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            Assert.AreEqual(_line.WriteEndMicroseconds(0) + 200000, _line.WriteStartMicroseconds(1));
        }

        [TestMethod]
        public void BroadcastOfCoilsAndRegistersIsAllowed()
        {
            Create();
            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)_master.WriteSingleCoil(0, 1, false));
            Assert.AreEqual((int)ModbusStatus.BroadcastSent, (int)_master.WriteMultipleRegisters(0, 1, new ushort[] { 5, 6 }, 0, 2));
            Assert.AreEqual(2, _line.WriteCount);
        }

        [TestMethod]
        public void ProbeMakesOneAttemptWithItsOwnTimeout()
        {
            Create();
            long start = _clock.MonotonicMicroseconds;
            Assert.AreEqual((int)ModbusStatus.Timeout, (int)_master.Probe(17, ModbusFunction.ReadHoldingRegisters, 0, 1, 50000));
            Assert.AreEqual(1, _line.WriteCount);
            Assert.AreEqual(start + InterFrame + 9167 + 50000, _clock.MonotonicMicroseconds);
        }

        [TestMethod]
        public void LineThatNeverFallsSilentIsReportedBusyAndNothingIsSent()
        {
            BusSettings settings = new BusSettings();
            settings.ResponseTimeoutMicroseconds = 100000;
            Create(settings);
            byte[] babble = new byte[200];
            _line.ScheduleBytes(babble, _clock.MonotonicMicroseconds, 2000);

            Assert.AreEqual((int)ModbusStatus.LineBusy, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1));
            Assert.AreEqual(0, _line.WriteCount);
            Assert.AreEqual(1, _master.Statistics.LineBusy);
        }

        [TestMethod]
        public void LatencyIsMeasuredFromRequestEndToResponseEnd()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 20000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 02 00 01"), 5000);
            _master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1);

            Assert.AreEqual(5000 + 7 * Character, _master.Statistics.LastResponseLatencyMicroseconds);
            Assert.AreEqual(20000 + 7 * Character, _master.Statistics.WorstResponseLatencyMicroseconds);
        }

        // ------------------------------------------------------------ resynchronisation

        [TestMethod]
        public void LeadingGarbageIsSkipped()
        {
            Create();
            byte[] garbage = ModbusFrames.Hex("FF 00 01 55 01 03 09");
            _line.EnqueueResponse(ModbusFrames.Concat(garbage, ModbusFrames.HexWithCrc("01 03 02 00 2A")), 10000);
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0, 1, value, 0));
            Assert.AreEqual((ushort)42, value[0]);
            Assert.AreEqual(garbage.Length, _master.Statistics.SkippedBytes);
            Assert.AreEqual(1, _line.WriteCount);
        }

        [TestMethod]
        public void EchoOfTheRequestIsSkipped()
        {
            // A transceiver whose receiver stays enabled hears the request; the slave answers after a pause.
            Create();
            _line.HearsOwnTransmission = true;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 01 00 02"), 30000);
            ushort[] values = new ushort[2];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0, 2, values, 0));
            Assert.AreEqual((ushort)2, values[1]);
            Assert.AreEqual(8, _master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void EchoFollowedWithoutPauseByTheResponseIsSkipped()
        {
            Create();
            _line.HearsOwnTransmission = true;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 01 01 01"), 0);
            byte[] bits = new byte[1];
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadCoils(1, 1, 1, bits, 0));
            Assert.AreEqual((byte)1, bits[0]);
        }

        [TestMethod]
        public void WithExpectedEchoAnExceptionToAWriteIsNotMistakenForTheEcho()
        {
            // The echo of a 06 request equals its normal response; with ExpectEcho the master skips it and
            // sees the slave's real answer.
            BusSettings settings = new BusSettings();
            settings.ExpectEcho = true;
            Create(settings);
            _line.HearsOwnTransmission = true;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 86 02"), 30000);

            Assert.AreEqual((int)ModbusStatus.IllegalDataAddress, (int)_master.WriteSingleRegister(1, 0x0999, 1));
        }

        [TestMethod]
        public void WithExpectedEchoAWriteEchoedAndAnsweredIsOk()
        {
            BusSettings settings = new BusSettings();
            settings.ExpectEcho = true;
            Create(settings);
            _line.HearsOwnTransmission = true;
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 06 00 01 00 03"), 30000);

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleRegister(1, 0x0001, 3));
            Assert.AreEqual(8, _master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void LateAnswerToAnEarlierRequestArrivingAfterTheRequestIsSkipped()
        {
            // The previous read (4 registers) timed out; its answer arrives just after our next request (1 register).
            Create();
            byte[] late = ModbusFrames.HexWithCrc("01 03 08 00 01 00 02 00 03 00 04");
            byte[] answer = ModbusFrames.HexWithCrc("01 03 02 00 63");
            _line.EnqueueResponse(new ScriptedResponse(ModbusFrames.Concat(late, answer), 2000));
            ushort[] value = new ushort[1];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.ReadHoldingRegisters(1, 0x10, 1, value, 0));
            Assert.AreEqual((ushort)0x63, value[0]);
            Assert.AreEqual(late.Length, _master.Statistics.SkippedBytes);
        }

        [TestMethod]
        public void AnswerFromAnotherAddressIsNotTaken()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("02 03 02 00 01"), 10000);
            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        [TestMethod]
        public void WrongByteCountIsNotTaken()
        {
            Create();
            _line.EnqueueResponse(ModbusFrames.HexWithCrc("01 03 04 00 01 00 02"), 10000);
            Assert.AreEqual((int)ModbusStatus.InvalidResponse, (int)_master.Read(1, ModbusFunction.ReadHoldingRegisters, 0, 1, 100000, 0));
        }

        // ------------------------------------------------------------ writes with read-back

        [TestMethod]
        public void VerifiedWritesReadTheValuesBack()
        {
            Create();
            RegisterSlave slave = new RegisterSlave(3, 16, 0, 4);
            _line.Responder = slave.Respond;

            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteRegistersVerified(3, ModbusFunction.WriteMultipleRegisters, 2, new ushort[] { 7, 8 }, 0, 2));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteRegistersVerified(3, ModbusFunction.WriteSingleRegister, 5, new ushort[] { 9 }, 0, 1));
            Assert.AreEqual((int)ModbusStatus.Ok, (int)_master.WriteSingleCoilVerified(3, 1, true));
            Assert.AreEqual((ushort)8, slave.HoldingRegisters[3]);
            Assert.AreEqual((ushort)9, slave.HoldingRegisters[5]);
            Assert.IsTrue(slave.Coils[1]);
            Assert.AreEqual(6, _line.WriteCount);
        }

        [TestMethod]
        public void VerifiedWriteToAProtectedRegisterReportsTheMismatch()
        {
            Create();
            RegisterSlave slave = new RegisterSlave(3, 16, 0, 4);
            slave.IgnoreWrites = true;
            _line.Responder = slave.Respond;

            Assert.AreEqual((int)ModbusStatus.ReadBackMismatch, (int)_master.WriteRegistersVerified(3, ModbusFunction.WriteSingleRegister, 5, new ushort[] { 9 }, 0, 1));
        }
    }
}
