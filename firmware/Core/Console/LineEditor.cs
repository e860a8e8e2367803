using System.Text;

namespace EspCollector.Core.Console
{
    /// <summary>
    /// Turns console bytes into lines, as a terminal user expects: echo, backspace (BS 0x08 or DEL 0x7F, erased
    /// with "\b \b"), Ctrl-C abandons the line, CR, LF and CR LF each end exactly one line (an LF right after a CR
    /// is the second half of CR LF). Lines longer than the maximum are rejected whole when they end (never
    /// truncated into a different command). Tab becomes a space; ANSI escape sequences (arrow keys: ESC [ A) are
    /// swallowed; every other control byte and every non-ASCII byte (0x80..0xFF) is dropped and counted, so line
    /// noise and a wrong baud rate cannot crash or confuse the console. The line buffer is preallocated, one byte per
    /// character (only printable ASCII is kept), sized to the longest legal line.
    /// </summary>
    public sealed class LineEditor
    {
        public const int DefaultMaximumLength = 120;

        private const byte Backspace = 0x08;
        private const byte Tab = 0x09;
        private const byte LineFeed = 0x0A;
        private const byte CarriageReturn = 0x0D;
        private const byte Escape = 0x1B;
        private const byte Delete = 0x7F;
        private const byte EndOfText = 0x03;

        private readonly IConsoleOutput _output;
        private readonly byte[] _buffer;
        private int _length;
        private bool _overflowed;
        private bool _previousWasCarriageReturn;
        private int _escapeState;
        private string _line = string.Empty;
        private int _droppedByteCount;
        private int _rejectedLineCount;
        private bool _echo = true;
        private bool _maskEcho;

        public LineEditor(IConsoleOutput output, int maximumLength)
        {
            _output = output;
            _buffer = new byte[maximumLength];
        }

        public int MaximumLength
        {
            get { return _buffer.Length; }
        }

        /// <summary>Echo typed characters back (off for scripted input).</summary>
        public bool Echo
        {
            get { return _echo; }
            set { _echo = value; }
        }

        /// <summary>Echo '*' instead of the characters (passwords).</summary>
        public bool MaskEcho
        {
            get { return _maskEcho; }
            set { _maskEcho = value; }
        }

        /// <summary>The last completed line (without the line end).</summary>
        public string Line
        {
            get { return _line; }
        }

        /// <summary>Control and non-ASCII bytes dropped so far.</summary>
        public int DroppedByteCount
        {
            get { return _droppedByteCount; }
        }

        /// <summary>Overlong lines rejected so far.</summary>
        public int RejectedLineCount
        {
            get { return _rejectedLineCount; }
        }

        /// <summary>Characters typed on the current line so far.</summary>
        public int PendingLength
        {
            get { return _length; }
        }

        public LineEvent Feed(byte value)
        {
            bool afterCarriageReturn = _previousWasCarriageReturn;
            _previousWasCarriageReturn = value == CarriageReturn;

            if (_escapeState != 0 && SwallowEscape(value))
            {
                return LineEvent.None;
            }

            switch (value)
            {
                case CarriageReturn:
                    return EndLine();

                case LineFeed:
                    return afterCarriageReturn ? LineEvent.None : EndLine();

                case Backspace:
                case Delete:
                    if (_overflowed)
                    {
                        return LineEvent.None;
                    }

                    if (_length > 0)
                    {
                        _length--;
                        EchoText("\b \b");
                    }

                    return LineEvent.None;

                case EndOfText:
                    _length = 0;
                    _overflowed = false;
                    if (_echo)
                    {
                        _output.WriteLine("^C");
                    }

                    return LineEvent.Cancelled;

                case Escape:
                    _escapeState = 1;
                    return LineEvent.None;

                case Tab:
                    return Append((byte)' ');
            }

            if (value < 0x20 || value > 0x7E)
            {
                _droppedByteCount++;
                return LineEvent.None;
            }

            return Append(value);
        }

        private LineEvent Append(byte character)
        {
            if (_length >= _buffer.Length)
            {
                // Keep swallowing until the line ends, then reject it whole.
                _overflowed = true;
                return LineEvent.None;
            }

            _buffer[_length++] = character;
            if (_echo)
            {
                _output.Write(_maskEcho ? "*" : ((char)character).ToString());
            }

            return LineEvent.None;
        }

        private LineEvent EndLine()
        {
            if (_echo)
            {
                _output.WriteLine(string.Empty);
            }

            if (_overflowed)
            {
                _overflowed = false;
                _length = 0;
                _rejectedLineCount++;
                return LineEvent.Rejected;
            }

            _line = Encoding.UTF8.GetString(_buffer, 0, _length);
            _length = 0;
            return LineEvent.Line;
        }

        /// <summary>
        /// ESC, then '[' or 'O', parameter bytes, and a final byte 0x40..0x7E (ECMA-48 5.4). Returns false when the
        /// byte is not part of a sequence (ESC then Enter, or a sequence cut by a line end): it is then processed
        /// as ordinary input.
        /// </summary>
        private bool SwallowEscape(byte value)
        {
            if (_escapeState == 1)
            {
                _escapeState = value == (byte)'[' || value == (byte)'O' ? 2 : 0;
                return _escapeState == 2;
            }

            if (value >= 0x40 && value <= 0x7E)
            {
                _escapeState = 0;
                return true;
            }

            if (value >= 0x20 && value <= 0x3F)
            {
                return true;
            }

            _escapeState = 0;
            return false;
        }

        private void EchoText(string text)
        {
            if (_echo)
            {
                _output.Write(text);
            }
        }
    }
}
