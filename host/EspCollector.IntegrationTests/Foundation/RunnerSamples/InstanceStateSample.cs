using System.Text;
using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    /// <summary>
    /// A test class written as if the launcher created an instance of it. The device launcher never does: it
    /// calls every method as <c>method.Invoke(null, parameters)</c>, so anything reached through <c>this</c>
    /// throws NullReferenceException there, and must here too.
    /// </summary>
    [TestClass]
    public class InstanceStateSample
    {
        private readonly StringBuilder _written = new StringBuilder();
        private int _count;

        public InstanceStateSample()
        {
            SampleLog.Events.Add("InstanceStateSample ctor");
        }

        [TestMethod]
        public void WritesAnInstanceField()
        {
            SampleLog.Events.Add("WritesAnInstanceField");
            _count++;
        }

        [TestMethod]
        public void ReadsAnInstanceField()
        {
            SampleLog.Events.Add("ReadsAnInstanceField");
            Assert.AreEqual(0, _count);
        }

        [TestMethod]
        public void UsesAnObjectTheConstructorWouldHaveMade()
        {
            SampleLog.Events.Add("UsesAnObjectTheConstructorWouldHaveMade");
            _written.Append("x");
        }

        [TestMethod]
        public void CallsAnInstanceHelperThatReadsAField()
        {
            SampleLog.Events.Add("CallsAnInstanceHelperThatReadsAField");
            Assert.AreEqual(0, Counted());
        }

        [TestMethod]
        public void KeepsItsStateInLocals()
        {
            int count = 0;
            count++;
            SampleLog.Events.Add("KeepsItsStateInLocals " + count);
        }

        [TestMethod]
        public static void IsStatic()
        {
            SampleLog.Events.Add("IsStatic");
        }

        private int Counted()
        {
            return _count;
        }
    }
}
