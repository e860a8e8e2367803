using EspCollector.Core.Publishing;

namespace EspCollector.HeapProbe
{
    /// <summary>
    /// A broker double that only counts: every connection is accepted, every publish succeeds and is counted (in
    /// total and on the discovery prefix), nothing is kept, so the rig does not grow however long the probe runs.
    /// One transport is built per connection attempt (as M2Mqtt's adapter does); the factory reuses none.
    /// </summary>
    public sealed class CountingBroker : IMessageTransportFactory
    {
        private const string DiscoveryPrefix = "homeassistant/";

        public int Connections;
        public int Published;
        public int DiscoveryPublished;
        public long PayloadBytes;

        public IMessageTransport Create()
        {
            return new CountingTransport(this);
        }

        internal void Count(string topic, int bytes)
        {
            Published++;
            PayloadBytes += bytes;
            if (topic.Length >= DiscoveryPrefix.Length && topic.IndexOf(DiscoveryPrefix) == 0)
            {
                DiscoveryPublished++;
            }
        }

        private sealed class CountingTransport : IMessageTransport
        {
            private readonly CountingBroker _broker;
            private bool _connected;

            public CountingTransport(CountingBroker broker)
            {
                _broker = broker;
            }

            // Nothing is ever delivered to the probe: the event is only held, as the device's transport holds it.
#pragma warning disable CS0067
            public event MessageReceivedHandler MessageReceived;
#pragma warning restore CS0067

            public bool IsConnected
            {
                get { return _connected; }
            }

            public TransportConnectResult Connect(TransportConnectOptions options)
            {
                _connected = true;
                _broker.Connections++;
                return TransportConnectResult.Accepted;
            }

            public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
            {
                if (!_connected)
                {
                    return false;
                }

                _broker.Count(topic, count);
                return true;
            }

            public bool Subscribe(string topicFilter, int qualityOfService)
            {
                return _connected;
            }

            public bool Unsubscribe(string topicFilter)
            {
                return _connected;
            }

            public void Disconnect()
            {
                _connected = false;
            }

            public void Dispose()
            {
                _connected = false;
            }
        }
    }
}
