using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// Issue 4: NaN, infinities and physically absurd values are rejected and counted, not published; an
    /// energy total that goes backwards is an event (meter reset or replaced), never a negative consumption.
    /// Register addresses from the KPM31 manual V2.0 6.3/6.4 and the KPM33B manual 6.2.
    /// </summary>
    [TestClass]
    public class PlausibilityTests
    {
        private const byte Holding = 3;

        private static MeterDriver OnlineKpm31()
        {
            MeterDriver driver = new MeterDriver(MeterTypes.Find("kpm31"), 1, new MeterSettings());
            driver.OnAvailabilityChanged(true);
            return driver;
        }

        private static MeterImage PlausibleKpm31()
        {
            MeterImage image = new MeterImage();
            image.SetFloat(Holding, 0x0030, 230f);   // 0030H U V
            image.SetFloat(Holding, 0x0032, 5f);     // 0032H I A
            image.SetFloat(Holding, 0x0034, 1100f);  // 0034H P W
            image.SetFloat(Holding, 0x003C, 50f);    // 003CH F Hz
            image.SetFloat(Holding, 0x0082, 1000f);  // 0082H Import active energy kWh
            return image;
        }

        private static int Index(MeterDriver driver, string name)
        {
            return driver.Readings.IndexOf(name);
        }

        [TestMethod]
        public void NotANumberIsRejectedCountedAndReportedOnce()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.SetUInt32(Holding, 0x0030, 0x7FC00000);   // quiet NaN in U
            image.FeedClass(driver, PollClass.Fast, 1000);
            image.FeedClass(driver, PollClass.Fast, 2000);

            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "voltage_l1")));
            Assert.IsTrue(driver.Readings.IsValid(Index(driver, "current_l1")), "the rest of the block is published");
            Assert.AreEqual(2, driver.Readings.RejectedValues, "every rejection counts");

            MeterEvent happened = new MeterEvent();
            Assert.IsTrue(driver.Readings.Events.TryDequeue(happened));
            Assert.AreEqual((int)MeterEventKind.ImplausibleValue, (int)happened.Kind);
            Assert.AreEqual(Index(driver, "voltage_l1"), happened.QuantityIndex);
            Assert.IsFalse(driver.Readings.Events.TryDequeue(happened), "one event while it stays implausible");
        }

        [TestMethod]
        public void InfinityAndAbsurdValuesAreRejected()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.SetUInt32(Holding, 0x0034, 0x7F800000);   // +infinity in P
            image.SetFloat(Holding, 0x0030, 1.0e6f);        // a megavolt on a 220 V meter
            image.SetFloat(Holding, 0x003A, 3.5f);          // power factor above 1
            image.SetFloat(Holding, 0x003C, -50f);          // negative frequency
            image.FeedClass(driver, PollClass.Fast, 1000);

            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "power")));
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "voltage_l1")));
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "power_factor")));
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "frequency")));
            Assert.IsTrue(driver.Readings.IsValid(Index(driver, "current_l1")));
            Assert.AreEqual(4, driver.Readings.RejectedValues);
        }

        [TestMethod]
        public void NegativeImportEnergyIsRejected()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.SetFloat(Holding, 0x0082, -5f);
            image.FeedClass(driver, PollClass.Slow, 1000);
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "energy_import")));
        }

        [TestMethod]
        public void ValueBecomesValidAgainWhenPlausible()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.SetUInt32(Holding, 0x0030, 0x7FC00000);
            image.FeedClass(driver, PollClass.Fast, 1000);
            image.SetFloat(Holding, 0x0030, 231f);
            image.FeedClass(driver, PollClass.Fast, 2000);
            MeterImage.AssertReading(driver, "voltage_l1", 231, "V");
            Assert.AreEqual(2000L, driver.Readings.UpdatedMicroseconds(Index(driver, "voltage_l1")));
        }

        [TestMethod]
        public void EnergyGoingBackwardsIsAnEventAndTheNewValueTheNewReference()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.FeedClass(driver, PollClass.Slow, 1000);
            image.SetFloat(Holding, 0x0082, 1000.5f);
            image.FeedClass(driver, PollClass.Slow, 2000);
            Assert.AreEqual(0, driver.Readings.EnergyBackwardsEvents);

            // Meter reset: the import counter restarts near zero.
            image.SetFloat(Holding, 0x0082, 0.25f);
            image.FeedClass(driver, PollClass.Slow, 3000);
            Assert.AreEqual(1, driver.Readings.EnergyBackwardsEvents);
            MeterEvent happened = new MeterEvent();
            Assert.IsTrue(driver.Readings.Events.TryDequeue(happened));
            Assert.AreEqual((int)MeterEventKind.EnergyWentBackwards, (int)happened.Kind);
            Assert.AreEqual(Index(driver, "energy_import"), happened.QuantityIndex);
            Assert.AreEqual(1000.5, happened.PreviousValue);
            Assert.AreEqual(0.25, happened.Value);
            Assert.AreEqual(3000L, happened.MonotonicMicroseconds);
            // The counter's reading is published as it is (never as a negative difference), and it grows again
            // from there without further events.
            MeterImage.AssertReading(driver, "energy_import", 0.25, "kWh");
            image.SetFloat(Holding, 0x0082, 0.5f);
            image.FeedClass(driver, PollClass.Slow, 4000);
            Assert.AreEqual(1, driver.Readings.EnergyBackwardsEvents);
        }

        [TestMethod]
        public void ACounterKeepsItsReferenceWhileOfflineOrRejected()
        {
            // The reference a decrease is measured against is the last accepted value, across an offline period
            // and an implausible read in between.
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.FeedClass(driver, PollClass.Slow, 1000);
            driver.OnAvailabilityChanged(false);
            driver.OnAvailabilityChanged(true);
            image.SetFloat(Holding, 0x0082, -7f);
            image.FeedClass(driver, PollClass.Slow, 2000);
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "energy_import")));
            image.SetFloat(Holding, 0x0082, 999f);
            image.FeedClass(driver, PollClass.Slow, 3000);

            Assert.AreEqual(1, driver.Readings.EnergyBackwardsEvents);
            MeterEvent happened = new MeterEvent();
            bool backwards = false;
            while (driver.Readings.Events.TryDequeue(happened))
            {
                if (happened.Kind == MeterEventKind.EnergyWentBackwards)
                {
                    backwards = true;
                    Assert.AreEqual(1000.0, happened.PreviousValue);
                    Assert.AreEqual(999.0, happened.Value);
                }
            }

            Assert.IsTrue(backwards);
            MeterImage.AssertReading(driver, "energy_import", 999, "kWh");
        }

        [TestMethod]
        public void EachValueCarriesTheTimeOfTheReadThatProducedIt()
        {
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.FeedClass(driver, PollClass.Fast, 1000);
            image.FeedClass(driver, PollClass.Slow, 3000);
            Assert.AreEqual(1000L, driver.Readings.UpdatedMicroseconds(Index(driver, "voltage_l1")));
            Assert.AreEqual(3000L, driver.Readings.UpdatedMicroseconds(Index(driver, "energy_import")));
            Assert.AreEqual(3000L, driver.Readings.LastReadMicroseconds);

            // A failed read leaves the values and their times as they were.
            for (int block = 0; block < driver.Blocks.Length; block++)
            {
                if (driver.Blocks[block].PollClass == PollClass.Fast)
                {
                    driver.OnBlockFailed(block, ModbusStatus.Timeout);
                }
            }

            Assert.IsTrue(driver.Readings.IsValid(Index(driver, "voltage_l1")));
            Assert.AreEqual(1000L, driver.Readings.UpdatedMicroseconds(Index(driver, "voltage_l1")));
            image.FeedClass(driver, PollClass.Fast, 5000);
            Assert.AreEqual(5000L, driver.Readings.UpdatedMicroseconds(Index(driver, "voltage_l1")));
            Assert.AreEqual(3000L, driver.Readings.UpdatedMicroseconds(Index(driver, "energy_import")));
            Assert.AreEqual(5000L, driver.Readings.LastReadMicroseconds);
        }

        [TestMethod]
        public void NetTotalsMayDecreaseWithoutEvent()
        {
            // KPM31 "0080H Total active energy": the manual does not say it only grows, so it is not checked.
            MeterDriver driver = OnlineKpm31();
            MeterImage image = PlausibleKpm31();
            image.SetFloat(Holding, 0x0080, 500f);
            image.FeedClass(driver, PollClass.Slow, 1000);
            image.SetFloat(Holding, 0x0080, 499f);
            image.FeedClass(driver, PollClass.Slow, 2000);
            Assert.AreEqual(0, driver.Readings.EnergyBackwardsEvents);
        }

        [TestMethod]
        public void OfflineMeterPublishesNothingAndRereadsItsIdentity()
        {
            MeterDriver driver = new MeterDriver(MeterTypes.Find("kpm33b"), 1, new MeterSettings());
            driver.OnAvailabilityChanged(true);
            MeterImage image = new MeterImage();
            image.SetAscii(Holding, 0x0012, "33B0000000001", 7);   // 0012H Sn serial No.
            image.SetFloat(Holding, 0x0062, 50f);                 // 0062H Frequency
            image.FeedAll(driver, 1000);
            Assert.IsTrue(driver.Readings.IsValid(Index(driver, "frequency")));
            Assert.IsTrue(driver.Identity.IsRead);

            driver.OnAvailabilityChanged(false);
            Assert.IsFalse(driver.Readings.Online);
            Assert.IsFalse(driver.Readings.IsValid(Index(driver, "frequency")));
            Assert.IsFalse(driver.Identity.IsRead);
        }

        [TestMethod]
        public void AnotherSerialNumberStartsNewCounterReferences()
        {
            MeterDriver driver = new MeterDriver(MeterTypes.Find("kpm33b"), 1, new MeterSettings());
            driver.OnAvailabilityChanged(true);
            MeterImage image = new MeterImage();
            image.SetAscii(Holding, 0x0012, "33B0000000001", 7);
            image.SetFloat(Holding, 0x0082, 5000f);               // 0082H Forward active energy kWh
            image.FeedAll(driver, 1000);

            // The meter is swapped while the bus is offline; the new one has a small counter.
            driver.OnAvailabilityChanged(false);
            driver.OnAvailabilityChanged(true);
            image.SetAscii(Holding, 0x0012, "33B0000000002", 7);
            image.SetFloat(Holding, 0x0082, 3f);
            image.FeedAll(driver, 2000);

            Assert.AreEqual("33B0000000002", driver.Identity.SerialNumber);
            Assert.AreEqual(0, driver.Readings.EnergyBackwardsEvents, "a new meter is not a reset");
            // (The image leaves the clock at 0x0023 zero, an impossible date: implausible-value events too.)
            MeterEvent happened = new MeterEvent();
            bool changed = false;
            while (driver.Readings.Events.TryDequeue(happened))
            {
                changed |= happened.Kind == MeterEventKind.SerialNumberChanged;
            }

            Assert.IsTrue(changed);
        }

        [TestMethod]
        public void EventQueueIsBoundedAndCountsWhatItDrops()
        {
            MeterEventQueue queue = new MeterEventQueue(2);
            Assert.IsTrue(queue.Enqueue(MeterEventKind.ImplausibleValue, 0, 0, 1, 10));
            Assert.IsTrue(queue.Enqueue(MeterEventKind.ImplausibleValue, 1, 0, 2, 20));
            Assert.IsFalse(queue.Enqueue(MeterEventKind.ImplausibleValue, 2, 0, 3, 30));
            Assert.AreEqual(1, queue.Dropped);
            MeterEvent happened = new MeterEvent();
            Assert.IsTrue(queue.TryDequeue(happened));
            Assert.AreEqual(0, happened.QuantityIndex, "oldest first");
            Assert.IsTrue(queue.Enqueue(MeterEventKind.ImplausibleValue, 3, 0, 4, 40));
            Assert.AreEqual(2, queue.Count);
        }
    }
}
