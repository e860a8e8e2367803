namespace EspCollector.TestRunner
{
    public enum TestOutcome
    {
        Passed,
        Failed,
        Skipped,
    }
}
