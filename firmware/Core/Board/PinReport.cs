using System.Collections;

namespace EspCollector.Core.Board
{
    /// <summary>The findings of one validation, errors first in the order found.</summary>
    public sealed class PinReport
    {
        private readonly ArrayList _findings = new ArrayList();
        private int _errorCount;
        private int _warningCount;

        public int ErrorCount
        {
            get { return _errorCount; }
        }

        public int WarningCount
        {
            get { return _warningCount; }
        }

        public bool IsValid
        {
            get { return _errorCount == 0; }
        }

        public int Count
        {
            get { return _findings.Count; }
        }

        public PinFinding this[int index]
        {
            get { return (PinFinding)_findings[index]; }
        }

        public void Add(bool isError, int pin, string message)
        {
            _findings.Add(new PinFinding(isError, pin, message));
            if (isError)
            {
                _errorCount++;
            }
            else
            {
                _warningCount++;
            }
        }

        /// <summary>True when a finding mentions this text (tests, and "did the installer see it").</summary>
        public bool Mentions(string text)
        {
            for (int index = 0; index < _findings.Count; index++)
            {
                if (((PinFinding)_findings[index]).Message.IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
