using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>
    /// The shared bus UART (Core/Ports/SharedSerialLine, issue 16): the schedule's grant order and fairness, the pin and
    /// framing switch with the idle line before the first frame after it, and its counters. Route 0 is the RS485 bus
    /// (Modbus, 9600 8E1), route 1 the M-Bus interface (2400 8E1), as on the ESP32 boards' COM2.
    /// </summary>
    [TestClass]
    public class SharedSerialLineTests
    {
        private const long Second = 1000000;

        /// <summary>t3.5 at 9600 baud (Modbus over Serial Line V1.02, 2.5.1.1: 3.5 characters of 11 bits) and the
        /// M-Bus master's turnaround at 2400 baud (33 bit times).</summary>
        private const int ModbusIdle = 4011;
        private const int MBusIdle = 13750;

        private sealed class Rig
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly ScriptedSerialLine Rs485;
            public readonly ScriptedSerialLine MBus;
            public readonly RoutedLineDouble Uart;
            public readonly SharedSerialLine Shared;
            public readonly SerialLane Modbus;
            public readonly SerialLane MBusLane;

            public Rig()
            {
                Rs485 = new ScriptedSerialLine(Clock);
                MBus = new ScriptedSerialLine(Clock);
                Uart = new RoutedLineDouble(Clock, new ScriptedSerialLine[] { Rs485, MBus });
                Shared = new SharedSerialLine(Uart, Clock, 2);
                Modbus = Shared.AddLane("modbus", 0);
                MBusLane = Shared.AddLane("m-bus", 1);
                Modbus.IdleAfterSwitchMicroseconds = ModbusIdle;
                MBusLane.IdleAfterSwitchMicroseconds = MBusIdle;
                Modbus.Configure(new SerialSettings(9600, SerialParity.Even, 1));
                MBusLane.Configure(new SerialSettings(2400, SerialParity.Even, 1));
            }
        }

        [TestMethod]
        public void NothingIsRoutedBeforeALaneUsesTheLine()
        {
            Rig rig = new Rig();

            Assert.IsNull(rig.Shared.Current);
            Assert.AreEqual(0, rig.Uart.RouteChanges, "configuring the lanes only stores their framing");
            Assert.IsNull(rig.Shared.NextTurn(rig.Clock.MonotonicMicroseconds), "no lane is due");
            Assert.AreEqual(0, rig.Shared.Turns);
        }

        [TestMethod]
        public void ALaneAloneKeepsTheLineWithoutSwitching()
        {
            Rig rig = new Rig();
            rig.Modbus.DueMicroseconds = 0;
            byte[] frame = new byte[] { 1, 3, 0, 0, 0, 1, 0x84, 0x0A };

            for (int turn = 0; turn < 5; turn++)
            {
                Assert.AreSame(rig.Modbus, rig.Shared.NextTurn(rig.Clock.MonotonicMicroseconds));
                rig.Modbus.Write(frame, 0, frame.Length);
            }

            Assert.AreEqual(1, rig.Shared.Switches, "routed once, at the first use");
            Assert.AreEqual(1, rig.Uart.RouteChanges);
            Assert.AreEqual(5, rig.Rs485.WriteCount);
            Assert.AreEqual(0, rig.MBus.WriteCount, "nothing reached the M-Bus");
            Assert.AreEqual(5, rig.Modbus.Turns);
            Assert.AreEqual(0, rig.MBusLane.Turns);
        }

        [TestMethod]
        public void DueLanesTakeTurnsInLaneOrder()
        {
            Rig rig = new Rig();
            rig.Modbus.DueMicroseconds = 0;
            rig.MBusLane.DueMicroseconds = 0;

            SerialLane[] expected = new SerialLane[] { rig.Modbus, rig.MBusLane, rig.Modbus, rig.MBusLane, rig.Modbus };
            for (int turn = 0; turn < expected.Length; turn++)
            {
                Assert.AreSame(expected[turn], rig.Shared.NextTurn(Second), "turn " + turn.ToString());
            }

            Assert.AreEqual(5, rig.Shared.Turns);
            Assert.AreEqual(3, rig.Modbus.Turns);
            Assert.AreEqual(2, rig.MBusLane.Turns);

            // A lane not due yet is passed over, whoever had the last turn.
            rig.MBusLane.DueMicroseconds = 3 * Second;
            Assert.AreSame(rig.Modbus, rig.Shared.NextTurn(2 * Second));
            Assert.AreSame(rig.MBusLane, rig.Shared.NextTurn(3 * Second));
        }

        [TestMethod]
        public void AModbusBacklogDoesNotStarveTheMBus()
        {
            Rig rig = new Rig();

            // The Modbus poller is behind (its oldest block due since 0) for a whole minute of turns of 50 ms each;
            // the M-Bus meter falls due every 10 s. Each M-Bus turn gets the line within one Modbus turn.
            rig.Modbus.DueMicroseconds = 0;
            long nextMBus = 10 * Second;
            int mbusTurns = 0;
            while (rig.Clock.MonotonicMicroseconds < 60 * Second)
            {
                rig.MBusLane.DueMicroseconds = nextMBus;
                SerialLane turn = rig.Shared.NextTurn(rig.Clock.MonotonicMicroseconds);
                if (ReferenceEquals(turn, rig.MBusLane))
                {
                    mbusTurns++;
                    nextMBus += 10 * Second;
                }

                rig.Clock.Advance(50000);
            }

            Assert.AreEqual(5, mbusTurns, "due at 10, 20, 30, 40 and 50 s");
            Assert.IsTrue(rig.MBusLane.LongestWaitMicroseconds <= 50000, "waited " + rig.MBusLane.LongestWaitMicroseconds.ToString() + " us, at most one turn");
            Assert.AreEqual(1200 - 5, rig.Modbus.Turns, "every other turn was the Modbus's");
        }

        [TestMethod]
        public void TheFirstFrameAfterASwitchWaitsTheLanesIdleTime()
        {
            Rig rig = new Rig();
            byte[] request = new byte[] { 0x10, 0x5B, 0x05, 0x60, 0x16 };

            rig.Modbus.Write(request, 0, request.Length);
            long toMBus = rig.Clock.MonotonicMicroseconds;
            rig.MBusLane.Write(request, 0, request.Length);

            Assert.AreEqual(toMBus, rig.Uart.LastRouteMicroseconds, "switched when the M-Bus lane wrote");
            Assert.AreEqual(toMBus + MBusIdle, rig.MBus.LastWriteStartMicroseconds, "33 bit times of idle line first");

            // The next frame on the same lane has no switch to wait for (its master keeps its own pause).
            long again = rig.Clock.MonotonicMicroseconds;
            rig.MBusLane.Write(request, 0, request.Length);
            Assert.AreEqual(again, rig.MBus.LastWriteStartMicroseconds);

            // Back to Modbus: t3.5 at 9600 baud after the switch, even though the RS485 bus was silent long before.
            long toModbus = rig.Clock.MonotonicMicroseconds;
            rig.Modbus.Write(request, 0, request.Length);
            Assert.AreEqual(toModbus + ModbusIdle, rig.Rs485.LastWriteStartMicroseconds);
        }

        [TestMethod]
        public void ASwitchAppliesTheLanesFramingAndDiscardsTheOldOwnersBytes()
        {
            Rig rig = new Rig();

            Assert.AreEqual(0, rig.Modbus.BytesToRead);
            Assert.AreEqual(9600, rig.Rs485.Settings.BaudRate);

            // A late answer arrives on the RS485 bus while the M-Bus takes the line: it is not the M-Bus's.
            rig.Rs485.ScheduleBytes(new byte[] { 1, 3, 2, 0, 0x2A, 0x38, 0x5B }, rig.Clock.MonotonicMicroseconds, 1146);
            rig.Clock.Advance(20000);
            Assert.AreEqual(0, rig.MBusLane.BytesToRead, "the new owner sees none of them");
            Assert.AreEqual(7, rig.Shared.DiscardedBytes);
            Assert.AreEqual(2400, rig.MBus.Settings.BaudRate, "the M-Bus runs at its own baud rate");
            Assert.IsTrue(rig.MBusLane.HasLine);

            // The M-Bus master changes its baud rate while it owns the line: applied at once.
            rig.MBusLane.Configure(new SerialSettings(9600, SerialParity.Even, 1));
            Assert.AreEqual(9600, rig.MBus.Settings.BaudRate);

            // The Modbus lane's framing changes while it does not own the line: applied when it takes it back.
            rig.Modbus.Configure(new SerialSettings(19200, SerialParity.None, 2));
            Assert.AreEqual(9600, rig.Rs485.Settings.BaudRate, "not routed: nothing changes yet");
            Assert.AreEqual(0, rig.Modbus.BytesToRead);
            Assert.AreEqual(19200, rig.Rs485.Settings.BaudRate);
            Assert.AreEqual(2, rig.Rs485.Settings.StopBits);
        }

        [TestMethod]
        public void SwitchesAreCountedPerLane()
        {
            Rig rig = new Rig();
            byte[] buffer = new byte[8];

            for (int round = 0; round < 3; round++)
            {
                rig.Modbus.Read(buffer, 0, buffer.Length, 0);
                rig.Modbus.Read(buffer, 0, buffer.Length, 0);
                rig.MBusLane.Read(buffer, 0, buffer.Length, 0);
            }

            Assert.AreEqual(6, rig.Shared.Switches, "every change of owner, the first routing included");
            Assert.AreEqual(6, rig.Uart.RouteChanges);
            Assert.AreEqual(3, rig.Modbus.SwitchesIn);
            Assert.AreEqual(3, rig.MBusLane.SwitchesIn);
            Assert.AreEqual(0, rig.Shared.DiscardedBytes);
        }
    }
}
