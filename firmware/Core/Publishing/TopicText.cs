namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Composes a topic from its parts into one preallocated character buffer, so that a topic needed once
    /// (a discovery config, a removed entity, an availability message) costs only the final string the transport
    /// takes, not the intermediate strings of a concatenation. Used under the publisher's lock only.
    /// Names are at most 32 characters, so a topic fits <see cref="Capacity"/> unless the configured prefixes are
    /// very long; then the text spills into a string (correct, just not free).
    /// </summary>
    public sealed class TopicText
    {
        public const int Capacity = 112;

        private readonly char[] _text = new char[Capacity];
        private int _length;

        /// <summary>The text once it outgrew the buffer; null while it fits.</summary>
        private string _spill;

        public TopicText Clear()
        {
            _length = 0;
            _spill = null;
            return this;
        }

        public TopicText Append(string part)
        {
            if (part == null)
            {
                return this;
            }

            if (_spill == null && _length + part.Length > _text.Length)
            {
                _spill = new string(_text, 0, _length);
            }

            if (_spill != null)
            {
                _spill += part;
                return this;
            }

            for (int i = 0; i < part.Length; i++)
            {
                _text[_length++] = part[i];
            }

            return this;
        }

        public TopicText Append(char c)
        {
            if (_spill == null && _length < _text.Length)
            {
                _text[_length++] = c;
                return this;
            }

            return Append(c.ToString());
        }

        /// <summary>True when the composed text equals <paramref name="text"/> (compares in place, allocates nothing).</summary>
        public bool SameAs(string text)
        {
            if (_spill != null)
            {
                return text == _spill;
            }

            if (text == null || text.Length != _length)
            {
                return false;
            }

            for (int i = 0; i < _length; i++)
            {
                if (text[i] != _text[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The composed topic as a new string (its one allocation).</summary>
        public override string ToString()
        {
            return _spill ?? new string(_text, 0, _length);
        }
    }
}
