using System;
using System.Collections;
using EspCollector.Core.Publishing;

namespace EspCollector.Tests.Doubles
{
    /// <summary>One message the memory broker accepted from a client.</summary>
    public sealed class BrokerMessage
    {
        public readonly string Topic;
        public readonly byte[] Payload;
        public readonly int QualityOfService;
        public readonly bool Retain;

        /// <summary>Which client session sent it (1 for the first transport created, ...).</summary>
        public readonly int Session;

        public BrokerMessage(string topic, byte[] payload, int qualityOfService, bool retain, int session)
        {
            Topic = topic;
            Payload = payload;
            QualityOfService = qualityOfService;
            Retain = retain;
            Session = session;
        }

        public string Text
        {
            get { return new string(System.Text.Encoding.UTF8.GetChars(Payload, 0, Payload.Length)); }
        }
    }

    /// <summary>
    /// An in-memory MQTT broker for unit tests: keeps retained messages (an empty retained payload deletes,
    /// MQTT 3.1.1, 3.3.1.3), logs every PUBLISH, delivers retained messages on SUBSCRIBE and publishes the
    /// last will when a session is cut. <see cref="Available"/> false makes every connect fail and cuts the
    /// current session, as a stopped broker would. Synchronous: deliveries run on the caller's thread.
    /// The log is kept in segments of <see cref="LogSegment"/> messages, never in one growing array: nanoCLR
    /// does not compact its heap before it throws OutOfMemoryException, so one ArrayList of an hour's messages
    /// (a 2,048-element array, about 48 KB in one block) fails on a fragmented heap with most of it free.
    /// </summary>
    public sealed class MemoryBroker : IMessageTransportFactory
    {
        private readonly Hashtable _retained = new Hashtable();
        /// <summary>Messages per log segment (one array of about 1.5 KB on nanoCLR).</summary>
        public const int LogSegment = 64;

        private readonly ArrayList _logSegments = new ArrayList();
        private int _logCount;
        private readonly ArrayList _transports = new ArrayList();

        public bool Available = true;

        /// <summary>When false, Publish fails on every transport (a socket that stopped sending).</summary>
        public bool AcceptPublishes = true;

        /// <summary>Messages logged since the start or the last <see cref="ClearLog"/>.</summary>
        public int LogCount
        {
            get { return _logCount; }
        }

        /// <summary>The <paramref name="index"/>-th message logged, in order.</summary>
        public BrokerMessage LogAt(int index)
        {
            return (BrokerMessage)((ArrayList)_logSegments[index / LogSegment])[index % LogSegment];
        }

        /// <summary>Forgets the logged messages (retained messages and sessions stay).</summary>
        public void ClearLog()
        {
            _logSegments.Clear();
            _logCount = 0;
        }

        /// <summary>Transports created so far (one per connection attempt).</summary>
        public int TransportsCreated
        {
            get { return _transports.Count; }
        }

        public int ConnectAttempts;

        public MemoryTransport LastTransport
        {
            get { return _transports.Count == 0 ? null : (MemoryTransport)_transports[_transports.Count - 1]; }
        }

        public IMessageTransport Create()
        {
            MemoryTransport transport = new MemoryTransport(this, _transports.Count + 1);
            _transports.Add(transport);
            return transport;
        }

        /// <summary>The retained payload of a topic as text, or null.</summary>
        public string RetainedText(string topic)
        {
            byte[] payload = (byte[])_retained[topic];
            return payload == null ? null : new string(System.Text.Encoding.UTF8.GetChars(payload, 0, payload.Length));
        }

        public bool HasRetained(string topic)
        {
            return _retained.Contains(topic);
        }

        /// <summary>Retained topics starting with <paramref name="start"/>.</summary>
        public int CountRetained(string start)
        {
            int count = 0;
            foreach (object key in _retained.Keys)
            {
                if (((string)key).StartsWith(start))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Puts a retained message on the broker as another client would.</summary>
        public void SetRetained(string topic, string text)
        {
            _retained[topic] = System.Text.Encoding.UTF8.GetBytes(text);
        }

        /// <summary>Messages logged on a topic, in order.</summary>
        public ArrayList MessagesOn(string topic)
        {
            ArrayList found = new ArrayList();
            for (int i = 0; i < _logCount; i++)
            {
                BrokerMessage message = LogAt(i);
                if (message.Topic == topic)
                {
                    found.Add(message);
                }
            }

            return found;
        }

        /// <summary>How many messages are logged on a topic (no list: long runs count without a growing array).</summary>
        public int CountOn(string topic)
        {
            int count = 0;
            for (int i = 0; i < _logCount; i++)
            {
                if (LogAt(i).Topic == topic)
                {
                    count++;
                }
            }

            return count;
        }

        public string LastTextOn(string topic)
        {
            ArrayList found = MessagesOn(topic);
            return found.Count == 0 ? null : ((BrokerMessage)found[found.Count - 1]).Text;
        }

        /// <summary>Delivers a message from another client (a command, HA's birth message) to subscribers.</summary>
        public void Inject(string topic, string text, bool retain)
        {
            byte[] payload = System.Text.Encoding.UTF8.GetBytes(text);
            if (retain)
            {
                StoreRetained(topic, payload);
            }

            Route(topic, payload, false);
        }

        /// <summary>Stops the broker: the connected session is cut (no will: the broker itself is gone).</summary>
        public void Stop()
        {
            Available = false;
            for (int i = 0; i < _transports.Count; i++)
            {
                ((MemoryTransport)_transports[i]).Cut();
            }
        }

        public void Start()
        {
            Available = true;
        }

        /// <summary>Cuts a session as a dead TCP connection would: the broker publishes its last will.</summary>
        public void CutWithWill(MemoryTransport transport)
        {
            TransportConnectOptions options = transport.Options;
            transport.Cut();
            if (options != null && options.WillTopic != null)
            {
                byte[] will = System.Text.Encoding.UTF8.GetBytes(options.WillMessage);
                Accept(options.WillTopic, will, options.WillQualityOfService, options.WillRetain, 0);
            }
        }

        internal void Accept(string topic, byte[] payload, int qualityOfService, bool retain, int session)
        {
            if (_logCount % LogSegment == 0)
            {
                _logSegments.Add(new ArrayList());
            }

            ((ArrayList)_logSegments[_logCount / LogSegment]).Add(new BrokerMessage(topic, payload, qualityOfService, retain, session));
            _logCount++;
            if (retain)
            {
                StoreRetained(topic, payload);
            }

            Route(topic, payload, false);
        }

        internal void DeliverRetained(MemoryTransport transport, string filter)
        {
            foreach (object key in _retained.Keys)
            {
                string topic = (string)key;
                if (TopicMatches(filter, topic))
                {
                    transport.Deliver(topic, (byte[])_retained[topic], true);
                }
            }
        }

        private void StoreRetained(string topic, byte[] payload)
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

        private void Route(string topic, byte[] payload, bool retained)
        {
            for (int i = 0; i < _transports.Count; i++)
            {
                MemoryTransport transport = (MemoryTransport)_transports[i];
                if (transport.IsConnected && transport.IsSubscribed(topic))
                {
                    transport.Deliver(topic, payload, retained);
                }
            }
        }

        /// <summary>MQTT 3.1.1, 4.7: '+' matches one level, '#' the rest.</summary>
        public static bool TopicMatches(string filter, string topic)
        {
            string[] filterLevels = filter.Split('/');
            string[] topicLevels = topic.Split('/');
            for (int i = 0; i < filterLevels.Length; i++)
            {
                if (filterLevels[i] == "#")
                {
                    return true;
                }

                if (i >= topicLevels.Length)
                {
                    return false;
                }

                if (filterLevels[i] != "+" && filterLevels[i] != topicLevels[i])
                {
                    return false;
                }
            }

            return filterLevels.Length == topicLevels.Length;
        }
    }

    /// <summary>A client session on the <see cref="MemoryBroker"/>.</summary>
    public sealed class MemoryTransport : IMessageTransport
    {
        private readonly MemoryBroker _broker;
        private readonly int _session;
        private readonly ArrayList _filters = new ArrayList();
        private bool _connected;
        private bool _disposed;

        public TransportConnectOptions Options;

        public MemoryTransport(MemoryBroker broker, int session)
        {
            _broker = broker;
            _session = session;
        }

        public event MessageReceivedHandler MessageReceived;

        public bool IsConnected
        {
            get { return _connected; }
        }

        public bool IsDisposed
        {
            get { return _disposed; }
        }

        public bool DisconnectedCleanly;

        public int Session
        {
            get { return _session; }
        }

        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException("MemoryTransport");
            }

            _broker.ConnectAttempts++;
            Options = options;
            if (!_broker.Available)
            {
                return TransportConnectResult.NetworkError;
            }

            _connected = true;
            return TransportConnectResult.Accepted;
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            if (!_connected || !_broker.AcceptPublishes)
            {
                return false;
            }

            byte[] copy = new byte[count];
            Array.Copy(payload, offset, copy, 0, count);
            _broker.Accept(topic, copy, qualityOfService, retain, _session);
            return true;
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            if (!_connected)
            {
                return false;
            }

            _filters.Add(topicFilter);
            _broker.DeliverRetained(this, topicFilter);
            return true;
        }

        public bool Unsubscribe(string topicFilter)
        {
            if (!_connected)
            {
                return false;
            }

            _filters.Remove(topicFilter);
            return true;
        }

        public bool IsSubscribed(string topic)
        {
            for (int i = 0; i < _filters.Count; i++)
            {
                if (MemoryBroker.TopicMatches((string)_filters[i], topic))
                {
                    return true;
                }
            }

            return false;
        }

        public void Disconnect()
        {
            DisconnectedCleanly = _connected;
            _connected = false;
        }

        public void Dispose()
        {
            _connected = false;
            _disposed = true;
        }

        internal void Cut()
        {
            _connected = false;
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

    /// <summary>A network link whose state the test sets.</summary>
    public sealed class FakeNetworkStatus : INetworkStatus
    {
        public bool Connected = true;
        public int Rssi = -61;
        public byte[] Mac = { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };

        public bool IsConnected
        {
            get { return Connected; }
        }

        public int SignalStrength
        {
            get { return Rssi; }
        }

        public byte[] MacAddress
        {
            get { return Mac; }
        }
    }

    /// <summary>Command actions that record calls and answer what the test set.</summary>
    public sealed class RecordingCommandActions : ICommandActions
    {
        public readonly ArrayList Calls = new ArrayList();
        public CommandOutcome PollOutcome = CommandOutcome.Done;
        public CommandOutcome RelayOutcome = CommandOutcome.Done;

        /// <summary>Relay state the meter reports after switching; by default what was asked.</summary>
        public bool RelayStuck;
        public bool RelayClosed;
        public int Reboots;

        public CommandOutcome PollMeter(string meterName)
        {
            Calls.Add("poll " + meterName);
            return PollOutcome;
        }

        public CommandOutcome SetRelay(string meterName, bool closed, out bool closedAfter)
        {
            Calls.Add("relay " + meterName + (closed ? " on" : " off"));
            if (RelayOutcome == CommandOutcome.Done && !RelayStuck)
            {
                RelayClosed = closed;
            }

            closedAfter = RelayClosed;
            return RelayOutcome;
        }

        public void Reboot()
        {
            Calls.Add("reboot");
            Reboots++;
        }
    }
}
