using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>The M-Bus poller: interval, round-robin, backoff, offline after three failures, and return.</summary>
    [TestClass]
    public class MBusPollerTests
    {
        [TestMethod]
        public void PollsEachMeterOncePerIntervalByPrimaryAndSecondaryAddress()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            MBusTestBus bus = new MBusTestBus(line);
            bus.Add(new KlefrMBusSlave(2, 11111111));
            KlefrMBusSlave second = bus.Add(new KlefrMBusSlave(0, 45230115));
            second.Energies[3] = 100;
            MBusSettings settings = new MBusSettings();
            settings.IntervalSeconds = 10;
            MBusPoller poller = new MBusPoller(new MBusMaster(line, clock, settings), clock, 4);
            MBusMeter first = MBusMeter.AtPrimaryAddress("main", 2);
            MBusMeter bySecondary = MBusMeter.AtSecondaryAddress("flat", 45230115);
            Assert.AreEqual(0, poller.Add(first));
            Assert.AreEqual(1, poller.Add(bySecondary));

            long end = clock.MonotonicMicroseconds + 60 * 1000000L;
            while (clock.MonotonicMicroseconds < end)
            {
                if (!poller.RunOnce())
                {
                    clock.Advance(poller.NextDueMicroseconds - clock.MonotonicMicroseconds);
                }
            }

            Assert.IsTrue(first.Reads >= 6 && first.Reads <= 7, first.Reads.ToString());
            Assert.IsTrue(bySecondary.Reads >= 6 && bySecondary.Reads <= 7, bySecondary.Reads.ToString());
            Assert.AreEqual(11111111, first.IdentificationNumber);
            Assert.AreEqual(45230115, bySecondary.IdentificationNumber);
            Assert.AreEqual(16048.14, first.Values[0]);
            Assert.AreEqual(1.0, bySecondary.Values[3]);
            Assert.IsTrue(first.Online && bySecondary.Online);
        }

        [TestMethod]
        public void AbsentMeterBacksOffGoesOfflineAndComesBack()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            MBusTestBus bus = new MBusTestBus(line);
            MBusSettings settings = new MBusSettings();
            settings.IntervalSeconds = 60;
            MBusPoller poller = new MBusPoller(new MBusMaster(line, clock, settings), clock, 2);
            MBusMeter meter = MBusMeter.AtPrimaryAddress("late", 9);
            poller.Add(meter);
            meter.Online = true;
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                Assert.IsTrue(poller.RunOnce());
                Assert.AreEqual((int)MBusStatus.Timeout, (int)meter.LastStatus);
                Assert.IsFalse(poller.RunOnce(), "backing off");
                clock.Advance(poller.NextDueMicroseconds - clock.MonotonicMicroseconds);
            }

            Assert.IsFalse(meter.Online);
            Assert.AreEqual(1, meter.OfflineTransitions);
            Assert.AreEqual(1000000L, MBusPoller.BackoffMicroseconds(1, 60000000L));
            Assert.AreEqual(4000000L, MBusPoller.BackoffMicroseconds(3, 60000000L));
            Assert.AreEqual(60000000L, MBusPoller.BackoffMicroseconds(20, 60000000L));

            bus.Add(new KlefrMBusSlave(9, 5));
            Assert.IsTrue(poller.RunOnce());
            Assert.IsTrue(meter.Online);
            Assert.AreEqual(0, meter.ConsecutiveFailures);
            Assert.AreEqual(1, meter.ReadingsVersion);
        }
    }
}
