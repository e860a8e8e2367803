using System;
using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    /// <summary>One class exercising every outcome: pass, assertion failure, unexpected exception, skip, data rows.</summary>
    [TestClass]
    public class SequenceSample
    {
        public SequenceSample()
        {
            SampleLog.Events.Add("ctor");
        }

        [Setup]
        public void Prepare()
        {
            SampleLog.Events.Add("setup");
        }

        [TestMethod]
        public void Passes()
        {
            SampleLog.Events.Add("Passes");
        }

        [TestMethod]
        public void FailsAnAssertion()
        {
            SampleLog.Events.Add("FailsAnAssertion");
            Assert.AreEqual(1, 2, "line one\nline two");
        }

        [TestMethod]
        public void ThrowsUnexpectedly()
        {
            SampleLog.Events.Add("ThrowsUnexpectedly");
            throw new InvalidOperationException("boom");
        }

        [TestMethod]
        public void SkipsItself()
        {
            SampleLog.Events.Add("SkipsItself");
            Assert.SkipTest("no peer");
        }

        [TestMethod]
        [DataRow(1, "one")]
        [DataRow(2, "two")]
        public void RunsPerRow(long number, string text)
        {
            SampleLog.Events.Add("RunsPerRow " + number + " " + text);
            Assert.AreNotEqual(2L, number);
        }

        [Cleanup]
        public void Release()
        {
            SampleLog.Events.Add("cleanup");
        }
    }
}
