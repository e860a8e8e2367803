using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Test output; on the host it goes to standard output between the launcher's result lines.</summary>
    public static class OutputHelper
    {
        public static void Write(string message)
        {
            Console.Write(message);
        }

        public static void WriteLine(string message)
        {
            Console.WriteLine(message);
        }
    }
}
