using System;
using System.Threading;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Puts a blocking transport on a thread of its own. On the device, M2Mqtt's constructor does a blocking DNS
    /// lookup, <c>Connect</c> waits up to 30 s for CONNACK and <c>Close</c> can block for seconds
    /// (firmware/PLATFORM.md, "ESP32 platform", MQTT): on the main loop that stalls pulse processing, bus polling
    /// and the console's bus commands. This factory hands the connection manager facades
    /// (<see cref="ThreadedTransport"/>) that only queue work for one worker; the worker creates, connects,
    /// publishes, subscribes and closes the real transports.
    ///
    /// Between the main loop and the worker is a bounded queue of <see cref="QueueCapacity"/> messages, copied
    /// into preallocated slot buffers (each grows to the largest message it held, then stays). A full queue
    /// refuses the message (Publish returns false, counted in <see cref="Refused"/>): the store-and-forward
    /// ring keeps it and tries later. A message the worker then fails to hand to the real transport is counted
    /// in <see cref="LostAfterHandover"/> and ends the session.
    /// </summary>
    public sealed class ThreadedTransportFactory : IMessageTransportFactory
    {
        public const int DefaultQueueCapacity = 6;

        /// <summary>How long the worker may be silent: a blocked connect (DNS + 30 s CONNACK) and a slow close.</summary>
        public const long HeartbeatLimitMicroseconds = 120L * 1000000;

        private const int KindPublish = 0;
        private const int KindSubscribe = 1;
        private const int KindUnsubscribe = 2;
        private const int KindDisconnect = 3;

        private readonly object _sync = new object();
        private readonly AutoResetEvent _work = new AutoResetEvent(false);
        private readonly IMessageTransportFactory _inner;
        private readonly int _capacity;
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private readonly int[] _lengths;
        private readonly int[] _kinds;
        private readonly int[] _qualities;
        private readonly bool[] _retains;
        private int _head;
        private int _count;

        // Owned by the worker; the facades only read the flags under the lock.
        private IMessageTransport _transport;
        private ThreadedTransport _current;
        private TransportConnectOptions _connectOptions;
        private bool _connectRequested;
        private bool _connectDone;
        private TransportConnectResult _connectResult;
        private bool _up;
        private bool _closeRequested;

        /// <summary>+1 per session (Create, Release): a connect that finishes for an older session is closed.</summary>
        private int _generation;

        private int _refused;
        private int _lostAfterHandover;
        private int _published;

        public ThreadedTransportFactory(IMessageTransportFactory inner, int queueCapacity)
        {
            _inner = inner;
            _capacity = queueCapacity > 0 ? queueCapacity : DefaultQueueCapacity;
            _topics = StringArrays.Create(_capacity);
            _payloads = new byte[_capacity][];
            _lengths = new int[_capacity];
            _kinds = new int[_capacity];
            _qualities = new int[_capacity];
            _retains = new bool[_capacity];
            for (int i = 0; i < _capacity; i++)
            {
                _payloads[i] = new byte[0];
            }
        }

        public int QueueCapacity
        {
            get { return _capacity; }
        }

        /// <summary>Messages waiting for the worker.</summary>
        public int Queued
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        /// <summary>Messages refused because the queue was full (the caller kept them).</summary>
        public int Refused
        {
            get { return _refused; }
        }

        /// <summary>Messages queued but then not taken by the real transport (session lost meanwhile).</summary>
        public int LostAfterHandover
        {
            get { return _lostAfterHandover; }
        }

        /// <summary>Messages the real transport accepted.</summary>
        public int Published
        {
            get { return _published; }
        }

        public IMessageTransport Create()
        {
            lock (_sync)
            {
                _current = new ThreadedTransport(this);
                _generation++;
                _connectRequested = false;
                _connectDone = false;
                _up = false;
                _count = 0;
                _closeRequested = _closeRequested || _transport != null;
            }

            _work.Set();
            return _current;
        }

        /// <summary>
        /// One pass of the worker: closes, connects or sends one queued message. Blocks as long as the real
        /// transport does. Returns after at most <paramref name="idleMilliseconds"/> when there is nothing to do.
        /// On the device a guarded thread (Core/Supervision) runs it in a loop and beats the transport's heartbeat.
        /// </summary>
        public int WorkOnce(int idleMilliseconds)
        {
            IMessageTransport closing = null;
            TransportConnectOptions connect = null;
            int slot = -1;
            int generation;
            lock (_sync)
            {
                generation = _generation;
                if (_count > 0 && _transport != null)
                {
                    // Queued work first, so a DISCONNECT queued before the close is sent.
                    slot = _head;
                }
                else if (_closeRequested)
                {
                    closing = _transport;
                    _transport = null;
                    _closeRequested = false;
                    _up = false;
                    _count = 0;
                }
                else if (_connectRequested && !_connectDone && _transport == null)
                {
                    connect = _connectOptions;
                }
                else if (_up && _transport != null && !_transport.IsConnected)
                {
                    _up = false;
                }
            }

            if (closing != null)
            {
                Close(closing);
                return 0;
            }

            if (connect != null)
            {
                Connect(connect, generation);
                return 0;
            }

            if (slot >= 0)
            {
                Send(slot);
                return 0;
            }

            _work.WaitOne(idleMilliseconds, false);
            return 0;
        }

        // ---------------------------------------------------------------- worker side

        private void Connect(TransportConnectOptions options, int generation)
        {
            IMessageTransport transport = _inner.Create();
            transport.MessageReceived += OnMessage;
            TransportConnectResult result;
            try
            {
                result = transport.Connect(options);
            }
            catch (Exception)
            {
                result = TransportConnectResult.NetworkError;
            }

            bool accepted = result == TransportConnectResult.Accepted && transport.IsConnected;
            lock (_sync)
            {
                if (generation == _generation)
                {
                    _connectDone = true;
                    _connectResult = accepted ? TransportConnectResult.Accepted
                        : result == TransportConnectResult.Accepted ? TransportConnectResult.NetworkError : result;
                    _up = accepted;
                    _transport = transport;
                    _closeRequested = false;
                    return;
                }
            }

            // The manager gave up on this session while it was connecting.
            Close(transport);
        }

        private void Send(int slot)
        {
            IMessageTransport transport = _transport;
            bool ok;
            int kind = _kinds[slot];
            try
            {
                switch (kind)
                {
                    case KindPublish:
                        ok = transport.Publish(_topics[slot], _payloads[slot], 0, _lengths[slot], _qualities[slot], _retains[slot]);
                        break;
                    case KindSubscribe:
                        ok = transport.Subscribe(_topics[slot], _qualities[slot]);
                        break;
                    case KindUnsubscribe:
                        ok = transport.Unsubscribe(_topics[slot]);
                        break;
                    default:
                        transport.Disconnect();
                        ok = true;
                        break;
                }
            }
            catch (Exception)
            {
                ok = false;
            }

            lock (_sync)
            {
                // The slot is released only now: the main loop never overwrites a buffer the worker reads.
                if (_count > 0 && _head == slot)
                {
                    _topics[slot] = null;
                    _head = (_head + 1) % _capacity;
                    _count--;
                }

                if (kind == KindPublish)
                {
                    if (ok)
                    {
                        _published++;
                    }
                    else
                    {
                        _lostAfterHandover++;
                    }
                }

                if (!ok || kind == KindDisconnect)
                {
                    _up = false;
                }
            }
        }

        private static void Close(IMessageTransport transport)
        {
            try
            {
                transport.Dispose();
            }
            catch (Exception)
            {
                // A transport failing to close a dead socket must not stop the worker.
            }
        }

        private void OnMessage(string topic, byte[] payload, bool retained)
        {
            ThreadedTransport current = _current;
            if (current != null)
            {
                current.Deliver(topic, payload, retained);
            }
        }

        // ---------------------------------------------------------------- facade side (main loop)

        internal TransportConnectResult RequestConnect(ThreadedTransport facade, TransportConnectOptions options)
        {
            lock (_sync)
            {
                if (!ReferenceEquals(facade, _current))
                {
                    return TransportConnectResult.NetworkError;
                }

                if (_connectDone)
                {
                    return _connectResult;
                }

                if (!_connectRequested)
                {
                    _connectRequested = true;
                    _connectOptions = options;
                    _work.Set();
                }

                return TransportConnectResult.Pending;
            }
        }

        internal bool IsUp(ThreadedTransport facade)
        {
            lock (_sync)
            {
                return ReferenceEquals(facade, _current) && _up;
            }
        }

        internal bool Enqueue(ThreadedTransport facade, int kind, string topic, byte[] payload, int offset, int count, int quality, bool retain)
        {
            lock (_sync)
            {
                if (!ReferenceEquals(facade, _current) || !_up)
                {
                    return false;
                }

                if (_count >= _capacity)
                {
                    _refused++;
                    facade.QueueFull = true;
                    return false;
                }

                facade.QueueFull = false;

                int slot = (_head + _count) % _capacity;
                if (payload != null)
                {
                    if (_payloads[slot].Length < count)
                    {
                        _payloads[slot] = new byte[count];
                    }

                    Array.Copy(payload, offset, _payloads[slot], 0, count);
                }

                _kinds[slot] = kind;
                _topics[slot] = topic;
                _lengths[slot] = payload != null ? count : 0;
                _qualities[slot] = quality;
                _retains[slot] = retain;
                _count++;
            }

            _work.Set();
            return true;
        }

        internal bool EnqueuePublish(ThreadedTransport facade, string topic, byte[] payload, int offset, int count, int quality, bool retain)
        {
            return Enqueue(facade, KindPublish, topic, payload, offset, count, quality, retain);
        }

        internal bool EnqueueSubscribe(ThreadedTransport facade, string topic, int quality, bool subscribe)
        {
            return Enqueue(facade, subscribe ? KindSubscribe : KindUnsubscribe, topic, null, 0, 0, quality, false);
        }

        internal void EnqueueDisconnect(ThreadedTransport facade)
        {
            Enqueue(facade, KindDisconnect, null, null, 0, 0, 0, false);
        }

        internal void Release(ThreadedTransport facade)
        {
            lock (_sync)
            {
                if (!ReferenceEquals(facade, _current))
                {
                    return;
                }

                _current = null;
                _generation++;
                _up = false;
                _closeRequested = true;

                // Keep a queued DISCONNECT (a clean close): everything else is dropped with the session.
                if (!(_count > 0 && _kinds[(_head + _count - 1) % _capacity] == KindDisconnect))
                {
                    _count = 0;
                }
            }

            _work.Set();
        }
    }

    /// <summary>The facade of one session handed to the connection manager: nothing here blocks.</summary>
    public sealed class ThreadedTransport : IMessageTransport
    {
        private readonly ThreadedTransportFactory _owner;

        internal ThreadedTransport(ThreadedTransportFactory owner)
        {
            _owner = owner;
        }

        public event MessageReceivedHandler MessageReceived;

        /// <summary>The last message was refused because the queue was full (back-pressure, not a failure).</summary>
        public bool QueueFull;

        /// <summary>Pending until the worker has an answer; then the answer (asked again each service pass).</summary>
        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            return _owner.RequestConnect(this, options);
        }

        public bool IsConnected
        {
            get { return _owner.IsUp(this); }
        }

        /// <summary>True once queued for the worker; false when the queue is full or the session is down.</summary>
        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            return _owner.EnqueuePublish(this, topic, payload, offset, count, qualityOfService, retain);
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            return _owner.EnqueueSubscribe(this, topicFilter, qualityOfService, true);
        }

        public bool Unsubscribe(string topicFilter)
        {
            return _owner.EnqueueSubscribe(this, topicFilter, 0, false);
        }

        public void Disconnect()
        {
            _owner.EnqueueDisconnect(this);
        }

        public void Dispose()
        {
            _owner.Release(this);
        }

        internal void Deliver(string topic, byte[] payload, bool retained)
        {
            MessageReceivedHandler handler = MessageReceived;
            if (handler != null)
            {
                handler(topic, payload, retained);
            }
        }
    }
}
