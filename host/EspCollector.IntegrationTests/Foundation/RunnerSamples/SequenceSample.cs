using System;
using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    /// <summary>
    /// One class exercising every outcome (pass, assertion failure, unexpected exception, skip, data rows), its
    /// methods declared out of run order: the launcher runs every [Setup], then the [TestMethod]s without
    /// [DataRow], then the [DataRow] cases, then every [Cleanup]. It never calls the constructor.
    /// </summary>
    [TestClass]
    public class SequenceSample
    {
        public SequenceSample()
        {
            SampleLog.Events.Add("ctor");
        }

        [Cleanup]
        public void Release()
        {
            SampleLog.Events.Add("cleanup");
        }

        [TestMethod]
        [DataRow(1, "one")]
        [DataRow(2, "two")]
        public void RunsPerRow(int number, string text)
        {
            SampleLog.Events.Add("RunsPerRow " + number + " " + text);
            Assert.AreNotEqual(2, number);
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

        [Setup]
        public void Prepare()
        {
            SampleLog.Events.Add("setup");
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

        [DataRow(3, "three")]
        public void RunsPerRowWithoutTestMethod(int number, string text)
        {
            SampleLog.Events.Add("RunsPerRowWithoutTestMethod " + number + " " + text);
        }
    }
}
