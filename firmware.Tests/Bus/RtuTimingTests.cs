using EspCollector.Core.Bus;
using EspCollector.Core.Ports;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>t1.5 / t3.5 against Modbus over Serial Line V1.02, 2.5.1.1 (11-bit characters; fixed values above 19200).</summary>
    [TestClass]
    public class RtuTimingTests
    {
        [TestMethod]
        [DataRow(1200, 32084, 13750)]
        [DataRow(2400, 16042, 6875)]
        [DataRow(4800, 8021, 3438)]
        [DataRow(9600, 4011, 1719)]
        [DataRow(19200, 2006, 860)]
        [DataRow(38400, 1750, 750)]
        [DataRow(57600, 1750, 750)]
        [DataRow(115200, 1750, 750)]
        public void SilentIntervalsFollowTheSpecification(int baudRate, int interFrame, int interCharacter)
        {
            // 3.5 x 11 bits = 38.5 bit times; 1.5 x 11 bits = 16.5 bit times; rounded up to whole microseconds.
            Assert.AreEqual(interFrame, RtuTiming.InterFrameDelayMicroseconds(baudRate));
            Assert.AreEqual(interCharacter, RtuTiming.InterCharacterTimeoutMicroseconds(baudRate));
        }

        [TestMethod]
        public void NineteenTwoHundredIsTheLastBaudRateWithComputedTimers()
        {
            Assert.IsTrue(RtuTiming.InterFrameDelayMicroseconds(19200) > RtuTiming.FixedInterFrameDelayMicroseconds);
            Assert.AreEqual(RtuTiming.FixedInterFrameDelayMicroseconds, RtuTiming.InterFrameDelayMicroseconds(19201));
        }

        [TestMethod]
        public void CharacterTimeCountsElevenBits()
        {
            Assert.AreEqual(1146, RtuTiming.CharacterTimeMicroseconds(9600));
            Assert.AreEqual(573, RtuTiming.CharacterTimeMicroseconds(19200));
        }

        [TestMethod]
        [DataRow(2, 1, 11)]
        [DataRow(0, 1, 10)]
        [DataRow(1, 1, 11)]
        [DataRow(0, 2, 11)]
        public void FramingsHaveTheirBitsPerCharacter(int parity, int stopBits, int bits)
        {
            // 8E1, 8N1, 8O1, 8N2: 1 start + 8 data + parity + stop bits.
            BusSettings settings = new BusSettings();
            settings.Parity = (SerialParity)parity;
            settings.StopBits = stopBits;
            Assert.IsNull(settings.Validate());
            Assert.AreEqual(bits, settings.ToSerialSettings().BitsPerCharacter);
        }

        [TestMethod]
        public void TransmissionTimeUsesTheRealFraming()
        {
            // 8 bytes 8E1 at 9600: 88 bits = 9166.7 us; 8N1: 80 bits = 8333.3 us.
            Assert.AreEqual(9167, RtuTiming.TransmissionMicroseconds(8, 11, 9600));
            Assert.AreEqual(8334, RtuTiming.TransmissionMicroseconds(8, 10, 9600));
        }

        [TestMethod]
        public void SettingsRejectParityWithTwoStopBitsAndNonsense()
        {
            BusSettings settings = new BusSettings();
            settings.StopBits = 2;
            Assert.IsNotNull(settings.Validate(), "8E2 is not an RTU framing");
            settings = new BusSettings();
            settings.Retries = -1;
            Assert.IsNotNull(settings.Validate());
            settings = new BusSettings();
            settings.BaudRate = 0;
            Assert.IsNotNull(settings.Validate());
        }

        [TestMethod]
        public void OverridesCanOnlyLengthenTheTimers()
        {
            BusSettings settings = new BusSettings();
            settings.InterCharacterTimeoutMicroseconds = 100;
            settings.InterFrameDelayMicroseconds = 20000;
            Assert.AreEqual(1719, settings.EffectiveInterCharacterTimeoutMicroseconds);
            Assert.AreEqual(20000, settings.EffectiveInterFrameDelayMicroseconds);
        }

        [TestMethod]
        public void DescribeShowsTheEffectiveSettings()
        {
            BusSettings settings = new BusSettings();
            Assert.AreEqual("9600 8E1 timeout=1000ms retries=2 turnaround=200ms t1.5=1719us t3.5=4011us", settings.Describe());
        }
    }
}
