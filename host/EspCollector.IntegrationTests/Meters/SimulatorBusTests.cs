using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Meters;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Meters
{
    /// <summary>
    /// The simulators driven by the core's own ModbusMaster over an in-process virtual bus on a virtual clock:
    /// values on the wire equal the simulator's true values, exceptions and faults reach the master as the
    /// Modbus spec says, and the physics stays consistent over simulated days.
    /// </summary>
    [TestClass]
    public class SimulatorBusTests
    {
        private static SimulatedClock clock;
        private static VirtualBus bus;
        private static ModbusMaster master;

        private static SimulatedMeter NewBus(string type, byte address, WordOrder order = WordOrder.HighWordFirst)
        {
            clock = new SimulatedClock();
            bus = new VirtualBus(clock);
            var meter = MeterFactory.Create(type, address, clock, new SimulatedMeterOptions { WordOrder = order });
            bus.Attach(meter);
            SerialSettings settings = meter.Settings;
            master = new ModbusMaster(bus, clock, new BusSettings
            {
                BaudRate = settings.BaudRate,
                Parity = settings.Parity,
                StopBits = settings.StopBits,
                ResponseTimeoutMicroseconds = 200_000,
                Retries = 1,
            });
            return meter;
        }

        private static float ReadFloat(byte address, byte function, int register, bool lowWordFirst = false)
        {
            var words = new ushort[2];
            ModbusStatus status = master.ReadRegisters(address, function, (ushort)register, 2, words, 0);
            Assert.AreEqual(ModbusStatus.Ok, status, "reading 0x" + register.ToString("X4"));
            uint bits = lowWordFirst ? ((uint)words[1] << 16) | words[0] : ((uint)words[0] << 16) | words[1];
            return BitConverter.UInt32BitsToSingle(bits);
        }

        [TestMethod]
        public void EveryTypeServesItsTrueValuesToTheCoreMaster()
        {
            foreach (string type in MeterFactory.TypeNames)
            {
                var meter = NewBus(type, 7);
                clock.AdvanceSeconds(3600 * 8);
                int compared = 0;
                foreach (var entry in meter.Map)
                {
                    if (entry.Format != RegisterFormat.Float32 || entry.Quantity == null || entry.Source != null)
                    {
                        continue;
                    }

                    float read = ReadFloat(7, (byte)entry.ReadFunction, entry.Address);
                    double truth = meter.ServedValues[entry.Quantity] * entry.Scale;
                    Assert.AreEqual((float)truth, read, $"{type} {entry.Quantity} at 0x{entry.Address:X4}");
                    compared++;
                }

                OutputHelper.WriteLine($"{type}: {compared} quantities compared");
                Assert.IsTrue(compared >= 7, type + " compared too few quantities");
            }
        }

        [TestMethod]
        public void UnmappedAddressIsException02AndUnsupportedFunctionIs01()
        {
            NewBus("kpm33b", 1);
            var words = new ushort[4];
            Assert.AreEqual(ModbusStatus.IllegalDataAddress, master.ReadRegisters(1, 3, 0x0064, 2, words, 0));
            // A block straddling the gap after the frequency (0062H..0063H, next row 0068H) is refused whole.
            Assert.AreEqual(ModbusStatus.IllegalDataAddress, master.ReadRegisters(1, 3, 0x0062, 4, words, 0));
            Assert.AreEqual(ModbusStatus.IllegalFunction, master.ReadRegisters(1, 4, 0x0030, 2, words, 0));
            Assert.AreEqual(ModbusStatus.IllegalFunction, master.WriteSingleRegister(1, 0x0001, 5));
            Assert.AreEqual(ModbusStatus.Timeout, master.ReadRegisters(2, 3, 0x0030, 2, words, 0));
        }

        [TestMethod]
        public void FaultsReachTheMasterAsTheirErrors()
        {
            var meter = NewBus("klefr", 3);
            var words = new ushort[2];
            meter.Faults.Set(FaultKind.Silence);
            Assert.AreEqual(ModbusStatus.Timeout, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            meter.Faults.Set(FaultKind.CorruptCrc);
            Assert.AreEqual(ModbusStatus.CrcError, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            meter.Faults.ExceptionCode = ModbusExceptionCode.ServerDeviceBusy;
            meter.Faults.Set(FaultKind.Exception);
            Assert.AreEqual(ModbusStatus.ServerDeviceBusy, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            meter.Faults.Set(FaultKind.WrongByteCount);
            Assert.AreNotEqual(ModbusStatus.Ok, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            meter.Faults.Set(FaultKind.ShortResponse);
            Assert.AreNotEqual(ModbusStatus.Ok, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            meter.Faults.DelayMicroseconds = 100_000;
            meter.Faults.Set(FaultKind.DelayMidFrame);
            Assert.AreNotEqual(ModbusStatus.Ok, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));

            // A fault limited to one response: the retry gets the good one.
            meter.Faults.Set(FaultKind.CorruptCrc, 1);
            Assert.AreEqual(ModbusStatus.Ok, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
            Assert.AreEqual(1, meter.Faults.AppliedCount);
            meter.Faults.Clear();
            Assert.AreEqual(ModbusStatus.Ok, master.ReadRegisters(3, 3, 0x5002, 2, words, 0));
        }

        [TestMethod]
        public void LatencyDelaysTheAnswerOnTheClock()
        {
            var meter = NewBus("kpm31", 4);
            meter.ResponseLatencyMicroseconds = 150_000;
            long before = clock.MonotonicMicroseconds;
            ReadFloat(4, 3, 0x0030);
            long elapsed = clock.MonotonicMicroseconds - before;
            Assert.IsTrue(elapsed >= 150_000, "a read took only " + elapsed + " us");
            meter.ResponseLatencyMicroseconds = 300_000;
            Assert.AreEqual(ModbusStatus.Timeout, master.Read(4, 3, 0x0030, 2, 200_000, 0));
        }

        [TestMethod]
        public void EnergyIntegratesPowerAndTariffsSplitADay()
        {
            var meter = NewBus("kpm33b", 1);
            var model = meter.Model;
            double import0 = ReadFloat(1, 3, 0x0082);
            var tariffs0 = new double[5];
            for (int t = 1; t <= 4; t++)
            {
                tariffs0[t] = ReadFloat(1, 3, 0x008C + 2 * (t - 1));
            }

            // Integrate by hand over one day in one-minute steps, from the power the meter reports.
            double integrated = 0;
            for (int minute = 0; minute < 24 * 60; minute++)
            {
                clock.AdvanceSeconds(60);
                model.Update();
                integrated += Math.Max(0, model.Get(QuantityNames.Power)) / 60.0 / 1000.0;
            }

            double import1 = ReadFloat(1, 3, 0x0082);
            double delta = import1 - import0;
            OutputHelper.WriteLine($"one day: {delta:F3} kWh imported, {integrated:F3} kWh from the powers");
            Assert.IsTrue(delta > 5 && delta < 60, "a day of a house should import 5..60 kWh, got " + delta);
            Assert.IsTrue(Math.Abs(delta - integrated) < 0.02 * integrated + 0.01, "energy does not integrate power");

            double tariffSum = 0;
            for (int t = 1; t <= 4; t++)
            {
                double tariffDelta = ReadFloat(1, 3, 0x008C + 2 * (t - 1)) - tariffs0[t];
                Assert.IsTrue(tariffDelta > 0, "tariff " + t + " registered nothing in a day");
                tariffSum += tariffDelta;
            }

            Assert.IsTrue(Math.Abs(tariffSum - delta) < 0.01, "tariff registers do not add up to the import");
            // The reads themselves took a little virtual time.
            double hours = (model.SimulatedTime - new DateTime(2024, 6, 3, 0, 0, 0)).TotalHours;
            Assert.IsTrue(hours >= 24 && hours < 24.01, "simulated time is " + model.SimulatedTime);
        }

        [TestMethod]
        public void RelayCutsTheLoadAndAddressCanBeChanged()
        {
            var meter = NewBus("kpm33b", 1);
            var bits = new byte[1];
            Assert.AreEqual(ModbusStatus.Ok, master.ReadCoils(1, 0x0001, 1, bits, 0));
            Assert.AreEqual((byte)1, bits[0]);
            Assert.AreEqual(ModbusStatus.Ok, master.WriteSingleCoil(1, 0x0001, false));
            clock.AdvanceSeconds(10);
            Assert.AreEqual(0f, ReadFloat(1, 3, 0x0048));
            Assert.AreEqual(0f, ReadFloat(1, 3, 0x0036));
            Assert.IsTrue(ReadFloat(1, 3, 0x0030) > 200f, "the voltage stays when the relay opens");

            Assert.AreEqual(ModbusStatus.Ok, master.WriteMultipleRegisters(1, 0x0001, new ushort[] { 9 }, 0, 1));
            Assert.AreEqual((byte)9, meter.Address);
            var words = new ushort[1];
            Assert.AreEqual(ModbusStatus.Ok, master.ReadHoldingRegisters(9, 0x0001, 1, words, 0));
            Assert.AreEqual((ushort)9, words[0]);
            Assert.AreEqual(ModbusStatus.IllegalDataValue, master.WriteMultipleRegisters(9, 0x0001, new ushort[] { 0 }, 0, 1));
        }

        [TestMethod]
        public void Sdm630WordOrderIsConfigurable()
        {
            var meter = NewBus("sdm630", 2, WordOrder.LowWordFirst);
            float frequency = ReadFloat(2, 4, 0x0046, lowWordFirst: true);
            Assert.AreEqual((float)meter.ServedValues[QuantityNames.Frequency], frequency);
            float swapped = ReadFloat(2, 4, 0x0046, lowWordFirst: false);
            Assert.IsFalse(swapped > 40 && swapped < 70, "read in the wrong word order the frequency must look wrong");
            var code = new ushort[1];
            Assert.AreEqual(ModbusStatus.Ok, master.ReadHoldingRegisters(2, 0xFC02, 1, code, 0));
            Assert.AreEqual((ushort)0x0084, code[0]);
        }

        [TestMethod]
        public void DeviceIgnoresAMasterWithOtherLineSettings()
        {
            NewBus("kpm31", 5);
            var other = new ModbusMaster(bus, clock, new BusSettings { BaudRate = 19200, Parity = SerialParity.Even, ResponseTimeoutMicroseconds = 100_000, Retries = 0 });
            var words = new ushort[2];
            Assert.AreEqual(ModbusStatus.Timeout, other.ReadRegisters(5, 3, 0x0030, 2, words, 0));
        }

        [TestMethod]
        public void KlefrScalesPowerToKilowattsAndSwitchesTariffByRegister()
        {
            var meter = NewBus("klefr", 6);
            clock.AdvanceSeconds(3600 * 19);
            float kilowatts = ReadFloat(6, 3, 0x5012);
            Assert.AreEqual((float)(meter.ServedValues[QuantityNames.Power] / 1000), kilowatts);
            var words = new ushort[2];
            Assert.AreEqual(ModbusStatus.Ok, master.ReadHoldingRegisters(6, 0x4000, 2, words, 0));
            Assert.AreEqual((ushort)0x1610, words[0]);
            Assert.AreEqual((ushort)0x0649, words[1]);
            Assert.AreEqual(ModbusStatus.Ok, master.ReadHoldingRegisters(6, 0x6048, 1, words, 0));
            Assert.AreEqual((ushort)1, words[0]);
            Assert.AreEqual(ModbusStatus.Ok, master.WriteSingleRegister(6, 0x6048, 2));
            Assert.AreEqual(ModbusStatus.Ok, master.ReadHoldingRegisters(6, 0x6048, 1, words, 0));
            Assert.AreEqual((ushort)2, words[0]);
            double t2 = ReadFloat(6, 3, 0x6010);
            clock.AdvanceSeconds(3600);
            Assert.IsTrue(ReadFloat(6, 3, 0x6010) > t2, "T2 forward energy must grow while T2 is forced");
        }
    }
}
