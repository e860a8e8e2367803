using System.Threading;
using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    /// <summary>A test that hangs, for the launcher's timeout.</summary>
    [TestClass]
    public class SlowSample
    {
        [TestMethod]
        public void Hangs()
        {
            Thread.Sleep(Timeout.Infinite);
        }

        [TestMethod]
        public void Returns()
        {
        }
    }
}
