using System;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Called by a transport for every PUBLISH the broker delivers. It runs on the transport's own thread,
    /// so a handler only copies what it needs and returns (see <see cref="InboundMailbox"/>).
    /// </summary>
    /// <param name="topic">Topic name of the delivered message.</param>
    /// <param name="payload">Payload bytes (the whole array is the payload).</param>
    /// <param name="retained">True when the broker delivered a retained message (MQTT 3.1.1, 3.3.1.3).</param>
    public delegate void MessageReceivedHandler(string topic, byte[] payload, bool retained);

    /// <summary>Outcome of a connection attempt: CONNACK return codes (MQTT 3.1.1, 3.2.2.3) plus local failures.</summary>
    public enum TransportConnectResult
    {
        Accepted = 0,
        RefusedProtocolVersion = 1,
        RefusedIdentifierRejected = 2,
        RefusedServerUnavailable = 3,
        RefusedBadUserNameOrPassword = 4,
        RefusedNotAuthorized = 5,

        /// <summary>No TCP/TLS connection could be made (broker down, network down, DNS, certificate).</summary>
        NetworkError = 100,

        /// <summary>The broker did not answer CONNECT in time.</summary>
        Timeout = 101,

        /// <summary>The connection is being made on the transport's own thread; ask again later
        /// (<see cref="ThreadedTransport"/>).</summary>
        Pending = 102,

        /// <summary>TLS is on without a CA certificate and without mqtt.tls.insecure: not attempted.</summary>
        TlsCertificateMissing = 103,
    }

    /// <summary>
    /// The port between the core and an MQTT client: on the device nanoFramework.M2Mqtt, on the host the
    /// project's own MQTT 3.1.1 client, in unit tests an in-memory double. One instance serves one
    /// connection: the connection manager creates a fresh one for every reconnect, because M2Mqtt has a
    /// history of hanging when a client is reused after a broker drop.
    /// </summary>
    public interface IMessageTransport : IDisposable
    {
        /// <summary>Opens the network connection and sends CONNECT; blocks until CONNACK or failure.</summary>
        TransportConnectResult Connect(TransportConnectOptions options);

        /// <summary>True while the session is up (CONNACK received, no network error since).</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/> from <paramref name="offset"/>.
        /// Returns false when the message could not be handed over (not connected, network error, no PUBACK
        /// in time for QoS 1); the caller keeps the message and tries again later.
        /// </summary>
        bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain);

        /// <summary>Subscribes to a topic filter; false when the broker refused or did not answer.</summary>
        bool Subscribe(string topicFilter, int qualityOfService);

        /// <summary>Removes a subscription; false when the broker did not answer.</summary>
        bool Unsubscribe(string topicFilter);

        /// <summary>Sends DISCONNECT and closes the connection; the broker then discards the last will.</summary>
        void Disconnect();

        /// <summary>Messages delivered by the broker.</summary>
        event MessageReceivedHandler MessageReceived;
    }
}
