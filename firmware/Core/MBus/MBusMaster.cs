using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.MBus
{
    /// <summary>
    /// M-Bus master (EN 13757-2 link layer) on one serial line through an M-Bus level converter: one transaction
    /// at a time, request and receive buffers preallocated, no allocation per transaction. Before each request
    /// the input is drained (counted as dropped) and the line must have been quiet for the turnaround pause;
    /// the answer must start within the response timeout (330 bit times + 50 ms); a long frame ends on its
    /// declared length, a silence of <see cref="MBusTiming.FrameSilenceMicroseconds"/> ends a broken one. The
    /// answer is found by <see cref="MBusFrameScanner"/> (resynchronising on start bytes, skipping the echo).
    /// REQ_UD2 carries the FCB per address: toggled after each answered request, kept on a repetition (so the
    /// slave repeats its telegram), set after SND_NKE; a multi-telegram readout is a sequence of REQ_UD2 while
    /// the telegram ends with DIF 1F. Timeouts, checksum errors and collisions are retried. Time comes only from
    /// <see cref="IClock"/>. Not thread-safe.
    /// </summary>
    public sealed class MBusMaster
    {
        private const int ReceiveBufferLength = 2 * MBusFrame.MaximumFrameLength + 16;

        private readonly ISerialLine _line;
        private readonly IClock _clock;
        private readonly MBusSettings _settings;
        private readonly MBusStatistics _statistics = new MBusStatistics();
        private readonly MBusFrameScanner _scanner = new MBusFrameScanner();
        private readonly byte[] _request = new byte[MBusFrame.MaximumFrameLength];
        private readonly byte[] _response = new byte[ReceiveBufferLength];

        /// <summary>FCB (0 or <see cref="MBusFrame.FrameCountBit"/>) for the next REQ_UD2, per address.</summary>
        private readonly byte[] _nextFrameCountBit = new byte[256];

        private readonly int _responseTimeout;
        private readonly int _frameSilence;
        private readonly int _turnaround;
        private readonly int _longestFrameTime;

        private int _requestLength;
        private long _lastLineActivity;

        public MBusMaster(ISerialLine line, IClock clock, MBusSettings settings)
        {
            if (line == null || clock == null || settings == null)
            {
                throw new ArgumentNullException(line == null ? "line" : clock == null ? "clock" : "settings");
            }

            string problem = settings.Validate();
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            _line = line;
            _clock = clock;
            _settings = settings;
            _responseTimeout = settings.EffectiveResponseTimeoutMicroseconds;
            _frameSilence = MBusTiming.FrameSilenceMicroseconds(settings.BaudRate);
            _turnaround = MBusTiming.TurnaroundMicroseconds(settings.BaudRate);
            _longestFrameTime = MBusTiming.TransmissionMicroseconds(ReceiveBufferLength, settings.BaudRate);
            line.Configure(settings.ToSerialSettings());
            _lastLineActivity = clock.MonotonicMicroseconds;
        }

        public MBusSettings Settings
        {
            get { return _settings; }
        }

        public MBusStatistics Statistics
        {
            get { return _statistics; }
        }

        /// <summary>Attempts made by the last transaction (1 + repetitions).</summary>
        public int LastAttempts { get; private set; }

        /// <summary>Receive buffer holding the last answer (valid until the next transaction).</summary>
        public byte[] ResponseBuffer
        {
            get { return _response; }
        }

        /// <summary>Offset of the CI field of the last RSP_UD in <see cref="ResponseBuffer"/>.</summary>
        public int ResponseCiOffset { get; private set; }

        /// <summary>Bytes from CI to the last data byte of the last RSP_UD.</summary>
        public int ResponseUserDataLength { get; private set; }

        /// <summary>A field of the last RSP_UD (the answering slave's primary address).</summary>
        public byte ResponseAddress { get; private set; }

        public byte ResponseControl { get; private set; }

        /// <summary>The last request frame (for tests and the console's trace).</summary>
        public byte[] RequestBuffer
        {
            get { return _request; }
        }

        public int RequestLength
        {
            get { return _requestLength; }
        }

        /// <summary>The FCB the next REQ_UD2 to <paramref name="address"/> will carry (true = set).</summary>
        public bool NextFrameCountBit(byte address)
        {
            return _nextFrameCountBit[address] != 0;
        }

        // ---------------------------------------------------------------- requests

        /// <summary>SND_NKE (<c>10 40 A CS 16</c>): link reset, answered with E5; to FF nobody answers (Ok on send).</summary>
        public MBusStatus SendNke(byte address)
        {
            _requestLength = MBusFrame.WriteShort(_request, 0, MBusFrame.SendNke, address);
            MBusStatus status = Transact(address == MBusFrame.BroadcastNoAnswer ? NoAnswer : ExpectAcknowledge, address, _settings.Retries);
            if (status == MBusStatus.Ok)
            {
                // After SND_NKE the next FCB is 1 (EN 13757-2: the link restarts its frame count).
                _nextFrameCountBit[address] = MBusFrame.FrameCountBit;
            }

            return status;
        }

        /// <summary>REQ_UD2 (<c>10 5B|7B A CS 16</c>) with the settings' retries; on Ok the telegram is at
        /// <see cref="ResponseCiOffset"/> (parse it with <see cref="MBusTelegram"/>).</summary>
        public MBusStatus RequestUserData(byte address)
        {
            return RequestUserData(address, _settings.Retries);
        }

        /// <summary>REQ_UD2 with a given number of repetitions (a primary scan probes once).</summary>
        public MBusStatus RequestUserData(byte address, int retries)
        {
            if (address == MBusFrame.BroadcastNoAnswer || retries < 0)
            {
                return MBusStatus.InvalidRequest;
            }

            byte frameCountBit = _nextFrameCountBit[address];
            _requestLength = MBusFrame.WriteShort(_request, 0, (byte)(MBusFrame.RequestUserData2 | frameCountBit), address);
            MBusStatus status = Transact(ExpectLong, address, retries);
            if (status == MBusStatus.Ok)
            {
                _nextFrameCountBit[address] = (byte)(frameCountBit ^ MBusFrame.FrameCountBit);
            }

            return status;
        }

        /// <summary>
        /// Selects slaves by secondary address (<c>68 0B 0B 68 53 FD 52 ID ID ID ID MAN MAN VER MED CS 16</c>):
        /// identification nibbles with F wildcards, manufacturer (FFFF any), version (FF any), medium (FF any).
        /// Ok means E5 came (one or more slaves selected); Collision means something else came (several answered).
        /// </summary>
        public MBusStatus Select(uint identificationNibbles, ushort manufacturer, byte version, byte medium, int retries)
        {
            if (retries < 0)
            {
                return MBusStatus.InvalidRequest;
            }

            _requestLength = MBusFrame.WriteSelection(_request, 0, identificationNibbles, manufacturer, version, medium);
            return Transact(ExpectAcknowledge, MBusFrame.NetworkAddress, retries);
        }

        /// <summary>Sends a prebuilt SND_UD frame (a meter write) and expects E5; the frame is copied.</summary>
        public MBusStatus SendUserData(byte[] frame, int offset, int length)
        {
            if (frame == null || length < 9 || length > MBusFrame.MaximumFrameLength || offset < 0 || offset + length > frame.Length
                || frame[offset] != MBusFrame.LongStart)
            {
                return MBusStatus.InvalidRequest;
            }

            Array.Copy(frame, offset, _request, 0, length);
            _requestLength = length;
            byte address = frame[offset + 5];
            return Transact(address == MBusFrame.BroadcastNoAnswer ? NoAnswer : ExpectAcknowledge, address, _settings.Retries);
        }

        // ---------------------------------------------------------------- transaction

        private const int ExpectAcknowledge = 0;
        private const int ExpectLong = 1;
        private const int NoAnswer = 2;

        private MBusStatus Transact(int expectation, byte address, int retries)
        {
            ResponseUserDataLength = 0;
            LastAttempts = 0;
            MBusStatus status = MBusStatus.Timeout;
            for (int attempt = 0; attempt <= retries; attempt++)
            {
                WaitForQuietLine();
                if (attempt > 0)
                {
                    _statistics.Retries++;
                }

                LastAttempts = attempt + 1;
                _line.Write(_request, 0, _requestLength);
                long sentAt = _clock.MonotonicMicroseconds;
                _lastLineActivity = sentAt;
                _statistics.Requests++;
                if (expectation == NoAnswer)
                {
                    return MBusStatus.Ok;
                }

                status = Receive(expectation == ExpectAcknowledge, address, sentAt);
                switch (status)
                {
                    case MBusStatus.Ok:
                        _statistics.Answers++;
                        return status;
                    case MBusStatus.Timeout:
                        _statistics.Timeouts++;
                        break;
                    case MBusStatus.ChecksumError:
                        _statistics.ChecksumErrors++;
                        break;
                    case MBusStatus.Collision:
                        _statistics.Collisions++;
                        break;
                    default:
                        _statistics.UnexpectedFrames++;
                        return status;
                }
            }

            return status;
        }

        /// <summary>Drains what the line holds (late answers, noise) and waits for the turnaround pause.</summary>
        private void WaitForQuietLine()
        {
            int rounds = 0;
            while (rounds++ < 64)
            {
                int drained = SerialDrain.Available(_line, _response);
                if (drained > 0)
                {
                    _statistics.DroppedBytes += drained;
                    _lastLineActivity = _clock.MonotonicMicroseconds;
                }

                long quietAt = _lastLineActivity + _turnaround;
                long now = _clock.MonotonicMicroseconds;
                if (now >= quietAt)
                {
                    return;
                }

                int received = _line.Read(_response, 0, _response.Length, (int)(quietAt - now));
                if (received > 0)
                {
                    _statistics.DroppedBytes += received;
                    _lastLineActivity = _clock.MonotonicMicroseconds;
                }
            }
        }

        private MBusStatus Receive(bool expectAcknowledge, byte address, long sentAt)
        {
            long responseDeadline = sentAt + _responseTimeout;
            long hardDeadline = responseDeadline;
            int count = 0;
            int scanStart = 0;
            bool foreignFrameSeen = false;
            while (true)
            {
                long now = _clock.MonotonicMicroseconds;
                int wait;
                if (count == 0)
                {
                    if (now >= responseDeadline)
                    {
                        break;
                    }

                    wait = (int)(responseDeadline - now);
                }
                else
                {
                    if (now >= hardDeadline)
                    {
                        break;
                    }

                    // Until the response deadline nothing ends the wait (the echo or noise may come first);
                    // after it, a silence ends the frame.
                    long quietEnd = responseDeadline - now > _frameSilence ? responseDeadline - now : _frameSilence;
                    wait = hardDeadline - now < quietEnd ? (int)(hardDeadline - now) : (int)quietEnd;
                }

                int received = _line.Read(_response, count, _response.Length - count, wait);
                if (received <= 0)
                {
                    if (count == 0 || _clock.MonotonicMicroseconds < responseDeadline)
                    {
                        continue;
                    }

                    break;
                }

                if (count == 0)
                {
                    // Bound for a line that keeps talking: the longest frames the buffer holds, then a silence.
                    hardDeadline = _clock.MonotonicMicroseconds + _longestFrameTime + _frameSilence;
                }

                count += received;
                _lastLineActivity = _clock.MonotonicMicroseconds;
                MBusStatus outcome = Examine(expectAcknowledge, address, ref scanStart, count, false, ref foreignFrameSeen);
                if (outcome == MBusStatus.Ok || outcome == MBusStatus.UnexpectedFrame)
                {
                    return outcome;
                }

                if (count == _response.Length)
                {
                    break;
                }
            }

            if (count == 0)
            {
                return MBusStatus.Timeout;
            }

            MBusStatus last = Examine(expectAcknowledge, address, ref scanStart, count, true, ref foreignFrameSeen);
            if (last == MBusStatus.Ok || last == MBusStatus.UnexpectedFrame)
            {
                return last;
            }

            int echo = _scanner.EchoBytes;
            _statistics.EchoBytes += echo;
            _statistics.DroppedBytes += count - scanStart > echo ? count - scanStart - echo : 0;
            if (_scanner.ChecksumFailureSeen)
            {
                return MBusStatus.ChecksumError;
            }

            if (foreignFrameSeen)
            {
                return MBusStatus.UnexpectedFrame;
            }

            return count - scanStart > echo ? MBusStatus.Collision : MBusStatus.Timeout;
        }

        /// <summary>Looks for the expected answer from <paramref name="scanStart"/>; frames from another address
        /// are skipped (scanStart moves past them). Returns Ok, UnexpectedFrame, or Timeout for "not yet".</summary>
        private MBusStatus Examine(bool expectAcknowledge, byte address, ref int scanStart, int count, bool final, ref bool foreignFrameSeen)
        {
            while (true)
            {
                MBusScanResult result = _scanner.Scan(_response, scanStart, count, expectAcknowledge, final);
                if (result != MBusScanResult.Found)
                {
                    return MBusStatus.Timeout;
                }

                int before = _scanner.FrameOffset - scanStart - _scanner.EchoBytes;
                _statistics.EchoBytes += _scanner.EchoBytes;
                _statistics.DroppedBytes += before > 0 ? before : 0;
                int frameEnd = _scanner.FrameOffset + _scanner.FrameLength;
                if (_scanner.Kind == MBusFrameKind.SingleCharacter)
                {
                    CountTrailing(frameEnd, count);
                    return MBusStatus.Ok;
                }

                bool fromAddressed = address > MBusFrame.MaximumPrimaryAddress || _scanner.Address == address;
                if (!MBusFrame.IsResponseUserData(_scanner.Control) || !fromAddressed)
                {
                    // Another slave's answer (or a frame we cannot use): skip it and keep looking.
                    foreignFrameSeen = true;
                    _statistics.DroppedBytes += _scanner.FrameLength;
                    scanStart = frameEnd;
                    continue;
                }

                if (expectAcknowledge)
                {
                    CountTrailing(frameEnd, count);
                    return MBusStatus.UnexpectedFrame;
                }

                ResponseCiOffset = _scanner.CiOffset;
                ResponseUserDataLength = _scanner.UserDataLength;
                ResponseAddress = _scanner.Address;
                ResponseControl = _scanner.Control;
                CountTrailing(frameEnd, count);
                return MBusStatus.Ok;
            }
        }

        private void CountTrailing(int frameEnd, int count)
        {
            if (count > frameEnd)
            {
                _statistics.DroppedBytes += count - frameEnd;
            }
        }
    }
}
