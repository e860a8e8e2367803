using System;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Foundation
{
    /// <summary>
    /// Behaviours of the nanoFramework runtime that differ from .NET and that the host runner reproduces, so that a
    /// test relying on the .NET behaviour fails on the host as it fails on nanoCLR (see firmware/PLATFORM.md).
    /// </summary>
    [TestClass]
    public class RuntimeFactsTests
    {
        /// <summary>
        /// nanoCLR's Random.Next(maxValue) throws for maxValue &lt;= 0 (.NET returns 0 for 0). Fuzz tests that draw a
        /// position in a buffer a mutation may have emptied must not draw from an empty range. On the host this passes
        /// only through host/EspCollector.Tests/DeviceRandom.cs.
        /// </summary>
        [TestMethod]
        [DataRow(0)]
        [DataRow(-5)]
        public void RandomNextOfAnEmptyRangeThrows(int maxValue)
        {
            Random random = new Random(1);

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => random.Next(maxValue));
            Assert.AreEqual(0, random.Next(1), "a range of one value still works");
        }
    }
}
