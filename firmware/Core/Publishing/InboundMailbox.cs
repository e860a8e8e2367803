using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Hands commands from the transport's receive thread to the publisher's service loop: a few slots whose
    /// payloads share one byte arena allocated once. The receive thread only copies and returns; a command is
    /// executed (bus traffic, relay switching) on the service loop. When all slots are taken, or the arena has
    /// no free run long enough for the payload, the message is dropped and counted (a flood of commands must
    /// not grow the heap). The arena holds one command of the largest accepted size, or several usual ones
    /// (a command is a few dozen bytes of JSON, README "Commands"): one buffer per slot would keep four times
    /// that for a burst that does not happen.
    /// </summary>
    public sealed class InboundMailbox
    {
        private readonly object _sync = new object();
        private readonly string[] _topics;
        private readonly byte[] _arena;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly bool[] _retained;
        private int _first;
        private int _count;
        private int _overflows;

        public InboundMailbox(int slots, int maximumPayloadBytes)
        {
            _topics = StringArrays.Create(slots);
            _arena = new byte[maximumPayloadBytes];
            _offsets = new int[slots];
            _lengths = new int[slots];
            _retained = new bool[slots];
        }

        /// <summary>Messages dropped because every slot was taken or the arena was full.</summary>
        public int Overflows
        {
            get { return _overflows; }
        }

        /// <summary>Messages the mailbox holds at most.</summary>
        public int Slots
        {
            get { return _topics.Length; }
        }

        /// <summary>Bytes of payload the slots share.</summary>
        public int CapacityBytes
        {
            get { return _arena.Length; }
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
        /// Copies a message in. A payload longer than the arena is not copied; its real length is kept so the
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

                int length = payload == null ? 0 : payload.Length;
                bool copied = length > 0 && length <= _arena.Length;
                int offset = copied ? FreeRun(length) : 0;
                if (offset < 0)
                {
                    _overflows++;
                    return false;
                }

                int slot = (_first + _count) % _topics.Length;
                _topics[slot] = topic;
                _offsets[slot] = offset;
                _lengths[slot] = length;
                _retained[slot] = retained;
                if (copied)
                {
                    Array.Copy(payload, 0, _arena, offset, length);
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
                if (length <= _arena.Length && length > 0)
                {
                    Array.Copy(_arena, _offsets[_first], buffer, 0, length);
                }

                _topics[_first] = null;
                _first = (_first + 1) % _topics.Length;
                _count--;
                return topic;
            }
        }

        /// <summary>The arena the payloads are kept in (read in place between <see cref="Peek"/> and <see cref="Release"/>).</summary>
        public byte[] Arena
        {
            get { return _arena; }
        }

        /// <summary>
        /// The oldest message without taking it: its payload stays in <see cref="Arena"/> at <paramref name="offset"/>
        /// (when it fitted: <paramref name="length"/> at most <see cref="CapacityBytes"/>) and its arena run is not
        /// given to another message until <see cref="Release"/>. Returns null when the mailbox is empty.
        /// </summary>
        public string Peek(out int offset, out int length, out bool retained)
        {
            lock (_sync)
            {
                offset = 0;
                length = 0;
                retained = false;
                if (_count == 0)
                {
                    return null;
                }

                offset = _offsets[_first];
                length = _lengths[_first];
                retained = _retained[_first];
                return _topics[_first];
            }
        }

        /// <summary>Removes the oldest message (the one <see cref="Peek"/> gave).</summary>
        public void Release()
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    return;
                }

                _topics[_first] = null;
                _first = (_first + 1) % _topics.Length;
                _count--;
            }
        }

        /// <summary>
        /// Start of a run of <paramref name="length"/> free arena bytes, or -1 (caller holds the lock). Slots
        /// keep their own offsets, so any free run will do: first fit among the arena start and the end of
        /// each held payload (a handful of candidates, no allocation).
        /// </summary>
        private int FreeRun(int length)
        {
            for (int candidate = -1; candidate < _count; candidate++)
            {
                int start = 0;
                if (candidate >= 0)
                {
                    int slot = (_first + candidate) % _topics.Length;
                    start = _offsets[slot] + StoredLength(slot);
                }

                if (start + length <= _arena.Length && !Overlaps(start, length))
                {
                    return start;
                }
            }

            return -1;
        }

        private bool Overlaps(int start, int length)
        {
            for (int i = 0; i < _count; i++)
            {
                int slot = (_first + i) % _topics.Length;
                int held = StoredLength(slot);
                if (held > 0 && start < _offsets[slot] + held && _offsets[slot] < start + length)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Arena bytes a slot's payload occupies (none when it was empty or too large to copy).</summary>
        private int StoredLength(int slot)
        {
            int length = _lengths[slot];
            return length > 0 && length <= _arena.Length ? length : 0;
        }
    }
}
