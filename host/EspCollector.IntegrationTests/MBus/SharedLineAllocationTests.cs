using System;
using EspCollector.Core.Bus;
using EspCollector.Core.MBus;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.MBus
{
    /// <summary>
    /// The shared bus UART (Core/Ports/SharedSerialLine, issue 16) allocates nothing per switch or transaction:
    /// measured on the host with GC.GetAllocatedBytesForCurrentThread around a Modbus read and an M-Bus read in turn,
    /// so every transaction comes after a switch of pins and framing (9600 8E1 Modbus, 2400 8E1 M-Bus).
    /// </summary>
    [TestClass]
    public class SharedLineAllocationTests
    {
        private const int Rounds = 1000;

        private const string ManualTelegram =
            "68 4B 4B 68 08 00 72 00 00 00 00 CD 25 01 02 02 00 00 00 0C 04 14 48 60 01 8C 10 04 23 80 35 00"
            + " 8C 20 04 91 67 24 01 1C 04 46 13 69 00 9C 10 04 56 34 12 00 9C 20 04 90 78 56 00 2C 04 68 34 91 00"
            + " AC 10 04 67 45 23 00 AC 20 04 01 89 67 00 7C 16";

        [TestMethod]
        public void SwitchingBetweenTheMastersAllocatesNothing()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine rs485 = new ScriptedSerialLine(clock);
            rs485.RecordWrites = false;
            rs485.AutoResponse = ModbusFrames.HexWithCrc("01 03 02 00 2A");
            ScriptedSerialLine mbus = new ScriptedSerialLine(clock);
            mbus.RecordWrites = false;
            mbus.AutoResponse = ModbusFrames.Hex(ManualTelegram);
            SharedSerialLine shared = new SharedSerialLine(new RoutedLineDouble(clock, new ScriptedSerialLine[] { rs485, mbus }), clock, 2);
            SerialLane modbusLane = shared.AddLane("modbus", 0);
            SerialLane mbusLane = shared.AddLane("m-bus", 1);
            ModbusMaster modbus = new ModbusMaster(modbusLane, clock, new BusSettings());
            MBusSettings mbusSettings = new MBusSettings();
            mbusSettings.BaudRate = 2400;
            MBusMaster mbusMaster = new MBusMaster(mbusLane, clock, mbusSettings);
            modbusLane.IdleAfterSwitchMicroseconds = modbus.Settings.EffectiveInterFrameDelayMicroseconds;
            mbusLane.IdleAfterSwitchMicroseconds = MBusTiming.TurnaroundMicroseconds(2400);
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            for (int warmUp = 0; warmUp < 10; warmUp++)
            {
                Round(modbus, mbusMaster, telegram, values, present, warmUp);
            }

            int switches = shared.Switches;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int index = 0; index < Rounds; index++)
            {
                Round(modbus, mbusMaster, telegram, values, present, index);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("bytes allocated by " + Rounds.ToString() + " Modbus + M-Bus rounds (" + (shared.Switches - switches).ToString()
                + " switches): " + allocated.ToString());
            Assert.AreEqual(2 * Rounds, shared.Switches - switches, "a switch before every transaction");
            Assert.AreEqual(0L, allocated);
            Assert.AreEqual(16048.14, values[0]);
            Assert.AreEqual(2400, mbus.Settings.BaudRate);
            Assert.AreEqual(9600, rs485.Settings.BaudRate);
        }

        /// <summary>What sharing the UART keeps on the heap (nanoFramework model of Benchmarks/Support/ObjectGraph):
        /// the shared line, its two lanes and the drain buffer; the UART, the clock and the masters' settings are
        /// counted with their owners.</summary>
        [TestMethod]
        public void TheSharedLineKeepsAFewHundredBytes()
        {
            VirtualClock clock = new VirtualClock();
            RoutedLineDouble uart = new RoutedLineDouble(clock, new ScriptedSerialLine[] { new ScriptedSerialLine(clock), new ScriptedSerialLine(clock) });
            SharedSerialLine shared = new SharedSerialLine(uart, clock, 2);
            SerialSettings modbus = new SerialSettings(9600, SerialParity.Even, 1);
            SerialSettings mbus = new SerialSettings(2400, SerialParity.Even, 1);
            shared.AddLane("modbus", 0).Configure(modbus);
            shared.AddLane("m-bus", 1).Configure(mbus);

            ObjectGraph graph = new ObjectGraph();
            graph.Defer(uart, clock, modbus, mbus);
            ObjectGraph.Sizes sizes = graph.Add(shared);
            OutputHelper.WriteLine("shared line: " + sizes.Nano.ToString() + " B (nanoFramework model), " + sizes.Objects.ToString() + " objects");
            Assert.IsTrue(sizes.Nano > 64 && sizes.Nano < 768, sizes.Nano.ToString());
        }

        private static void Round(ModbusMaster modbus, MBusMaster mbus, MBusTelegram telegram, double[] values, bool[] present, int index)
        {
            ModbusStatus status = modbus.Read(1, 3, 0, 1);
            if (status != ModbusStatus.Ok)
            {
                Assert.IsTrue(false, "Modbus transaction " + index.ToString() + ": " + ModbusPdu.StatusName(status));
            }

            if (KlefrMBus.Read(mbus, telegram, 0, values, present) != MBusStatus.Ok)
            {
                Assert.IsTrue(false, "M-Bus transaction " + index.ToString() + " failed");
            }
        }
    }
}
