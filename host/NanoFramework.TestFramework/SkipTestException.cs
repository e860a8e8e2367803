using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by a test (or by Assert.SkipTest) to report the case as skipped rather than failed.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message = null, Exception innerException = null)
            : base(message, innerException)
        {
        }
    }
}
