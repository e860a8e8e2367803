using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>What changed during one <see cref="MqttConnectionManager.Service"/> call.</summary>
    public enum ConnectionChange
    {
        None = 0,

        /// <summary>A new session is up: subscribe, publish status and retained state again.</summary>
        Connected = 1,

        /// <summary>The session dropped (broker gone, network gone, keep-alive lost).</summary>
        Lost = 2,
    }

    /// <summary>
    /// Keeps one MQTT session up. Each attempt takes a fresh transport from the factory and disposes the
    /// previous one (M2Mqtt has hung when a client was reused after a broker drop);
    /// attempts are spaced by <see cref="ReconnectBackoff"/> on the monotonic clock and skipped while the
    /// network link is down. Called from the publisher's service loop only.
    /// </summary>
    public sealed class MqttConnectionManager
    {
        private readonly IClock _clock;
        private readonly INetworkStatus _network;
        private readonly IMessageTransportFactory _factory;
        private readonly TransportConnectOptions _options;
        private readonly long _initialBackoffMicroseconds;
        private readonly long _maximumBackoffMicroseconds;
        private readonly JitterSource _jitter;
        private readonly MessageReceivedHandler _inbound;

        private IMessageTransport _transport;
        private bool _connected;
        private bool _pending;
        private int _failedAttempts;
        private long _nextAttemptMicroseconds;
        private int _attempts;
        private int _sessions;
        private TransportConnectResult _lastResult = TransportConnectResult.NetworkError;

        public MqttConnectionManager(
            IClock clock,
            INetworkStatus network,
            IMessageTransportFactory factory,
            TransportConnectOptions options,
            long initialBackoffMicroseconds,
            long maximumBackoffMicroseconds,
            uint jitterSeed,
            MessageReceivedHandler inbound)
        {
            _clock = clock;
            _network = network;
            _factory = factory;
            _options = options;
            _initialBackoffMicroseconds = initialBackoffMicroseconds;
            _maximumBackoffMicroseconds = maximumBackoffMicroseconds;
            _jitter = new JitterSource(jitterSeed);
            _inbound = inbound;
            _nextAttemptMicroseconds = clock.MonotonicMicroseconds;
        }

        /// <summary>The transport of the current session; null when not connected.</summary>
        public IMessageTransport Transport
        {
            get { return _connected ? _transport : null; }
        }

        public bool IsConnected
        {
            get { return _connected; }
        }

        /// <summary>Failed attempts since the last successful connection.</summary>
        public int FailedAttempts
        {
            get { return _failedAttempts; }
        }

        /// <summary>Connection attempts made since start.</summary>
        public int Attempts
        {
            get { return _attempts; }
        }

        /// <summary>Sessions established since start.</summary>
        public int Sessions
        {
            get { return _sessions; }
        }

        public long NextAttemptMicroseconds
        {
            get { return _nextAttemptMicroseconds; }
        }

        public TransportConnectResult LastResult
        {
            get { return _lastResult; }
        }

        /// <summary>Checks the session and, when due, makes one connection attempt.</summary>
        public ConnectionChange Service()
        {
            long now = _clock.MonotonicMicroseconds;
            if (_connected)
            {
                if (_transport.IsConnected)
                {
                    return ConnectionChange.None;
                }

                MarkLost(now);
                return ConnectionChange.Lost;
            }

            if (_pending)
            {
                // A threaded transport connects on its own thread: ask how it went, never wait for it.
                _lastResult = ConnectResult();
                if (_lastResult == TransportConnectResult.Pending)
                {
                    return ConnectionChange.None;
                }

                _pending = false;
                return Connected(_lastResult);
            }

            if (now < _nextAttemptMicroseconds || !_network.IsConnected)
            {
                return ConnectionChange.None;
            }

            _attempts++;
            if (_options.TlsCertificateMissing)
            {
                // TLS without a CA fails on the device (it validates against stored CAs only): not attempted
                // unless mqtt.tls.insecure says so.
                _lastResult = TransportConnectResult.TlsCertificateMissing;
                _failedAttempts++;
                ScheduleRetry(now);
                return ConnectionChange.None;
            }

            DisposeTransport();
            _transport = _factory.Create();
            _transport.MessageReceived += _inbound;
            _lastResult = ConnectResult();
            if (_lastResult == TransportConnectResult.Pending)
            {
                _pending = true;
                return ConnectionChange.None;
            }

            return Connected(_lastResult);
        }

        /// <summary>True while a threaded transport is still connecting.</summary>
        public bool IsConnecting
        {
            get { return _pending; }
        }

        private TransportConnectResult ConnectResult()
        {
            try
            {
                return _transport.Connect(_options);
            }
            catch (Exception)
            {
                // Transports report failures as results; this only keeps an unexpected socket error
                // from ending the collector's main loop.
                return TransportConnectResult.NetworkError;
            }
        }

        private ConnectionChange Connected(TransportConnectResult result)
        {
            _lastResult = result;

            if (_lastResult == TransportConnectResult.Accepted && _transport.IsConnected)
            {
                _connected = true;
                _failedAttempts = 0;
                _sessions++;
                return ConnectionChange.Connected;
            }

            _failedAttempts++;
            DisposeTransport();
            ScheduleRetry(_clock.MonotonicMicroseconds);
            return ConnectionChange.None;
        }

        /// <summary>
        /// Reports that a publish or subscribe failed on the current session: the session is treated as
        /// lost at once, so the next service call starts the reconnect cycle instead of waiting for the
        /// keep-alive to notice.
        /// </summary>
        public void ReportFailure()
        {
            if (_connected)
            {
                MarkLost(_clock.MonotonicMicroseconds);
            }
        }

        /// <summary>Ends the session cleanly (DISCONNECT: the broker discards the last will).</summary>
        public void Disconnect()
        {
            if (_transport != null && _connected)
            {
                _transport.Disconnect();
            }

            _connected = false;
            _pending = false;
            DisposeTransport();
        }

        private void MarkLost(long now)
        {
            _connected = false;
            _failedAttempts = 1;
            DisposeTransport();
            ScheduleRetry(now);
        }

        private void ScheduleRetry(long now)
        {
            _nextAttemptMicroseconds = now + ReconnectBackoff.DelayMicroseconds(
                _failedAttempts, _initialBackoffMicroseconds, _maximumBackoffMicroseconds, _jitter.Next());
        }

        private void DisposeTransport()
        {
            if (_transport == null)
            {
                return;
            }

            _transport.MessageReceived -= _inbound;
            try
            {
                _transport.Dispose();
            }
            catch (Exception)
            {
                // A transport failing to close a dead socket must not stop the reconnect cycle.
            }

            _transport = null;
        }
    }
}
