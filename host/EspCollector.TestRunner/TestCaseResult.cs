namespace EspCollector.TestRunner
{
    /// <summary>The result of one case: one test method, or one [DataRow] of it.</summary>
    public sealed class TestCaseResult
    {
        public TestCaseResult(string name, TestOutcome outcome, string message)
        {
            Name = name;
            Outcome = outcome;
            Message = message;
        }

        /// <summary>&lt;ClassName&gt;.&lt;MethodName&gt;, with "(&lt;arguments&gt;)" appended for a data row.</summary>
        public string Name { get; }

        public TestOutcome Outcome { get; }

        /// <summary>Failure or skip reason on one line; empty when passed.</summary>
        public string Message { get; }

        /// <summary>The line the launcher prints for this case.</summary>
        public string ToLine()
        {
            switch (Outcome)
            {
                case TestOutcome.Passed:
                    return "Test passed," + Name;
                case TestOutcome.Skipped:
                    return "Test skipped," + Name + "," + Message;
                default:
                    return "Test failed," + Name + "," + Message;
            }
        }
    }
}
