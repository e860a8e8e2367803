using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>
    /// Each write of the KLEFR manual's table (Appendix 2, A2.2 "Write") byte for byte: "Command part 1",
    /// "Address" 01, "Command part 2" and "New value" as printed, followed by the checksum (arithmetic sum from C,
    /// worked out by hand here) and 16, which the table leaves implicit.
    /// </summary>
    [TestClass]
    public class KlefrMBusCommandTests
    {
        [TestMethod]
        public void BaudRate2400()
        {
            // "68 03 03 68 53 | 01 | - | BB  E5 (new Baud 2400)": 53 + 01 + BB = 0F.
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 03 03 68 53 01 BB 0F 16", frame, KlefrMBusCommands.BaudRate(frame, 0x01, 2400));
        }

        [TestMethod]
        public void BaudRateCodesB8ToBD()
        {
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            int[] rates = new int[] { 300, 600, 1200, 2400, 4800, 9600 };
            for (int index = 0; index < rates.Length; index++)
            {
                Assert.AreEqual(9, KlefrMBusCommands.BaudRate(frame, 0x01, rates[index]));
                Assert.AreEqual((byte)(0xB8 + index), frame[6]);
            }

            Assert.AreEqual(0, KlefrMBusCommands.BaudRate(frame, 0x01, 19200));
        }

        [TestMethod]
        public void PrimaryAddress()
        {
            // "68 06 06 68 53 | 01 | 51 01 7A | 01": 53+01+51+01+7A+01 = 121 -> 21.
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 06 06 68 53 01 51 01 7A 01 21 16", frame, KlefrMBusCommands.PrimaryAddress(frame, 0x01, 1));
            Assert.AreEqual(0, KlefrMBusCommands.PrimaryAddress(frame, 0x01, 251));
        }

        [TestMethod]
        public void SecondaryAddress()
        {
            // "68 09 09 68 53 | 01 | 51 0C 79 | 15 01 23 45", "4 bytes BCD same as read": the bytes 15 01 23 45 sent
            // low byte first are the number 45230115 (the remark's "1501 2345" reads them in printed order).
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 09 09 68 53 01 51 0C 79 15 01 23 45 A8 16", frame, KlefrMBusCommands.SecondaryAddress(frame, 0x01, 45230115));
            Assert.AreEqual(0, KlefrMBusCommands.SecondaryAddress(frame, 0x01, 100000000));
        }

        [TestMethod]
        public void TariffMode2()
        {
            // "68 08 08 68 53 | 01 | 51 09 7C 01 54 | 02  E5 (tariff 2)".
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 08 08 68 53 01 51 09 7C 01 54 02 81 16", frame, KlefrMBusCommands.Tariff(frame, 0x01, 2));
            Assert.AreEqual(0, KlefrMBusCommands.Tariff(frame, 0x01, 3));
        }

        [TestMethod]
        public void CombinedCode5()
        {
            // "68 07 07 68 53 | 01 | 51 09 FD 3A | 05  E5 (combined code 05)".
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 07 07 68 53 01 51 09 FD 3A 05 EA 16", frame, KlefrMBusCommands.CombinedCode(frame, 0x01, 5));
            Assert.AreEqual(13, KlefrMBusCommands.CombinedCode(frame, 0x01, 10));
            Assert.AreEqual((byte)0x10, frame[10]);
            Assert.AreEqual(0, KlefrMBusCommands.CombinedCode(frame, 0x01, 2));
        }

        [TestMethod]
        public void S0Rate100()
        {
            // "68 0A 0A 68 53 | 01 | 51 0C FD 3A | 00 00 01 00  E5 (S0 rate 100)".
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 0A 0A 68 53 01 51 0C FD 3A 00 00 01 00 E9 16", frame, KlefrMBusCommands.S0Rate(frame, 0x01, 10000));
            Assert.AreEqual(0, KlefrMBusCommands.S0Rate(frame, 0x01, 5000));
        }

        [TestMethod]
        public void ResetResettableEnergy()
        {
            // "68 09 09 68 53 | 01 | 51 0C 04 | 00 00 00 00  E5  Value is ignored, always set to 0".
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 09 09 68 53 01 51 0C 04 00 00 00 00 B5 16", frame, KlefrMBusCommands.ResetResettableEnergy(frame, 0x01));
        }

        [TestMethod]
        public void ResetPowerDownCounter()
        {
            // "68 08 08 68 53 | 01 | 51 0A FD 60 | 00 00  E5".
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            AssertFrame("68 08 08 68 53 01 51 0A FD 60 00 00 0C 16", frame, KlefrMBusCommands.ResetPowerDownCounter(frame, 0x01));
        }

        [TestMethod]
        public void SndNkeToAddress1()
        {
            // "SND NKE 10 40 | 01 | E5": 40 + 01 = 41.
            byte[] frame = new byte[5];
            AssertFrame("10 40 01 41 16", frame, MBusFrame.WriteShort(frame, 0, MBusFrame.SendNke, 0x01));
        }

        [TestMethod]
        public void SelectionOfTheManualsExample()
        {
            // "68 0B 0B 68 53 FD 52 | 01 00 07 13 | 25 CD | 01 | 02": the manufacturer field value 25CD (INM) goes
            // low byte first on the wire, as the identification number does.
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            int length = MBusFrame.WriteSelection(frame, 0, MBusFrame.ToBcd(13070001), MBusFrame.ManufacturerCode("INM"), 0x01, 0x02);
            AssertFrame("68 0B 0B 68 53 FD 52 01 00 07 13 CD 25 01 02 B2 16", frame, length);
        }

        private static void AssertFrame(string expected, byte[] frame, int length)
        {
            byte[] bytes = ModbusFrames.Hex(expected);
            Assert.AreEqual(bytes.Length, length, expected);
            Assert.IsTrue(ModbusFrames.SameBytes(bytes, frame, 0, length), expected + " != " + ModbusFrames.ToHex(frame, 0, length));
        }
    }
}
