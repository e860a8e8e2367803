using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>Request PDUs byte by byte (Application Protocol V1.1b3, section 6), limits and exception codes (section 7).</summary>
    [TestClass]
    public class ModbusPduTests
    {
        [TestMethod]
        [DataRow(1, 1, 2000, 250)]
        [DataRow(2, 0, 9, 2)]
        [DataRow(3, 0, 125, 250)]
        [DataRow(4, 0, 1, 2)]
        public void ReadDataByteCountIsTwoPerRegisterOrBitsPacked(int function, int start, int quantity, int bytes)
        {
            Assert.AreEqual(ModbusStatus.Ok, ModbusPdu.ValidateReadRequest((byte)function, (ushort)start, (ushort)quantity));
            Assert.AreEqual(bytes, ModbusPdu.ReadDataByteCount((byte)function, quantity));
        }

        [TestMethod]
        [DataRow(3, 0, 126)]
        [DataRow(4, 0, 126)]
        [DataRow(3, 0, 0)]
        [DataRow(1, 0, 2001)]
        [DataRow(2, 0, 0)]
        [DataRow(3, 65535, 2)]
        [DataRow(5, 0, 1)]
        [DataRow(16, 0, 1)]
        public void ReadRequestsOutsideTheLimitsAreInvalid(int function, int start, int quantity)
        {
            Assert.AreEqual(ModbusStatus.InvalidRequest, ModbusPdu.ValidateReadRequest((byte)function, (ushort)start, (ushort)quantity));
        }

        [TestMethod]
        public void WriteMultipleRegistersAllowsOneHundredTwentyThree()
        {
            Assert.AreEqual(ModbusStatus.Ok, ModbusPdu.ValidateWriteMultipleRegisters(0, 123));
            Assert.AreEqual(ModbusStatus.InvalidRequest, ModbusPdu.ValidateWriteMultipleRegisters(0, 124));
            Assert.AreEqual(ModbusStatus.InvalidRequest, ModbusPdu.ValidateWriteMultipleRegisters(0, 0));
            Assert.AreEqual(ModbusStatus.InvalidRequest, ModbusPdu.ValidateWriteMultipleRegisters(65535, 2));
        }

        [TestMethod]
        public void Kpm33bReadRelayStatusRequest()
        {
            // 000_382c60362d0da209.txt, 6.1.1: 01H 01H 00H 01H 00H 01H + CRC.
            byte[] buffer = new byte[8];
            buffer[0] = 0x01;
            int length = 1 + ModbusPdu.WriteReadRequest(buffer, 1, ModbusFunction.ReadCoils, 0x0001, 1);
            Assert.AreEqual(6, length);
            Assert.AreEqual("01 01 00 01 00 01", ModbusFrames.ToHex(buffer, 0, 6));
        }

        [TestMethod]
        public void Kpm33bCloseRelayRequestCarriesFF00()
        {
            // 000_382c60362d0da209.txt, 6.1.2: 0xFF00 closes the load control relay, 0x0000 opens it.
            byte[] buffer = new byte[5];
            ModbusPdu.WriteSingleCoilRequest(buffer, 0, 0x0001, true);
            Assert.AreEqual("05 00 01 FF 00", ModbusFrames.ToHex(buffer, 0, 5));
            ModbusPdu.WriteSingleCoilRequest(buffer, 0, 0x0001, false);
            Assert.AreEqual("05 00 01 00 00", ModbusFrames.ToHex(buffer, 0, 5));
        }

        [TestMethod]
        public void KlefrS0RateWriteIsAFunction16Request()
        {
            // 003_f7d47dfa17fc0a0f.txt: "Command: 01 10 400D 0002 04 41 20 00 00 (new S0: 10)" (10.0 as IEEE 754).
            byte[] buffer = new byte[16];
            buffer[0] = 0x01;
            ushort[] values = new ushort[] { 0x4120, 0x0000 };
            int length = 1 + ModbusPdu.WriteMultipleRegistersRequest(buffer, 1, 0x400D, values, 0, 2);
            Assert.AreEqual("01 10 40 0D 00 02 04 41 20 00 00", ModbusFrames.ToHex(buffer, 0, length));
        }

        [TestMethod]
        public void WriteSingleRegisterRequest()
        {
            byte[] buffer = new byte[5];
            ModbusPdu.WriteSingleRegisterRequest(buffer, 0, 0x0001, 0x0003);
            Assert.AreEqual("06 00 01 00 03", ModbusFrames.ToHex(buffer, 0, 5));
        }

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
        [DataRow(0, 99)]
        [DataRow(12, 99)]
        [DataRow(255, 99)]
        public void ExceptionCodesBecomeNamedStatuses(int code, int status)
        {
            Assert.AreEqual(status, (int)ModbusPdu.ExceptionStatus((byte)code));
            Assert.IsTrue(ModbusPdu.IsException(ModbusPdu.ExceptionStatus((byte)code)));
        }

        [TestMethod]
        public void ExceptionNamesFollowSectionSeven()
        {
            Assert.AreEqual("IllegalFunction", ModbusPdu.StatusName(ModbusStatus.IllegalFunction));
            Assert.AreEqual("IllegalDataAddress", ModbusPdu.StatusName(ModbusStatus.IllegalDataAddress));
            Assert.AreEqual("GatewayTargetFailedToRespond", ModbusPdu.StatusName(ModbusStatus.GatewayTargetFailedToRespond));
            Assert.AreEqual("Timeout", ModbusPdu.StatusName(ModbusStatus.Timeout));
            Assert.IsFalse(ModbusPdu.IsException(ModbusStatus.Timeout));
            Assert.IsFalse(ModbusPdu.IsException(ModbusStatus.Ok));
        }

        [TestMethod]
        public void BitsArePackedLeastSignificantFirst()
        {
            // 6.1: the LSB of the first data byte is the first coil addressed.
            byte[] data = new byte[] { 0x05, 0x01 };
            Assert.IsTrue(ModbusPdu.GetBit(data, 0, 0));
            Assert.IsFalse(ModbusPdu.GetBit(data, 0, 1));
            Assert.IsTrue(ModbusPdu.GetBit(data, 0, 2));
            Assert.IsTrue(ModbusPdu.GetBit(data, 0, 8));
        }

        [TestMethod]
        public void RegisterBlockRejectsBlocksOutsideTheLimits()
        {
            RegisterBlock block = new RegisterBlock(ModbusFunction.ReadInputRegisters, 0x0000, 76, PollClass.Fast);
            Assert.AreEqual(152, block.DataByteCount);
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RegisterBlock(3, 0, 126, PollClass.Slow));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RegisterBlock(6, 0, 1, PollClass.Slow));
        }
    }
}
