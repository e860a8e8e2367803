namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The same tests run on .NET here and on nanoCLR (emulator or board), where the interpreter is orders of
    /// magnitude slower: long simulations choose a shorter span there, with the same assertions per unit of time.
    /// </summary>
    public static class TestScale
    {
        /// <summary>
        /// True on nanoCLR: its core library is the assembly "mscorlib", on .NET it is System.Private.CoreLib.
        /// </summary>
        public static readonly bool OnDevice = typeof(object).Assembly.GetName().Name == "mscorlib";

        /// <summary>The host's count on .NET, the device's on nanoCLR.</summary>
        public static int Choose(int onHost, int onDevice)
        {
            return OnDevice ? onDevice : onHost;
        }
    }
}
