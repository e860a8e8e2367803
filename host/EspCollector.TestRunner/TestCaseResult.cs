namespace EspCollector.TestRunner
{
    /// <summary>The result of one case: one test method, or one [DataRow] of it.</summary>
    public sealed class TestCaseResult
    {
        public TestCaseResult(string name, TestOutcome outcome, string message)
            : this(name, outcome, message, 0)
        {
        }

        public TestCaseResult(string name, TestOutcome outcome, string message, long ticks)
        {
            Name = name;
            Outcome = outcome;
            Message = message;
            Ticks = ticks;
        }

        /// <summary>&lt;FullTypeName&gt;.&lt;Method&gt;.&lt;index&gt;, as the device launcher names the case.</summary>
        public string Name { get; }

        public TestOutcome Outcome { get; }

        /// <summary>Failure or skip reason on one line; empty when passed.</summary>
        public string Message { get; }

        /// <summary>How long a passed case ran, in 100 ns ticks (what the device launcher prints).</summary>
        public long Ticks { get; }

        /// <summary>The line the device launcher prints for this case.</summary>
        public string ToLine()
        {
            switch (Outcome)
            {
                case TestOutcome.Passed:
                    return "Test passed," + Name + "," + Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case TestOutcome.Skipped:
                    return "Test skipped," + Name + "," + Message;
                default:
                    return "Test failed," + Name + "," + Message;
            }
        }
    }
}
