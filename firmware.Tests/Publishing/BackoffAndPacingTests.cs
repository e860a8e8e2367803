using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>Reconnect backoff (exponential, jittered, capped) and replay pacing, as pure functions of time.</summary>
    [TestClass]
    public class BackoffAndPacingTests
    {
        private const long Second = 1000000;

        [TestMethod]
        [DataRow(1, 1L)]
        [DataRow(2, 2L)]
        [DataRow(3, 4L)]
        [DataRow(6, 32L)]
        [DataRow(9, 256L)]
        [DataRow(10, 300L)]
        [DataRow(1000, 300L)]
        public void StepDoublesUpToTheCap(int failedAttempts, long expectedSeconds)
        {
            Assert.AreEqual(expectedSeconds * Second, ReconnectBackoff.StepMicroseconds(failedAttempts, Second, 300 * Second));
        }

        [TestMethod]
        public void JitterKeepsTheDelayBetweenHalfAndTheWholeStep()
        {
            JitterSource jitter = new JitterSource(JitterSource.SeedFrom(new byte[] { 1, 2, 3, 4, 5, 6 }));
            for (int attempt = 1; attempt < 20; attempt++)
            {
                long step = ReconnectBackoff.StepMicroseconds(attempt, Second, 300 * Second);
                for (int sample = 0; sample < 50; sample++)
                {
                    long delay = ReconnectBackoff.DelayMicroseconds(attempt, Second, 300 * Second, jitter.Next());
                    Assert.IsTrue(delay >= step / 2 && delay <= step, "attempt " + attempt.ToString());
                }
            }

            Assert.AreEqual(150 * Second, ReconnectBackoff.DelayMicroseconds(12, Second, 300 * Second, 0));
            Assert.IsTrue(ReconnectBackoff.DelayMicroseconds(12, Second, 300 * Second, uint.MaxValue) > 299 * Second);
        }

        [TestMethod]
        public void JitterDiffersBetweenCollectorsAndRepeatsForOne()
        {
            JitterSource a = new JitterSource(JitterSource.SeedFrom(new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 }));
            JitterSource b = new JitterSource(JitterSource.SeedFrom(new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC4 }));
            JitterSource again = new JitterSource(JitterSource.SeedFrom(new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 }));
            uint first = a.Next();
            Assert.AreNotEqual(first, b.Next());
            Assert.AreEqual(first, again.Next());
        }

        [TestMethod]
        public void PacerAllowsTheBurstThenTheSustainedRate()
        {
            ReplayPacer pacer = new ReplayPacer(10, 5);
            long now = 0;
            int sent = 0;
            while (pacer.TryTake(now))
            {
                sent++;
            }

            Assert.AreEqual(5, sent, "burst");

            // Over the next 2 s at 10 msg/s: 20 more, however finely the time is sliced.
            for (int step = 0; step < 200; step++)
            {
                now += 10000;
                while (pacer.TryTake(now))
                {
                    sent++;
                }
            }

            Assert.AreEqual(25, sent);

            // A long idle period refills only up to the burst.
            now += 3600 * Second;
            Assert.AreEqual(5, pacer.Available(now));
        }
    }
}
