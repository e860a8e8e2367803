using System.Threading;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A transport factory whose connections block in Connect the way M2Mqtt's do on the device (a blocking DNS
    /// lookup, then up to 30 s for CONNACK; firmware/PLATFORM.md, "ESP32 platform", MQTT), then behave like the
    /// wrapped transport. The block is modelled in simulated time: called on the thread that drives the virtual
    /// clock (the main loop), the call itself takes <see cref="BlockMicroseconds"/> of that clock, as the stalled
    /// loop would lose it; on any other thread (a transport worker) it waits, really, until the main loop has
    /// moved the clock that far. Public so the host twin can run on it.
    /// </summary>
    public sealed class BlockingConnectTransportFactory : IMessageTransportFactory
    {
        private readonly IMessageTransportFactory _inner;
        private readonly VirtualClock _clock;
        private readonly Thread _clockThread;

        /// <param name="clockThread">The thread that advances <paramref name="clock"/> (the test's main loop).</param>
        public BlockingConnectTransportFactory(IMessageTransportFactory inner, VirtualClock clock, Thread clockThread, long blockMicroseconds)
        {
            _inner = inner;
            _clock = clock;
            _clockThread = clockThread;
            BlockMicroseconds = blockMicroseconds;
        }

        public long BlockMicroseconds;

        /// <summary>Connect calls made on the clock's own thread (each stalled the main loop).</summary>
        public int BlockedOnClockThread;

        public int Connects;

        /// <summary>Set to stop every waiting Connect (end of a test).</summary>
        public bool Abandon;

        public IMessageTransport Create()
        {
            return new BlockingConnectTransport(this, _inner.Create());
        }

        internal void Block()
        {
            Connects++;
            if (Thread.CurrentThread == _clockThread)
            {
                BlockedOnClockThread++;
                _clock.Advance(BlockMicroseconds);
                return;
            }

            long until = _clock.MonotonicMicroseconds + BlockMicroseconds;
            while (!Abandon && _clock.MonotonicMicroseconds < until)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>One connection of <see cref="BlockingConnectTransportFactory"/>.</summary>
    public sealed class BlockingConnectTransport : IMessageTransport
    {
        private readonly BlockingConnectTransportFactory _owner;
        private readonly IMessageTransport _inner;

        internal BlockingConnectTransport(BlockingConnectTransportFactory owner, IMessageTransport inner)
        {
            _owner = owner;
            _inner = inner;
            _inner.MessageReceived += Forward;
        }

        public event MessageReceivedHandler MessageReceived;

        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            _owner.Block();
            return _owner.Abandon ? TransportConnectResult.Timeout : _inner.Connect(options);
        }

        public bool IsConnected
        {
            get { return _inner.IsConnected; }
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            return _inner.Publish(topic, payload, offset, count, qualityOfService, retain);
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            return _inner.Subscribe(topicFilter, qualityOfService);
        }

        public bool Unsubscribe(string topicFilter)
        {
            return _inner.Unsubscribe(topicFilter);
        }

        public void Disconnect()
        {
            _inner.Disconnect();
        }

        public void Dispose()
        {
            _inner.Dispose();
        }

        private void Forward(string topic, byte[] payload, bool retained)
        {
            MessageReceivedHandler handler = MessageReceived;
            if (handler != null)
            {
                handler(topic, payload, retained);
            }
        }
    }
}
