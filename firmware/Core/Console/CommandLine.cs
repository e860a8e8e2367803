using System.Collections;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// A console line split into words: separated by spaces, a word in double quotes may hold spaces
    /// ("My Home"). Keeps each word's start so "set" can take the rest of the line as one value.
    /// </summary>
    public sealed class CommandLine
    {
        private readonly string _text;
        private readonly ArrayList _words = new ArrayList();
        private readonly ArrayList _starts = new ArrayList();
        private readonly string _error;
        private int _argumentStart;

        public CommandLine(string text)
        {
            _text = text;
            int index = 0;
            while (index < text.Length)
            {
                if (text[index] == ' ')
                {
                    index++;
                    continue;
                }

                int start = index;
                if (text[index] == '"')
                {
                    int close = text.IndexOf('"', index + 1);
                    if (close < 0)
                    {
                        _error = "unterminated quote";
                        return;
                    }

                    _words.Add(text.Substring(index + 1, close - index - 1));
                    _starts.Add(start);
                    index = close + 1;
                    continue;
                }

                while (index < text.Length && text[index] != ' ')
                {
                    index++;
                }

                _words.Add(text.Substring(start, index - start));
                _starts.Add(start);
            }
        }

        /// <summary>Why the line could not be split (unterminated quote), or null.</summary>
        public string Error
        {
            get { return _error; }
        }

        public int WordCount
        {
            get { return _words.Count; }
        }

        public string Word(int index)
        {
            return (string)_words[index];
        }

        /// <summary>Index of the first argument after the command's own words (set by the command table).</summary>
        public int ArgumentStart
        {
            get { return _argumentStart; }
            set { _argumentStart = value; }
        }

        public int ArgumentCount
        {
            get { return _words.Count - _argumentStart; }
        }

        public string Argument(int index)
        {
            return (string)_words[_argumentStart + index];
        }

        /// <summary>
        /// The raw text from argument <paramref name="index"/> to the end of the line, trimmed; a value wholly in
        /// double quotes loses them (so leading/trailing spaces can be kept).
        /// </summary>
        public string RestFrom(int index)
        {
            int start = (int)_starts[_argumentStart + index];
            string rest = _text.Substring(start).Trim();
            if (rest.Length >= 2 && rest[0] == '"' && rest[rest.Length - 1] == '"')
            {
                return rest.Substring(1, rest.Length - 2);
            }

            return rest;
        }
    }
}
