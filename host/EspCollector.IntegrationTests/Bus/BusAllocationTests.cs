using System;
using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Bus
{
    /// <summary>
    /// Steady state allocates nothing per transaction (issue 3, "Memory"): measured on the host with
    /// GC.GetAllocatedBytesForCurrentThread around many transactions on a scripted line that answers without
    /// allocating (AutoResponse, no write recording).
    /// </summary>
    [TestClass]
    public class BusAllocationTests
    {
        private const int Transactions = 2000;

        [TestMethod]
        public void MasterReadAllocatesNothingPerTransaction()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            line.AutoResponse = ModbusFrames.HexWithCrc("01 03 04 00 0A 01 02");
            ModbusMaster master = new ModbusMaster(line, clock, new BusSettings());
            ushort[] values = new ushort[2];
            for (int warmUp = 0; warmUp < 10; warmUp++)
            {
                master.ReadHoldingRegisters(1, 0, 2, values, 0);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int index = 0; index < Transactions; index++)
            {
                if (master.ReadHoldingRegisters(1, 0, 2, values, 0) != ModbusStatus.Ok)
                {
                    Assert.IsTrue(false, "transaction " + index.ToString() + " failed");
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("bytes allocated by " + Transactions.ToString() + " reads: " + allocated.ToString());
            Assert.AreEqual(0L, allocated);
        }

        [TestMethod]
        public void PollerAllocatesNothingPerTransactionIncludingFailures()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            line.AutoResponse = ModbusFrames.HexWithCrc("01 03 04 00 0A 01 02");
            BusSettings settings = new BusSettings();
            settings.ResponseTimeoutMicroseconds = 50000;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            BusPoller poller = new BusPoller(master, clock, new PollerSettings());
            NullDevice good = new NullDevice(1, new RegisterBlock[] { new RegisterBlock(3, 0, 2, PollClass.Fast), new RegisterBlock(3, 10, 2, PollClass.Slow) });
            NullDevice absent = new NullDevice(2, new RegisterBlock[] { new RegisterBlock(3, 0, 2, PollClass.Fast) });
            poller.AddDevice(good);
            poller.AddDevice(absent);
            Drive(poller, clock, 100);

            long before = GC.GetAllocatedBytesForCurrentThread();
            Drive(poller, clock, Transactions);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            OutputHelper.WriteLine("bytes allocated by " + Transactions.ToString() + " poller transactions: " + allocated.ToString());
            Assert.AreEqual(0L, allocated);
            Assert.IsTrue(good.Reads > 1000);
        }

        private static void Drive(BusPoller poller, VirtualClock clock, int transactions)
        {
            int done = 0;
            while (done < transactions)
            {
                if (poller.RunOnce())
                {
                    done++;
                    continue;
                }

                long wait = poller.NextDueMicroseconds - clock.MonotonicMicroseconds;
                clock.Advance(wait > 0 ? wait : 1);
            }
        }

        private sealed class NullDevice : IPolledDevice
        {
            private readonly byte _address;
            private readonly RegisterBlock[] _blocks;
            public int Reads;

            public NullDevice(byte address, RegisterBlock[] blocks)
            {
                _address = address;
                _blocks = blocks;
            }

            public byte Address => _address;

            public RegisterBlock[] Blocks => _blocks;

            public void OnBlockRead(int blockIndex, byte[] data, int offset, int byteCount, long monotonicMicroseconds)
            {
                Reads++;
            }

            public void OnBlockFailed(int blockIndex, ModbusStatus status)
            {
            }

            public void OnAvailabilityChanged(bool online)
            {
            }
        }
    }
}
