using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// Thinning in the store-and-forward ring: when full, each series (a meter or pulse channel) loses every
    /// other record, first and last kept, so what is kept spans the whole outage at an even, coarser interval;
    /// events are never thinned; order, the bounds, the byte contents and the drop count hold throughout,
    /// across wrap-around. Records here: [series (255: event)][sequence, 2 bytes][ordinal in the series, 2 bytes]
    /// [filler from the sequence]; the series double numbers them and protects each series' newest, as the
    /// publisher does.
    /// </summary>
    [TestClass]
    public class RingThinningTests
    {
        private const byte Event = 255;

        [TestMethod]
        public void AFullRingKeepsTheFirstAndTheNewestOfEachSeriesAndCountsEveryDrop()
        {
            TestSeries numbering = new TestSeries(); // the ring's series, numbered afresh
            StoreAndForwardRing ring = new StoreAndForwardRing(1000, 1024, numbering);
            int enqueued = 0;
            for (int sequence = 0; sequence < 3000; sequence++)
            {
                byte series = (byte)(sequence % 3);
                Assert.IsTrue(Enqueue(ring, numbering, series, sequence, 20 + sequence % 13));
                enqueued++;
                Assert.IsTrue(ring.UsedBytes <= ring.CapacityBytes, "arena bound");
                Assert.AreEqual((long)enqueued, ring.Count + ring.Dropped, "every record kept or counted");
            }

            Assert.AreEqual(ring.Dropped, ring.Thinned, "only thinning made room");
            Assert.IsTrue(ring.ThinningLevel >= 4, "level " + ring.ThinningLevel.ToString());
            int[] first = new int[3];
            int[] last = new int[3];
            for (int s = 0; s < 3; s++)
            {
                first[s] = -1;
            }

            int previous = -1;
            int offset = ring.OldestOffset;
            for (int i = 0; i < ring.Count; i++)
            {
                int series = ring.Arena[offset];
                int sequence = SequenceAt(ring, offset);
                AssertIntact(ring, offset);
                Assert.IsTrue(sequence > previous, "in order");
                previous = sequence;
                first[series] = first[series] < 0 ? sequence : first[series];
                last[series] = sequence;
                offset = ring.NextOffset(offset);
            }

            for (int s = 0; s < 3; s++)
            {
                Assert.AreEqual(s, first[s], "the first record of series " + s.ToString());
                Assert.AreEqual(2997 + s, last[s], "the newest record of series " + s.ToString());
            }
        }

        [TestMethod]
        public void TheKeptRecordsAreEvenlySpreadOverTheWholeRun()
        {
            // 50-byte records, 40 fit: 4000 records of one series.
            TestSeries numbering = new TestSeries();
            StoreAndForwardRing ring = new StoreAndForwardRing(40 * 52, 1024, numbering);
            for (int sequence = 0; sequence < 4000; sequence++)
            {
                Enqueue(ring, numbering, 0, sequence, 50);
            }

            int stride = 1 << ring.ThinningLevel;
            int previous = -1;
            int largestGap = 0;
            int offset = ring.OldestOffset;
            string kept = string.Empty;
            for (int i = 0; i < ring.Count; i++)
            {
                int sequence = SequenceAt(ring, offset);
                kept += sequence.ToString() + " ";
                if (previous >= 0)
                {
                    int gap = sequence - previous;
                    largestGap = gap > largestGap ? gap : largestGap;
                }

                previous = sequence;
                offset = ring.NextOffset(offset);
            }

            OutputHelper.WriteLine("kept " + ring.Count.ToString() + " of 4000 at level " + ring.ThinningLevel.ToString() + ": " + kept);
            Assert.AreEqual(0, SequenceAt(ring, ring.OldestOffset), "the start of the run");
            Assert.AreEqual(3999, previous, "the end of the run");
            Assert.IsTrue(ring.Count >= 20, "at least half the ring in use: " + ring.Count.ToString());
            Assert.IsTrue(largestGap <= stride, "no gap wider than the interval of the level: " + largestGap.ToString() + " > " + stride.ToString());
            Assert.IsTrue(largestGap * ring.Count <= 2 * 4000, "even: largest gap " + largestGap.ToString() + " for " + ring.Count.ToString() + " kept");
        }

        [TestMethod]
        public void EventsAreNeverThinnedAndReadingsGoFirst()
        {
            // Room for 10 records of 20 bytes; 6 events among 40 readings of two series.
            TestSeries numbering = new TestSeries();
            StoreAndForwardRing ring = new StoreAndForwardRing(220, 64, numbering);
            int events = 0;
            for (int sequence = 0; sequence < 46; sequence++)
            {
                bool isEvent = sequence % 8 == 3;
                Enqueue(ring, numbering, isEvent ? Event : (byte)(sequence % 2), sequence, 20);
                events += isEvent ? 1 : 0;
            }

            Assert.AreEqual(6, events);
            Assert.AreEqual(6, CountSeries(ring, Event), "every event kept");
            Assert.IsTrue(CountSeries(ring, 0) >= 1 && CountSeries(ring, 1) >= 1, "each series still there");
            Assert.AreEqual(46L, ring.Count + ring.Dropped);

            // Now only events: the oldest event goes, counted.
            TestSeries events2Numbering = new TestSeries();
            StoreAndForwardRing events2 = new StoreAndForwardRing(220, 64, events2Numbering);
            for (int sequence = 0; sequence < 13; sequence++)
            {
                Enqueue(events2, events2Numbering, Event, sequence, 20);
            }

            Assert.AreEqual(10, events2.Count);
            Assert.AreEqual(3L, events2.Dropped);
            Assert.AreEqual(0L, events2.Thinned);
            Assert.AreEqual(3, SequenceAt(events2, events2.OldestOffset), "the oldest events went");
        }

        [TestMethod]
        public void WhenEverySeriesIsDownToItsEndsTheOldestReadingGoesBeforeAnyEvent()
        {
            TestSeries numbering = new TestSeries();
            StoreAndForwardRing ring = new StoreAndForwardRing(220, 64, numbering);
            Enqueue(ring, numbering, Event, 0, 20);
            Enqueue(ring, numbering, 0, 1, 20);
            Enqueue(ring, numbering, 0, 2, 20);
            for (int sequence = 3; sequence < 10; sequence++)
            {
                Enqueue(ring, numbering, Event, sequence, 20);
            }

            Assert.AreEqual(10, ring.Count, "full");
            Assert.AreEqual(0L, ring.Dropped);
            Assert.IsTrue(Enqueue(ring, numbering, Event, 10, 20));

            Assert.AreEqual(10, ring.Count, "count");
            Assert.AreEqual(1L, ring.Dropped, "dropped");
            Assert.AreEqual(0, SequenceAt(ring, ring.OldestOffset), "the oldest event is still there");
            Assert.AreEqual(1, CountSeries(ring, 0), "readings left");
            Assert.AreEqual(2, SequenceAt(ring, ring.NextOffset(ring.OldestOffset)), "the oldest reading went");
        }

        [TestMethod]
        public void TheMessageBoundIsKeptByThinningToo()
        {
            TestSeries numbering = new TestSeries();
            StoreAndForwardRing ring = new StoreAndForwardRing(4096, 8, numbering);
            for (int sequence = 0; sequence < 100; sequence++)
            {
                Enqueue(ring, numbering, 0, sequence, 10);
                Assert.IsTrue(ring.Count <= 8, "message bound");
            }

            Assert.AreEqual(100L, ring.Count + ring.Dropped);
            Assert.AreEqual(0, SequenceAt(ring, ring.OldestOffset));
        }

        [TestMethod]
        public void CompactionAcrossWrapAroundKeepsEveryRecordIntactWhileDraining()
        {
            // Mixed sizes, three series and events, a consumer taking the oldest now and then: the arena
            // wraps many times and is compacted in every wrapped shape.
            TestSeries numbering = new TestSeries();
            StoreAndForwardRing ring = new StoreAndForwardRing(600, 64, numbering);
            uint random = 2463534242;
            int lastTaken = -1;
            long taken = 0;
            long eventsIn = 0;
            long eventsOut = 0;
            for (int sequence = 0; sequence < 20000; sequence++)
            {
                random ^= random << 13;
                random ^= random >> 17;
                random ^= random << 5;
                bool isEvent = random % 29 == 0;
                byte series = isEvent ? Event : (byte)(random % 3);
                Assert.IsTrue(Enqueue(ring, numbering, series, sequence, 5 + (int)(random % 70)));
                eventsIn += isEvent ? 1 : 0;
                Assert.IsTrue(ring.UsedBytes <= ring.CapacityBytes);
                Assert.AreEqual(sequence + 1L, ring.Count + ring.Dropped + taken, "every record kept, taken or counted");

                if ((random >> 8) % 4 == 0)
                {
                    AssertIntact(ring, ring.OldestOffset);
                    Assert.IsTrue(ring.OldestOffset + ring.OldestLength <= ring.CapacityBytes, "contiguous");
                    int oldest = SequenceAt(ring, ring.OldestOffset);
                    Assert.IsTrue(oldest > lastTaken, "in order");
                    eventsOut += ring.Arena[ring.OldestOffset] == Event ? 1 : 0;
                    lastTaken = oldest;
                    taken++;
                    ring.RemoveOldest();
                }

                if (sequence % 97 == 0)
                {
                    int offset = ring.OldestOffset;
                    int previous = lastTaken;
                    for (int i = 0; i < ring.Count; i++)
                    {
                        AssertIntact(ring, offset);
                        int current = SequenceAt(ring, offset);
                        Assert.IsTrue(current > previous, "walk in order");
                        previous = current;
                        offset = ring.NextOffset(offset);
                    }
                }
            }

            eventsOut += CountSeries(ring, Event);
            Assert.AreEqual(eventsIn, eventsOut, "no event lost while readings could be thinned");
            Assert.IsTrue(ring.Thinned > 0, "thinning happened");
            while (ring.Count > 0)
            {
                ring.RemoveOldest();
            }

            Assert.AreEqual(0, ring.ThinningLevel, "a drained ring starts the next outage afresh");
        }

        /// <summary>Queues a test record of the series, numbered by the ring's own <paramref name="numbering"/>.</summary>
        private static bool Enqueue(StoreAndForwardRing ring, TestSeries numbering, byte series, int sequence, int length)
        {
            byte[] payload = new byte[length];
            int ordinal = series == Event ? 0 : numbering.Next(series);
            payload[0] = series;
            payload[1] = (byte)(sequence >> 8);
            payload[2] = (byte)sequence;
            payload[3] = (byte)(ordinal >> 8);
            payload[4] = (byte)ordinal;
            for (int i = 5; i < length; i++)
            {
                payload[i] = (byte)(sequence + i);
            }

            return ring.Enqueue(payload, 0, length);
        }

        private static int SequenceAt(StoreAndForwardRing ring, int offset)
        {
            return (ring.Arena[offset + 1] << 8) | ring.Arena[offset + 2];
        }

        private static void AssertIntact(StoreAndForwardRing ring, int offset)
        {
            int sequence = SequenceAt(ring, offset);
            int length = ring.LengthOf(offset);
            for (int i = 5; i < length; i++)
            {
                Assert.AreEqual((byte)(sequence + i), ring.Arena[offset + i], "record " + sequence.ToString() + " byte " + i.ToString());
            }
        }

        private static int CountSeries(StoreAndForwardRing ring, byte series)
        {
            int count = 0;
            int offset = ring.OldestOffset;
            for (int i = 0; i < ring.Count; i++)
            {
                count += ring.Arena[offset] == series ? 1 : 0;
                offset = ring.NextOffset(offset);
            }

            return count;
        }

        /// <summary>
        /// The test records' series: their first byte (255: an event), ordinals numbered per series as they are
        /// queued; the newest of a series is never thinned.
        /// </summary>
        private sealed class TestSeries : IRecordSeries
        {
            private readonly int[] _next = new int[256];

            public int Next(int series)
            {
                int ordinal = _next[series];
                _next[series] = (ordinal + 1) & 0xFFFF;
                return ordinal;
            }

            public int SeriesOf(byte[] arena, int offset, int length, out int ordinal)
            {
                ordinal = 0;
                if (length < 5 || arena[offset] == Event)
                {
                    return -1;
                }

                int series = arena[offset];
                ordinal = (arena[offset + 3] << 8) | arena[offset + 4];
                return ordinal == ((_next[series] - 1) & 0xFFFF) ? -1 : series;
            }
        }
    }
}
