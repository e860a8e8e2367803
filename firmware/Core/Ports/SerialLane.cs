namespace EspCollector.Core.Ports
{
    /// <summary>
    /// One master's view of a <see cref="SharedSerialLine"/>: an <see cref="ISerialLine"/> on its own route and
    /// framing. Any use of it (BytesToRead, Read, Write) takes the line over first (pins and framing switched,
    /// the previous owner's unread bytes discarded), and the first frame it writes after a switch waits
    /// <see cref="IdleAfterSwitchMicroseconds"/> from the switch, so the bus behind the newly routed pins sees
    /// the idle time its protocol requires before a frame. Not thread-safe: the callers hold one lock around
    /// each transaction of either master (the collector's bus lock).
    /// </summary>
    public sealed class SerialLane : ISerialLine
    {
        private readonly SharedSerialLine _owner;
        private SerialSettings _settings;

        /// <summary>No frame leaves before this time (set at a switch to this lane).</summary>
        internal long IdleUntil;

        internal SerialLane(SharedSerialLine owner, string name, int route)
        {
            _owner = owner;
            Name = name;
            Route = route;
        }

        public readonly string Name;

        /// <summary>The pin set of the routed line this lane's bus interface is wired to.</summary>
        public readonly int Route;

        /// <summary>When this lane's master next has work (µs, the clock's time base); long.MaxValue when none.
        /// Set by the lane's owner before each <see cref="SharedSerialLine.NextTurn"/>.</summary>
        public long DueMicroseconds = long.MaxValue;

        /// <summary>Idle line before the first frame after a switch to this lane, µs: the protocol's silence before
        /// a frame (Modbus t3.5, M-Bus turnaround), since whatever the switch did to the pins must look like idle line.</summary>
        public int IdleAfterSwitchMicroseconds;

        /// <summary>Turns <see cref="SharedSerialLine.NextTurn"/> gave this lane.</summary>
        public int Turns;

        /// <summary>Times the line was switched to this lane.</summary>
        public int SwitchesIn;

        /// <summary>Longest time this lane was due before it got its turn, µs.</summary>
        public long LongestWaitMicroseconds;

        /// <summary>Framing last configured by the lane's master (null before).</summary>
        public SerialSettings Settings
        {
            get { return _settings; }
        }

        public SharedSerialLine Owner
        {
            get { return _owner; }
        }

        /// <summary>True while the line is routed to this lane.</summary>
        public bool HasLine
        {
            get { return ReferenceEquals(_owner.Current, this); }
        }

        public void Configure(SerialSettings settings)
        {
            _settings = settings;
            if (HasLine)
            {
                _owner.Line.Configure(settings);
            }
        }

        public int BytesToRead
        {
            get
            {
                _owner.Acquire(this);
                return _owner.Line.BytesToRead;
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            _owner.Acquire(this);
            return _owner.Line.Read(buffer, offset, count, timeoutMicroseconds);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _owner.Acquire(this);
            _owner.WaitIdleAfterSwitch(this);
            _owner.Line.Write(buffer, offset, count);
        }
    }
}
