using System;
using System.Collections;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Publishing as a whole. Readings are queued in the store-and-forward ring at once, connected or not,
    /// as compact binary records (<see cref="ReadingRecord"/>: the values and time of the reading, ~7x smaller
    /// than their JSON); events, and a reading that does not fit the compact form, are queued as JSON text.
    /// A full ring thins the readings of each meter and pulse channel (each record source is a series) and
    /// keeps the events (<see cref="ReadingSeries"/>, <see cref="StoreAndForwardRing"/>).
    /// <see cref="Service"/> (called from the main loop) keeps the session up, answers commands, publishes
    /// status, availability and discovery, and drains the ring oldest first at the paced rate, writing each
    /// record's JSON when it is sent. A message leaves the ring only when the transport
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

        // Discovery configs and removals go at QoS 0: every connection sends the whole pass again (after the
        // sweep), and a connection lost mid-pass loses a suffix of it in order, which the next connection's pass
        // and sweep make good. QoS 1 would wait for each of ~100-250 acknowledgements: on a broker that
        // acknowledges slowly (1.5 s each in the chaos soak) Home Assistant waited over 5 minutes.
        private const int DiscoveryQualityOfService = QualityOfServiceAtMostOnce;

        // What ServeRemovals did in one call.
        private const int RemovalsNone = 0;
        private const int RemovalsServed = 1;
        private const int RemovalsRefused = -1;

        private const long RebootDelayMicroseconds = 1000000;
        private const int WriterCapacity = 2560;

        /// <summary>Record source of events; a record names its source in one byte.</summary>
        private const int EventSource = 0;
        private const int MaximumSources = 256;

        private static readonly byte[] OnlinePayload = { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] OfflinePayload = { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] EmptyPayload = new byte[0];
        private static readonly string[] NoNames = new string[0];

        // The settings the session reads after construction (the rest went into the connection options).
        private readonly bool _discoveryEnabled;
        private readonly int _discoveryMessagesPerService;
        private readonly int _discoverySweepMilliseconds;
        private readonly string _firmwareVersion;
        private readonly string _board;
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
        /// <summary>The one JSON writer of every message (readings queued, ring records rendered, health, discovery,
        /// command results); used only under <see cref="_sync"/>, and each message is handed over before the next
        /// is written.</summary>
        private readonly JsonWriter _writer = new JsonWriter(WriterCapacity);

        // Configuration-derived tables (rebuilt by Configure). Meters and channels are found by name in the
        // discovery's device arrays (a few entries: a linear search, no index tables); availability topics are
        // composed when one is sent.

        // What a queued record's source byte stands for: its topic and, for meter states, the quantity names
        // of its bitmap. Source 0 is the event topic. A source stays while records refer to it, so readings
        // queued before a configuration change are still sent with their own names and topic.
        private string[] _sourceTopics;
        private string[][] _sourceNames;

        // Per source, the ordinal the next queued reading gets (the ring thins each source's readings on it).
        private int[] _sourceOrdinals;
        private int[] _meterSources = new int[0];
        private int[] _pulseSources = new int[0];
        private bool[] _meterOnline = new bool[0];
        private bool[] _meterAvailabilityDirty = new bool[0];

        // Per meter, this session: the hash of the unique_id key its configs were announced with (or found
        // retained with), 0 when unknown; and whether its entities must be removed before it is announced again
        // (its key changed: a first identity after address-keyed configs, or a replaced meter's new serial).
        // Home Assistant does not follow a unique_id that changes under the same discovery topic; an empty
        // retained config removes the entity, the next config creates the new one (HA MQTT discovery, removal).
        private int[] _announcedKey = new int[0];
        private bool[] _removeFirst = new bool[0];
        private int _removalItem;
        private bool _configured;

        // Session state.
        private readonly ArrayList _staleTopics = new ArrayList();
        private bool _sweeping;
        private long _sweepEndsMicroseconds;
        private int _discoveryCursor = -1;
        // Where the next discovery pass must start from (-1: none requested). A meter's new identity only needs
        // its own configs and those after it again, not the whole set: on a broker that acknowledges slowly a
        // pass from the start costs minutes.
        private int _discoveryRestartFrom = -1;
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
            _discoveryEnabled = settings.DiscoveryEnabled;
            _discoveryMessagesPerService = settings.DiscoveryMessagesPerService;
            _discoverySweepMilliseconds = settings.DiscoverySweepMilliseconds;
            _firmwareVersion = settings.FirmwareVersion;
            _board = settings.Board;
            _clock = clock;
            _wallClock = wallClock;
            _network = network;
            _actions = actions;

            byte[] mac = network.MacAddress;
            string collectorId = string.IsNullOrEmpty(settings.CollectorId) ? TopicLayout.DefaultCollectorId(mac) : settings.CollectorId;
            _topics = new TopicLayout(settings.TopicPrefix, collectorId, settings.DiscoveryPrefix);
            _discovery = new DiscoveryPayloads(_topics, mac, settings.FirmwareVersion, settings.Board, settings.ExpireAfterSeconds);
            _ring = new StoreAndForwardRing(settings.BufferBytes, settings.BufferMessages, new ReadingSeries(this));
            _sourceTopics = new string[] { _topics.Event };
            _sourceNames = new string[1][];
            _sourceOrdinals = new int[1];
            _pacer = new ReplayPacer(settings.ReplayMessagesPerSecond, settings.ReplayBurst);
            _commands = new CommandRouter(_topics, actions, settings.RelayControlEnabled, settings.MaximumCommandBytes);
            _mailbox = new InboundMailbox(MailboxSlots, settings.MaximumCommandBytes);

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
            options.TlsInsecure = settings.TlsInsecure;
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

        /// <summary>
        /// Messages lost: thinned out of a full ring (see <see cref="StoreAndForwardRing"/>), pushed out of it,
        /// or too large for the payload buffer. Published in health as "dropped".
        /// </summary>
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

        /// <summary>Of <see cref="DroppedMessages"/>, the readings removed by thinning a full ring.</summary>
        public long ThinnedMessages
        {
            get
            {
                lock (_sync)
                {
                    return _ring.Thinned;
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
            if (meters.Length + pulses.Length >= MaximumSources)
            {
                throw new ArgumentException("too many meters and pulse channels");
            }

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

            lock (_sync)
            {
                lock (_inboundSync)
                {
                    MeterDevice[] oldMeters = _discovery.Meters;
                    string[] oldPulses = _discovery.PulseNames;
                    bool[] oldLinks = _discovery.PulseLinked;
                    _discovery.Configure(meters, pulses);

                    // What was configured before and is not any more: clear its retained messages. Only those topics
                    // are composed (compared by name, configuration changes are rare; nothing else is allocated).
                    int oldCount = DiscoveryPayloads.CountOf(oldMeters, oldPulses, oldLinks);
                    for (int i = 0; i < oldCount && _staleTopics.Count < MaximumStaleTopics; i++)
                    {
                        if (!_discovery.Contains(oldMeters, oldPulses, oldLinks, i))
                        {
                            AddStale(_discovery.TopicAt(oldMeters, oldPulses, oldLinks, i));
                        }
                    }

                    for (int i = 0; i < oldMeters.Length; i++)
                    {
                        if (_discovery.IndexOfMeter(oldMeters[i].Name) < 0)
                        {
                            AddStale(AvailabilityTopic(oldMeters[i].Name));
                        }
                    }

                    AssignSources(meters, pulses);
                    _meterOnline = new bool[meters.Length];
                    _meterAvailabilityDirty = new bool[meters.Length];
                    _announcedKey = new int[meters.Length];
                    _removeFirst = new bool[meters.Length];
                    _removalItem = 0;
                    for (int i = 0; i < meters.Length; i++)
                    {
                        _meterAvailabilityDirty[i] = true;
                    }

                    _configured = true;
                    RequestDiscoveryFrom(0);
                }
            }
        }

        /// <summary>
        /// A meter's identity read (or read again): updates what its Home Assistant device block says and sends
        /// discovery and the meters' availability again, without rebuilding anything (topics, sources and queued
        /// readings stay). Nothing is allocated; the strings are the caller's. Unknown meter or nothing changed:
        /// nothing happens.
        /// </summary>
        public void SetMeterIdentity(string meterName, string manufacturer, string model, string serialNumber, string firmwareVersion)
        {
            lock (_sync)
            {
                lock (_inboundSync)
                {
                    int index = _discovery.IndexOfMeter(meterName);
                    if (index < 0)
                    {
                        return;
                    }

                    MeterDevice meter = _discovery.Meters[index];
                    if (meter.Manufacturer == manufacturer && meter.Model == model && meter.SerialNumber == serialNumber
                        && meter.FirmwareVersion == firmwareVersion)
                    {
                        return;
                    }

                    meter.Manufacturer = manufacturer;
                    meter.Model = model;
                    meter.SerialNumber = serialNumber;
                    meter.FirmwareVersion = firmwareVersion;
                    if (_announcedKey[index] != 0 && _announcedKey[index] != _discovery.MeterKeyHash(index))
                    {
                        _removeFirst[index] = true;
                    }

                    RequestDiscoveryFrom(_discovery.FirstOrdinalOfMeter(index));

                    // Availability goes out again with the new discovery, as after a reconfiguration (the retained
                    // states do not change; the sequence of messages stays what it was when this rebuilt everything).
                    for (int i = 0; i < _meterAvailabilityDirty.Length; i++)
                    {
                        _meterAvailabilityDirty[i] = true;
                    }
                }
            }
        }

        /// <summary>Queues one poll's state (false when the meter is unknown or the payload did not fit).</summary>
        public bool PublishMeterState(MeterStateSnapshot snapshot)
        {
            lock (_sync)
            {
                int index = _discovery.IndexOfMeter(snapshot.Name);
                if (index < 0)
                {
                    return false;
                }

                int source = _meterSources[index];
                bool synchronized;
                DateTime utc;
                long uptime;
                ReadTime(out synchronized, out utc, out uptime);
                int length = ReadingRecord.WriteMeterState(_writer.Buffer, source, snapshot, _sourceNames[source], synchronized, utc, uptime);
                if (length > 0)
                {
                    ReadingRecord.SetOrdinal(_writer.Buffer, 0, NextOrdinal(source));
                    return _ring.Enqueue(_writer.Buffer, 0, length);
                }

                // Quantities not in the configured order: the JSON itself (the same text, just larger).
                StatePayloads.WriteMeterState(_writer, snapshot, _wallClock, _clock);
                return QueueText(source);
            }
        }

        /// <summary>Queues a pulse channel reading.</summary>
        public bool PublishPulseState(PulseChannelSnapshot snapshot)
        {
            lock (_sync)
            {
                int index = _discovery.IndexOfPulse(snapshot.Name);
                if (index < 0)
                {
                    return false;
                }

                int source = _pulseSources[index];
                bool synchronized;
                DateTime utc;
                long uptime;
                ReadTime(out synchronized, out utc, out uptime);
                int length = ReadingRecord.WritePulseState(_writer.Buffer, source, snapshot, synchronized, utc, uptime);
                if (length > 0)
                {
                    ReadingRecord.SetOrdinal(_writer.Buffer, 0, NextOrdinal(source));
                    return _ring.Enqueue(_writer.Buffer, 0, length);
                }

                StatePayloads.WritePulseState(_writer, snapshot, _wallClock, _clock);
                return QueueText(source);
            }
        }

        /// <summary>Queues an event (kinds in <see cref="CollectorEventKind"/>); source and detail may be null.</summary>
        public bool PublishEvent(string kind, string source, string detail)
        {
            lock (_sync)
            {
                StatePayloads.WriteEvent(_writer, kind, source, detail, _wallClock, _clock);
                return QueueText(EventSource);
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
                int i = _discovery.IndexOfMeter(meterName);
                if (i < 0)
                {
                    return;
                }

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
                // Discovery first: Home Assistant needs the configs before the states mean anything to it, and
                // after a broker lost its retained messages a backlog sent in between would delay them by minutes
                // on a broker that acknowledges slowly. The ring keeps (bounded, counted) what waits.
                bool healthy = ServeCommands()
                    && ServeDiscovery(now)
                    && ServeAvailability()
                    && ServeHealth()
                    && (DiscoveryPending() || ServeRing(now));
                if (!healthy && !TransportQueueFull())
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

        /// <summary>A threaded transport refused a message because its queue is full: back-pressure, not a lost
        /// session. The refused message stays where it was (ring, discovery cursor) and goes out on a later pass.</summary>
        private bool TransportQueueFull()
        {
            ThreadedTransport threaded = _connection.Transport as ThreadedTransport;
            return threaded != null && threaded.QueueFull;
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
            if (ok && _discoveryEnabled)
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
                    _discoveryRestartFrom = -1;
                    _sweeping = false;
                    for (int i = 0; i < _announcedKey.Length; i++)
                    {
                        _announcedKey[i] = 0;
                        _removeFirst[i] = false;
                    }

                    _removalItem = 0;
                }
            }

            if (ok && _discoveryEnabled)
            {
                // Retained configs under our node id arrive right after SUBACK; those not in the current
                // configuration belong to removed meters and are deleted when the sweep window ends.
                lock (_inboundSync)
                {
                    _sweeping = true;
                    _sweepEndsMicroseconds = _clock.MonotonicMicroseconds + _discoverySweepMilliseconds * 1000L;
                }

                ok = transport.Subscribe(_topics.DiscoverySweepFilter, QualityOfServiceAtMostOnce);
            }

            if (!ok)
            {
                _connection.ReportFailure();
            }

            return ok;
        }

        /// <summary>Answers the commands in the mailbox, each read in place in its arena (no copy kept).</summary>
        private bool ServeCommands()
        {
            IMessageTransport transport = _connection.Transport;
            int offset;
            int length;
            bool retained;
            string topic = _mailbox.Peek(out offset, out length, out retained);
            while (topic != null)
            {
                string resultTopic;
                CommandDisposition disposition;
                bool sent = true;
                lock (_sync)
                {
                    disposition = _commands.Handle(topic, _mailbox.Arena, offset, length, retained, _writer, out resultTopic);
                    if (disposition != CommandDisposition.NotACommand)
                    {
                        sent = PublishWriter(transport, resultTopic, _writer, QualityOfServiceAtLeastOnce, false);
                    }
                }

                _mailbox.Release();
                if (disposition != CommandDisposition.NotACommand)
                {
                    _commandsAnswered++;
                    if (!sent)
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

                topic = _mailbox.Peek(out offset, out length, out retained);
            }

            return true;
        }

        private bool ServeDiscovery(long now)
        {
            if (!_discoveryEnabled || !_configured)
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
                    RequestDiscoveryFrom(0);
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

                if (_discoveryRestartFrom >= 0)
                {
                    // A pass under way that has not reached the requested config yet covers it already.
                    bool passUnderWay = _discoveryCursor >= 0 && _discoveryCursor < _discovery.Count;
                    _discoveryCursor = passUnderWay ? Math.Min(_discoveryCursor, _discoveryRestartFrom) : _discoveryRestartFrom;
                    _discoveryRestartFrom = -1;
                }
            }

            // Removals first (an empty retained config deletes the entity, HA MQTT discovery), one per call.
            if (stale != null)
            {
                if (!transport.Publish(stale, EmptyPayload, 0, 0, DiscoveryQualityOfService, true))
                {
                    return false;
                }

                lock (_inboundSync)
                {
                    _staleTopics.Remove(stale);
                }
            }

            // A meter whose key changed: its removals go in calls of their own, its configs after them.
            int removals = ServeRemovals(transport);
            if (removals != RemovalsNone)
            {
                return removals == RemovalsServed;
            }

            // Topic and payload of each config are composed when it is sent (the topic string lives until the
            // transport has it): only the cursor persists between calls.
            for (int sent = 0; sent < _discoveryMessagesPerService && _discoveryCursor >= 0 && _discoveryCursor < _discovery.Count; sent++)
            {
                bool delivered;
                lock (_sync)
                {
                    _discovery.Write(_writer, _discoveryCursor);
                    delivered = PublishWriter(transport, _discovery.TopicAt(_discoveryCursor), _writer, DiscoveryQualityOfService, true);
                    int meter = _discovery.MeterAt(_discoveryCursor);
                    if (delivered && meter >= 0)
                    {
                        lock (_inboundSync)
                        {
                            _announcedKey[meter] = _discovery.MeterKeyHash(meter);
                        }
                    }
                }

                if (!delivered)
                {
                    return false;
                }

                _discoveryCursor++;
            }

            return true;
        }

        /// <summary>
        /// Removes the entities of the first meter whose unique_id key changed (an empty retained config per
        /// topic, paced like the configs); its new configs follow in a later call. Returns
        /// <see cref="RemovalsNone"/> when no meter waits for removal, <see cref="RemovalsServed"/> when this call
        /// served one, <see cref="RemovalsRefused"/> when the transport refused a message.
        /// </summary>
        private int ServeRemovals(IMessageTransport transport)
        {
            int meter = -1;
            int first = 0;
            int count = 0;
            lock (_inboundSync)
            {
                for (int m = 0; m < _removeFirst.Length && meter < 0; m++)
                {
                    if (_removeFirst[m])
                    {
                        meter = m;
                        first = _discovery.FirstOrdinalOfMeter(m);
                        count = DiscoveryPayloads.ConfigCountOf(_discovery.Meters[m]);
                    }
                }
            }

            if (meter < 0)
            {
                return RemovalsNone;
            }

            for (int sent = 0; sent < _discoveryMessagesPerService && _removalItem < count; sent++)
            {
                if (!transport.Publish(_discovery.TopicAt(first + _removalItem), EmptyPayload, 0, 0, DiscoveryQualityOfService, true))
                {
                    return RemovalsRefused;
                }

                _removalItem++;
            }

            if (_removalItem >= count)
            {
                lock (_inboundSync)
                {
                    _removeFirst[meter] = false;
                    _announcedKey[meter] = 0;
                    _removalItem = 0;
                    RequestDiscoveryFrom(first);
                }
            }

            return RemovalsServed;
        }

        /// <summary>Caller holds <c>_inboundSync</c>: the next pass starts at <paramref name="ordinal"/> or
        /// earlier.</summary>
        private void RequestDiscoveryFrom(int ordinal)
        {
            _discoveryRestartFrom = _discoveryRestartFrom < 0 ? ordinal : Math.Min(_discoveryRestartFrom, ordinal);
        }

        /// <summary>True while discovery has configs or removals left to send in this session.</summary>
        private bool DiscoveryPending()
        {
            if (!_discoveryEnabled || !_configured)
            {
                return false;
            }

            lock (_inboundSync)
            {
                if (_sweeping || _discoveryRestartFrom >= 0 || _staleTopics.Count > 0
                    || (_discoveryCursor >= 0 && _discoveryCursor < _discovery.Count))
                {
                    return true;
                }

                for (int m = 0; m < _removeFirst.Length; m++)
                {
                    if (_removeFirst[m])
                    {
                        return true;
                    }
                }

                return false;
            }
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
                    if (!transport.Publish(AvailabilityTopic(_discovery.Meters[i].Name), payload, 0, payload.Length, QualityOfServiceAtLeastOnce, true))
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

            lock (_sync)
            {
                HealthPayload.Write(_writer, health, _network.SignalStrength, buffered, dropped, _firmwareVersion, _board, _wallClock, _clock);
                return PublishWriter(_connection.Transport, _topics.Health, _writer, QualityOfServiceAtMostOnce, false);
            }
        }

        private bool ServeRing(long now)
        {
            IMessageTransport transport = _connection.Transport;
            lock (_sync)
            {
                while (_ring.Count > 0 && _pacer.TryTake(now))
                {
                    byte[] arena = _ring.Arena;
                    int offset = _ring.OldestOffset;
                    int length = _ring.OldestLength;
                    int kind = ReadingRecord.KindOf(arena, offset);
                    int source = ReadingRecord.SourceOf(arena, offset);
                    string topic = _sourceTopics[source];
                    bool sent;
                    if (kind == ReadingRecord.Text)
                    {
                        sent = transport.Publish(topic, arena, offset + ReadingRecord.HeaderBytes, length - ReadingRecord.HeaderBytes, QualityOfServiceAtLeastOnce, false);
                    }
                    else
                    {
                        bool written = kind == ReadingRecord.MeterState
                            ? ReadingRecord.RenderMeterState(_writer, arena, offset, length, _sourceNames[source])
                            : ReadingRecord.RenderPulseState(_writer, arena, offset, length);
                        if (!written || _writer.HasOverflowed)
                        {
                            // Its JSON is larger than the payload buffer: lost, and counted as such.
                            _payloadOverflows++;
                            _ring.RemoveOldest();
                            continue;
                        }

                        sent = transport.Publish(topic, _writer.Buffer, 0, _writer.Length, QualityOfServiceAtLeastOnce, false);
                    }

                    if (!sent)
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

        /// <summary>Moves the JSON just written into the ring as a text record (caller holds the lock).</summary>
        private bool QueueText(int source)
        {
            if (_writer.HasOverflowed)
            {
                _payloadOverflows++;
                return false;
            }

            // The ordinal is taken before the ring makes room: the record being queued is its source's newest.
            int ordinal = source == EventSource ? 0 : NextOrdinal(source);
            int position = _ring.Reserve(ReadingRecord.HeaderBytes + _writer.Length);
            if (position < 0)
            {
                return false;
            }

            ReadingRecord.WriteTextHeader(_ring.Arena, position, source);
            ReadingRecord.SetOrdinal(_ring.Arena, position, ordinal);
            position += ReadingRecord.HeaderBytes;
            Array.Copy(_writer.Buffer, 0, _ring.Arena, position, _writer.Length);
            return true;
        }

        /// <summary>The ordinal of the reading of <paramref name="source"/> about to be queued (caller holds the lock).</summary>
        private int NextOrdinal(int source)
        {
            int ordinal = _sourceOrdinals[source];
            _sourceOrdinals[source] = (ordinal + 1) & 0xFFFF;
            return ordinal;
        }

        /// <summary>The reading's time, as <see cref="StatePayloads.WriteTime(JsonWriter, IWallClock, IClock)"/> would write it now.</summary>
        private void ReadTime(out bool synchronized, out DateTime utc, out long uptimeSeconds)
        {
            synchronized = _wallClock != null && _wallClock.IsSynchronized;
            utc = synchronized ? _wallClock.UtcNow : DateTime.MinValue;
            uptimeSeconds = _clock.MonotonicMicroseconds / 1000000;
        }

        /// <summary>A meter's availability topic, composed (sent on a change and after each reconnect; caller holds the lock).</summary>
        private string AvailabilityTopic(string meterName)
        {
            return ComposeDeviceTopic("meter/", meterName, "/availability").ToString();
        }

        /// <summary>"&lt;prefix&gt;/&lt;id&gt;/&lt;kind&gt;&lt;name&gt;&lt;leaf&gt;" in the discovery's scratch (caller holds the lock).</summary>
        private TopicText ComposeDeviceTopic(string kind, string name, string leaf)
        {
            return _discovery.Text.Clear().Append(_topics.Prefix).Append('/').Append(_topics.CollectorId).Append('/')
                .Append(kind).Append(name).Append(leaf);
        }

        /// <summary>
        /// Gives every configured meter and channel a record source (caller holds both locks): the one it had
        /// when its topic and quantity names are unchanged, else one no queued record refers to, else a new one.
        /// Allocates once per configuration: the source tables, and a topic string only for a source that is new.
        /// </summary>
        private void AssignSources(MeterDevice[] meters, PulseChannelDevice[] pulses)
        {
            int known = _sourceTopics.Length;
            bool[] taken = new bool[known + meters.Length + pulses.Length];
            taken[EventSource] = true;
            int offset = _ring.OldestOffset;
            for (int i = 0; i < _ring.Count; i++)
            {
                taken[ReadingRecord.SourceOf(_ring.Arena, offset)] = true;
                offset = i + 1 < _ring.Count ? _ring.NextOffset(offset) : offset;
            }

            int[] meterSources = new int[meters.Length];
            int[] pulseSources = new int[pulses.Length];
            bool[] current = new bool[taken.Length];
            current[EventSource] = true;
            for (int m = 0; m < meters.Length; m++)
            {
                ComposeDeviceTopic("meter/", meters[m].Name, "/state");
                meterSources[m] = FindSource(_discovery.Text, meters[m].QuantityNames ?? NoNames, known, current);
            }

            for (int p = 0; p < pulses.Length; p++)
            {
                ComposeDeviceTopic("pulse/", pulses[p].Name, "/state");
                pulseSources[p] = FindSource(_discovery.Text, null, known, current);
            }

            int needed = 0;
            for (int i = 0; i < meterSources.Length; i++)
            {
                needed += meterSources[i] < 0 ? 1 : 0;
            }

            for (int i = 0; i < pulseSources.Length; i++)
            {
                needed += pulseSources[i] < 0 ? 1 : 0;
            }

            int free = CountFree(taken, current, known);
            if (known - free + needed > MaximumSources)
            {
                // Only after hundreds of reconfigurations with readings queued: start the ring afresh (counted).
                _ring.DropAll();
                for (int s = 1; s < known; s++)
                {
                    taken[s] = false;
                }

                free = CountFree(taken, current, known);
            }

            int length = known + (needed > free ? needed - free : 0);
            string[] topics = StringArrays.Create(length);
            string[][] names = new string[length][];
            int[] ordinals = new int[length];
            for (int s = 0; s < known; s++)
            {
                if (taken[s] || current[s])
                {
                    topics[s] = _sourceTopics[s];
                    names[s] = _sourceNames[s];
                    ordinals[s] = _sourceOrdinals[s];
                }
            }

            int next = 1;
            for (int m = 0; m < meters.Length; m++)
            {
                if (meterSources[m] < 0)
                {
                    next = NextFreeSource(topics, next);
                    meterSources[m] = next;
                    topics[next] = ComposeDeviceTopic("meter/", meters[m].Name, "/state").ToString();
                    ordinals[next] = 0;
                }

                names[meterSources[m]] = meters[m].QuantityNames ?? NoNames;
            }

            for (int p = 0; p < pulses.Length; p++)
            {
                if (pulseSources[p] < 0)
                {
                    next = NextFreeSource(topics, next);
                    pulseSources[p] = next;
                    topics[next] = ComposeDeviceTopic("pulse/", pulses[p].Name, "/state").ToString();
                    names[next] = null;
                    ordinals[next] = 0;
                }
            }

            _sourceTopics = topics;
            _sourceNames = names;
            _sourceOrdinals = ordinals;
            _meterSources = meterSources;
            _pulseSources = pulseSources;
        }

        /// <summary>A known source with this topic and the same quantity names (null: a pulse channel), not yet given out; else -1.</summary>
        private int FindSource(TopicText topic, string[] quantityNames, int known, bool[] current)
        {
            for (int s = 1; s < known; s++)
            {
                if (!current[s] && topic.SameAs(_sourceTopics[s]) && SameNames(_sourceNames[s], quantityNames))
                {
                    current[s] = true;
                    return s;
                }
            }

            return -1;
        }

        private static int CountFree(bool[] taken, bool[] current, int known)
        {
            int free = 0;
            for (int s = 1; s < known; s++)
            {
                free += taken[s] || current[s] ? 0 : 1;
            }

            return free;
        }

        private static int NextFreeSource(string[] topics, int from)
        {
            while (topics[from] != null)
            {
                from++;
            }

            return from;
        }

        private static bool SameNames(string[] a, string[] b)
        {
            if (a == null || b == null)
            {
                return a == b;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Runs on the transport's receive thread: copies or flags, never blocks on the bus.</summary>
        private void OnMessageReceived(string topic, byte[] payload, bool retained)
        {
            if (topic == null)
            {
                return;
            }

            if (_topics.IsDiscoveryStatus(topic))
            {
                if (IsOnline(payload))
                {
                    lock (_inboundSync)
                    {
                        RequestDiscoveryFrom(0);
                    }
                }

                return;
            }

            if (_topics.IsUnderDiscoveryNode(topic))
            {
                lock (_inboundSync)
                {
                    if (_sweeping && payload != null && payload.Length > 0 && !_discovery.IsExpected(topic))
                    {
                        AddStale(topic);
                    }
                    else if (_sweeping && payload != null && payload.Length > 0)
                    {
                        // A meter's config retained with another unique_id (replaced while we were away, or
                        // announced by address before its identity was read): remove its entities first.
                        int meter = _discovery.MeterIndexOf(topic);
                        if (meter >= 0 && !_discovery.HasMeterKey(payload, meter))
                        {
                            _removeFirst[meter] = true;
                        }
                        else if (meter >= 0)
                        {
                            // Home Assistant knows it with this key: an identity read before the pass reaches it
                            // changes the key, and then the entities must go first too.
                            _announcedKey[meter] = _discovery.MeterKeyHash(meter);
                        }
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

        /// <summary>
        /// The ring's series of a record: its source (one meter or pulse channel, whatever the record's kind)
        /// and ordinal. Never thinned: events (rare, and each tells something no other record does), and the
        /// newest reading of each source (its latest state reaches the broker whatever was thinned before it).
        /// Called by the ring under the publisher's lock.
        /// </summary>
        private sealed class ReadingSeries : IRecordSeries
        {
            private readonly Publisher _publisher;

            public ReadingSeries(Publisher publisher)
            {
                _publisher = publisher;
            }

            public int SeriesOf(byte[] arena, int offset, int length, out int ordinal)
            {
                ordinal = 0;
                if (length < ReadingRecord.HeaderBytes)
                {
                    return -1;
                }

                int source = ReadingRecord.SourceOf(arena, offset);
                int[] next = _publisher._sourceOrdinals;
                if (source == EventSource || source >= next.Length)
                {
                    return -1;
                }

                ordinal = ReadingRecord.OrdinalOf(arena, offset);
                return ordinal == ((next[source] - 1) & 0xFFFF) ? -1 : source;
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
