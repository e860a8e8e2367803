using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>
    /// The master on the ESP32 UART model (<see cref="Esp32UartModel"/>: 120-byte and 10-character idle
    /// deliveries, RX reset at TX_DONE). Whole meter plans are read at 9600 and 19200 baud, each register
    /// compared with the simulated meter's own; the plans include answers over 120 bytes (SDM630, KLEFR) and
    /// over 240 bytes (Compere history). The old silence-only framing is shown to cut those answers on the model.
    /// </summary>
    [TestClass]
    public class Esp32UartFramingTests
    {
        /// <summary>What the ESP32 composition sets for its bus UART (120 + 10 + 1 character times).</summary>
        private const int Esp32DeliveryGap = 131;

        private static int _longestAnswer;

        [Setup]
        public void Reset()
        {
            _longestAnswer = 0;
        }

        [TestMethod]
        [DataRow(9600)]
        [DataRow(19200)]
        public void ReadsTheSdm630PlanThroughTheUartModel(int baudRate)
        {
            SimulatedMeterSlave slave = SimulatedMeters.Sdm630(2, SimulatedMeters.Framing(baudRate, SerialParity.Even), 12345u, false);
            RegisterBlock[] blocks = new MeterDriver(MeterTypes.Find("sdm630"), 2, new MeterSettings()).Blocks;
            Assert.AreEqual(0, ReadPlan(slave, blocks, baudRate, Esp32DeliveryGap), "blocks read wrong");
            Assert.IsTrue(_longestAnswer > Esp32UartModel.FifoThreshold, "the plan has an answer over 120 bytes: " + _longestAnswer.ToString());
        }

        [TestMethod]
        [DataRow(9600)]
        [DataRow(19200)]
        public void ReadsTheKlefrPlanThroughTheUartModel(int baudRate)
        {
            SimulatedMeterSlave slave = SimulatedMeters.Klefr(3, SimulatedMeters.Framing(baudRate, SerialParity.Even), 0x12345678u);
            RegisterBlock[] blocks = new MeterDriver(MeterTypes.Find("klefr"), 3, new MeterSettings()).Blocks;
            Assert.AreEqual(0, ReadPlan(slave, blocks, baudRate, Esp32DeliveryGap), "blocks read wrong");
            Assert.IsTrue(_longestAnswer > Esp32UartModel.FifoThreshold, "the plan has an answer over 120 bytes: " + _longestAnswer.ToString());
        }

        [TestMethod]
        [DataRow(9600)]
        [DataRow(19200)]
        public void ReadsTheCompereHistoryBlocksThroughTheUartModel(int baudRate)
        {
            SimulatedMeterSlave slave = SimulatedMeters.Kpm33b(1, SimulatedMeters.Framing(baudRate, SerialParity.Even), "A1");
            RegisterBlock[] blocks = MeterTypes.Find("kpm33b").HistoryPlan.Blocks;
            Assert.AreEqual(0, ReadPlan(slave, blocks, baudRate, Esp32DeliveryGap), "blocks read wrong");
            Assert.IsTrue(_longestAnswer > 2 * Esp32UartModel.FifoThreshold, "a history answer over 240 bytes: " + _longestAnswer.ToString());
        }

        /// <summary>The model bites: framing on a t1.5 silence alone cuts every answer longer than one FIFO chunk.</summary>
        [TestMethod]
        [DataRow(9600)]
        [DataRow(19200)]
        public void SilenceOnlyFramingFailsOnTheUartModel(int baudRate)
        {
            SimulatedMeterSlave slave = SimulatedMeters.Sdm630(2, SimulatedMeters.Framing(baudRate, SerialParity.Even), 12345u, false);
            RegisterBlock[] blocks = new MeterDriver(MeterTypes.Find("sdm630"), 2, new MeterSettings()).Blocks;
            int longBlocks = 0;
            for (int i = 0; i < blocks.Length; i++)
            {
                if (5 + blocks[i].DataByteCount > Esp32UartModel.FifoThreshold)
                {
                    longBlocks++;
                }
            }

            Assert.IsTrue(longBlocks > 0);
            Assert.AreEqual(longBlocks, ReadPlan(slave, blocks, baudRate, 0), "every block over 120 bytes fails, the others pass");
        }

        /// <summary>A 06 write's echo equals its normal response byte for byte: the model's FIFO reset at TX_DONE
        /// drops it, so a slave that never answers is a timeout, not a confirmed write.</summary>
        [TestMethod]
        public void EchoOfAWriteIsNotTakenForItsAnswer()
        {
            VirtualClock clock = new VirtualClock();
            Esp32UartModel line = new Esp32UartModel(clock);
            BusSettings settings = new BusSettings();
            settings.DeliveryGapCharacters = Esp32DeliveryGap;
            settings.Retries = 0;
            ModbusMaster master = new ModbusMaster(line, clock, settings);

            Assert.AreEqual((int)ModbusStatus.Timeout, (int)master.WriteSingleRegister(7, 0x0010, 0x1234));
            Assert.AreEqual(8, line.EchoBytesFlushed);
        }

        /// <summary>The echo of a read request (8 bytes) is dropped; the answer that follows is read.</summary>
        [TestMethod]
        public void EchoOfAReadIsDroppedAndTheAnswerRead()
        {
            VirtualClock clock = new VirtualClock();
            Esp32UartModel line = KlefrOnTheModel(clock);
            BusSettings settings = new BusSettings();
            settings.DeliveryGapCharacters = Esp32DeliveryGap;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            ushort[] values = new ushort[2];

            Assert.AreEqual((int)ModbusStatus.Ok, (int)master.ReadHoldingRegisters(3, 0x4000, 2, values, 0));
            Assert.AreEqual((ushort)0x1234, values[0]);
            Assert.AreEqual((ushort)0x5678, values[1]);
            Assert.AreEqual(1, master.Statistics.Requests);
            Assert.AreEqual(8, line.EchoBytesFlushed);
        }

        /// <summary>
        /// The answer's last chunk reaches the master 10 idle characters after its last byte, a silence on the wire
        /// already: with the driver's idle timeout declared, the next request goes out at once, and the wire still
        /// sees at least t3.5 between the answer and it (Modbus over Serial Line V1.02, 2.5.1.1). Without it the
        /// master waits t3.5 more on top of the 10 characters.
        /// </summary>
        [TestMethod]
        public void TheIdleTimeoutCountsTowardsTheSilenceBeforeTheNextRequest()
        {
            long credited = SilenceBetweenTwoReads(true);
            long plain = SilenceBetweenTwoReads(false);
            int character = RtuTiming.TransmissionMicroseconds(1, 11, 9600);
            Assert.IsTrue(credited >= 7 * character / 2, "wire silence " + credited.ToString() + " us is under t3.5");
            Assert.IsTrue(credited <= Esp32UartModel.IdleTimeoutCharacters * character + character,
                "the next request waited " + credited.ToString() + " us after the answer's last byte");
            Assert.IsTrue(plain >= credited + 3 * character, "without the idle credit " + plain.ToString() + " us, with it " + credited.ToString() + " us");
        }

        /// <summary>
        /// The response timeout is about the wire: a meter whose answer starts 2 ms inside it is read, although the
        /// model hands the 9-byte answer over only 10 idle characters after its last byte, after the timeout; one
        /// that starts 2 ms after it is a timeout (the hand-over allowance is the answer's length plus the idle time,
        /// not more).
        /// </summary>
        [TestMethod]
        [DataRow(-2000, true)]
        [DataRow(2000, false)]
        public void AnAnswerStartingInsideTheTimeoutIsReadAfterItsHandOver(int startAfterTimeoutMicroseconds, bool read)
        {
            VirtualClock clock = new VirtualClock();
            Esp32UartModel line = KlefrOnTheModel(clock);
            BusSettings settings = new BusSettings();
            settings.DeliveryGapCharacters = Esp32DeliveryGap;
            settings.DeliveryIdleCharacters = Esp32UartModel.IdleTimeoutCharacters;
            settings.DeliveryThresholdBytes = Esp32UartModel.FifoThreshold;
            settings.ResponseTimeoutMicroseconds = 100000;
            settings.Retries = 0;
            line.ResponderDelayMicroseconds = settings.ResponseTimeoutMicroseconds + startAfterTimeoutMicroseconds;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            ushort[] values = new ushort[2];

            ModbusStatus status = master.ReadHoldingRegisters(3, 0x4000, 2, values, 0);
            Assert.AreEqual((int)(read ? ModbusStatus.Ok : ModbusStatus.Timeout), (int)status);
            if (read)
            {
                Assert.AreEqual((ushort)0x1234, values[0]);
            }
        }

        /// <summary>Two back-to-back 2-register reads (9-byte answers, each one idle-timeout chunk); returns the time
        /// on the wire from the first answer's last byte to the start of the second request.</summary>
        private static long SilenceBetweenTwoReads(bool declareIdleTimeout)
        {
            VirtualClock clock = new VirtualClock();
            Esp32UartModel line = KlefrOnTheModel(clock);
            BusSettings settings = new BusSettings();
            settings.DeliveryGapCharacters = Esp32DeliveryGap;
            if (declareIdleTimeout)
            {
                settings.DeliveryIdleCharacters = Esp32UartModel.IdleTimeoutCharacters;
                settings.DeliveryThresholdBytes = Esp32UartModel.FifoThreshold;
            }

            ModbusMaster master = new ModbusMaster(line, clock, settings);
            ushort[] values = new ushort[2];
            long idle = (long)Esp32UartModel.IdleTimeoutCharacters * line.CharacterMicroseconds;
            Assert.AreEqual((int)ModbusStatus.Ok, (int)master.ReadHoldingRegisters(3, 0x4000, 2, values, 0));

            // The master read the answer's last chunk as soon as it was handed over, 10 characters after its last byte.
            long firstAnswerEnd = clock.MonotonicMicroseconds - idle;
            Assert.AreEqual((int)ModbusStatus.Ok, (int)master.ReadHoldingRegisters(3, 0x4000, 2, values, 0));

            // The second transaction on the wire: 8-byte request, the slave's delay, 9-byte answer, the idle timeout.
            long second = 8L * line.CharacterMicroseconds + line.ResponderDelayMicroseconds + 9L * line.CharacterMicroseconds + idle;
            return clock.MonotonicMicroseconds - second - firstAnswerEnd;
        }

        /// <summary>A KLEFR at address 3, 9600 8E1, answering through the UART model.</summary>
        private static Esp32UartModel KlefrOnTheModel(VirtualClock clock)
        {
            Esp32UartModel line = new Esp32UartModel(clock);
            SimulatedMeterSlave slave = SimulatedMeters.Klefr(3, SimulatedMeters.Framing(9600, SerialParity.Even), 0x12345678u);
            line.Responder = slave.Respond;
            return line;
        }

        /// <summary>Reads every block of a plan; returns how many failed or differed from the slave's registers.</summary>
        private static int ReadPlan(SimulatedMeterSlave slave, RegisterBlock[] blocks, int baudRate, int deliveryGap)
        {
            VirtualClock clock = new VirtualClock();
            Esp32UartModel line = new Esp32UartModel(clock);
            line.Responder = slave.Respond;
            BusSettings settings = new BusSettings();
            settings.BaudRate = baudRate;
            settings.DeliveryGapCharacters = deliveryGap;
            settings.Retries = 0;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            byte[] data = new byte[256];
            int failures = 0;
            for (int b = 0; b < blocks.Length; b++)
            {
                RegisterBlock block = blocks[b];
                if (block.FunctionCode != 3 && block.FunctionCode != 4)
                {
                    continue;
                }

                // A distinct value in every register of the block, so a shifted or cut frame cannot pass.
                for (int r = 0; r < block.Quantity; r++)
                {
                    slave.SetUInt16(block.FunctionCode, block.StartAddress + r, (block.StartAddress + r) * 7 + b + 1);
                }

                ModbusStatus status = master.ReadRegisters(slave.Address, block.FunctionCode, block.StartAddress, block.Quantity, data, 0);
                bool same = status == ModbusStatus.Ok;
                for (int r = 0; same && r < block.Quantity; r++)
                {
                    same = ModbusPdu.ReadUInt16(data, r * 2) == slave.GetUInt16(block.FunctionCode, block.StartAddress + r);
                }

                if (!same)
                {
                    failures++;
                }
            }

            if (line.LongestAnswer > _longestAnswer)
            {
                _longestAnswer = line.LongestAnswer;
            }

            return failures;
        }
    }
}
