using System;
using System.Security.Cryptography.X509Certificates;
using EspCollector.Core.Publishing;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EspCollector.Esp32
{
    /// <summary>
    /// The message transport on the device: nanoFramework.M2Mqtt (5.1) speaking MQTT 3.1.1. One instance
    /// wraps one MqttClient for one connection; the connection manager disposes it and asks the factory for
    /// a new one on every reconnect, because reusing an M2Mqtt client after a broker drop has hung
    /// (nanoFramework.M2Mqtt 5.1). M2Mqtt reports failures by exceptions; they become results here.
    /// QoS 1 publishes are handed to M2Mqtt's in-flight queue, which retries them within the session; the
    /// store-and-forward ring covers what a dropped session loses.
    /// </summary>
    public sealed class M2MqttTransport : IMessageTransport
    {
        /// <summary>QoS 1 messages M2Mqtt keeps in flight (its default, int.MaxValue, grows the heap without bound
        /// in a stalled session). Beyond it M2Mqtt refuses the publish; the store-and-forward ring keeps it.</summary>
        public const int InflightQueueSize = 8;

        private MqttClient _client;
        private bool _closed;

        public event MessageReceivedHandler MessageReceived;

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && !_closed && client.IsConnected;
            }
        }

        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            if (_client != null)
            {
                throw new InvalidOperationException("one connection per transport instance");
            }

            try
            {
                if (options.TlsCertificateMissing)
                {
                    // The connection manager does not try this; a direct caller gets the same answer.
                    return TransportConnectResult.TlsCertificateMissing;
                }

                // TLS with a CA of the broker's own, or (mqtt.tls.insecure on) against the CAs stored on the
                // device only: M2Mqtt has no "accept any certificate" mode.
                X509Certificate authority = null;
                if (options.UseTls && options.CaCertificatePem != null && options.CaCertificatePem.Length > 0)
                {
                    authority = new X509Certificate(options.CaCertificatePem);
                }

                // TLS costs about 2 x 16.7 KB of native buffers (mbedTLS on ESP32); only when configured.
                _client = new MqttClient(
                    options.BrokerHost,
                    options.BrokerPort,
                    options.UseTls,
                    authority,
                    null,
                    options.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublishReceived += OnPublishReceived;
                _client.ConnectionClosed += OnConnectionClosed;

                bool hasUser = options.UserName != null && options.UserName.Length > 0;
                bool hasWill = options.WillTopic != null;
                MqttReasonCode code = _client.Connect(
                    options.ClientId,
                    hasUser ? options.UserName : null,
                    hasUser ? options.Password : null,
                    options.WillRetain,
                    Level(options.WillQualityOfService),
                    hasWill,
                    hasWill ? options.WillTopic : null,
                    hasWill ? options.WillMessage : null,
                    options.CleanSession,
                    (ushort)options.KeepAliveSeconds);
                if (code == MqttReasonCode.Success && _client.IsConnected)
                {
                    return TransportConnectResult.Accepted;
                }

                Close();
                return ToResult(code);
            }
            catch (Exception)
            {
                // Socket, DNS, TLS and timeout failures all surface as exceptions in M2Mqtt.
                Close();
                return TransportConnectResult.NetworkError;
            }
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            // M2Mqtt takes the whole array as the message and keeps it until PUBACK: one exact copy per message.
            byte[] message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                _client.Publish(topic, message, null, null, Level(qualityOfService), retain);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            if (!IsConnected)
            {
                return false;
            }

            try
            {
                _client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { Level(qualityOfService) });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Unsubscribe(string topicFilter)
        {
            if (!IsConnected)
            {
                return false;
            }

            try
            {
                _client.Unsubscribe(new string[] { topicFilter });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Disconnect()
        {
            try
            {
                if (IsConnected)
                {
                    _client.Disconnect();
                }
            }
            catch (Exception)
            {
                // Already gone; Dispose closes what is left.
            }

            Close();
        }

        public void Dispose()
        {
            Close();
        }

        private void Close()
        {
            _closed = true;
            MqttClient client = _client;
            if (client == null)
            {
                return;
            }

            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.ConnectionClosed -= OnConnectionClosed;
            // Close only: Close and then Dispose each waited for the connection to end (seconds twice). This
            // runs on the transport's own thread (ThreadedTransportFactory), never on the main loop.
            try
            {
                client.Close();
            }
            catch (Exception)
            {
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            MessageReceivedHandler handler = MessageReceived;
            if (handler != null)
            {
                handler(e.Topic, e.Message, e.Retain);
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            _closed = true;
        }

        /// <summary>
        /// The QoS actually sent: 0, or 1 for anything above 0. M2Mqtt does not carry out QoS 2 as such
        /// (firmware/PLATFORM.md "ESP32 platform", MQTT), so 2 is stated honestly as 1 (at least once), never
        /// silently lowered to 0.
        /// </summary>
        public static MqttQoSLevel Level(int qualityOfService)
        {
            return qualityOfService > 0 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce;
        }

        private static TransportConnectResult ToResult(MqttReasonCode code)
        {
            switch (code)
            {
                case MqttReasonCode.ConnectionRefusedUnacceptableProtocolVersion:
                    return TransportConnectResult.RefusedProtocolVersion;
                case MqttReasonCode.ConnectionRefusedIdentifierRejected:
                    return TransportConnectResult.RefusedIdentifierRejected;
                case MqttReasonCode.ConnectionRefusedServerUnavailable:
                    return TransportConnectResult.RefusedServerUnavailable;
                case MqttReasonCode.ConnectionRefusedBadUserNameOrPassword:
                    return TransportConnectResult.RefusedBadUserNameOrPassword;
                case MqttReasonCode.ConnectionRefusedNotAuthorized:
                    return TransportConnectResult.RefusedNotAuthorized;
                default:
                    return TransportConnectResult.NetworkError;
            }
        }
    }

    /// <summary>A fresh <see cref="M2MqttTransport"/> for every connection attempt. Wrap it in a
    /// ThreadedTransportFactory: every call of M2Mqtt may block for seconds.</summary>
    public sealed class M2MqttTransportFactory : IMessageTransportFactory
    {
        public M2MqttTransportFactory()
        {
            MqttSettings.Instance.InflightQueueSize = M2MqttTransport.InflightQueueSize;
        }

        public IMessageTransport Create()
        {
            return new M2MqttTransport();
        }
    }
}
