// expect: reject NF0401
// An instance auto-property of a [TestClass] is an instance field too (its backing field).
using nanoFramework.TestFramework;

namespace Fixtures
{
    [TestClass]
    public class KeepsStateInAProperty
    {
        public int Count { get; set; }

        [TestMethod]
        public void UsesTheProperty()
        {
            Count++;
            Assert.AreEqual(1, Count);
        }
    }
}
