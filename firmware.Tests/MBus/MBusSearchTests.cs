using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>The secondary-address wildcard search and the primary scan over several simulated meters.</summary>
    [TestClass]
    public class MBusSearchTests
    {
        [TestMethod]
        public void SecondarySearchFindsFiveMetersWithCollidingPrefixes()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            MBusTestBus bus = new MBusTestBus(line);
            int[] numbers = new int[] { 13070001, 13070002, 13070011, 13071001, 45230115 };
            for (int index = 0; index < numbers.Length; index++)
            {
                bus.Add(new KlefrMBusSlave(0, numbers[index]));
            }

            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            MBusSearch search = new MBusSearch(master, 16);
            Assert.AreEqual(5, search.SearchSecondary());
            for (int index = 0; index < numbers.Length; index++)
            {
                Assert.IsTrue(Found(search, numbers[index]), numbers[index].ToString());
            }

            // Each level tries the ten digits once. Level 1: "1" collides (four meters), "4" finds 45230115.
            // Then "13", "130", "1307" collide; under 1307 "0" collides and "1" finds 13071001; under 13070 "0"
            // collides; under 130700 "0" collides and "1" finds 13070011; under 1307000 "1" and "2" find the last
            // two. Eight levels of ten selections: 80 probes.
            Assert.AreEqual(80, search.Probes);
            Assert.AreEqual(0, search.UnresolvedCollisions);
            Assert.IsTrue(bus.Collisions > 0, "the reads at FD collided");
            Assert.AreEqual((ushort)KlefrMBus.ManufacturerCode, search.ManufacturerAt(0));
            Assert.AreEqual((byte)0x02, search.MediumAt(0));
        }

        [TestMethod]
        public void PrimaryScanFindsEachAddressOnce()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            MBusTestBus bus = new MBusTestBus(line);
            bus.Add(new KlefrMBusSlave(3, 11111111));
            bus.Add(new KlefrMBusSlave(250, 22222222));
            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            MBusSearch search = new MBusSearch(master, 4);
            Assert.AreEqual(2, search.ScanPrimary(0, 250));
            Assert.AreEqual(251, search.Reads);
            Assert.AreEqual((byte)3, search.AddressAt(0));
            Assert.AreEqual(11111111, search.IdentificationAt(0));
            Assert.AreEqual((byte)250, search.AddressAt(1));
        }

        private static bool Found(MBusSearch search, int number)
        {
            for (int index = 0; index < search.Count; index++)
            {
                if (search.IdentificationAt(index) == number)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
