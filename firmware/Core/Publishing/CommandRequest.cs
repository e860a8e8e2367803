namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// The parsed body of a command: a flat JSON object (RFC 8259) with at most the members "meter",
    /// "state" and "id". A strict, bounded parser: nesting, unknown members, duplicate members, non-ASCII
    /// text and strings over 64 characters are malformed. An empty payload is an empty object.
    /// </summary>
    public sealed class CommandRequest
    {
        public const int MaximumStringLength = 64;

        /// <summary>Why parsing failed: malformed_json or unknown_field; null on success.</summary>
        public string Error;

        public string Meter;

        /// <summary>"on"/"off"/"true"/"false" as written (a JSON boolean is stored as "true"/"false").</summary>
        public string State;

        /// <summary>Correlation id, echoed in the result (string or number text).</summary>
        public string Id;

        private readonly char[] _text = new char[MaximumStringLength];
        private byte[] _payload;
        private int _position;
        private int _end;

        /// <summary>Parses <paramref name="count"/> bytes; false with <see cref="Error"/> set when malformed.</summary>
        public bool Parse(byte[] payload, int count)
        {
            return Parse(payload, 0, count);
        }

        /// <summary>Parses <paramref name="count"/> bytes of <paramref name="payload"/> from <paramref name="offset"/> (in place).</summary>
        public bool Parse(byte[] payload, int offset, int count)
        {
            Error = null;
            Meter = null;
            State = null;
            Id = null;
            _payload = payload;
            _position = offset;
            _end = offset + count;

            SkipWhitespace();
            if (_position == _end)
            {
                return true;
            }

            if (!Expect('{'))
            {
                return Fail("malformed_json");
            }

            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return Finish();
            }

            while (true)
            {
                SkipWhitespace();
                string name = ReadString();
                if (name == null)
                {
                    return Fail("malformed_json");
                }

                SkipWhitespace();
                if (!Expect(':'))
                {
                    return Fail("malformed_json");
                }

                SkipWhitespace();
                bool isString = Peek() == '"';
                string value = ReadValue();
                if (value == null)
                {
                    return Fail("malformed_json");
                }

                if (!Assign(name, value, isString))
                {
                    return false;
                }

                SkipWhitespace();
                if (Expect(','))
                {
                    continue;
                }

                if (Expect('}'))
                {
                    return Finish();
                }

                return Fail("malformed_json");
            }
        }

        private bool Finish()
        {
            SkipWhitespace();
            return _position == _end || Fail("malformed_json");
        }

        private bool Assign(string name, string value, bool isString)
        {
            if (name == "meter" && !isString)
            {
                return Fail("malformed_json");
            }

            if (name == "meter" && Meter == null)
            {
                Meter = value;
            }
            else if (name == "state" && State == null)
            {
                State = value;
            }
            else if (name == "id" && Id == null)
            {
                Id = value;
            }
            else if (name == "meter" || name == "state" || name == "id")
            {
                return Fail("malformed_json");
            }
            else
            {
                return Fail("unknown_field");
            }

            return true;
        }

        private bool Fail(string error)
        {
            Error = error;
            return false;
        }

        /// <summary>A string, a number's text, or true/false; null for anything else (objects, arrays, null).</summary>
        private string ReadValue()
        {
            int c = Peek();
            if (c == '"')
            {
                return ReadString();
            }

            if (c == 't')
            {
                return ReadLiteral("true");
            }

            if (c == 'f')
            {
                return ReadLiteral("false");
            }

            if (c == '-' || (c >= '0' && c <= '9'))
            {
                return ReadNumber();
            }

            return null;
        }

        private string ReadLiteral(string literal)
        {
            if (_end - _position < literal.Length)
            {
                return null;
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_payload[_position + i] != literal[i])
                {
                    return null;
                }
            }

            _position += literal.Length;
            return literal;
        }

        /// <summary>JSON number grammar (RFC 8259, 6), kept as text.</summary>
        private string ReadNumber()
        {
            int start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            // No leading zeros (RFC 8259, 6): "0" alone, or a digit 1-9 and more digits.
            if (Peek() == '0')
            {
                _position++;
            }
            else if (!ReadDigits())
            {
                return null;
            }

            if (Peek() == '.')
            {
                _position++;
                if (!ReadDigits())
                {
                    return null;
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                _position++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _position++;
                }

                if (!ReadDigits())
                {
                    return null;
                }
            }

            int length = _position - start;
            if (length > MaximumStringLength)
            {
                return null;
            }

            for (int i = 0; i < length; i++)
            {
                _text[i] = (char)_payload[start + i];
            }

            return new string(_text, 0, length);
        }

        private bool ReadDigits()
        {
            int start = _position;
            while (Peek() >= '0' && Peek() <= '9')
            {
                _position++;
            }

            return _position > start;
        }

        /// <summary>A printable-ASCII string with the simple escapes; null when malformed or too long.</summary>
        private string ReadString()
        {
            if (!Expect('"'))
            {
                return null;
            }

            int length = 0;
            while (_position < _end)
            {
                int c = _payload[_position++];
                if (c == '"')
                {
                    return new string(_text, 0, length);
                }

                if (c == '\\')
                {
                    if (_position >= _end)
                    {
                        return null;
                    }

                    c = _payload[_position++];
                    if (c == 'n')
                    {
                        c = '\n';
                    }
                    else if (c == 't')
                    {
                        c = '\t';
                    }
                    else if (c != '"' && c != '\\' && c != '/')
                    {
                        return null;
                    }
                }
                else if (c < 0x20 || c > 0x7E)
                {
                    return null;
                }

                if (length >= MaximumStringLength)
                {
                    return null;
                }

                _text[length++] = (char)c;
            }

            return null;
        }

        private void SkipWhitespace()
        {
            while (_position < _end)
            {
                byte c = _payload[_position];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    return;
                }

                _position++;
            }
        }

        private int Peek()
        {
            return _position < _end ? _payload[_position] : -1;
        }

        private bool Expect(char c)
        {
            if (_position < _end && _payload[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }
    }
}
