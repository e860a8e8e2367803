using System.Collections;
using EspCollector.Core.Console;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// Collects console output as lines: Write adds to the open line, WriteLine closes it. <see cref="Pending"/>
    /// holds text written since the last line end (prompt, echo).
    /// </summary>
    public sealed class CapturedConsoleOutput : IConsoleOutput
    {
        private readonly ArrayList _lines = new ArrayList();
        private string _pending = string.Empty;

        public int Count
        {
            get { return _lines.Count; }
        }

        public string this[int index]
        {
            get { return (string)_lines[index]; }
        }

        public string Pending
        {
            get { return _pending; }
        }

        public void Write(string text)
        {
            _pending += text;
        }

        public void WriteLine(string text)
        {
            _lines.Add(_pending + text);
            _pending = string.Empty;
        }

        public void Clear()
        {
            _lines.Clear();
            _pending = string.Empty;
        }

        /// <summary>All lines joined with '|' (assertion messages).</summary>
        public string Joined()
        {
            string joined = string.Empty;
            for (int index = 0; index < _lines.Count; index++)
            {
                joined += (index == 0 ? string.Empty : " | ") + (string)_lines[index];
            }

            return joined;
        }
    }
}
