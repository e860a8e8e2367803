using System.Collections.Generic;

namespace EspCollector.TestRunner
{
    public sealed class TestRunSummary
    {
        public TestRunSummary(IReadOnlyList<TestCaseResult> cases)
        {
            Cases = cases;
            foreach (TestCaseResult result in cases)
            {
                switch (result.Outcome)
                {
                    case TestOutcome.Passed:
                        Passed++;
                        break;
                    case TestOutcome.Skipped:
                        Skipped++;
                        break;
                    default:
                        Failed++;
                        break;
                }
            }
        }

        /// <summary>Every case in the order it ran.</summary>
        public IReadOnlyList<TestCaseResult> Cases { get; }

        public int Passed { get; }

        public int Failed { get; }

        public int Skipped { get; }

        /// <summary>0 when nothing failed, 1 otherwise.</summary>
        public int ExitCode
        {
            get { return Failed == 0 ? 0 : 1; }
        }

        /// <summary>"N passed, N failed", with ", N skipped" when any case was skipped.</summary>
        public string ClosingLine
        {
            get
            {
                string line = Passed + " passed, " + Failed + " failed";
                return Skipped == 0 ? line : line + ", " + Skipped + " skipped";
            }
        }
    }
}
