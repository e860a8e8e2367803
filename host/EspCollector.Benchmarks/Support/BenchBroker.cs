using System;
using EspCollector.Core.Publishing;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>What kind of message a topic carries (topic layout: firmware/Core/Publishing/README.md).</summary>
    public enum MessageKind
    {
        MeterState,
        PulseState,
        Health,
        Event,
        Availability,
        Status,
        Discovery,
        Other,
    }

    /// <summary>
    /// An in-memory broker that only counts: messages by kind and payload bytes, nothing stored, so a week of
    /// traffic costs no memory. <see cref="Available"/> false cuts the session and refuses connections (a
    /// broker outage). Its work is counted as foreign (on the device M2Mqtt does this part).
    /// </summary>
    public sealed class BenchBroker : IMessageTransportFactory
    {
        private readonly long[] _counts = new long[Enum.GetValues(typeof(MessageKind)).Length];
        private BenchTransport _current;
        private bool _available = true;

        public long PayloadBytes;

        public int Sessions;

        /// <summary>Payload of the last message per kind is not kept; this hook sees each one (may be null).</summary>
        public Action<MessageKind, string, byte[], int, int> Observer;

        public bool Available
        {
            get => _available;
            set
            {
                _available = value;
                if (!value && _current != null)
                {
                    _current.Cut();
                }
            }
        }

        public long Count(MessageKind kind) => _counts[(int)kind];

        public long Total
        {
            get
            {
                long total = 0;
                foreach (long count in _counts)
                {
                    total += count;
                }

                return total;
            }
        }

        public IMessageTransport Create()
        {
            Foreign.Enter();
            _current = new BenchTransport(this);
            Foreign.Exit();
            return _current;
        }

        internal void Accept(string topic, byte[] payload, int offset, int count)
        {
            MessageKind kind = Classify(topic);
            _counts[(int)kind]++;
            PayloadBytes += count;
            Observer?.Invoke(kind, topic, payload, offset, count);
        }

        public static MessageKind Classify(string topic)
        {
            if (topic.StartsWith("homeassistant/", StringComparison.Ordinal))
            {
                return MessageKind.Discovery;
            }

            if (topic.EndsWith("/state", StringComparison.Ordinal))
            {
                return topic.Contains("/meter/", StringComparison.Ordinal) ? MessageKind.MeterState : MessageKind.PulseState;
            }

            if (topic.EndsWith("/health", StringComparison.Ordinal))
            {
                return MessageKind.Health;
            }

            if (topic.EndsWith("/event", StringComparison.Ordinal))
            {
                return MessageKind.Event;
            }

            if (topic.EndsWith("/availability", StringComparison.Ordinal))
            {
                return MessageKind.Availability;
            }

            return topic.EndsWith("/status", StringComparison.Ordinal) ? MessageKind.Status : MessageKind.Other;
        }

        private sealed class BenchTransport : IMessageTransport
        {
            private readonly BenchBroker _broker;
            private bool _connected;

            public BenchTransport(BenchBroker broker)
            {
                _broker = broker;
            }

            public event MessageReceivedHandler MessageReceived
            {
                add { }
                remove { }
            }

            public bool IsConnected => _connected;

            public TransportConnectResult Connect(TransportConnectOptions options)
            {
                if (!_broker._available)
                {
                    return TransportConnectResult.NetworkError;
                }

                _connected = true;
                _broker.Sessions++;
                return TransportConnectResult.Accepted;
            }

            public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
            {
                if (!_connected)
                {
                    return false;
                }

                Foreign.Enter();
                _broker.Accept(topic, payload, offset, count);
                Foreign.Exit();
                return true;
            }

            public bool Subscribe(string topicFilter, int qualityOfService) => _connected;

            public bool Unsubscribe(string topicFilter) => _connected;

            public void Disconnect()
            {
                _connected = false;
            }

            public void Dispose()
            {
                _connected = false;
            }

            internal void Cut()
            {
                _connected = false;
            }
        }
    }
}
