using System;
using System.Buffers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using EspCollector.Core.Publishing;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EspCollector.HostAdapters.Mqtt
{
    /// <summary>
    /// The core's <see cref="IMessageTransport"/> on the host through MQTTnet (5.x): CONNECT with will,
    /// credentials and keep-alive (MQTTnet sends PINGREQ and drops the connection when PINGRESP stays away);
    /// PUBLISH at QoS 0 and 1 (waiting for PUBACK); SUBSCRIBE/UNSUBSCRIBE; DISCONNECT; inbound publishes raise
    /// <see cref="MessageReceived"/> on MQTTnet's receive thread. TLS validates the broker against the configured
    /// CA certificate. MQTT 3.1.1 by default, MQTT 5 on request (<see cref="MqttProtocolVersion"/>).
    /// One instance per connection, like the device transport (M2Mqtt): the connection manager makes a fresh
    /// one for every reconnect. The core's port is synchronous, so every call waits for MQTTnet's task with
    /// the response timeout of the connect options.
    /// </summary>
    public sealed class MqttNetTransport : IMessageTransport
    {
        private readonly MqttProtocolVersion _version;
        private IMqttClient _client;
        private TimeSpan _timeout = TimeSpan.FromSeconds(5);
        private volatile bool _closed;

        public MqttNetTransport()
            : this(MqttProtocolVersion.V311)
        {
        }

        public MqttNetTransport(MqttProtocolVersion version)
        {
            _version = version;
        }

        public event MessageReceivedHandler MessageReceived;

        public bool IsConnected
        {
            get { return !_closed && _client != null && _client.IsConnected; }
        }

        /// <summary>The protocol version this transport speaks (3.1.1 or 5).</summary>
        public MqttProtocolVersion ProtocolVersion
        {
            get { return _version; }
        }

        /// <summary>Why the connection ended, for diagnostics (null while up or after a clean Disconnect).</summary>
        public string CloseReason { get; private set; }

        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            if (_client != null)
            {
                throw new InvalidOperationException("one connection per transport instance");
            }

            _timeout = TimeSpan.FromMilliseconds(options.ResponseTimeoutMilliseconds);
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += OnMessage;
            _client.DisconnectedAsync += OnDisconnected;
            try
            {
                MqttClientConnectResult result = Wait(_client.ConnectAsync(BuildOptions(options), CancellationToken.None));
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    Close("CONNACK refused " + result.ResultCode);
                    return Map(result.ResultCode);
                }

                return TransportConnectResult.Accepted;
            }
            catch (TimeoutException)
            {
                Close("connect timeout");
                return TransportConnectResult.Timeout;
            }
            catch (Exception exception) when (exception is MqttCommunicationException || exception is OperationCanceledException
                || exception is MqttProtocolViolationException || exception is System.IO.IOException || exception is System.Net.Sockets.SocketException)
            {
                Close(exception.GetType().Name + ": " + exception.Message);
                return exception is MqttCommunicationTimedOutException ? TransportConnectResult.Timeout : TransportConnectResult.NetworkError;
            }
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            // MQTTnet keeps the payload until the broker acknowledged it: give it its own copy of the slice.
            byte[] copy = new byte[count];
            Array.Copy(payload, offset, copy, 0, count);
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(copy)
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qualityOfService)
                .WithRetainFlag(retain)
                .Build();
            return Guard(() => Wait(_client.PublishAsync(message, CancellationToken.None)).IsSuccess);
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            if (!IsConnected)
            {
                return false;
            }

            MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(topicFilter, (MqttQualityOfServiceLevel)qualityOfService)
                .Build();
            return Guard(() =>
            {
                MqttClientSubscribeResult result = Wait(_client.SubscribeAsync(subscribe, CancellationToken.None));
                foreach (MqttClientSubscribeResultItem item in result.Items)
                {
                    // Granted QoS 0..2 are the codes 0..2; anything above is a refusal (3.1.1 SUBACK 0x80, MQTT 5 reason codes).
                    if ((int)item.ResultCode > 2)
                    {
                        return false;
                    }
                }

                return true;
            });
        }

        public bool Unsubscribe(string topicFilter)
        {
            if (!IsConnected)
            {
                return false;
            }

            MqttClientUnsubscribeOptions unsubscribe = new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(topicFilter).Build();
            return Guard(() =>
            {
                Wait(_client.UnsubscribeAsync(unsubscribe, CancellationToken.None));
                return true;
            });
        }

        public void Disconnect()
        {
            if (IsConnected)
            {
                // DISCONNECT with "normal disconnection": the broker discards the will (MQTT 3.1.1, 3.14).
                Guard(() =>
                {
                    Wait(_client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                        .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None));
                    return true;
                });
            }

            CloseReason = null;
            Close(null);
        }

        /// <summary>
        /// Drops the connection without DISCONNECT, as a power cut or a dead WiFi link would: disposing the
        /// MQTTnet client closes its socket without a packet, so the broker publishes the last will. For tests.
        /// </summary>
        public void Abort()
        {
            Close("aborted");
        }

        public void Dispose()
        {
            Close(CloseReason);
        }

        private MqttClientOptions BuildOptions(TransportConnectOptions options)
        {
            MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
                .WithTcpServer(options.BrokerHost, options.BrokerPort)
                .WithProtocolVersion(_version)
                .WithClientId(options.ClientId ?? string.Empty)
                .WithCleanSession(options.CleanSession)
                .WithTimeout(_timeout);
            if (options.KeepAliveSeconds > 0)
            {
                builder.WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds));
            }
            else
            {
                builder.WithNoKeepAlive();
            }

            if (options.WillTopic != null)
            {
                builder.WithWillTopic(options.WillTopic)
                    .WithWillPayload(options.WillMessage ?? string.Empty)
                    .WithWillRetain(options.WillRetain)
                    .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)options.WillQualityOfService);
            }

            if (!string.IsNullOrEmpty(options.UserName))
            {
                builder.WithCredentials(options.UserName, options.Password);
            }

            if (options.UseTls)
            {
                X509Certificate2 authority = string.IsNullOrEmpty(options.CaCertificatePem) ? null : X509Certificate2.CreateFromPem(options.CaCertificatePem);
                builder.WithTlsOptions(tls => tls
                    .UseTls(true)
                    .WithTargetHost(options.BrokerHost)
                    .WithCertificateValidationHandler(args => ValidateAgainst(authority, args.Certificate, args.SslPolicyErrors)));
            }

            return builder.Build();
        }

        /// <summary>Accepts the broker's certificate when it chains to the configured CA (and the name matched).</summary>
        private static bool ValidateAgainst(X509Certificate2 authority, X509Certificate certificate, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (authority == null || certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using (X509Chain chain = new X509Chain())
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            }
        }

        private Task OnMessage(MqttApplicationMessageReceivedEventArgs args)
        {
            MessageReceivedHandler handler = MessageReceived;
            if (handler != null)
            {
                MqttApplicationMessage message = args.ApplicationMessage;
                handler(message.Topic, message.Payload.ToArray(), message.Retain);
            }

            return Task.CompletedTask;
        }

        private Task OnDisconnected(MqttClientDisconnectedEventArgs args)
        {
            if (!_closed)
            {
                CloseReason = "disconnected: " + args.Reason + (args.Exception != null ? " (" + args.Exception.Message + ")" : string.Empty);
            }

            return Task.CompletedTask;
        }

        /// <summary>Runs one exchange; a network failure or a missing answer closes the connection and gives false.</summary>
        private bool Guard(Func<bool> exchange)
        {
            try
            {
                return exchange();
            }
            catch (Exception exception) when (exception is MqttCommunicationException || exception is TimeoutException
                || exception is OperationCanceledException || exception is InvalidOperationException || exception is ObjectDisposedException)
            {
                Close(exception.GetType().Name + ": " + exception.Message);
                return false;
            }
        }

        private T Wait<T>(Task<T> task)
        {
            Wait((Task)task);
            return task.Result;
        }

        private void Wait(Task task)
        {
            try
            {
                if (!task.Wait(_timeout))
                {
                    throw new TimeoutException("no answer from the broker within " + _timeout.TotalMilliseconds + " ms");
                }
            }
            catch (AggregateException aggregate) when (aggregate.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(aggregate.InnerException).Throw();
            }
        }

        /// <summary>MQTTnet reports CONNACK codes as MQTT 5 reason codes; the port speaks the 3.1.1 return codes (3.2.2.3).</summary>
        private static TransportConnectResult Map(MqttClientConnectResultCode code)
        {
            switch (code)
            {
                case MqttClientConnectResultCode.Success:
                    return TransportConnectResult.Accepted;
                case MqttClientConnectResultCode.UnsupportedProtocolVersion:
                    return TransportConnectResult.RefusedProtocolVersion;
                case MqttClientConnectResultCode.ClientIdentifierNotValid:
                    return TransportConnectResult.RefusedIdentifierRejected;
                case MqttClientConnectResultCode.BadUserNameOrPassword:
                    return TransportConnectResult.RefusedBadUserNameOrPassword;
                case MqttClientConnectResultCode.NotAuthorized:
                    return TransportConnectResult.RefusedNotAuthorized;
                default:
                    return TransportConnectResult.RefusedServerUnavailable;
            }
        }

        private void Close(string reason)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (reason != null)
            {
                CloseReason = reason;
            }

            IMqttClient client = _client;
            if (client != null)
            {
                client.ApplicationMessageReceivedAsync -= OnMessage;
                client.Dispose();
            }
        }
    }

    /// <summary>Creates a fresh <see cref="MqttNetTransport"/> per connection; keeps the last one for tests.</summary>
    public sealed class MqttNetTransportFactory : IMessageTransportFactory
    {
        private readonly MqttProtocolVersion _version;

        public MqttNetTransportFactory()
            : this(MqttProtocolVersion.V311)
        {
        }

        public MqttNetTransportFactory(MqttProtocolVersion version)
        {
            _version = version;
        }

        public MqttNetTransport Last { get; private set; }

        public int Created { get; private set; }

        public IMessageTransport Create()
        {
            Last = new MqttNetTransport(_version);
            Created++;
            return Last;
        }
    }
}
