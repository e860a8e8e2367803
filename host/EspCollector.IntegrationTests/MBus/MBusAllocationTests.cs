using System;
using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.MBus
{
    /// <summary>
    /// Steady state allocates nothing per M-Bus transaction (issue 16): measured on the host with
    /// GC.GetAllocatedBytesForCurrentThread around many REQ_UD2 transactions, each followed by the telegram
    /// parse and the KLEFR driver's decode, on a scripted line that answers without allocating.
    /// </summary>
    [TestClass]
    public class MBusAllocationTests
    {
        private const int Transactions = 2000;

        private const string ManualTelegram =
            "68 4B 4B 68 08 00 72 00 00 00 00 CD 25 01 02 02 00 00 00 0C 04 14 48 60 01 8C 10 04 23 80 35 00"
            + " 8C 20 04 91 67 24 01 1C 04 46 13 69 00 9C 10 04 56 34 12 00 9C 20 04 90 78 56 00 2C 04 68 34 91 00"
            + " AC 10 04 67 45 23 00 AC 20 04 01 89 67 00 7C 16";

        [TestMethod]
        public void ReadAndDecodeAllocateNothingPerTransaction()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            line.AutoResponse = ModbusFrames.Hex(ManualTelegram);
            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            MBusTelegram telegram = new MBusTelegram();
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            for (int warmUp = 0; warmUp < 10; warmUp++)
            {
                KlefrMBus.Read(master, telegram, 0, values, present);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int index = 0; index < Transactions; index++)
            {
                if (KlefrMBus.Read(master, telegram, 0, values, present) != MBusStatus.Ok)
                {
                    Assert.IsTrue(false, "transaction " + index.ToString() + " failed");
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("bytes allocated by " + Transactions.ToString() + " M-Bus reads: " + allocated.ToString()
                + " (" + (allocated / Transactions).ToString() + " B per transaction)");
            Assert.AreEqual(0L, allocated);
            Assert.AreEqual(16048.14, values[0]);
        }

        [TestMethod]
        public void AcknowledgedRequestsAndFailuresAllocateNothing()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            line.AutoResponse = new byte[] { 0xE5 };
            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            byte[] frame = new byte[MBusFrame.MaximumFrameLength];
            int tariff = KlefrMBusCommands.Tariff(frame, 1, 2);
            master.SendNke(1);
            master.SendUserData(frame, 0, tariff);
            master.RequestUserData(1, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int index = 0; index < Transactions; index++)
            {
                Assert.IsTrue(master.SendNke(1) == MBusStatus.Ok);
                Assert.IsTrue(master.SendUserData(frame, 0, tariff) == MBusStatus.Ok);
                Assert.IsTrue(master.Select(0x1307FFFF, 0xFFFF, 0xFF, 0xFF, 0) == MBusStatus.Ok);
                Assert.IsTrue(master.RequestUserData(1, 0) != MBusStatus.Ok, "an E5 is no RSP_UD");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("bytes allocated by " + (4 * Transactions).ToString() + " SND_NKE/SND_UD/selection/failed transactions: " + allocated.ToString());
            Assert.AreEqual(0L, allocated);
        }
            [TestMethod]
        public void PollerAllocatesNothingPerReadIncludingFailures()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            line.AutoResponse = ModbusFrames.Hex(ManualTelegram);
            MBusSettings settings = new MBusSettings();
            settings.IntervalSeconds = 5;
            MBusPoller poller = new MBusPoller(new MBusMaster(line, clock, settings), clock, 2);
            MBusMeter present = MBusMeter.AtPrimaryAddress("main", 0);
            MBusMeter absent = MBusMeter.AtPrimaryAddress("gone", 7);
            poller.Add(present);
            poller.Add(absent);
            for (int step = 0; step < 20; step++)
            {
                Step(poller, clock);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < Transactions; step++)
            {
                Step(poller, clock);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("bytes allocated by " + Transactions.ToString() + " poller steps (" + present.Reads.ToString() + " reads, "
                + absent.Failures.ToString() + " failed): " + allocated.ToString());
            Assert.AreEqual(0L, allocated);
            Assert.IsTrue(present.Reads > 100 && absent.Failures > 100);
        }

        private static void Step(MBusPoller poller, VirtualClock clock)
        {
            if (!poller.RunOnce())
            {
                clock.Advance(poller.NextDueMicroseconds - clock.MonotonicMicroseconds);
            }
        }
    }
}
