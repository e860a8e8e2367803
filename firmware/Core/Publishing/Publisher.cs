using System;
using System.Collections;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Publishing as a whole. Readings and events are written as JSON into a reused buffer and queued in
    /// the store-and-forward ring at once, connected or not; <see cref="Service"/> (called from the main
    /// loop) keeps the session up, answers commands, publishes status, availability and discovery, and
    /// drains the ring oldest first at the paced rate. A message leaves the ring only when the transport
    /// accepted it (for QoS 1 on the host client: PUBACK received), so a broker that dies mid-way loses
    /// nothing that the ring could hold.
    /// Thread use: the Publish*/Set* methods may be called from any thread; Service from one loop.
    /// They share one lock, held while a ring message is sent.
    /// </summary>
    public sealed class Publisher
    {
        private const int QualityOfServiceAtMostOnce = 0;
        private const int QualityOfServiceAtLeastOnce = 1;
        private const int MailboxSlots = 4;
        private const int MaximumStaleTopics = 64;
        private const long RebootDelayMicroseconds = 1000000;
        private const int WriterCapacity = 2560;

        private static readonly byte[] OnlinePayload = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] OfflinePayload = { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] EmptyPayload = new byte[0];

        private readonly PublishingSettings _settings;
        private readonly IClock _clock;
        private readonly IWallClock _wallClock;
        private readonly INetworkStatus _network;
        private readonly ICommandActions _actions;
        private readonly TopicLayout _topics;
        private readonly DiscoveryPayloads _discovery;
        private readonly StoreAndForwardRing _ring;
        private readonly ReplayPacer _pacer;
        private readonly MqttConnectionManager _connection;
        private readonly CommandRouter _commands;
        private readonly InboundMailbox _mailbox;

        private readonly object _sync = new object();
        private readonly object _inboundSync = new object();
        private readonly JsonWriter _readingWriter = new JsonWriter(WriterCapacity);
        private readonly JsonWriter _serviceWriter = new JsonWriter(WriterCapacity);
        private readonly byte[] _commandBuffer;
        private readonly string _discoverySweepStart;

        // Configuration-derived tables (rebuilt by Configure).
        private Hashtable _meterIndex = new Hashtable();
        private Hashtable _pulseIndex = new Hashtable();
        private Hashtable _expectedDiscovery = new Hashtable();
        private string[] _meterStateTopics = new string[0];
        private string[] _meterAvailabilityTopics = new string[0];
        private string[] _pulseStateTopics = new string[0];
        private bool[] _meterOnline = new bool[0];
        private bool[] _meterAvailabilityDirty = new bool[0];
        private bool _configured;

        // Session state.
        private readonly ArrayList _staleTopics = new ArrayList();
        private bool _sweeping;
        private long _sweepEndsMicroseconds;
        private int _discoveryCursor = -1;
        private bool _discoveryRestartRequested;
        private HealthSnapshot _pendingHealth;
        private bool _rebootPending;
        private bool _stopped;
        private long _rebootAtMicroseconds;

        // Counters.
        private long _payloadOverflows;
        private long _published;
        private int _commandsAnswered;

        public Publisher(
            PublishingSettings settings,
            IClock clock,
            IWallClock wallClock,
            INetworkStatus network,
            IMessageTransportFactory transportFactory,
            ICommandActions actions)
        {
            settings.Normalize();
            _settings = settings;
            _clock = clock;
            _wallClock = wallClock;
            _network = network;
            _actions = actions;

            byte[] mac = network.MacAddress;
            string collectorId = string.IsNullOrEmpty(settings.CollectorId) ? TopicLayout.DefaultCollectorId(mac) : settings.CollectorId;
            _topics = new TopicLayout(settings.TopicPrefix, collectorId, settings.DiscoveryPrefix);
            _discovery = new DiscoveryPayloads(_topics, mac, settings.FirmwareVersion, settings.Board, settings.ExpireAfterSeconds);
            _discoverySweepStart = settings.DiscoveryPrefix + "/sensor/" + collectorId + "/";
            _ring = new StoreAndForwardRing(settings.BufferBytes, settings.BufferMessages);
            _pacer = new ReplayPacer(settings.ReplayMessagesPerSecond, settings.ReplayBurst);
            _commands = new CommandRouter(_topics, actions, settings.RelayControlEnabled, settings.MaximumCommandBytes);
            _mailbox = new InboundMailbox(MailboxSlots, settings.MaximumCommandBytes);
            _commandBuffer = new byte[settings.MaximumCommandBytes];

            TransportConnectOptions options = new TransportConnectOptions();
            options.BrokerHost = settings.BrokerHost;
            options.BrokerPort = settings.BrokerPort;
            options.ClientId = collectorId;
            options.UserName = settings.UserName;
            options.Password = settings.Password;
            options.WillTopic = _topics.Status;
            options.WillMessage = TopicLayout.Offline;
            options.WillRetain = true;
            options.WillQualityOfService = QualityOfServiceAtLeastOnce;
            options.KeepAliveSeconds = settings.KeepAliveSeconds;
            options.CleanSession = true;
            options.UseTls = settings.UseTls;
            options.CaCertificatePem = settings.CaCertificatePem;
            options.ResponseTimeoutMilliseconds = settings.ResponseTimeoutMilliseconds;

            _connection = new MqttConnectionManager(
                clock,
                network,
                transportFactory,
                options,
                settings.ReconnectInitialMilliseconds * 1000L,
                settings.ReconnectMaximumMilliseconds * 1000L,
                JitterSource.SeedFrom(mac),
                new MessageReceivedHandler(OnMessageReceived));
        }

        public TopicLayout Topics
        {
            get { return _topics; }
        }

        public DiscoveryPayloads Discovery
        {
            get { return _discovery; }
        }

        public MqttConnectionManager Connection
        {
            get { return _connection; }
        }

        public bool IsConnected
        {
            get { return _connection.IsConnected; }
        }

        /// <summary>Messages waiting in the store-and-forward ring.</summary>
        public int BufferedMessages
        {
            get
            {
                lock (_sync)
                {
                    return _ring.Count;
                }
            }
        }

        /// <summary>Messages lost: pushed out of the ring, or too large for the payload buffer.</summary>
        public long DroppedMessages
        {
            get
            {
                lock (_sync)
                {
                    return _ring.Dropped + _payloadOverflows;
                }
            }
        }

        public long PublishedMessages
        {
            get { return _published; }
        }

        public int CommandsAnswered
        {
            get { return _commandsAnswered; }
        }

        public int InboundOverflows
        {
            get { return _mailbox.Overflows; }
        }

        /// <summary>
        /// Applies the meter and pulse configuration: topics, discovery entries, availability. Entities of
        /// meters and channels no longer configured are removed from Home Assistant (empty retained config).
        /// </summary>
        public void Configure(MeterDevice[] meters, PulseChannelDevice[] pulses)
        {
            meters = meters ?? new MeterDevice[0];
            pulses = pulses ?? new PulseChannelDevice[0];
            for (int i = 0; i < meters.Length; i++)
            {
                if (!TopicLayout.IsValidName(meters[i].Name))
                {
                    throw new ArgumentException("meter name");
                }
            }

            for (int i = 0; i < pulses.Length; i++)
            {
                if (!TopicLayout.IsValidName(pulses[i].Name))
                {
                    throw new ArgumentException("pulse channel name");
                }
            }

            Hashtable oldExpected = _expectedDiscovery;
            string[] oldAvailability = _meterAvailabilityTopics;

            _discovery.Configure(meters, pulses);
            Hashtable meterIndex = new Hashtable();
            string[] stateTopics = new string[meters.Length];
            string[] availabilityTopics = new string[meters.Length];
            for (int i = 0; i < meters.Length; i++)
            {
                meterIndex[meters[i].Name] = i;
                stateTopics[i] = _topics.MeterState(meters[i].Name);
                availabilityTopics[i] = _topics.MeterAvailability(meters[i].Name);
            }

            Hashtable pulseIndex = new Hashtable();
            string[] pulseTopics = new string[pulses.Length];
            for (int i = 0; i < pulses.Length; i++)
            {
                pulseIndex[pulses[i].Name] = i;
                pulseTopics[i] = _topics.PulseState(pulses[i].Name);
            }

            Hashtable expected = new Hashtable();
            DiscoveryEntry[] entries = _discovery.Entries;
            for (int i = 0; i < entries.Length; i++)
            {
                expected[entries[i].Topic] = i;
            }

            lock (_sync)
            {
                lock (_inboundSync)
                {
                    // What was configured before and is not any more: clear its retained messages.
                    foreach (object oldTopic in oldExpected.Keys)
                    {
                        if (!expected.Contains(oldTopic))
                        {
                            AddStale((string)oldTopic);
                        }
                    }

                    for (int i = 0; i < oldAvailability.Length; i++)
                    {
                        bool kept = false;
                        for (int j = 0; j < availabilityTopics.Length; j++)
                        {
                            kept |= availabilityTopics[j] == oldAvailability[i];
                        }

                        if (!kept)
                        {
                            AddStale(oldAvailability[i]);
                        }
                    }

                    _meterIndex = meterIndex;
                    _pulseIndex = pulseIndex;
                    _expectedDiscovery = expected;
                    _meterStateTopics = stateTopics;
                    _meterAvailabilityTopics = availabilityTopics;
                    _pulseStateTopics = pulseTopics;
                    _meterOnline = new bool[meters.Length];
                    _meterAvailabilityDirty = new bool[meters.Length];
                    for (int i = 0; i < meters.Length; i++)
                    {
                        _meterAvailabilityDirty[i] = true;
                    }

                    _configured = true;
                    _discoveryRestartRequested = true;
                }
            }
        }

        /// <summary>Queues one poll's state (false when the meter is unknown or the payload did not fit).</summary>
        public bool PublishMeterState(MeterStateSnapshot snapshot)
        {
            lock (_sync)
            {
                object index = _meterIndex[snapshot.Name];
                if (index == null)
                {
                    return false;
                }

                StatePayloads.WriteMeterState(_readingWriter, snapshot, _wallClock, _clock);
                return QueueReading(_meterStateTopics[(int)index]);
            }
        }

        /// <summary>Queues a pulse channel reading.</summary>
        public bool PublishPulseState(PulseChannelSnapshot snapshot)
        {
            lock (_sync)
            {
                object index = _pulseIndex[snapshot.Name];
                if (index == null)
                {
                    return false;
                }

                StatePayloads.WritePulseState(_readingWriter, snapshot, _wallClock, _clock);
                return QueueReading(_pulseStateTopics[(int)index]);
            }
        }

        /// <summary>Queues an event (kinds in <see cref="CollectorEventKind"/>); source and detail may be null.</summary>
        public bool PublishEvent(string kind, string source, string detail)
        {
            lock (_sync)
            {
                StatePayloads.WriteEvent(_readingWriter, kind, source, detail, _wallClock, _clock);
                return QueueReading(_topics.Event);
            }
        }

        /// <summary>
        /// Follows the bus master's offline detection: published retained at once when connected, and again
        /// on every reconnect.
        /// </summary>
        public void SetMeterAvailability(string meterName, bool online)
        {
            lock (_sync)
            {
                object index = _meterIndex[meterName];
                if (index == null)
                {
                    return;
                }

                int i = (int)index;
                if (_meterOnline[i] != online)
                {
                    _meterOnline[i] = online;
                    _meterAvailabilityDirty[i] = true;
                }
            }
        }

        /// <summary>Health is current state, not history: sent on the next service call when connected, never buffered.</summary>
        public void PublishHealth(HealthSnapshot health)
        {
            lock (_sync)
            {
                _pendingHealth = health;
            }
        }

        /// <summary>One step of the publishing loop; returns quickly unless the broker is slow.</summary>
        public void Service()
        {
            if (_stopped)
            {
                return;
            }

            ConnectionChange change = _connection.Service();
            if (change == ConnectionChange.Connected)
            {
                if (!OnConnected())
                {
                    return;
                }
            }

            long now = _clock.MonotonicMicroseconds;
            if (_connection.IsConnected)
            {
                bool healthy = ServeCommands()
                    && ServeDiscovery(now)
                    && ServeAvailability()
                    && ServeHealth()
                    && ServeRing(now);
                if (!healthy)
                {
                    _connection.ReportFailure();
                }
            }

            if (_rebootPending && now >= _rebootAtMicroseconds)
            {
                _rebootPending = false;
                Stop();
                _actions.Reboot();
            }
        }

        /// <summary>
        /// Ends the session cleanly: status offline (retained), then DISCONNECT. Service does nothing
        /// afterwards (the collector is about to reboot or shut down).
        /// </summary>
        public void Stop()
        {
            _stopped = true;
            IMessageTransport transport = _connection.Transport;
            if (transport != null)
            {
                transport.Publish(_topics.Status, OfflinePayload, 0, OfflinePayload.Length, QualityOfServiceAtLeastOnce, true);
            }

            _connection.Disconnect();
        }

        private bool OnConnected()
        {
            IMessageTransport transport = _connection.Transport;
            bool ok = transport.Publish(_topics.Status, OnlinePayload, 0, OnlinePayload.Length, QualityOfServiceAtLeastOnce, true)
                && transport.Subscribe(_topics.CommandFilter, QualityOfServiceAtLeastOnce);
            if (ok && _settings.DiscoveryEnabled)
            {
                ok = transport.Subscribe(_topics.DiscoveryStatus, QualityOfServiceAtLeastOnce);
            }

            lock (_sync)
            {
                lock (_inboundSync)
                {
                    for (int i = 0; i < _meterAvailabilityDirty.Length; i++)
                    {
                        _meterAvailabilityDirty[i] = true;
                    }

                    _discoveryCursor = -1;
                    _discoveryRestartRequested = false;
                    _sweeping = false;
                }
            }

            if (ok && _settings.DiscoveryEnabled)
            {
                // Retained configs under our node id arrive right after SUBACK; those not in the current
                // configuration belong to removed meters and are deleted when the sweep window ends.
                lock (_inboundSync)
                {
                    _sweeping = true;
                    _sweepEndsMicroseconds = _clock.MonotonicMicroseconds + _settings.DiscoverySweepMilliseconds * 1000L;
                }

                ok = transport.Subscribe(_topics.DiscoverySweepFilter, QualityOfServiceAtMostOnce);
            }

            if (!ok)
            {
                _connection.ReportFailure();
            }

            return ok;
        }

        private bool ServeCommands()
        {
            IMessageTransport transport = _connection.Transport;
            int length;
            bool retained;
            string topic = _mailbox.Take(_commandBuffer, out length, out retained);
            while (topic != null)
            {
                string resultTopic;
                CommandDisposition disposition = _commands.Handle(topic, _commandBuffer, length, retained, _serviceWriter, out resultTopic);
                if (disposition != CommandDisposition.NotACommand)
                {
                    _commandsAnswered++;
                    if (!PublishWriter(transport, resultTopic, _serviceWriter, QualityOfServiceAtLeastOnce, false))
                    {
                        return false;
                    }

                    if (disposition == CommandDisposition.AnsweredRebootRequested)
                    {
                        // Give the result time to leave before the socket goes down.
                        _rebootPending = true;
                        _rebootAtMicroseconds = _clock.MonotonicMicroseconds + RebootDelayMicroseconds;
                        PublishEvent(CollectorEventKind.Reboot, null, "mqtt_command");
                    }
                }

                topic = _mailbox.Take(_commandBuffer, out length, out retained);
            }

            return true;
        }

        private bool ServeDiscovery(long now)
        {
            if (!_settings.DiscoveryEnabled || !_configured)
            {
                return true;
            }

            IMessageTransport transport = _connection.Transport;
            string stale = null;
            bool sweepEnded = false;
            lock (_inboundSync)
            {
                if (_sweeping && now >= _sweepEndsMicroseconds)
                {
                    _sweeping = false;
                    _discoveryRestartRequested = true;
                    sweepEnded = true;
                }
                else if (_sweeping)
                {
                    return true;
                }
            }

            // Outside the lock: the transport's receive thread takes it to deliver messages, and UNSUBACK
            // arrives on that thread.
            if (sweepEnded && !transport.Unsubscribe(_topics.DiscoverySweepFilter))
            {
                return false;
            }

            lock (_inboundSync)
            {
                if (_staleTopics.Count > 0)
                {
                    stale = (string)_staleTopics[0];
                }

                if (_discoveryRestartRequested)
                {
                    _discoveryRestartRequested = false;
                    _discoveryCursor = 0;
                }
            }

            // Removals first (an empty retained config deletes the entity, HA MQTT discovery), one per call.
            if (stale != null)
            {
                if (!transport.Publish(stale, EmptyPayload, 0, 0, QualityOfServiceAtLeastOnce, true))
                {
                    return false;
                }

                lock (_inboundSync)
                {
                    _staleTopics.Remove(stale);
                }
            }

            DiscoveryEntry[] entries = _discovery.Entries;
            for (int sent = 0; sent < _settings.DiscoveryMessagesPerService && _discoveryCursor >= 0 && _discoveryCursor < entries.Length; sent++)
            {
                _discovery.Write(_serviceWriter, entries[_discoveryCursor]);
                if (!PublishWriter(transport, entries[_discoveryCursor].Topic, _serviceWriter, QualityOfServiceAtLeastOnce, true))
                {
                    return false;
                }

                _discoveryCursor++;
            }

            return true;
        }

        private bool ServeAvailability()
        {
            IMessageTransport transport = _connection.Transport;
            lock (_sync)
            {
                for (int i = 0; i < _meterAvailabilityDirty.Length; i++)
                {
                    if (!_meterAvailabilityDirty[i])
                    {
                        continue;
                    }

                    byte[] payload = _meterOnline[i] ? OnlinePayload : OfflinePayload;
                    if (!transport.Publish(_meterAvailabilityTopics[i], payload, 0, payload.Length, QualityOfServiceAtLeastOnce, true))
                    {
                        return false;
                    }

                    _meterAvailabilityDirty[i] = false;
                    _published++;
                }
            }

            return true;
        }

        private bool ServeHealth()
        {
            HealthSnapshot health;
            int buffered;
            long dropped;
            lock (_sync)
            {
                health = _pendingHealth;
                _pendingHealth = null;
                buffered = _ring.Count;
                dropped = _ring.Dropped + _payloadOverflows;
            }

            if (health == null)
            {
                return true;
            }

            HealthPayload.Write(_serviceWriter, health, _network.SignalStrength, buffered, dropped, _settings.FirmwareVersion, _settings.Board, _wallClock, _clock);
            return PublishWriter(_connection.Transport, _topics.Health, _serviceWriter, QualityOfServiceAtMostOnce, false);
        }

        private bool ServeRing(long now)
        {
            IMessageTransport transport = _connection.Transport;
            lock (_sync)
            {
                while (_ring.Count > 0 && _pacer.TryTake(now))
                {
                    if (!transport.Publish(_ring.OldestTopic, _ring.Arena, _ring.OldestOffset, _ring.OldestLength, QualityOfServiceAtLeastOnce, _ring.OldestRetain))
                    {
                        return false;
                    }

                    _ring.RemoveOldest();
                    _published++;
                }
            }

            return true;
        }

        private bool PublishWriter(IMessageTransport transport, string topic, JsonWriter writer, int qualityOfService, bool retain)
        {
            if (writer.HasOverflowed)
            {
                _payloadOverflows++;
                return true;
            }

            if (!transport.Publish(topic, writer.Buffer, 0, writer.Length, qualityOfService, retain))
            {
                return false;
            }

            _published++;
            return true;
        }

        /// <summary>Moves the reading just written into the ring (caller holds the lock).</summary>
        private bool QueueReading(string topic)
        {
            if (_readingWriter.HasOverflowed)
            {
                _payloadOverflows++;
                return false;
            }

            return _ring.Enqueue(topic, _readingWriter.Buffer, 0, _readingWriter.Length, false, _clock.MonotonicMicroseconds);
        }

        /// <summary>Runs on the transport's receive thread: copies or flags, never blocks on the bus.</summary>
        private void OnMessageReceived(string topic, byte[] payload, bool retained)
        {
            if (topic == null)
            {
                return;
            }

            if (topic == _topics.DiscoveryStatus)
            {
                if (IsOnline(payload))
                {
                    lock (_inboundSync)
                    {
                        _discoveryRestartRequested = true;
                    }
                }

                return;
            }

            if (topic.StartsWith(_discoverySweepStart))
            {
                lock (_inboundSync)
                {
                    if (_sweeping && payload != null && payload.Length > 0 && !_expectedDiscovery.Contains(topic))
                    {
                        AddStale(topic);
                    }
                }

                return;
            }

            if (_commands.IsCommandTopic(topic))
            {
                _mailbox.Post(topic, payload, retained);
            }
        }

        /// <summary>Caller holds <see cref="_inboundSync"/>.</summary>
        private void AddStale(string topic)
        {
            if (_staleTopics.Count < MaximumStaleTopics && !_staleTopics.Contains(topic))
            {
                _staleTopics.Add(topic);
            }
        }

        private static bool IsOnline(byte[] payload)
        {
            if (payload == null || payload.Length != OnlinePayload.Length)
            {
                return false;
            }

            for (int i = 0; i < payload.Length; i++)
            {
                if (payload[i] != OnlinePayload[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
