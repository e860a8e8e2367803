using System;
using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    [TestClass]
    public class FailingSetupSample
    {
        [Setup]
        public void Prepare()
        {
            SampleLog.Events.Add("failing setup");
            throw new InvalidOperationException("port busy");
        }

        [TestMethod]
        public void NeverRunsFirst()
        {
            SampleLog.Events.Add("NeverRunsFirst");
        }

        [TestMethod]
        public void NeverRunsSecond()
        {
            SampleLog.Events.Add("NeverRunsSecond");
        }

        [Cleanup]
        public void Release()
        {
            SampleLog.Events.Add("cleanup after failed setup");
        }
    }
}
