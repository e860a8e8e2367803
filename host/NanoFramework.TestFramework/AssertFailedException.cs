using System;

namespace TestFrameworkShared
{
    /// <summary>Thrown by every failing assertion; the launcher reports its message as the failure reason.</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }
    }
}
