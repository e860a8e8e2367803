// expect: reject NF0401
// The nanoFramework test launcher calls every test method with a null `this` (method.Invoke(null, ...)): an
// instance field of a [TestClass] is a NullReferenceException on the device.
using nanoFramework.TestFramework;

namespace Fixtures
{
    [TestClass]
    public class KeepsStateInAField
    {
        private int[] _values;

        [Setup]
        public void Fill()
        {
            _values = new int[] { 1, 2 };
        }

        [TestMethod]
        public void UsesTheField()
        {
            Assert.AreEqual(2, _values.Length);
        }
    }
}
