using System;
using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>Float, integer, text and date decoding from register bytes, and float encoding for writes.</summary>
    [TestClass]
    public class RegisterCodecTests
    {
        [TestMethod]
        public void SinglePrecisionBitsDecodeExactly()
        {
            Assert.AreEqual(50.0, RegisterDecoder.SingleFromBits(0x42480000));
            Assert.AreEqual(1.0, RegisterDecoder.SingleFromBits(0x3F800000));
            Assert.AreEqual(-2.0, RegisterDecoder.SingleFromBits(0xC0000000));
            Assert.AreEqual(0.0, RegisterDecoder.SingleFromBits(0x00000000));
            // Smallest normal 2^-126 and smallest subnormal 2^-149.
            Assert.AreEqual(1.1754943508222875E-38, RegisterDecoder.SingleFromBits(0x00800000));
            Assert.AreEqual(1.401298464324817E-45, RegisterDecoder.SingleFromBits(0x00000001));
        }

        [TestMethod]
        public void SpecialValuesSurviveDecoding()
        {
            Assert.IsTrue(double.IsPositiveInfinity(RegisterDecoder.SingleFromBits(0x7F800000)));
            Assert.IsTrue(double.IsNegativeInfinity(RegisterDecoder.SingleFromBits(0xFF800000)));
            Assert.IsTrue(double.IsNaN(RegisterDecoder.SingleFromBits(0x7FC00000)));
            Assert.IsTrue(double.IsNaN(RegisterDecoder.SingleFromBits(0xFFFFFFFF)));
        }

        [TestMethod]
        public void DecodingAgreesWithThePlatformForManyValues()
        {
            float[] samples = new float[] { 230.1f, -0.97f, 12345.6f, 3.4028235E+38f, 1.0e-30f, 0.1f, 7.25f, -16048.14f };
            for (int index = 0; index < samples.Length; index++)
            {
                double decoded = RegisterDecoder.SingleFromBits(MeterImage.FloatBits(samples[index]));
                Assert.AreEqual((double)samples[index], decoded, "sample " + index.ToString());
            }
        }

        [TestMethod]
        public void WordOrderSelectsWhichRegisterHoldsTheHighHalf()
        {
            // 50.0 = 0x42480000: ABCD on the wire 42 48 00 00, CDAB 00 00 42 48.
            byte[] abcd = new byte[] { 0x42, 0x48, 0x00, 0x00 };
            byte[] cdab = new byte[] { 0x00, 0x00, 0x42, 0x48 };
            Assert.AreEqual(0x42480000u, RegisterDecoder.ReadUInt32(abcd, 0, WordOrder.HighWordFirst));
            Assert.AreEqual(0x42480000u, RegisterDecoder.ReadUInt32(cdab, 0, WordOrder.LowWordFirst));
            // Read the wrong way, 50 Hz becomes a tiny subnormal: far outside 45..65 Hz, which is how the
            // driver and the scan tell the order.
            double wrong = RegisterDecoder.SingleFromBits(RegisterDecoder.ReadUInt32(cdab, 0, WordOrder.HighWordFirst));
            Assert.IsFalse(MeterDriver.IsMainsFrequency(wrong));
        }

        [TestMethod]
        public void SignedRegistersAreTwosComplement()
        {
            RegisterDefinition row = new RegisterDefinition(3, 0, DataType.Int16, WordOrder.HighWordFirst, 1, 1.0,
                QuantityNames.Find(QuantityNames.ErrorCode), EspCollector.Core.Bus.PollClass.Rare, false, IdentityField.None);
            Assert.AreEqual(-2.0, RegisterDecoder.ReadNumber(row, new byte[] { 0xFF, 0xFE }, 0, 0, false));
        }

        [TestMethod]
        public void AsciiStopsAtNulAndIsTrimmed()
        {
            byte[] text = new byte[] { 0x33, 0x33, 0x42, 0x31, 0x20, 0x00, 0x41, 0x41 };
            Assert.AreEqual("33B1", RegisterDecoder.ReadAscii(text, 0, text.Length));
        }

        [TestMethod]
        public void ImpossibleDateDecodesAsNotANumber()
        {
            RegisterDefinition row = new RegisterDefinition(3, 0x0023, DataType.DateTime6, WordOrder.HighWordFirst, 3, 1.0,
                QuantityNames.Find(QuantityNames.MeterClock), EspCollector.Core.Bus.PollClass.Rare, false, IdentityField.None);
            // Month 13.
            byte[] bytes = new byte[] { 24, 13, 1, 0, 0, 0 };
            Assert.IsTrue(double.IsNaN(RegisterDecoder.ReadNumber(row, bytes, 0, 0, false)));
        }

        [TestMethod]
        public void FloatEncodingMatchesTheKlefrWriteExample()
        {
            // KLEFR A3.2 write table: "01 10 400D 0002 04 41 20 00 00 (new S0: 10)".
            Assert.AreEqual(0x41200000u, RegisterEncoder.SingleBits(10));
            ushort[] registers = new ushort[2];
            Assert.AreEqual(2, RegisterEncoder.Encode(DataType.Float32, 10, WordOrder.HighWordFirst, registers));
            Assert.AreEqual((ushort)0x4120, registers[0]);
            Assert.AreEqual((ushort)0x0000, registers[1]);
        }

        [TestMethod]
        public void FloatEncodingAgreesWithThePlatform()
        {
            int[] samples = new int[] { 1, 2, 3, 5, 247, 9600, -7, 16777216 };
            for (int index = 0; index < samples.Length; index++)
            {
                Assert.AreEqual(MeterImage.FloatBits(samples[index]), RegisterEncoder.SingleBits(samples[index]));
            }

            Assert.AreEqual(MeterImage.FloatBits(0.1f), RegisterEncoder.SingleBits(0.1f));
        }

        [TestMethod]
        public void IntegerEncodingMatchesTheKlefrBaudExample()
        {
            // KLEFR A3.2: "01 06 4004 25 80 (new Baudrate: 9600)".
            ushort[] registers = new ushort[2];
            Assert.AreEqual(1, RegisterEncoder.Encode(DataType.Int16, 9600, WordOrder.HighWordFirst, registers));
            Assert.AreEqual((ushort)0x2580, registers[0]);
        }
    }
}
