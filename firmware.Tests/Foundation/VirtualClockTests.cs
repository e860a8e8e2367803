using System;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Foundation
{
    /// <summary>
    /// The virtual clock every unit test takes time from: if it drifted or let time run backwards, every
    /// timing rule tested with it would be tested against a wrong clock.
    /// </summary>
    [TestClass]
    public class VirtualClockTests
    {
        [TestMethod]
        public void SleepAdvancesMonotonicTimeAndCountsTheWait()
        {
            VirtualClock clock = new VirtualClock();

            clock.Sleep(1750);
            clock.Advance(250);

            Assert.AreEqual(2000L, clock.MonotonicMicroseconds);
            Assert.AreEqual(1750L, clock.SleptMicroseconds, "Advance is not a wait");
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(int.MinValue)]
        public void NegativeSleepIsRejectedAndTimeStays(int microseconds)
        {
            VirtualClock clock = new VirtualClock();
            clock.Advance(500);

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => clock.Sleep(microseconds));
            Assert.AreEqual(500L, clock.MonotonicMicroseconds);
        }

        [TestMethod]
        public void WallClockIsUnsynchronizedUntilSetThenFollowsMonotonicTime()
        {
            VirtualClock clock = new VirtualClock();
            clock.AdvanceMilliseconds(3000);
            Assert.IsFalse(clock.IsSynchronized);

            DateTime synchronizedAt = new DateTime(2024, 3, 31, 0, 59, 59);
            clock.SynchronizeTo(synchronizedAt);
            clock.AdvanceMilliseconds(1500);

            Assert.IsTrue(clock.IsSynchronized);
            Assert.AreEqual(synchronizedAt.AddMilliseconds(1500), clock.UtcNow);
        }
    }
}
