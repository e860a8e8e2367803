using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The store-and-forward ring: oldest first, bounded by bytes and by messages, drops counted, contents
    /// intact across wrap-around.
    /// </summary>
    [TestClass]
    public class StoreAndForwardRingTests
    {
        [TestMethod]
        public void MessagesComeOutOldestFirstWithTheirBytesAndTimes()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(256, 8);
            for (int i = 0; i < 5; i++)
            {
                byte[] payload = Payload(i, 10 + i);
                Assert.IsTrue(ring.Enqueue("t/" + i.ToString(), payload, 0, payload.Length, i == 2, 1000L * i));
            }

            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual("t/" + i.ToString(), ring.OldestTopic);
                Assert.AreEqual(1000L * i, ring.OldestQueuedAtMicroseconds);
                Assert.AreEqual(i == 2, ring.OldestRetain);
                AssertPayload(ring, i, 10 + i);
                ring.RemoveOldest();
            }

            Assert.AreEqual(0, ring.Count);
            Assert.AreEqual(0, ring.UsedBytes);
            Assert.AreEqual(0L, ring.Dropped);
        }

        [TestMethod]
        public void MessageCountBoundDropsTheOldestAndCountsThem()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(4096, 4);
            for (int i = 0; i < 10; i++)
            {
                byte[] payload = Payload(i, 20);
                ring.Enqueue("t", payload, 0, payload.Length, false, i);
            }

            Assert.AreEqual(4, ring.Count);
            Assert.AreEqual(6L, ring.Dropped);
            for (int i = 6; i < 10; i++)
            {
                AssertPayload(ring, i, 20);
                ring.RemoveOldest();
            }
        }

        [TestMethod]
        public void ByteBoundDropsTheOldestAndNeverExceedsTheArena()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(100, 64);
            for (int i = 0; i < 40; i++)
            {
                byte[] payload = Payload(i, 30);
                ring.Enqueue("t", payload, 0, payload.Length, false, i);
                Assert.IsTrue(ring.UsedBytes <= 100, "arena bound");
            }

            // 30-byte messages: at most three fit in 100 bytes.
            Assert.IsTrue(ring.Count >= 2 && ring.Count <= 3, "count " + ring.Count.ToString());
            Assert.AreEqual(40L - ring.Count, ring.Dropped);
            int first = 40 - ring.Count;
            for (int i = first; i < 40; i++)
            {
                AssertPayload(ring, i, 30);
                ring.RemoveOldest();
            }
        }

        [TestMethod]
        public void MixedSizesSurviveManyWrapArounds()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(300, 16);
            int nextIn = 0;
            int nextOut = 0;
            long droppedBefore = 0;
            for (int round = 0; round < 500; round++)
            {
                int size = 1 + (round * 37) % 90;
                byte[] payload = Payload(nextIn, size);
                ring.Enqueue("t", payload, 0, payload.Length, false, nextIn);
                nextIn++;

                // Whatever was dropped was the oldest: skip those.
                nextOut += (int)(ring.Dropped - droppedBefore);
                droppedBefore = ring.Dropped;

                if (round % 3 == 0)
                {
                    Assert.AreEqual(nextOut, (int)ring.OldestQueuedAtMicroseconds, "oldest first");
                    Assert.AreEqual((byte)nextOut, ring.Arena[ring.OldestOffset], "payload intact");
                    ring.RemoveOldest();
                    nextOut++;
                }

                Assert.IsTrue(ring.UsedBytes <= 300);
                Assert.AreEqual(nextIn - nextOut, ring.Count, "accounting");
            }
        }

        [TestMethod]
        public void AMessageLargerThanTheArenaIsRefusedAndCountedWithoutLosingOthers()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(64, 8);
            byte[] small = Payload(1, 10);
            ring.Enqueue("t", small, 0, small.Length, false, 0);

            byte[] huge = Payload(2, 65);
            Assert.IsFalse(ring.Enqueue("t", huge, 0, huge.Length, false, 1));

            Assert.AreEqual(1, ring.Count);
            Assert.AreEqual(1L, ring.Dropped);
            AssertPayload(ring, 1, 10);
        }

        [TestMethod]
        public void EmptyPayloadsAreKept()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(8, 16);
            for (int i = 0; i < 8; i++)
            {
                ring.Enqueue("t/" + i.ToString(), new byte[0], 0, 0, true, i);
            }

            Assert.AreEqual(8, ring.Count);
            Assert.AreEqual(0, ring.OldestLength);
            ring.Enqueue("t/8", new byte[0], 0, 0, true, 8);
            Assert.AreEqual(8, ring.Count, "each message takes one arena byte");
            Assert.AreEqual("t/1", ring.OldestTopic);
        }

        private static byte[] Payload(int marker, int length)
        {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)(marker + i);
            }

            return payload;
        }

        private static void AssertPayload(StoreAndForwardRing ring, int marker, int length)
        {
            Assert.AreEqual(length, ring.OldestLength);
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual((byte)(marker + i), ring.Arena[ring.OldestOffset + i]);
            }
        }
    }
}
