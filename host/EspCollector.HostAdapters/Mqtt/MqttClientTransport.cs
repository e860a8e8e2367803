using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using EspCollector.Core.Publishing;

namespace EspCollector.HostAdapters.Mqtt
{
    /// <summary>
    /// A small MQTT 3.1.1 client (OASIS standard, 29 October 2014) for host tools and tests, since the
    /// package registry here has no MQTT library: CONNECT with will, credentials and keep-alive; PUBLISH at
    /// QoS 0 and 1 (waiting for PUBACK); SUBSCRIBE/UNSUBSCRIBE; PINGREQ; DISCONNECT; a receive thread that
    /// answers inbound QoS 1 (and QoS 2) publishes and raises <see cref="MessageReceived"/>. Optional TLS
    /// validates the broker against a configured CA certificate. One instance per connection, like the
    /// device transport. Section numbers below are those of the standard.
    /// </summary>
    public sealed class MqttClientTransport : IMessageTransport
    {
        // Control packet types (2.2.1).
        private const int ConnectPacket = 1;
        private const int ConnectAcknowledge = 2;
        private const int PublishPacket = 3;
        private const int PublishAcknowledge = 4;
        private const int PublishReceived = 5;
        private const int PublishRelease = 6;
        private const int PublishComplete = 7;
        private const int SubscribePacket = 8;
        private const int SubscribeAcknowledge = 9;
        private const int UnsubscribePacket = 10;
        private const int UnsubscribeAcknowledge = 11;
        private const int PingRequest = 12;
        private const int PingResponse = 13;
        private const int DisconnectPacket = 14;

        /// <summary>Largest packet accepted from the broker (the collector only receives small commands and configs).</summary>
        private const int MaximumInboundPacket = 1024 * 1024;

        private readonly object _writeLock = new object();
        private readonly object _pendingLock = new object();
        private readonly Dictionary<int, PendingAcknowledge> _pending = new Dictionary<int, PendingAcknowledge>();

        private TcpClient _tcp;
        private Stream _stream;
        private Thread _receiver;
        private Thread _keepAlive;
        private int _nextPacketId;
        private int _responseTimeoutMilliseconds = 5000;
        private int _keepAliveSeconds;
        private long _lastSentTicks;
        private long _pingSentTicks;
        private volatile bool _connected;
        private volatile bool _closed;

        public event MessageReceivedHandler MessageReceived;

        public bool IsConnected
        {
            get { return _connected; }
        }

        /// <summary>Why the connection ended, for diagnostics (null while up or after a clean Disconnect).</summary>
        public string CloseReason { get; private set; }

        public TransportConnectResult Connect(TransportConnectOptions options)
        {
            if (_tcp != null)
            {
                throw new InvalidOperationException("one connection per transport instance");
            }

            _responseTimeoutMilliseconds = options.ResponseTimeoutMilliseconds;
            _keepAliveSeconds = options.KeepAliveSeconds;
            try
            {
                _tcp = new TcpClient();
                _tcp.NoDelay = true;
                if (!_tcp.ConnectAsync(options.BrokerHost, options.BrokerPort).Wait(_responseTimeoutMilliseconds))
                {
                    Close("TCP connect timeout");
                    return TransportConnectResult.Timeout;
                }

                Stream stream = _tcp.GetStream();
                if (options.UseTls)
                {
                    stream = AuthenticateTls(stream, options);
                }

                _stream = stream;
                _tcp.ReceiveTimeout = _responseTimeoutMilliseconds;
                WritePacket(BuildConnect(options));

                // CONNACK (3.2): fixed header 0x20 0x02, session present flag, return code.
                byte[] header = ReadExactly(2);
                if (header[0] != ConnectAcknowledge << 4 || header[1] != 2)
                {
                    Close("no CONNACK");
                    return TransportConnectResult.NetworkError;
                }

                byte[] body = ReadExactly(2);
                if (body[1] != 0)
                {
                    Close("CONNACK refused " + body[1]);
                    return (TransportConnectResult)body[1];
                }
            }
            catch (Exception exception) when (exception is IOException || exception is SocketException || exception is AggregateException
                || exception is AuthenticationException || exception is ObjectDisposedException)
            {
                Close(exception.GetType().Name + ": " + exception.Message);
                return exception is IOException && exception.InnerException is SocketException socket && socket.SocketErrorCode == SocketError.TimedOut
                    ? TransportConnectResult.Timeout
                    : TransportConnectResult.NetworkError;
            }

            // The receive thread blocks in Read; keep-alive is watched separately.
            _tcp.ReceiveTimeout = 0;
            _connected = true;
            _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "mqtt-receive" };
            _receiver.Start();
            if (_keepAliveSeconds > 0)
            {
                _keepAlive = new Thread(KeepAliveLoop) { IsBackground = true, Name = "mqtt-keepalive" };
                _keepAlive.Start();
            }

            return TransportConnectResult.Accepted;
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qualityOfService, bool retain)
        {
            if (!_connected)
            {
                return false;
            }

            // 3.3: fixed header flags DUP(3) QoS(2..1) RETAIN(0); variable header topic [+ packet id]; payload.
            byte[] topicBytes = Encoding.UTF8.GetBytes(topic);
            int packetId = qualityOfService > 0 ? NextPacketId() : 0;
            int length = 2 + topicBytes.Length + (qualityOfService > 0 ? 2 : 0) + count;
            PacketBuilder packet = new PacketBuilder((PublishPacket << 4) | (qualityOfService << 1) | (retain ? 1 : 0), length);
            packet.String(topicBytes);
            if (qualityOfService > 0)
            {
                packet.UInt16(packetId);
            }

            packet.Bytes(payload, offset, count);
            if (qualityOfService == 0)
            {
                return TryWrite(packet.ToArray());
            }

            return SendAndAwait(packet.ToArray(), packetId, PublishAcknowledge);
        }

        public bool Subscribe(string topicFilter, int qualityOfService)
        {
            if (!_connected)
            {
                return false;
            }

            // 3.8: fixed header 0x82; packet id; filter + requested QoS.
            byte[] filter = Encoding.UTF8.GetBytes(topicFilter);
            int packetId = NextPacketId();
            PacketBuilder packet = new PacketBuilder((SubscribePacket << 4) | 2, 2 + 2 + filter.Length + 1);
            packet.UInt16(packetId);
            packet.String(filter);
            packet.Byte(qualityOfService);
            return SendAndAwait(packet.ToArray(), packetId, SubscribeAcknowledge);
        }

        public bool Unsubscribe(string topicFilter)
        {
            if (!_connected)
            {
                return false;
            }

            // 3.10: fixed header 0xA2; packet id; filter.
            byte[] filter = Encoding.UTF8.GetBytes(topicFilter);
            int packetId = NextPacketId();
            PacketBuilder packet = new PacketBuilder((UnsubscribePacket << 4) | 2, 2 + 2 + filter.Length);
            packet.UInt16(packetId);
            packet.String(filter);
            return SendAndAwait(packet.ToArray(), packetId, UnsubscribeAcknowledge);
        }

        public void Disconnect()
        {
            if (_connected)
            {
                // 3.14: the broker discards the will on DISCONNECT.
                TryWrite(new byte[] { DisconnectPacket << 4, 0 });
            }

            Close(null);
        }

        /// <summary>
        /// Drops the connection without DISCONNECT, as a power cut or a dead WiFi link would; the broker
        /// then publishes the last will (3.1.2.5). For tests.
        /// </summary>
        public void Abort()
        {
            try
            {
                _tcp?.Client?.Close(0);
            }
            catch (SocketException)
            {
            }

            Close("aborted");
        }

        public void Dispose()
        {
            Close(CloseReason);
        }

        private Stream AuthenticateTls(Stream stream, TransportConnectOptions options)
        {
            X509Certificate2 authority = string.IsNullOrEmpty(options.CaCertificatePem) ? null : X509Certificate2.CreateFromPem(options.CaCertificatePem);
            SslStream tls = new SslStream(stream, false, (sender, certificate, chain, errors) => ValidateAgainst(authority, certificate, errors));
            tls.AuthenticateAsClient(options.BrokerHost);
            return tls;
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

        private static byte[] BuildConnect(TransportConnectOptions options)
        {
            // 3.1.2: protocol name "MQTT", level 4, connect flags, keep-alive; 3.1.3: payload in this order:
            // client id, will topic, will message, user name, password.
            byte[] clientId = Encoding.UTF8.GetBytes(options.ClientId ?? string.Empty);
            bool will = options.WillTopic != null;
            byte[] willTopic = will ? Encoding.UTF8.GetBytes(options.WillTopic) : null;
            byte[] willMessage = will ? Encoding.UTF8.GetBytes(options.WillMessage ?? string.Empty) : null;
            bool hasUser = !string.IsNullOrEmpty(options.UserName);
            byte[] user = hasUser ? Encoding.UTF8.GetBytes(options.UserName) : null;
            bool hasPassword = hasUser && options.Password != null;
            byte[] password = hasPassword ? Encoding.UTF8.GetBytes(options.Password) : null;

            int flags = (options.CleanSession ? 0x02 : 0)
                | (will ? 0x04 | (options.WillQualityOfService << 3) | (options.WillRetain ? 0x20 : 0) : 0)
                | (hasPassword ? 0x40 : 0)
                | (hasUser ? 0x80 : 0);
            int length = 10 + 2 + clientId.Length
                + (will ? 2 + willTopic.Length + 2 + willMessage.Length : 0)
                + (hasUser ? 2 + user.Length : 0)
                + (hasPassword ? 2 + password.Length : 0);
            PacketBuilder packet = new PacketBuilder(ConnectPacket << 4, length);
            packet.String(Encoding.ASCII.GetBytes("MQTT"));
            packet.Byte(4);
            packet.Byte(flags);
            packet.UInt16(options.KeepAliveSeconds);
            packet.String(clientId);
            if (will)
            {
                packet.String(willTopic);
                packet.String(willMessage);
            }

            if (hasUser)
            {
                packet.String(user);
            }

            if (hasPassword)
            {
                packet.String(password);
            }

            return packet.ToArray();
        }

        private bool SendAndAwait(byte[] packet, int packetId, int acknowledgeType)
        {
            PendingAcknowledge pending = new PendingAcknowledge(acknowledgeType);
            lock (_pendingLock)
            {
                _pending[packetId] = pending;
            }

            try
            {
                if (!TryWrite(packet))
                {
                    return false;
                }

                return pending.Done.Wait(_responseTimeoutMilliseconds) && pending.Succeeded;
            }
            finally
            {
                lock (_pendingLock)
                {
                    _pending.Remove(packetId);
                }
            }
        }

        private void ReceiveLoop()
        {
            try
            {
                while (_connected)
                {
                    int first = _stream.ReadByte();
                    if (first < 0)
                    {
                        Close("broker closed the connection");
                        return;
                    }

                    int length = ReadRemainingLength();
                    if (length > MaximumInboundPacket)
                    {
                        Close("packet too large");
                        return;
                    }

                    byte[] body = ReadExactly(length);
                    Dispatch(first, body);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is SocketException || exception is ObjectDisposedException
                || exception is InvalidOperationException)
            {
                Close(exception.GetType().Name + ": " + exception.Message);
            }
        }

        private void Dispatch(int first, byte[] body)
        {
            int type = first >> 4;
            switch (type)
            {
                case PublishPacket:
                    ReceivePublish(first, body);
                    break;
                case PublishAcknowledge:
                case SubscribeAcknowledge:
                case UnsubscribeAcknowledge:
                    Acknowledge(type, body);
                    break;
                case PublishRelease:
                    // 3.6: answer PUBREL with PUBCOMP (QoS 2 inbound, delivered already at PUBLISH).
                    TryWrite(new byte[] { PublishComplete << 4, 2, body[0], body[1] });
                    break;
                case PingResponse:
                    Interlocked.Exchange(ref _pingSentTicks, 0);
                    break;
            }
        }

        private void ReceivePublish(int first, byte[] body)
        {
            // 3.3.1: QoS in bits 2..1, RETAIN in bit 0.
            int qualityOfService = (first >> 1) & 3;
            bool retained = (first & 1) != 0;
            int topicLength = (body[0] << 8) | body[1];
            string topic = Encoding.UTF8.GetString(body, 2, topicLength);
            int position = 2 + topicLength;
            int packetId = 0;
            if (qualityOfService > 0)
            {
                packetId = (body[position] << 8) | body[position + 1];
                position += 2;
            }

            byte[] payload = new byte[body.Length - position];
            Array.Copy(body, position, payload, 0, payload.Length);
            if (qualityOfService == 1)
            {
                TryWrite(new byte[] { PublishAcknowledge << 4, 2, (byte)(packetId >> 8), (byte)packetId });
            }
            else if (qualityOfService == 2)
            {
                TryWrite(new byte[] { PublishReceived << 4, 2, (byte)(packetId >> 8), (byte)packetId });
            }

            MessageReceivedHandler handler = MessageReceived;
            handler?.Invoke(topic, payload, retained);
        }

        private void Acknowledge(int type, byte[] body)
        {
            int packetId = (body[0] << 8) | body[1];
            PendingAcknowledge pending;
            lock (_pendingLock)
            {
                _pending.TryGetValue(packetId, out pending);
            }

            if (pending == null || pending.Type != type)
            {
                return;
            }

            // 3.9.3: SUBACK return code 0x80 is a refusal.
            pending.Succeeded = type != SubscribeAcknowledge || (body.Length > 2 && body[2] != 0x80);
            pending.Done.Set();
        }

        /// <summary>
        /// 3.1.2.10: send PINGREQ when nothing was sent for the keep-alive period; if the PINGRESP does not
        /// come within another period, the connection is dead (a half-open TCP connection would otherwise
        /// look alive for hours).
        /// </summary>
        private void KeepAliveLoop()
        {
            long period = TimeSpan.FromSeconds(_keepAliveSeconds).Ticks;
            while (_connected)
            {
                Thread.Sleep(Math.Min(1000, _keepAliveSeconds * 250));
                long now = DateTime.UtcNow.Ticks;
                long pingSent = Interlocked.Read(ref _pingSentTicks);
                if (pingSent != 0 && now - pingSent > period)
                {
                    Close("keep-alive: no PINGRESP");
                    return;
                }

                if (pingSent == 0 && now - Interlocked.Read(ref _lastSentTicks) >= period)
                {
                    Interlocked.Exchange(ref _pingSentTicks, now);
                    TryWrite(new byte[] { PingRequest << 4, 0 });
                }
            }
        }

        private int ReadRemainingLength()
        {
            // 2.2.3: up to four bytes, seven bits each, least significant first.
            int value = 0;
            int multiplier = 1;
            for (int i = 0; i < 4; i++)
            {
                int next = _stream.ReadByte();
                if (next < 0)
                {
                    throw new IOException("connection closed in remaining length");
                }

                value += (next & 0x7F) * multiplier;
                if ((next & 0x80) == 0)
                {
                    return value;
                }

                multiplier *= 128;
            }

            throw new IOException("malformed remaining length");
        }

        private byte[] ReadExactly(int count)
        {
            byte[] buffer = new byte[count];
            int read = 0;
            while (read < count)
            {
                int got = _stream.Read(buffer, read, count - read);
                if (got <= 0)
                {
                    throw new IOException("connection closed");
                }

                read += got;
            }

            return buffer;
        }

        private bool TryWrite(byte[] packet)
        {
            try
            {
                WritePacket(packet);
                return true;
            }
            catch (Exception exception) when (exception is IOException || exception is SocketException || exception is ObjectDisposedException
                || exception is InvalidOperationException || exception is NullReferenceException)
            {
                Close(exception.GetType().Name + ": " + exception.Message);
                return false;
            }
        }

        private void WritePacket(byte[] packet)
        {
            lock (_writeLock)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException("MqttClientTransport");
                }

                _stream.Write(packet, 0, packet.Length);
                _stream.Flush();
                Interlocked.Exchange(ref _lastSentTicks, DateTime.UtcNow.Ticks);
            }
        }

        private int NextPacketId()
        {
            // 2.3.1: non-zero 16-bit identifiers.
            int id = Interlocked.Increment(ref _nextPacketId) & 0xFFFF;
            return id == 0 ? NextPacketId() : id;
        }

        private void Close(string reason)
        {
            bool wasOpen;
            lock (_writeLock)
            {
                wasOpen = !_closed;
                _closed = true;
                _connected = false;
            }

            if (!wasOpen)
            {
                return;
            }

            CloseReason = reason;
            try
            {
                _stream?.Dispose();
            }
            catch (IOException)
            {
            }

            try
            {
                _tcp?.Dispose();
            }
            catch (SocketException)
            {
            }

            lock (_pendingLock)
            {
                foreach (PendingAcknowledge pending in _pending.Values)
                {
                    pending.Done.Set();
                }
            }
        }

        private sealed class PendingAcknowledge
        {
            public readonly int Type;
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim(false);
            public bool Succeeded;

            public PendingAcknowledge(int type)
            {
                Type = type;
            }
        }

        /// <summary>Builds one control packet: fixed header with remaining length (2.2.3), then fields.</summary>
        private sealed class PacketBuilder
        {
            private readonly byte[] _buffer;
            private int _position;

            public PacketBuilder(int firstByte, int remainingLength)
            {
                int lengthBytes = remainingLength < 128 ? 1 : remainingLength < 16384 ? 2 : remainingLength < 2097152 ? 3 : 4;
                _buffer = new byte[1 + lengthBytes + remainingLength];
                _buffer[_position++] = (byte)firstByte;
                int value = remainingLength;
                do
                {
                    int digit = value % 128;
                    value /= 128;
                    _buffer[_position++] = (byte)(value > 0 ? digit | 0x80 : digit);
                }
                while (value > 0);
            }

            public void Byte(int value)
            {
                _buffer[_position++] = (byte)value;
            }

            public void UInt16(int value)
            {
                _buffer[_position++] = (byte)(value >> 8);
                _buffer[_position++] = (byte)value;
            }

            /// <summary>1.5.3: UTF-8 string with a two-byte length prefix.</summary>
            public void String(byte[] utf8)
            {
                if (utf8.Length > 65535)
                {
                    throw new ArgumentException("string longer than 65535 bytes");
                }

                UInt16(utf8.Length);
                Bytes(utf8, 0, utf8.Length);
            }

            public void Bytes(byte[] source, int offset, int count)
            {
                Array.Copy(source, offset, _buffer, _position, count);
                _position += count;
            }

            public byte[] ToArray()
            {
                if (_position != _buffer.Length)
                {
                    throw new InvalidOperationException("packet length mismatch");
                }

                return _buffer;
            }
        }
    }

    /// <summary>Creates a fresh <see cref="MqttClientTransport"/> per connection; keeps the last one for tests.</summary>
    public sealed class MqttClientTransportFactory : IMessageTransportFactory
    {
        public MqttClientTransport Last { get; private set; }

        public int Created { get; private set; }

        public IMessageTransport Create()
        {
            Last = new MqttClientTransport();
            Created++;
            return Last;
        }
    }
}
