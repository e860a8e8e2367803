using EspCollector.TestRunner;

namespace EspCollector.IntegrationTests
{
    /// <summary>Runs every [TestClass] of this project with the device launcher's semantics.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            return TestLauncher.Main(typeof(Program).Assembly, args);
        }
    }
}
