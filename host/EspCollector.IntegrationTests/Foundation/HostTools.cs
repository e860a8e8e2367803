using System;
using System.IO;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>Peers (mosquitto, mbpoll, socat, python3 with pymodbus) that integration tests start.</summary>
    public static class HostTools
    {
        /// <summary>The full path of an executable on PATH (or an absolute path); skips the test when it is missing.</summary>
        public static string RequireExecutable(string name)
        {
            string found = FindExecutable(name);
            if (found == null)
            {
                Assert.SkipTest(name + " is not installed");
            }

            return found;
        }

        /// <summary>The full path of an executable on PATH (or an absolute path), or null.</summary>
        public static string FindExecutable(string name)
        {
            if (Path.IsPathRooted(name))
            {
                return File.Exists(name) ? name : null;
            }

            string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            foreach (string directory in path.Split(Path.PathSeparator))
            {
                if (directory.Length == 0)
                {
                    continue;
                }

                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
