using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>Relay, tariff, counter reset, address and baud rate writes, each confirmed by reading back.</summary>
    [TestClass]
    public class MeterCommandsTests
    {
        private static MeterDriver Driver(string type, byte address, bool relayEnabled)
        {
            MeterSettings settings = new MeterSettings();
            settings.RelayEnabled = relayEnabled;
            return new MeterDriver(MeterTypes.Find(type), address, settings);
        }

        [TestMethod]
        public void RelayCommandIsRefusedUnlessEnabledAndNothingIsSent()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            slave.SetCoil(0x0001, true);
            int writesBefore = rig.Line.WriteCount;
            ModbusStatus bus;
            MeterCommandStatus status = MeterCommands.SetRelay(rig.Master, Driver("kpm33b", 1, false), false, out bus);
            Assert.AreEqual((int)MeterCommandStatus.RelayNotEnabled, (int)status);
            Assert.AreEqual(writesBefore, rig.Line.WriteCount, "no frame may reach the meter");
            Assert.IsTrue(slave.GetCoil(0x0001), "relay untouched");
            Assert.IsFalse(new MeterSettings().RelayEnabled, "relays are disabled by default");
        }

        [TestMethod]
        public void EnabledRelayOpensAndClosesWithReadBack()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            slave.SetCoil(0x0001, true);
            MeterDriver driver = Driver("kpm33b", 1, true);
            ModbusStatus bus;

            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.SetRelay(rig.Master, driver, false, out bus));
            Assert.IsFalse(slave.GetCoil(0x0001));
            // KPM33B 6.1.2: "0x0000, open load control relay": 01 05 00 01 00 00 + CRC.
            byte[] open = rig.Line.WrittenFrame(rig.Line.RecordedWriteCount - 2);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.HexWithCrc("01 05 00 01 00 00"), open, 0, open.Length));

            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.SetRelay(rig.Master, driver, true, out bus));
            Assert.IsTrue(slave.GetCoil(0x0001));
            bool closed;
            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.ReadRelay(rig.Master, driver, out closed, out bus));
            Assert.IsTrue(closed);
        }

        [TestMethod]
        public void RelayThatDoesNotMoveIsAMismatch()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            slave.SetCoil(0x0001, true);
            slave.IgnoreWrites = true;
            ModbusStatus bus;
            MeterCommandStatus status = MeterCommands.SetRelay(rig.Master, Driver("kpm33b", 1, true), false, out bus);
            Assert.AreEqual((int)MeterCommandStatus.ReadBackMismatch, (int)status);
        }

        [TestMethod]
        public void MetersWithoutRelayOrTariffSayNotSupported()
        {
            Rig rig = new Rig();
            ModbusStatus bus;
            Assert.AreEqual((int)MeterCommandStatus.NotSupported,
                (int)MeterCommands.SetRelay(rig.Master, Driver("klefr", 1, true), true, out bus));
            Assert.AreEqual((int)MeterCommandStatus.NotSupported,
                (int)MeterCommands.SetTariff(rig.Master, Driver("kpm33b", 1, false), 1, out bus));
            Assert.AreEqual((int)MeterCommandStatus.NotSupported,
                (int)MeterCommands.ResetResettableCounter(rig.Master, Driver("sdm630", 1, false), out bus));
        }

        [TestMethod]
        public void KlefrTariffIsWrittenWithFunction06AndReadBack()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = SimulatedMeters.Klefr(4, SimulatedMeters.Framing(9600, SerialParity.Even), 1);
            rig.Bus.Add(slave);
            MeterDriver driver = Driver("klefr", 4, false);
            ModbusStatus bus;

            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.SetTariff(rig.Master, driver, 2, out bus));
            Assert.AreEqual(2, slave.GetUInt16(3, 0x6048));
            // A3.2: "01 06 6048 0002 (new tariff: 2)" (here to address 4).
            byte[] write = rig.Line.WrittenFrame(rig.Line.RecordedWriteCount - 2);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.HexWithCrc("04 06 60 48 00 02"), write, 0, write.Length));

            Assert.AreEqual((int)MeterCommandStatus.ValueNotAllowed, (int)MeterCommands.SetTariff(rig.Master, driver, 3, out bus));
        }

        [TestMethod]
        public void KlefrResettableCounterIsZeroedLikeTheManualsExample()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = SimulatedMeters.Klefr(1, SimulatedMeters.Framing(9600, SerialParity.Even), 1);
            rig.Bus.Add(slave);
            ModbusStatus bus;
            Assert.AreEqual((int)MeterCommandStatus.Ok,
                (int)MeterCommands.ResetResettableCounter(rig.Master, Driver("klefr", 1, false), out bus));
            Assert.AreEqual(0, slave.GetUInt16(3, 0x6049));
            Assert.AreEqual(0, slave.GetUInt16(3, 0x604A));
            // A3.2: "01 10 6049 0002 04 0000 0000 Reset to 0".
            byte[] write = rig.Line.WrittenFrame(rig.Line.RecordedWriteCount - 2);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.HexWithCrc("01 10 60 49 00 02 04 00 00 00 00"), write, 0, write.Length));
        }

        [TestMethod]
        public void AddressChangeMovesTheMeterAndTheDriverFollows()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            MeterDriver driver = Driver("kpm33b", 1, false);
            ModbusStatus bus;
            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.ChangeAddress(rig.Master, driver, 9, out bus));
            Assert.AreEqual(9, (int)slave.Address);
            Assert.AreEqual(9, (int)driver.Address);
            Assert.AreEqual((int)MeterCommandStatus.ValueNotAllowed, (int)MeterCommands.ChangeAddress(rig.Master, driver, 248, out bus));
        }

        [TestMethod]
        public void Sdm630AddressIsAFloatInHoldingRegister0x0014()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = SimulatedMeters.Sdm630(1, SimulatedMeters.Framing(9600, SerialParity.Even), 7, false);
            rig.Bus.Add(slave);
            MeterDriver driver = Driver("sdm630", 1, false);
            ModbusStatus bus;
            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)MeterCommands.ChangeAddress(rig.Master, driver, 5, out bus));
            Assert.AreEqual(5, (int)slave.Address);
            // 5.0f = 0x40A00000, written with 16 as two registers.
            Assert.AreEqual(0x40A0, slave.GetUInt16(3, 0x0014));
            Assert.AreEqual(0x0000, slave.GetUInt16(3, 0x0015));
        }

        [TestMethod]
        public void BaudRateChangeKeepsTheKpm33bParityByteAndIsReadBackAtTheNewRate()
        {
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            // 6.2 "0002H Baud rate & Parity": 9600 (3) with data format 81o (1 in BIT8~15).
            slave.SetUInt16(3, 0x0002, 0x0103);
            slave.AfterWrite = SwitchKpm33bBaudRate;
            MeterDriver driver = Driver("kpm33b", 1, false);
            ModbusStatus bus;

            MeterCommandStatus status = MeterCommands.ChangeBaudRate(rig.Master, rig.Line, rig.Clock, driver, 19200, out bus);

            Assert.AreEqual((int)MeterCommandStatus.Ok, (int)status);
            Assert.AreEqual(0x0104, slave.GetUInt16(3, 0x0002), "19200 is code 4; the parity byte is kept");
            Assert.AreEqual(19200, slave.Framing.BaudRate);
            Assert.AreEqual(9600, rig.Line.Settings.BaudRate, "the line is back at the bus's rate");
        }

        private static void SwitchKpm33bBaudRate(SimulatedMeterSlave slave, int start, int count)
        {
            int[] rates = new int[] { 1200, 2400, 4800, 9600, 19200 };
            if (start <= 0x0002 && start + count > 0x0002)
            {
                slave.Framing = new SerialSettings(rates[slave.GetUInt16(3, 0x0002) & 0xFF], slave.Framing.Parity, 1);
            }
        }

        [TestMethod]
        public void BaudRateStoredButAppliedAtRestartIsReported()
        {
            // Without the framing switch, the meter still answers at 9600 with the new code stored.
            Rig rig = new Rig();
            SimulatedMeterSlave slave = rig.AddKpm33b(1);
            MeterDriver driver = Driver("kpm33b", 1, false);
            ModbusStatus bus;
            MeterCommandStatus status = MeterCommands.ChangeBaudRate(rig.Master, rig.Line, rig.Clock, driver, 4800, out bus);
            Assert.AreEqual((int)MeterCommandStatus.PendingRestart, (int)status);
            Assert.AreEqual(0x0002, slave.GetUInt16(3, 0x0002));
        }

        [TestMethod]
        public void BaudRateOutsideTheManualIsRefusedWithoutSending()
        {
            Rig rig = new Rig();
            rig.AddKpm33b(1);
            int writesBefore = rig.Line.WriteCount;
            ModbusStatus bus;
            MeterCommandStatus status = MeterCommands.ChangeBaudRate(rig.Master, rig.Line, rig.Clock, Driver("kpm31", 1, false), 19200, out bus);
            Assert.AreEqual((int)MeterCommandStatus.ValueNotAllowed, (int)status);
            Assert.AreEqual(writesBefore, rig.Line.WriteCount);
        }

        /// <summary>
        /// Each test's own simulated meter bus and master, no retries, 100 ms response timeout (the launcher never
        /// creates an instance of a test class, so nothing is kept in one).
        /// </summary>
        private sealed class Rig
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly ScriptedSerialLine Line;
            public readonly SimulatedMeterBus Bus;
            public readonly ModbusMaster Master;

            public Rig()
            {
                Line = new ScriptedSerialLine(Clock);
                Bus = new SimulatedMeterBus(Line);
                BusSettings settings = new BusSettings();
                settings.ResponseTimeoutMicroseconds = 100000;
                settings.Retries = 0;
                Master = new ModbusMaster(Line, Clock, settings);
            }

            public SimulatedMeterSlave AddKpm33b(byte address)
            {
                SimulatedMeterSlave slave = SimulatedMeters.Kpm33b(address, SimulatedMeters.Framing(9600, SerialParity.Even), "33B0000000001");
                Bus.Add(slave);
                return slave;
            }
        }
    }
}
