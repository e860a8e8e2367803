using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>CRC-16/MODBUS against published check values and the manuals' example frames.</summary>
    [TestClass]
    public class ModbusCrcTests
    {
        [TestMethod]
        public void CheckValueOfTheCatalogueIs4B37()
        {
            // CRC catalogue entry CRC-16/MODBUS: check value over ASCII "123456789" is 0x4B37.
            byte[] text = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual((ushort)0x4B37, ModbusCrc.Compute(text, 0, text.Length));
        }

        [TestMethod]
        public void EmptyInputGivesTheInitialValue()
        {
            Assert.AreEqual((ushort)0xFFFF, ModbusCrc.Compute(new byte[0], 0, 0));
        }

        [TestMethod]
        public void Kpm33bRelayStatusResponseHasCrc9048LowByteFirst()
        {
            // 000_382c60362d0da209.txt, 6.1.1 "Read relay status": response 01H 01H 01H 01H 90H 48H. The manual
            // labels the last two bytes "CRC16 hi, CRC16 lo", but the CRC is 0x4890 and the low byte goes first
            // (Serial Line V1.02, 2.5.1.2), so 90 48 is right and the labels are not.
            byte[] frame = ModbusFrames.Hex("01 01 01 01 90 48");
            Assert.AreEqual((ushort)0x4890, ModbusCrc.Compute(frame, 0, 4));
            Assert.IsTrue(ModbusCrc.IsValid(frame, 0, frame.Length));
        }

        [TestMethod]
        [DataRow("01 03 00 00 00 0A", "C5 CD")]
        [DataRow("01 03 00 00 00 01", "84 0A")]
        [DataRow("01 05 00 00 FF 00", "8C 3A")]
        [DataRow("11 03 00 6B 00 03", "76 87")]
        public void WellKnownRequestFramesHaveTheirPublishedCrc(string body, string crc)
        {
            byte[] expected = ModbusFrames.Hex(crc);
            byte[] frame = ModbusFrames.HexWithCrc(body);
            Assert.AreEqual(expected[0], frame[frame.Length - 2], "low byte first");
            Assert.AreEqual(expected[1], frame[frame.Length - 1]);
        }

        [TestMethod]
        public void AppendWritesLowByteThenHighByteAndIsValidAcceptsIt()
        {
            byte[] buffer = new byte[10];
            buffer[3] = 0x01;
            buffer[4] = 0x01;
            buffer[5] = 0x01;
            buffer[6] = 0x01;
            int length = ModbusCrc.Append(buffer, 3, 4);
            Assert.AreEqual(6, length);
            Assert.AreEqual((byte)0x90, buffer[7]);
            Assert.AreEqual((byte)0x48, buffer[8]);
            Assert.IsTrue(ModbusCrc.IsValid(buffer, 3, 6));
        }

        [TestMethod]
        public void AnySingleBitErrorIsDetected()
        {
            byte[] frame = ModbusFrames.Hex("01 01 01 01 90 48");
            for (int bit = 0; bit < frame.Length * 8; bit++)
            {
                frame[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsFalse(ModbusCrc.IsValid(frame, 0, frame.Length), "bit " + bit.ToString());
                frame[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }

        [TestMethod]
        public void FramesShorterThanThreeBytesAreNeverValid()
        {
            Assert.IsFalse(ModbusCrc.IsValid(new byte[] { 0xFF, 0xFF }, 0, 2));
            Assert.IsFalse(ModbusCrc.IsValid(new byte[] { 0x00 }, 0, 1));
        }
    }
}
