// expect: reject NF0402
// The launcher passes [DataRow] arguments as they are: an int for a double parameter fails on nanoCLR
// (.NET reflection would convert it).
using nanoFramework.TestFramework;

namespace Fixtures
{
    [TestClass]
    public class PassesAnIntForADouble
    {
        [TestMethod]
        [DataRow(3200, 1.0)]
        public void Energy(double constant, double expected)
        {
            Assert.AreEqual(expected, constant / 3200.0);
        }
    }
}
