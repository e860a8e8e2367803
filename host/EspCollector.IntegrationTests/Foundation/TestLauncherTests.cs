using System;
using System.IO;
using EspCollector.RunnerSamples;
using EspCollector.TestRunner;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>
    /// The launcher itself, run on the sample classes of Foundation/RunnerSamples (a separate assembly, some of
    /// whose tests fail on purpose): sequence, data rows, failure isolation, skips, output lines.
    /// </summary>
    [TestClass]
    public class TestLauncherTests
    {
        private static readonly Type[] SampleTypes = typeof(SampleLog).Assembly.GetTypes();

        private static string[] Run(string filter, out TestRunSummary summary, out string errors)
        {
            SampleLog.Events.Clear();
            StringWriter output = new StringWriter();
            StringWriter errorOutput = new StringWriter();
            summary = TestLauncher.Run(SampleTypes, new[] { filter }, output, errorOutput);
            errors = errorOutput.ToString();
            return output.ToString().Split(new[] { Environment.NewLine }, StringSplitOptions.RemoveEmptyEntries);
        }

        [TestMethod]
        public void RunsSetupThenEveryCaseThenCleanupOnOneInstance()
        {
            TestRunSummary summary;
            string errors;
            Run("SequenceSample", out summary, out errors);

            CollectionAssert.AreEqual(
                new[]
                {
                    "ctor", "setup", "Passes", "FailsAnAssertion", "ThrowsUnexpectedly", "SkipsItself",
                    "RunsPerRow 1 one", "RunsPerRow 2 two", "cleanup",
                },
                SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void PrintsOneLinePerCaseAndTheClosingCounts()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("SequenceSample", out summary, out errors);

            CollectionAssert.AreEqual(
                new[]
                {
                    "Test passed,SequenceSample.Passes",
                    "Test failed,SequenceSample.FailsAnAssertion,Assert.AreEqual failed. Expected:<1>. Actual:<2>. line one line two",
                    "Test failed,SequenceSample.ThrowsUnexpectedly,System.InvalidOperationException: boom",
                    "Test skipped,SequenceSample.SkipsItself,no peer",
                    "Test passed,SequenceSample.RunsPerRow(1, \"one\")",
                    "Test failed,SequenceSample.RunsPerRow(2, \"two\"),Assert.AreNotEqual failed. Expected any value except:<2>. Actual:<2>. ",
                    "2 passed, 3 failed, 1 skipped",
                },
                lines);
            Assert.AreEqual(1, summary.ExitCode);
        }

        [TestMethod]
        public void ReportsAnUnexpectedExceptionInFullOnTheErrorOutput()
        {
            TestRunSummary summary;
            string errors;
            Run("ThrowsUnexpectedly", out summary, out errors);

            Assert.Contains("Unexpected exception in SequenceSample.ThrowsUnexpectedly: System.InvalidOperationException: boom", errors);
            Assert.Contains("at EspCollector.RunnerSamples.SequenceSample.ThrowsUnexpectedly()", errors);
        }

        [TestMethod]
        public void FailingSetupFailsEveryCaseOfItsClassWithTheReasonAndStillCleansUp()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("FailingSetupSample", out summary, out errors);

            CollectionAssert.AreEqual(
                new[]
                {
                    "Test failed,FailingSetupSample.NeverRunsFirst,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "Test failed,FailingSetupSample.NeverRunsSecond,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "0 passed, 2 failed",
                },
                lines);
            CollectionAssert.AreEqual(new[] { "failing setup", "cleanup after failed setup" }, SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void ConvertsDataRowValuesToTheParameterTypes()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("ConversionSample", out summary, out errors);

            Assert.AreEqual("Test passed,ConversionSample.ConvertsIntegers(7, 7, 7, 2)", lines[0]);
            StringAssertStartsWith("Test failed,ConversionSample.RejectsOverflow(300),Argument 0 (small): cannot convert 300 to Byte", lines[1]);
            Assert.AreEqual("Test passed,ConversionSample.TakesArraysAndNull(null)", lines[2]);
            Assert.AreEqual("Test passed,ConversionSample.TakesArraysAndNull([1, 2])", lines[3]);
            Assert.AreEqual("3 passed, 1 failed", lines[4]);
            CollectionAssert.AreEqual(
                new[] { "ConvertsIntegers 7 7 7 Even", "TakesArraysAndNull null", "TakesArraysAndNull 2" },
                SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void RunsClassesInNameOrderAndOnlyTheCasesMatchingTheFilter()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("never", out summary, out errors);

            CollectionAssert.AreEqual(
                new[]
                {
                    "Test failed,FailingSetupSample.NeverRunsFirst,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "Test failed,FailingSetupSample.NeverRunsSecond,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "0 passed, 2 failed",
                },
                lines);

            CollectionAssert.AreEqual(
                new[] { "ConversionSample.ConvertsIntegers(7, 7, 7, 2)", "ConversionSample.RejectsOverflow(300)" },
                ToArray(TestLauncher.ListCases(SampleTypes, new[] { "ConvertsIntegers", "Overflow" })));
        }

        [TestMethod]
        public void AnEmptyRunPassesWithZeroCounts()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("no such case", out summary, out errors);

            CollectionAssert.AreEqual(new[] { "0 passed, 0 failed" }, lines);
            Assert.AreEqual(0, summary.ExitCode);
            Assert.AreEqual(0, SampleLog.Events.Count, "a class without matching cases is not even set up");
        }

        [TestMethod]
        public void TimeoutFailsAHangingCaseAndGoesOn()
        {
            StringWriter output = new StringWriter();
            TestRunSummary summary = TestLauncher.Run(SampleTypes, new[] { "SlowSample" }, output, new StringWriter(), TimeSpan.FromMilliseconds(200));

            string[] lines = output.ToString().Split(new[] { Environment.NewLine }, StringSplitOptions.RemoveEmptyEntries);
            CollectionAssert.AreEqual(
                new[]
                {
                    "Test failed,SlowSample.Hangs,System.TimeoutException: Hangs still running after 0.2 s; abandoned",
                    "Test passed,SlowSample.Returns",
                    "1 passed, 1 failed",
                },
                lines);
        }

        private static void StringAssertStartsWith(string expected, string actual)
        {
            Assert.StartsWith(expected, actual);
        }

        private static string[] ToArray(System.Collections.Generic.IReadOnlyList<string> items)
        {
            string[] array = new string[items.Count];
            for (int index = 0; index < items.Count; index++)
            {
                array[index] = items[index];
            }

            return array;
        }
    }
}
