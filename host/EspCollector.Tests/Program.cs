using EspCollector.TestRunner;

namespace EspCollector.Tests.Host
{
    /// <summary>Runs every [TestClass] of firmware.Tests with the device launcher's semantics.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            return TestLauncher.Main(typeof(Program).Assembly, args);
        }
    }
}
