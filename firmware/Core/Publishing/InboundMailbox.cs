using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Hands commands from the transport's receive thread to the publisher's service loop: a few slots with
    /// payload buffers allocated once. The receive thread only copies and returns; a command is executed
    /// (bus traffic, relay switching) on the service loop. When all slots are taken the message is dropped
    /// and counted (a flood of commands must not grow the heap).
    /// </summary>
    public sealed class InboundMailbox
    {
        private readonly object _sync = new object();
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private readonly int[] _lengths;
        private readonly bool[] _retained;
        private int _first;
        private int _count;
        private int _overflows;

        public InboundMailbox(int slots, int maximumPayloadBytes)
        {
            _topics = new string[slots];
            _payloads = new byte[slots][];
            _lengths = new int[slots];
            _retained = new bool[slots];
            for (int i = 0; i < slots; i++)
            {
                _payloads[i] = new byte[maximumPayloadBytes];
            }
        }

        /// <summary>Messages dropped because every slot was taken.</summary>
        public int Overflows
        {
            get { return _overflows; }
        }

        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        /// <summary>
        /// Copies a message in. A payload longer than a slot is not copied; its real length is kept so the
        /// command router answers "payload_too_large".
        /// </summary>
        public bool Post(string topic, byte[] payload, bool retained)
        {
            lock (_sync)
            {
                if (_count == _topics.Length)
                {
                    _overflows++;
                    return false;
                }

                int slot = (_first + _count) % _topics.Length;
                int length = payload == null ? 0 : payload.Length;
                _topics[slot] = topic;
                _lengths[slot] = length;
                _retained[slot] = retained;
                if (length <= _payloads[slot].Length && length > 0)
                {
                    Array.Copy(payload, 0, _payloads[slot], 0, length);
                }

                _count++;
                return true;
            }
        }

        /// <summary>
        /// Takes the oldest message: copies its payload (when it fitted) into <paramref name="buffer"/>.
        /// Returns null when the mailbox is empty.
        /// </summary>
        public string Take(byte[] buffer, out int length, out bool retained)
        {
            lock (_sync)
            {
                length = 0;
                retained = false;
                if (_count == 0)
                {
                    return null;
                }

                string topic = _topics[_first];
                length = _lengths[_first];
                retained = _retained[_first];
                if (length <= _payloads[_first].Length && length > 0)
                {
                    Array.Copy(_payloads[_first], 0, buffer, 0, length);
                }

                _topics[_first] = null;
                _first = (_first + 1) % _topics.Length;
                _count--;
                return topic;
            }
        }
    }
}
