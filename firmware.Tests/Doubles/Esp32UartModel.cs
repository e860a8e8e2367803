using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The bus UART of an ESP32 as managed code sees it (firmware/PLATFORM.md, "ESP32 platform", serial delivery and
    /// RS485), on a virtual clock:
    /// <list type="bullet">
    /// <item>received bytes are handed over in chunks: when the RX FIFO holds <see cref="FifoThreshold"/> (120)
    /// bytes, or after an idle line of <see cref="IdleTimeoutCharacters"/> (10) character times;</item>
    /// <item>in RS485 mode the transceiver hears the request (<see cref="HearsOwnTransmission"/>), and the TX_DONE
    /// interrupt resets the RX FIFO, so an echo still in the FIFO (at most 120 bytes) is thrown away;</item>
    /// <item><see cref="Write"/> returns once the frame has left (the port contract; the ESP32 adapter waits out
    /// the FIFO).</item>
    /// </list>
    /// A slave (<see cref="Responder"/>) answers <see cref="ResponderDelayMicroseconds"/> after a request with its
    /// bytes back to back. Public so the host twin can run on it (<c>--device-model esp32</c>).
    /// </summary>
    public sealed class Esp32UartModel : ISerialLine
    {
        public const int FifoThreshold = 120;
        public const int IdleTimeoutCharacters = 10;

        private const int Capacity = 4096;

        private readonly IClock _clock;
        private readonly byte[] _bytes = new byte[Capacity];
        private readonly long[] _visibleAt = new long[Capacity];
        private int _head;
        private int _tail;
        private SerialSettings _settings = new SerialSettings(9600, SerialParity.Even, 1);

        /// <summary>The virtual clock must be advanced by Sleep (a <see cref="VirtualClock"/> or an equivalent).</summary>
        public Esp32UartModel(IClock clock)
        {
            _clock = clock;
        }

        /// <summary>The slaves on the bus; null: nobody answers.</summary>
        public SlaveResponder Responder;

        public int ResponderDelayMicroseconds = 20000;

        /// <summary>RS485 transceiver with its receiver always enabled: the request comes back as an echo.</summary>
        public bool HearsOwnTransmission = true;

        /// <summary>Echo bytes thrown away by the FIFO reset at TX_DONE.</summary>
        public int EchoBytesFlushed;

        /// <summary>Chunks handed over to managed code.</summary>
        public int Deliveries;

        /// <summary>The largest answer a slave gave, in bytes.</summary>
        public int LongestAnswer;

        public SerialSettings Settings
        {
            get { return _settings; }
        }

        public int CharacterMicroseconds
        {
            get { return RtuTiming.TransmissionMicroseconds(1, _settings.BitsPerCharacter, _settings.BaudRate); }
        }

        public void Configure(SerialSettings settings)
        {
            _settings = new SerialSettings(settings.BaudRate, settings.Parity, settings.StopBits);
            _head = 0;
            _tail = 0;
        }

        public int BytesToRead
        {
            get
            {
                long now = _clock.MonotonicMicroseconds;
                int count = 0;
                for (int i = _head; i < _tail && _visibleAt[i] <= now; i++)
                {
                    count++;
                }

                return count;
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            long now = _clock.MonotonicMicroseconds;
            if (_head < _tail && _visibleAt[_head] > now)
            {
                long wait = _visibleAt[_head] - now;
                if (wait > timeoutMicroseconds)
                {
                    _clock.Sleep(timeoutMicroseconds > 0 ? timeoutMicroseconds : 0);
                    return 0;
                }

                _clock.Sleep((int)wait);
                now = _clock.MonotonicMicroseconds;
            }
            else if (_head >= _tail)
            {
                _clock.Sleep(timeoutMicroseconds > 0 ? timeoutMicroseconds : 0);
                return 0;
            }

            int read = 0;
            while (read < count && _head < _tail && _visibleAt[_head] <= now)
            {
                buffer[offset + read] = _bytes[_head];
                read++;
                _head++;
            }

            if (_head == _tail)
            {
                _head = 0;
                _tail = 0;
            }

            return read;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            int character = CharacterMicroseconds;
            long start = _clock.MonotonicMicroseconds;
            _clock.Sleep(character * count);

            // TX_DONE: the driver releases DE and resets the RX FIFO. An echo longer than the FIFO threshold
            // had its first chunks handed over already; the rest (at most 120 bytes) is lost.
            if (HearsOwnTransmission)
            {
                int delivered = count / FifoThreshold * FifoThreshold;
                EchoBytesFlushed += count - delivered;
                for (int i = 0; i < delivered; i++)
                {
                    long arrival = start + (long)(i + 1) * character;
                    long chunkEnd = start + (long)((i / FifoThreshold + 1) * FifoThreshold) * character;
                    Append(buffer[offset + i], chunkEnd > arrival ? chunkEnd : arrival);
                }
            }

            if (Responder == null)
            {
                return;
            }

            byte[] answer = Responder(buffer, offset, count);
            if (answer == null)
            {
                return;
            }

            if (answer.Length > LongestAnswer)
            {
                LongestAnswer = answer.Length;
            }

            Schedule(answer, _clock.MonotonicMicroseconds + ResponderDelayMicroseconds);
        }

        /// <summary>Puts bytes on the wire from <paramref name="startMicroseconds"/> on (noise, a foreign frame).</summary>
        public void Schedule(byte[] frame, long startMicroseconds)
        {
            int character = CharacterMicroseconds;
            int length = frame.Length;
            long lastArrival = startMicroseconds + (long)length * character;
            for (int i = 0; i < length; i++)
            {
                long visible;
                if ((i / FifoThreshold + 1) * FifoThreshold <= length)
                {
                    // A full FIFO is handed over when its 120th byte is in.
                    visible = startMicroseconds + (long)((i / FifoThreshold + 1) * FifoThreshold) * character;
                }
                else
                {
                    // The remainder after the line has been idle for 10 characters.
                    visible = lastArrival + (long)IdleTimeoutCharacters * character;
                }

                if (i % FifoThreshold == 0)
                {
                    Deliveries++;
                }

                Append(frame[i], visible);
            }
        }

        private void Append(byte value, long visibleAt)
        {
            if (_tail >= Capacity)
            {
                throw new InvalidOperationException("UART model buffer full");
            }

            _bytes[_tail] = value;
            _visibleAt[_tail] = visibleAt;
            _tail++;
        }
    }
}
