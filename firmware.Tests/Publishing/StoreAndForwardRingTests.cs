using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The store-and-forward ring: length-prefixed records oldest first, bounded by bytes and by messages,
    /// drops counted, contents intact and contiguous across wrap-around, walkable without removing.
    /// </summary>
    [TestClass]
    public class StoreAndForwardRingTests
    {
        [TestMethod]
        public void MessagesComeOutOldestFirstWithTheirBytes()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(256, 8);
            for (int i = 0; i < 5; i++)
            {
                byte[] payload = Payload(i, 10 + i);
                Assert.IsTrue(ring.Enqueue(payload, 0, payload.Length));
            }

            Assert.AreEqual(5 * StoreAndForwardRing.RecordOverhead + 10 + 11 + 12 + 13 + 14, ring.UsedBytes);
            for (int i = 0; i < 5; i++)
            {
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
                ring.Enqueue(payload, 0, payload.Length);
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
                ring.Enqueue(payload, 0, payload.Length);
                Assert.IsTrue(ring.UsedBytes <= 100, "arena bound");
            }

            // 32-byte records (30 + length): at most three fit in 100 bytes.
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
        public void MixedSizesSurviveManyWrapAroundsInOrderAndContiguous()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(300, 64);
            int nextIn = 0;
            int nextOut = 0;
            long droppedBefore = 0;
            for (int round = 0; round < 2000; round++)
            {
                int size = 1 + (round * 37) % 90;
                byte[] payload = Payload(nextIn, size);
                Assert.IsTrue(ring.Enqueue(payload, 0, payload.Length));
                nextIn++;

                // Whatever was dropped was the oldest: skip those.
                nextOut += (int)(ring.Dropped - droppedBefore);
                droppedBefore = ring.Dropped;

                if (round % 3 == 0)
                {
                    Assert.AreEqual((byte)nextOut, ring.Arena[ring.OldestOffset], "oldest first, payload intact");
                    Assert.IsTrue(ring.OldestOffset + ring.OldestLength <= ring.CapacityBytes, "contiguous");
                    ring.RemoveOldest();
                    nextOut++;
                }

                Assert.IsTrue(ring.UsedBytes <= 300);
                Assert.AreEqual(nextIn - nextOut, ring.Count, "accounting");
            }

            // Walking visits every waiting message in order without removing any.
            int offset = ring.OldestOffset;
            for (int i = 0; i < ring.Count; i++)
            {
                Assert.AreEqual((byte)(nextOut + i), ring.Arena[offset], "walk order");
                offset = ring.NextOffset(offset);
            }

            Assert.AreEqual(nextIn - nextOut, ring.Count);
        }

        [TestMethod]
        public void AMessageLargerThanTheArenaIsRefusedAndCountedWithoutLosingOthers()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(64, 8);
            byte[] small = Payload(1, 10);
            ring.Enqueue(small, 0, small.Length);

            byte[] huge = Payload(2, 63);
            Assert.IsFalse(ring.Enqueue(huge, 0, huge.Length));

            Assert.AreEqual(1, ring.Count);
            Assert.AreEqual(1L, ring.Dropped);
            AssertPayload(ring, 1, 10);

            byte[] largest = Payload(3, ring.LargestMessage);
            Assert.IsTrue(ring.Enqueue(largest, 0, largest.Length), "the whole arena can be one message");
            Assert.AreEqual(1, ring.Count);
            Assert.AreEqual(2L, ring.Dropped);
        }

        [TestMethod]
        public void EmptyPayloadsAreKept()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(16, 64);
            for (int i = 0; i < 8; i++)
            {
                ring.Enqueue(new byte[0], 0, 0);
            }

            Assert.AreEqual(8, ring.Count);
            Assert.AreEqual(0, ring.OldestLength);
            ring.Enqueue(new byte[0], 0, 0);
            Assert.AreEqual(8, ring.Count, "each message takes its two length bytes");
            Assert.AreEqual(1L, ring.Dropped);
        }

        [TestMethod]
        public void DropAllCountsEveryMessage()
        {
            StoreAndForwardRing ring = new StoreAndForwardRing(256, 64);
            for (int i = 0; i < 5; i++)
            {
                byte[] payload = Payload(i, 10);
                ring.Enqueue(payload, 0, payload.Length);
            }

            ring.DropAll();
            Assert.AreEqual(0, ring.Count);
            Assert.AreEqual(5L, ring.Dropped);
            Assert.AreEqual(0, ring.UsedBytes);
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
