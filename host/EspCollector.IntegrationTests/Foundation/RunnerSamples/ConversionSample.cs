using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    public enum SampleParity
    {
        None = 0,
        Even = 2,
    }

    /// <summary>Data rows whose values need converting to the parameter types, as on the device.</summary>
    [TestClass]
    public static class ConversionSample
    {
        [DataRow(7, 7, 7, 2)]
        public static void ConvertsIntegers(byte small, ushort word, double real, SampleParity parity)
        {
            SampleLog.Events.Add("ConvertsIntegers " + small + " " + word + " " + real + " " + parity);
            Assert.AreEqual((byte)7, small);
            Assert.AreEqual(7.0, real);
            Assert.AreEqual((int)SampleParity.Even, (int)parity);
        }

        [TestMethod]
        [DataRow(300)]
        public static void RejectsOverflow(byte small)
        {
            SampleLog.Events.Add("RejectsOverflow " + small);
        }

        [TestMethod]
        [DataRow(null)]
        [DataRow(new byte[] { 1, 2 })]
        public static void TakesArraysAndNull(byte[] frame)
        {
            SampleLog.Events.Add("TakesArraysAndNull " + (frame == null ? "null" : frame.Length.ToString()));
        }
    }
}
