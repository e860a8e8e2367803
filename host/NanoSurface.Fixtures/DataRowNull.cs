// expect: reject NF0403
// A null [DataRow] argument makes the nanoFramework MetadataProcessor fail (ArgumentNullException 'key').
using nanoFramework.TestFramework;

namespace Fixtures
{
    [TestClass]
    public class PassesNull
    {
        [TestMethod]
        [DataRow("power_factor", null)]
        public void Unit(string quantity, string unit)
        {
            Assert.IsNotNull(quantity);
        }
    }
}
