// expect: accept
// What the launcher runs: state in static fields reset by [Setup] or in locals, [DataRow] arguments of exactly
// their parameters' types.
using nanoFramework.TestFramework;

namespace Fixtures
{
    [TestClass]
    public class KeepsStateInStatics
    {
        private const int Expected = 2;
        private static int[] _values;

        [Setup]
        public void Fill()
        {
            _values = new int[] { 1, 2 };
        }

        [TestMethod]
        public void UsesTheStaticField()
        {
            Assert.AreEqual(Expected, _values.Length);
        }

        [TestMethod]
        [DataRow(3200.0, 1.0, "kWh", 3, (byte)1)]
        public void Energy(double constant, double expected, string unit, int digits, byte address)
        {
            Assert.AreEqual(expected, constant / 3200.0);
            Assert.IsNotNull(unit);
            Assert.AreEqual(3, digits);
            Assert.AreEqual((byte)1, address);
        }
    }
}
