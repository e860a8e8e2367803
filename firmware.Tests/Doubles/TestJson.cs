using System;
using System.Collections;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// A strict JSON reader for tests (RFC 8259): objects become Hashtable, arrays ArrayList, strings string,
    /// numbers double, true/false bool, null <see cref="Null"/>. Throws on any syntax error, so a payload the
    /// collector writes is also proved to be valid JSON. Duplicate member names are an error too.
    /// </summary>
    public sealed class TestJson
    {
        public static readonly object Null = new object();

        private readonly string _text;
        private int _position;

        private TestJson(string text)
        {
            _text = text;
        }

        public static object Parse(string text)
        {
            TestJson reader = new TestJson(text);
            reader.SkipWhitespace();
            object value = reader.ReadValue();
            reader.SkipWhitespace();
            if (reader._position != text.Length)
            {
                throw new ArgumentException("trailing text at " + reader._position.ToString());
            }

            return value;
        }

        public static Hashtable ParseObject(string text)
        {
            object value = Parse(text);
            if (!(value is Hashtable))
            {
                throw new ArgumentException("not an object");
            }

            return (Hashtable)value;
        }

        private object ReadValue()
        {
            if (_position >= _text.Length)
            {
                throw new ArgumentException("unexpected end");
            }

            char c = _text[_position];
            if (c == '{')
            {
                return ReadObject();
            }

            if (c == '[')
            {
                return ReadArray();
            }

            if (c == '"')
            {
                return ReadString();
            }

            if (c == 't')
            {
                ExpectWord("true");
                return true;
            }

            if (c == 'f')
            {
                ExpectWord("false");
                return false;
            }

            if (c == 'n')
            {
                ExpectWord("null");
                return Null;
            }

            return ReadNumber();
        }

        private Hashtable ReadObject()
        {
            Hashtable members = new Hashtable();
            _position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return members;
            }

            while (true)
            {
                SkipWhitespace();
                string name = ReadString();
                if (members.Contains(name))
                {
                    throw new ArgumentException("duplicate member " + name);
                }

                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                members[name] = ReadValue();
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect('}');
                return members;
            }
        }

        private ArrayList ReadArray()
        {
            ArrayList items = new ArrayList();
            _position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return items;
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ReadValue());
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect(']');
                return items;
            }
        }

        private string ReadString()
        {
            Expect('"');
            System.Text.StringBuilder text = new System.Text.StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw new ArgumentException("unterminated string");
                }

                char c = _text[_position++];
                if (c == '"')
                {
                    return text.ToString();
                }

                if (c < 0x20)
                {
                    throw new ArgumentException("control character in string");
                }

                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                char escaped = _text[_position++];
                if (escaped == 'u')
                {
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        code = code * 16 + HexValue(_text[_position++]);
                    }

                    text.Append((char)code);
                }
                else if (escaped == 'n')
                {
                    text.Append('\n');
                }
                else if (escaped == 't')
                {
                    text.Append('\t');
                }
                else if (escaped == 'r')
                {
                    text.Append('\r');
                }
                else if (escaped == 'b')
                {
                    text.Append('\b');
                }
                else if (escaped == 'f')
                {
                    text.Append('\f');
                }
                else if (escaped == '"' || escaped == '\\' || escaped == '/')
                {
                    text.Append(escaped);
                }
                else
                {
                    throw new ArgumentException("bad escape");
                }
            }
        }

        private double ReadNumber()
        {
            int start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            int digits = 0;
            while (Peek() >= '0' && Peek() <= '9')
            {
                _position++;
                digits++;
            }

            if (digits == 0)
            {
                throw new ArgumentException("bad value at " + start.ToString());
            }

            if (digits > 1 && _text[_position - digits] == '0')
            {
                throw new ArgumentException("leading zero");
            }

            if (Peek() == '.')
            {
                _position++;
                int fraction = 0;
                while (Peek() >= '0' && Peek() <= '9')
                {
                    _position++;
                    fraction++;
                }

                if (fraction == 0)
                {
                    throw new ArgumentException("bad fraction");
                }
            }

            return double.Parse(_text.Substring(start, _position - start));
        }

        private void ExpectWord(string word)
        {
            if (_position + word.Length > _text.Length || _text.Substring(_position, word.Length) != word)
            {
                throw new ArgumentException("bad literal");
            }

            _position += word.Length;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new ArgumentException("expected " + c.ToString() + " at " + _position.ToString());
            }

            _position++;
        }

        private int Peek()
        {
            return _position < _text.Length ? _text[_position] : -1;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && (_text[_position] == ' ' || _text[_position] == '\n' || _text[_position] == '\r' || _text[_position] == '\t'))
            {
                _position++;
            }
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("bad hex digit");
        }
    }
}
