using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EspCollector.RunnerSamples;
using EspCollector.TestRunner;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>
    /// The launcher itself, run on the sample classes of Foundation/RunnerSamples (a separate assembly, some of
    /// whose tests fail on purpose): the device launcher's semantics (no instance, a null <c>this</c>, data rows
    /// passed without conversion, its run order and case names), failure isolation, skips, output lines.
    /// </summary>
    [TestClass]
    public class TestLauncherTests
    {
        private const string Samples = "EspCollector.RunnerSamples.";

        private static readonly Type[] SampleTypes = typeof(SampleLog).Assembly.GetTypes();

        private static readonly Regex PassedLine = new Regex("^(Test passed,[^,]+),([0-9]+)$");

        /// <summary>
        /// Runs the samples matching <paramref name="filter"/>; returns the output lines with the ticks of each
        /// passed line (a duration, checked to be a number) written as "ticks".
        /// </summary>
        private static string[] Run(string filter, out TestRunSummary summary, out string errors)
        {
            SampleLog.Events.Clear();
            StringWriter output = new StringWriter();
            StringWriter errorOutput = new StringWriter();
            summary = TestLauncher.Run(SampleTypes, new[] { filter }, output, errorOutput);
            errors = errorOutput.ToString();
            return WithoutTicks(output.ToString());
        }

        private static string[] WithoutTicks(string output)
        {
            return output
                .Split(new[] { Environment.NewLine }, StringSplitOptions.RemoveEmptyEntries)
                .Select(line => PassedLine.Replace(line, "$1,ticks"))
                .ToArray();
        }

        [TestMethod]
        public void RunsSetupThenTestMethodsThenDataRowsThenCleanupWithoutEverCreatingTheClass()
        {
            TestRunSummary summary;
            string errors;
            Run("SequenceSample", out summary, out errors);

            CollectionAssert.AreEqual(
                new[]
                {
                    "setup", "Passes", "FailsAnAssertion", "ThrowsUnexpectedly", "SkipsItself",
                    "RunsPerRow 1 one", "RunsPerRow 2 two", "RunsPerRowWithoutTestMethod 3 three", "cleanup",
                },
                SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void PrintsTheDeviceLaunchersLinesAndTheClosingCounts()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("SequenceSample", out summary, out errors);

            // <FullTypeName>.<Method>.<index>: the index is the attribute's among the method's attributes once
            // [TestMethod] is dropped from a method with [DataRow]s; a passed case ends with its duration in ticks.
            CollectionAssert.AreEqual(
                new[]
                {
                    "Test passed," + Samples + "SequenceSample.Passes.0,ticks",
                    "Test failed," + Samples + "SequenceSample.FailsAnAssertion.0,Assert.AreEqual failed. Expected:<1>. Actual:<2>. line one line two",
                    "Test failed," + Samples + "SequenceSample.ThrowsUnexpectedly.0,System.InvalidOperationException: boom",
                    "Test skipped," + Samples + "SequenceSample.SkipsItself.0,no peer",
                    "Test passed," + Samples + "SequenceSample.RunsPerRow.0,ticks",
                    "Test failed," + Samples + "SequenceSample.RunsPerRow.1,Assert.AreNotEqual failed. Expected any value except:<2>. Actual:<2>. ",
                    "Test passed," + Samples + "SequenceSample.RunsPerRowWithoutTestMethod.0,ticks",
                    "3 passed, 3 failed, 1 skipped",
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

            Assert.Contains("Unexpected exception in " + Samples + "SequenceSample.ThrowsUnexpectedly.0: System.InvalidOperationException: boom", errors);
            Assert.Contains("at EspCollector.RunnerSamples.SequenceSample.ThrowsUnexpectedly()", errors);
        }

        [TestMethod]
        public void ATestThatTouchesInstanceStateFailsAsOnTheDevice()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("InstanceStateSample", out summary, out errors);

            const string NullThis = "System.NullReferenceException: Object reference not set to an instance of an object.";
            CollectionAssert.AreEqual(
                new[]
                {
                    "Test failed," + Samples + "InstanceStateSample.WritesAnInstanceField.0," + NullThis,
                    "Test failed," + Samples + "InstanceStateSample.ReadsAnInstanceField.0," + NullThis,
                    "Test failed," + Samples + "InstanceStateSample.UsesAnObjectTheConstructorWouldHaveMade.0," + NullThis,
                    "Test failed," + Samples + "InstanceStateSample.CallsAnInstanceHelperThatReadsAField.0," + NullThis,
                    "Test passed," + Samples + "InstanceStateSample.KeepsItsStateInLocals.0,ticks",
                    "Test passed," + Samples + "InstanceStateSample.IsStatic.0,ticks",
                    "2 passed, 4 failed",
                },
                lines);

            // Each test ran (with a null this) up to its first use of the instance; the constructor never ran.
            CollectionAssert.AreEqual(
                new[]
                {
                    "WritesAnInstanceField", "ReadsAnInstanceField", "UsesAnObjectTheConstructorWouldHaveMade",
                    "CallsAnInstanceHelperThatReadsAField", "KeepsItsStateInLocals 1", "IsStatic",
                },
                SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void ADataRowArgumentOfAnotherTypeThanItsParameterFailsTheCase()
        {
            TestRunSummary summary;
            string errors;
            string[] lines = Run("DataRowTypeSample.Takes", out summary, out errors);

            const string NoConversion = " but the parameter is {0}: the launcher passes [DataRow] values without conversion";
            const string NullCrash = "a null attribute argument crashes the MetadataProcessor";
            CollectionAssert.AreEqual(
                new[]
                {
                    "Test passed," + Samples + "DataRowTypeSample.TakesADouble.0,ticks",
                    "Test failed," + Samples + "DataRowTypeSample.TakesADouble.1,[DataRow] argument 0 (real) is Int32 7" + string.Format(NoConversion, "Double"),
                    "Test passed," + Samples + "DataRowTypeSample.TakesExactIntegerTypes.0,ticks",
                    "Test failed," + Samples + "DataRowTypeSample.TakesExactIntegerTypes.1,[DataRow] argument 0 (small) is Int32 7" + string.Format(NoConversion, "Byte"),
                    "Test passed," + Samples + "DataRowTypeSample.TakesStrings.0,ticks",
                    "Test failed," + Samples + "DataRowTypeSample.TakesStrings.1,[DataRow] argument 1 (second) is null: " + NullCrash,
                    "Test passed," + Samples + "DataRowTypeSample.TakesAnArray.0,ticks",
                    "Test failed," + Samples + "DataRowTypeSample.TakesAnArray.1,[DataRow(null)]: " + NullCrash,
                    "Test failed," + Samples + "DataRowTypeSample.TakesOneArgument.0,[DataRow] gives 2 argument(s) but TakesOneArgument takes 1: the launcher passes exactly the row's values",
                    "4 passed, 5 failed",
                },
                lines);

            // Only the rows of exactly the right types ran.
            CollectionAssert.AreEqual(
                new[] { "TakesADouble 7", "TakesExactIntegerTypes 7 8 9 Even", "TakesStrings text []", "TakesAnArray 2" },
                SampleLog.Events.ToArray());
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
                    "Test failed," + Samples + "FailingSetupSample.NeverRunsFirst.0,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "Test failed," + Samples + "FailingSetupSample.NeverRunsSecond.0,Setup Prepare failed: System.InvalidOperationException: port busy",
                    "0 passed, 2 failed",
                },
                lines);
            CollectionAssert.AreEqual(new[] { "failing setup", "cleanup after failed setup" }, SampleLog.Events.ToArray());
        }

        [TestMethod]
        public void RunsClassesInNameOrderAndOnlyTheCasesMatchingAFilter()
        {
            StringWriter output = new StringWriter();
            TestLauncher.Run(SampleTypes, new[] { "SlowSample.Returns", "DataRowTypeSample.TakesADouble.0" }, output, new StringWriter());

            CollectionAssert.AreEqual(
                new[]
                {
                    "Test passed," + Samples + "DataRowTypeSample.TakesADouble.0,ticks",
                    "Test passed," + Samples + "SlowSample.Returns.0,ticks",
                    "2 passed, 0 failed",
                },
                WithoutTicks(output.ToString()));

            CollectionAssert.AreEqual(
                new[]
                {
                    Samples + "DataRowTypeSample.TakesADouble.0",
                    Samples + "DataRowTypeSample.TakesADouble.1",
                    Samples + "SequenceSample.Passes.0",
                },
                TestLauncher.ListCases(SampleTypes, new[] { "TakesADouble", "Sample.Passes" }).ToArray());
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
            TestLauncher.Run(SampleTypes, new[] { "SlowSample" }, output, new StringWriter(), TimeSpan.FromMilliseconds(200));

            CollectionAssert.AreEqual(
                new[]
                {
                    "Test failed," + Samples + "SlowSample.Hangs.0,System.TimeoutException: Hangs still running after 0.2 s; abandoned",
                    "Test passed," + Samples + "SlowSample.Returns.0,ticks",
                    "1 passed, 1 failed",
                },
                WithoutTicks(output.ToString()));
        }
    }
}
