using System;
using System.Collections;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A simulated slave for <see cref="ScriptedSerialLine"/>: given a request frame, returns the response
    /// frame (CRC included) or null for no answer. Allocation is the responder's business.
    /// </summary>
    public delegate byte[] SlaveResponder(byte[] request, int offset, int count);

    /// <summary>One scripted answer: bytes, when they start, and how they are spaced on the wire.</summary>
    public sealed class ScriptedResponse
    {
        /// <summary>Bytes to deliver; null means no answer to this request.</summary>
        public byte[] Bytes;

        /// <summary>From the end of the request to the start of the first byte.</summary>
        public int DelayMicroseconds;

        /// <summary>Start-to-start spacing of bytes; 0 = one character time of the configured framing (back to back).</summary>
        public int ByteSpacingMicroseconds;

        /// <summary>After the byte with this index (0-based) the line pauses; -1 for none.</summary>
        public int PauseAfterByte = -1;

        public int PauseMicroseconds;

        public ScriptedResponse(byte[] bytes, int delayMicroseconds)
        {
            Bytes = bytes;
            DelayMicroseconds = delayMicroseconds;
        }

        public static ScriptedResponse NoAnswer()
        {
            return new ScriptedResponse(null, 0);
        }

        public ScriptedResponse WithSpacing(int byteSpacingMicroseconds)
        {
            ByteSpacingMicroseconds = byteSpacingMicroseconds;
            return this;
        }

        public ScriptedResponse WithPause(int afterByte, int pauseMicroseconds)
        {
            PauseAfterByte = afterByte;
            PauseMicroseconds = pauseMicroseconds;
            return this;
        }
    }

    /// <summary>
    /// An in-memory <see cref="ISerialLine"/> on the <see cref="VirtualClock"/>. Write advances the clock by the
    /// transmission time of the bytes at the configured baud rate and framing and records what was written and
    /// when; then the next scripted response (or the <see cref="Responder"/>, or <see cref="AutoResponse"/>) is
    /// scheduled byte by byte at exact times. Read advances the clock to the next byte's arrival or by the whole
    /// timeout, so inter-character gaps, timeouts and silences are deterministic and no test sleeps.
    /// A byte "arrives" when its last bit has been received: start + one character time.
    /// </summary>
    public sealed class ScriptedSerialLine : ISerialLine
    {
        private const int Capacity = 8192;

        private readonly VirtualClock _clock;
        private readonly byte[] _pendingBytes = new byte[Capacity];
        private readonly long[] _pendingTimes = new long[Capacity];
        private readonly Queue _script = new Queue();
        private readonly ArrayList _writes = new ArrayList();
        private readonly ArrayList _writeStarts = new ArrayList();
        private readonly ArrayList _writeEnds = new ArrayList();
        private int _head;
        private int _tail;
        private SerialSettings _settings = new SerialSettings(9600, SerialParity.Even, 1);

        public ScriptedSerialLine(VirtualClock clock)
        {
            _clock = clock;
        }

        /// <summary>Answers requests when no scripted response is queued (a simulated slave).</summary>
        public SlaveResponder Responder;

        /// <summary>Delay before a <see cref="Responder"/>'s or <see cref="AutoResponse"/>'s answer starts.</summary>
        public int ResponderDelayMicroseconds = 10000;

        /// <summary>Answer given to every request when nothing is scripted and there is no responder; sent without
        /// allocating (for allocation measurements).</summary>
        public byte[] AutoResponse;

        /// <summary>The transceiver hears its own transmission: written bytes are also received.</summary>
        public bool HearsOwnTransmission;

        /// <summary>Keep a copy of every written frame (allocates; switch off for allocation measurements).</summary>
        public bool RecordWrites = true;

        public SerialSettings Settings
        {
            get { return _settings; }
        }

        public int ConfigureCalls { get; private set; }

        public int ReadCalls { get; private set; }

        /// <summary>Frames written (also counted when not recorded).</summary>
        public int WriteCount { get; private set; }

        /// <summary>Monotonic time when the last write started and ended.</summary>
        public long LastWriteStartMicroseconds { get; private set; }

        public long LastWriteEndMicroseconds { get; private set; }

        /// <summary>Arrival time of the last byte handed out by Read (end of its stop bit).</summary>
        public long LastByteReadArrivalMicroseconds { get; private set; }

        public int CharacterTimeMicroseconds
        {
            get { return RtuTiming.TransmissionMicroseconds(1, _settings.BitsPerCharacter, _settings.BaudRate); }
        }

        public byte[] WrittenFrame(int index)
        {
            return (byte[])_writes[index];
        }

        public long WriteStartMicroseconds(int index)
        {
            return (long)_writeStarts[index];
        }

        public long WriteEndMicroseconds(int index)
        {
            return (long)_writeEnds[index];
        }

        public int RecordedWriteCount
        {
            get { return _writes.Count; }
        }

        public void EnqueueResponse(ScriptedResponse response)
        {
            _script.Enqueue(response);
        }

        public void EnqueueResponse(byte[] bytes, int delayMicroseconds)
        {
            _script.Enqueue(new ScriptedResponse(bytes, delayMicroseconds));
        }

        public void EnqueueNoAnswer()
        {
            _script.Enqueue(ScriptedResponse.NoAnswer());
        }

        public int ScriptedResponsesLeft
        {
            get { return _script.Count; }
        }

        /// <summary>Bytes on the line independent of any request (noise, a late answer, another master): the first
        /// starts at <paramref name="startMicroseconds"/>, then one every <paramref name="spacingMicroseconds"/>
        /// (0 = back to back).</summary>
        public void ScheduleBytes(byte[] bytes, long startMicroseconds, int spacingMicroseconds)
        {
            int spacing = spacingMicroseconds > 0 ? spacingMicroseconds : CharacterTimeMicroseconds;
            long start = startMicroseconds;
            for (int index = 0; index < bytes.Length; index++)
            {
                Insert(bytes[index], start + CharacterTimeMicroseconds);
                start += spacing;
            }
        }

        /// <summary>Bytes scheduled and not yet read (arrived or not).</summary>
        public int PendingCount
        {
            get { return _tail - _head; }
        }

        public void Configure(SerialSettings settings)
        {
            _settings = settings;
            ConfigureCalls++;
        }

        public int BytesToRead
        {
            get { return ArrivedBy(_clock.MonotonicMicroseconds); }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            if (count < 0 || offset < 0 || offset + count > buffer.Length || timeoutMicroseconds < 0)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            ReadCalls++;
            long now = _clock.MonotonicMicroseconds;
            int available = ArrivedBy(now);
            if (available == 0)
            {
                if (_head == _tail || _pendingTimes[_head] > now + timeoutMicroseconds)
                {
                    _clock.Advance(timeoutMicroseconds);
                    return 0;
                }

                _clock.Advance(_pendingTimes[_head] - now);
                available = ArrivedBy(_clock.MonotonicMicroseconds);
            }

            int taken = available < count ? available : count;
            for (int index = 0; index < taken; index++)
            {
                buffer[offset + index] = _pendingBytes[_head];
                LastByteReadArrivalMicroseconds = _pendingTimes[_head];
                _head++;
            }

            if (_head == _tail)
            {
                _head = 0;
                _tail = 0;
            }

            return taken;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            long start = _clock.MonotonicMicroseconds;
            _clock.Advance(RtuTiming.TransmissionMicroseconds(count, _settings.BitsPerCharacter, _settings.BaudRate));
            long end = _clock.MonotonicMicroseconds;
            WriteCount++;
            LastWriteStartMicroseconds = start;
            LastWriteEndMicroseconds = end;
            if (RecordWrites)
            {
                byte[] copy = new byte[count];
                Array.Copy(buffer, offset, copy, 0, count);
                _writes.Add(copy);
                _writeStarts.Add(start);
                _writeEnds.Add(end);
            }

            if (HearsOwnTransmission)
            {
                int character = CharacterTimeMicroseconds;
                for (int index = 0; index < count; index++)
                {
                    Insert(buffer[offset + index], start + (index + 1) * (long)character);
                }
            }

            if (_script.Count > 0)
            {
                Schedule((ScriptedResponse)_script.Dequeue(), end);
            }
            else if (Responder != null)
            {
                byte[] answer = Responder(buffer, offset, count);
                if (answer != null)
                {
                    ScheduleFrame(answer, end + ResponderDelayMicroseconds, 0, -1, 0);
                }
            }
            else if (AutoResponse != null)
            {
                ScheduleFrame(AutoResponse, end + ResponderDelayMicroseconds, 0, -1, 0);
            }
        }

        private void Schedule(ScriptedResponse response, long requestEnd)
        {
            if (response.Bytes == null)
            {
                return;
            }

            ScheduleFrame(response.Bytes, requestEnd + response.DelayMicroseconds, response.ByteSpacingMicroseconds,
                response.PauseAfterByte, response.PauseMicroseconds);
        }

        private void ScheduleFrame(byte[] bytes, long firstStart, int spacingMicroseconds, int pauseAfterByte, int pauseMicroseconds)
        {
            int character = CharacterTimeMicroseconds;
            int spacing = spacingMicroseconds > 0 ? spacingMicroseconds : character;
            long start = firstStart;
            for (int index = 0; index < bytes.Length; index++)
            {
                Insert(bytes[index], start + character);
                start += spacing;
                if (index == pauseAfterByte)
                {
                    start += pauseMicroseconds;
                }
            }
        }

        /// <summary>Inserts in arrival order (stable for equal times).</summary>
        private void Insert(byte value, long arrival)
        {
            if (_tail == Capacity)
            {
                // Compact: move the unread part to the front.
                int length = _tail - _head;
                Array.Copy(_pendingBytes, _head, _pendingBytes, 0, length);
                Array.Copy(_pendingTimes, _head, _pendingTimes, 0, length);
                _head = 0;
                _tail = length;
                if (_tail == Capacity)
                {
                    throw new InvalidOperationException("scripted line overflow");
                }
            }

            int position = _tail;
            while (position > _head && _pendingTimes[position - 1] > arrival)
            {
                _pendingBytes[position] = _pendingBytes[position - 1];
                _pendingTimes[position] = _pendingTimes[position - 1];
                position--;
            }

            _pendingBytes[position] = value;
            _pendingTimes[position] = arrival;
            _tail++;
        }

        private int ArrivedBy(long time)
        {
            int count = 0;
            for (int index = _head; index < _tail && _pendingTimes[index] <= time; index++)
            {
                count++;
            }

            return count;
        }
    }
}
