using nanoFramework.TestFramework;

namespace EspCollector.RunnerSamples
{
    public enum SampleParity
    {
        None = 0,
        Even = 2,
    }

    /// <summary>
    /// Data rows as the device launcher takes them: the values are passed without conversion, so each must have
    /// exactly its parameter's type, and none may be null (the MetadataProcessor crashes on it).
    /// </summary>
    [TestClass]
    public static class DataRowTypeSample
    {
        [TestMethod]
        [DataRow(7.0)]
        [DataRow(7)]
        public static void TakesADouble(double real)
        {
            SampleLog.Events.Add("TakesADouble " + real);
        }

        [TestMethod]
        [DataRow((byte)7, (ushort)8, 9L, SampleParity.Even)]
        [DataRow(7, 8, 9, 2)]
        public static void TakesExactIntegerTypes(byte small, ushort word, long big, SampleParity parity)
        {
            SampleLog.Events.Add("TakesExactIntegerTypes " + small + " " + word + " " + big + " " + parity);
        }

        [TestMethod]
        [DataRow("text", "")]
        [DataRow("text", null)]
        public static void TakesStrings(string first, string second)
        {
            SampleLog.Events.Add("TakesStrings " + first + " [" + second + "]");
        }

        [TestMethod]
        [DataRow(new byte[] { 1, 2 })]
        [DataRow(null)]
        public static void TakesAnArray(byte[] frame)
        {
            SampleLog.Events.Add("TakesAnArray " + (frame == null ? "null" : frame.Length.ToString()));
        }

        [TestMethod]
        [DataRow(1, 2)]
        public static void TakesOneArgument(int only)
        {
            SampleLog.Events.Add("TakesOneArgument " + only);
        }
    }
}
