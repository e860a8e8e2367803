using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using EspCollector.IntegrationTests.Foundation;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.App
{
    /// <summary>
    /// The first-boot console session in README.md ("First boot, step by step", step 4) is the one
    /// firmware.Tests/Console/FirstBootWalkthroughTests.cs replays against the real console and collector: the README
    /// block and the test's Session lines must be the same, line for line, so the README never shows output the
    /// firmware does not print.
    /// </summary>
    [TestClass]
    public class ReadmeWalkthroughTests
    {
        [TestMethod]
        public void TheReadmeShowsExactlyTheSessionTheUnitTestReplays()
        {
            List<string> shown = ReadmeSession(File.ReadAllLines(RepositoryPaths.InRepository("README.md")));
            List<string> replayed = TestSession(File.ReadAllText(RepositoryPaths.InRepository("firmware.Tests/Console/FirstBootWalkthroughTests.cs")));
            Assert.IsTrue(replayed.Count > 20, "the test's Session has " + replayed.Count + " lines");
            Assert.AreEqual(replayed.Count, shown.Count, "README lines:\n" + string.Join("\n", shown));
            for (int i = 0; i < replayed.Count; i++)
            {
                Assert.AreEqual(replayed[i], shown[i], "line " + (i + 1) + " of the session");
            }
        }

        /// <summary>
        /// The brief's rule: README.md opens (title, then its first code block) with the two commands, the collector's
        /// main job here with built-in defaults and all tests, and test.sh is the command CI runs.
        /// </summary>
        [TestMethod]
        public void TheReadmeOpensWithTheTwoCommands()
        {
            string[] lines = File.ReadAllLines(RepositoryPaths.InRepository("README.md"));
            Assert.AreEqual("# EspCollector", lines[0], "the README's first line");
            int fence = System.Array.FindIndex(lines, line => line.StartsWith("```"));
            Assert.IsTrue(fence > 0 && fence < 5, "the first code block follows the title");
            Assert.IsTrue(lines[fence + 1].StartsWith("dotnet run --project host/EspCollector.Cli -- twin"), lines[fence + 1]);
            Assert.IsTrue(lines[fence + 2].StartsWith("bash test.sh"), lines[fence + 2]);
            Assert.IsTrue(File.ReadAllText(RepositoryPaths.InRepository(".ci/run")).Contains("bash test.sh"), ".ci/run calls the README's test command");
        }

        /// <summary>The code block whose first line is the session's first command.</summary>
        private static List<string> ReadmeSession(string[] lines)
        {
            var session = new List<string>();
            bool inside = false;
            foreach (string raw in lines)
            {
                string line = raw.Trim();
                if (!inside)
                {
                    inside = line == "espc> board use esp32-devkitc-max485" && session.Count == 0;
                    if (inside)
                    {
                        session.Add(line);
                    }

                    continue;
                }

                if (line.StartsWith("```"))
                {
                    break;
                }

                session.Add(line);
            }

            return session;
        }

        /// <summary>The string literals of the test's Session array, unescaped.</summary>
        private static List<string> TestSession(string source)
        {
            int start = source.IndexOf("Session = new string[]");
            int end = source.IndexOf("};", start);
            var session = new List<string>();
            foreach (Match match in Regex.Matches(source.Substring(start, end - start), "\"((?:[^\"\\\\]|\\\\.)*)\""))
            {
                session.Add(Regex.Unescape(match.Groups[1].Value));
            }

            return session;
        }
    }
}
