using System.Collections.Generic;
using EspCollector.Core.Ports;

namespace EspCollector.Benchmarks.Bus
{
    /// <summary>
    /// How the ESP32's UART driver hands received bytes to managed code (NANOFRAMEWORK.md, "ESP32 platform",
    /// Serial delivery), as a wrapper of a timing-accurate line (the simulated bus): a byte that arrives on the
    /// wire waits in the RX FIFO and becomes readable only when the FIFO holds 120 bytes, or after an RX idle
    /// time of 10 character times since the last byte arrived; the TX_DONE interrupt of RS485 mode resets the
    /// FIFO (an echo of the request is thrown away). Writes pass through unchanged. A small host-side model for
    /// the benchmark until the device double of the ESP32-face issue (firmware.Tests/Doubles) replaces it.
    /// Arrival times are exact while the master is reading (the inner line is read one byte at a time with the
    /// wait that ends at the next event); bytes that arrive while nobody reads are stamped when next looked at.
    /// </summary>
    public sealed class Esp32UartModel : ISerialLine
    {
        /// <summary>RX FIFO threshold that raises the driver's "data" event.</summary>
        public const int FifoThreshold = 120;

        /// <summary>RX idle timeout of the driver, in character times.</summary>
        public const int IdleTimeoutCharacters = 10;

        private readonly ISerialLine _inner;
        private readonly IClock _clock;
        private readonly Queue<byte> _fifo = new Queue<byte>();
        private readonly Queue<byte> _visible = new Queue<byte>();
        private readonly byte[] _one = new byte[1];
        private long _lastArrival;
        private int _characterMicroseconds = 1146;

        public Esp32UartModel(ISerialLine inner, IClock clock)
        {
            _inner = inner;
            _clock = clock;
        }

        /// <summary>Chunks handed over because the FIFO reached its threshold / because the line went idle.</summary>
        public int ThresholdChunks { get; private set; }

        public int IdleChunks { get; private set; }

        /// <summary>Microseconds bytes waited in the FIFO after arriving, summed over the last byte of each idle chunk.</summary>
        public long IdleDelayMicroseconds { get; private set; }

        public int IdleTimeoutMicroseconds => IdleTimeoutCharacters * _characterMicroseconds;

        public void Configure(SerialSettings settings)
        {
            _inner.Configure(settings);
            _characterMicroseconds = (int)((settings.BitsPerCharacter * 1000000L + settings.BaudRate - 1) / settings.BaudRate);
            _fifo.Clear();
            _visible.Clear();
        }

        public int BytesToRead
        {
            get
            {
                Pump(_clock.MonotonicMicroseconds);
                return _visible.Count;
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            long deadline = _clock.MonotonicMicroseconds + (timeoutMicroseconds > 0 ? timeoutMicroseconds : 0);
            Pump(deadline);
            int delivered = 0;
            while (delivered < count && _visible.Count > 0)
            {
                buffer[offset + delivered] = _visible.Dequeue();
                delivered++;
            }

            return delivered;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);

            // TX_DONE: the driver releases DE and resets the RX FIFO (what sits in it is lost; delivered bytes stay).
            _fifo.Clear();
        }

        /// <summary>Moves time forward until something becomes readable or <paramref name="until"/> is reached.</summary>
        private void Pump(long until)
        {
            while (true)
            {
                long now = _clock.MonotonicMicroseconds;
                long idleAt = _fifo.Count > 0 ? _lastArrival + IdleTimeoutMicroseconds : long.MaxValue;
                if (_fifo.Count > 0 && now >= idleAt)
                {
                    IdleChunks++;
                    IdleDelayMicroseconds += now - _lastArrival;
                    Hand();
                }

                if (_visible.Count > 0)
                {
                    return;
                }

                long target = idleAt < until ? idleAt : until;
                int wait = target > now ? (int)(target - now) : 0;
                int received = _inner.Read(_one, 0, 1, wait);
                if (received > 0)
                {
                    _fifo.Enqueue(_one[0]);
                    _lastArrival = _clock.MonotonicMicroseconds;
                    if (_fifo.Count >= FifoThreshold)
                    {
                        ThresholdChunks++;
                        Hand();
                    }

                    continue;
                }

                if (_clock.MonotonicMicroseconds < target)
                {
                    // The inner line returned early without a byte: let time pass to the target.
                    _clock.Sleep((int)(target - _clock.MonotonicMicroseconds));
                }

                if (_clock.MonotonicMicroseconds >= until && (_fifo.Count == 0 || _clock.MonotonicMicroseconds < idleAt))
                {
                    return;
                }
            }
        }

        private void Hand()
        {
            while (_fifo.Count > 0)
            {
                _visible.Enqueue(_fifo.Dequeue());
            }
        }
    }
}
