using System;
using System.Collections.Generic;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// The broker double of the soak: one session at a time, retained messages kept by topic (a restart loses
    /// them), the last will published when a session dies without DISCONNECT, outages (connections refused),
    /// slow acknowledgements (each PUBLISH costs virtual time), and every accepted message handed to the
    /// subscriber view. <see cref="LoseAcknowledgedMessage"/> makes it lossy: that one buffered-kind message
    /// (1-based, counted over the run) is acknowledged and then never delivered.
    /// </summary>
    public sealed class SoakBroker : IMessageTransportFactory
    {
        private readonly VirtualClock _clock;
        private readonly Dictionary<string, byte[]> _retained = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private Session _current;
        private long _bufferedKindAccepted;

        public bool Available = true;
        public long AcknowledgeDelayMicroseconds;
        public long LoseAcknowledgedMessage = -1;
        public int Sessions;
        public long Accepted;
        public long Lost;

        /// <summary>When the current (or last) session was accepted, virtual µs; -1 before the first.</summary>
        public long SessionStartedAt = -1;

        /// <summary>Every message delivered to subscribers: topic, payload, retained.</summary>
        public Action<string, byte[], bool> Deliver;

        public SoakBroker(VirtualClock clock)
        {
            _clock = clock;
        }

        public Dictionary<string, byte[]> Retained => _retained;

        public bool HasSession => _current != null && _current.Connected;

        public IMessageTransport Create()
        {
            _current = new Session(this);
            return _current;
        }

        /// <summary>The TCP connection dies (WiFi gone, power cut, broker down): the will is published.</summary>
        public void CutSession()
        {
            if (_current != null && _current.Connected)
            {
                _current.Connected = false;
                if (_current.WillTopic != null)
                {
                    Accept(_current.WillTopic, _current.WillPayload, _current.WillRetain);
                }
            }
        }

        /// <summary>The broker restarts without persistence: sessions and every retained message are gone.</summary>
        public void RestartLosingRetained()
        {
            CutSession();
            _retained.Clear();
        }

        private void Accept(string topic, byte[] payload, bool retain)
        {
            Accepted++;
            if (retain)
            {
                if (payload.Length == 0)
                {
                    _retained.Remove(topic);
                }
                else
                {
                    _retained[topic] = payload;
                }
            }

            MessageKind kind = BenchBroker.Classify(topic);
            if (kind == MessageKind.MeterState || kind == MessageKind.PulseState || kind == MessageKind.Event)
            {
                _bufferedKindAccepted++;
                if (_bufferedKindAccepted == LoseAcknowledgedMessage)
                {
                    Lost++;
                    return;
                }
            }

            Deliver?.Invoke(topic, payload, retain);
        }

        private sealed class Session : IMessageTransport
        {
            private readonly SoakBroker _broker;
            public bool Connected;
            public string WillTopic;
            public byte[] WillPayload;
            public bool WillRetain;

            public Session(SoakBroker broker)
            {
                _broker = broker;
            }

            public event MessageReceivedHandler MessageReceived
            {
                add { }
                remove { }
            }

            public bool IsConnected => Connected && ReferenceEquals(_broker._current, this);

            public TransportConnectResult Connect(TransportConnectOptions options)
            {
                if (!_broker.Available)
                {
                    return TransportConnectResult.NetworkError;
                }

                _broker.CutSession();
                _broker._current = this;
                Connected = true;
                WillTopic = options.WillTopic;
                WillPayload = options.WillMessage == null ? new byte[0] : System.Text.Encoding.UTF8.GetBytes(options.WillMessage);
                WillRetain = options.WillRetain;
                _broker.Sessions++;
                _broker.SessionStartedAt = _broker._clock.MonotonicMicroseconds;
                return TransportConnectResult.Accepted;
            }

            public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
            {
                if (!IsConnected)
                {
                    return false;
                }

                if (_broker.AcknowledgeDelayMicroseconds > 0 && qualityOfService > 0)
                {
                    _broker._clock.Advance(_broker.AcknowledgeDelayMicroseconds);
                }

                byte[] copy = new byte[count];
                Array.Copy(payload, offset, copy, 0, count);
                _broker.Accept(topic, copy, retain);
                return true;
            }

            public bool Subscribe(string topicFilter, int qualityOfService) => IsConnected;

            public bool Unsubscribe(string topicFilter) => IsConnected;

            public void Disconnect()
            {
                Connected = false;
            }

            public void Dispose()
            {
                Connected = false;
            }
        }
    }
}
