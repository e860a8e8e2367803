using System;

namespace EspCollector.Core.Ports
{
    /// <summary>
    /// One UART shared in time by several bus masters (the Modbus master on the RS485 transceiver and the M-Bus
    /// master on its level converter), each on its own pins of an <see cref="IRoutedSerialLine"/>. The only owner
    /// of the UART: each master gets a <see cref="SerialLane"/>, and using a lane routes the UART to that lane's
    /// pins and framing (a "switch"). <see cref="NextTurn"/> is the schedule: of the lanes whose work is due by the
    /// clock, round robin from the lane after the last turn, so a due lane waits at most one turn of each other
    /// lane (no starvation) and a lane alone keeps the line without switching. A turn is what the caller runs with
    /// it: one Modbus transaction, one M-Bus meter read. Switching allocates nothing (the lanes, their settings and
    /// the drain buffer are made at composition); counted in <see cref="Switches"/>. Not thread-safe: the callers
    /// hold one lock around every transaction of either master (the collector's bus lock).
    /// </summary>
    public sealed class SharedSerialLine
    {
        private readonly IRoutedSerialLine _line;
        private readonly IClock _clock;
        private readonly SerialLane[] _lanes;
        private readonly byte[] _drain = new byte[64];
        private int _laneCount;
        private int _lastTurn = -1;
        private SerialLane _current;

        public SharedSerialLine(IRoutedSerialLine line, IClock clock, int maximumLanes)
        {
            if (line == null || clock == null)
            {
                throw new ArgumentNullException(line == null ? "line" : "clock");
            }

            _line = line;
            _clock = clock;
            _lanes = new SerialLane[maximumLanes];
        }

        /// <summary>Times the UART was routed from one lane to another (the first routing counts too).</summary>
        public int Switches;

        /// <summary>Bytes left unread by the previous owner and thrown away at a switch (late answers, noise).</summary>
        public int DiscardedBytes;

        /// <summary>Turns given by <see cref="NextTurn"/>.</summary>
        public int Turns;

        public IRoutedSerialLine Line
        {
            get { return _line; }
        }

        /// <summary>The lane the UART is routed to, or null before the first use.</summary>
        public SerialLane Current
        {
            get { return _current; }
        }

        public int LaneCount
        {
            get { return _laneCount; }
        }

        public SerialLane LaneAt(int index)
        {
            return _lanes[index];
        }

        /// <summary>A master's lane on <paramref name="route"/> (composition time; allocates).</summary>
        public SerialLane AddLane(string name, int route)
        {
            if (_laneCount == _lanes.Length)
            {
                throw new InvalidOperationException("no room for another lane");
            }

            if (route < 0 || route >= _line.RouteCount)
            {
                throw new ArgumentOutOfRangeException("route");
            }

            SerialLane lane = new SerialLane(this, name, route);
            _lanes[_laneCount++] = lane;
            return lane;
        }

        /// <summary>
        /// The lane whose turn it is at <paramref name="now"/>: among the lanes due by then
        /// (<see cref="SerialLane.DueMicroseconds"/> ≤ now), the first after the last turn's lane in lane order;
        /// null when none is due. Counts the turn and how long the lane waited for it.
        /// </summary>
        public SerialLane NextTurn(long now)
        {
            for (int step = 1; step <= _laneCount; step++)
            {
                int index = (_lastTurn + step) % _laneCount;

                SerialLane lane = _lanes[index];
                if (lane.DueMicroseconds <= now)
                {
                    _lastTurn = index;
                    Turns++;
                    lane.Turns++;
                    long waited = now - lane.DueMicroseconds;
                    if (waited > lane.LongestWaitMicroseconds)
                    {
                        lane.LongestWaitMicroseconds = waited;
                    }

                    return lane;
                }
            }

            return null;
        }

        /// <summary>Routes the UART to the lane if it is not already: pins, framing, the previous owner's unread
        /// bytes discarded, and the lane's idle time started.</summary>
        internal void Acquire(SerialLane lane)
        {
            if (ReferenceEquals(_current, lane))
            {
                return;
            }

            // What the previous owner left unread (a late answer, an echo) is not the new owner's; nor is anything
            // the switch itself let in.
            if (_current != null)
            {
                Drain();
            }

            _line.Route(lane.Route);
            if (lane.Settings != null)
            {
                _line.Configure(lane.Settings);
            }

            Drain();
            _current = lane;
            Switches++;
            lane.SwitchesIn++;
            lane.IdleUntil = _clock.MonotonicMicroseconds + lane.IdleAfterSwitchMicroseconds;
        }

        private void Drain()
        {
            DiscardedBytes += SerialDrain.Available(_line, _drain);
        }

        /// <summary>Holds the lane's first frame after a switch until the idle time has passed.</summary>
        internal void WaitIdleAfterSwitch(SerialLane lane)
        {
            long remaining = lane.IdleUntil - _clock.MonotonicMicroseconds;
            if (remaining > 0)
            {
                _clock.Sleep((int)remaining);
            }
        }
    }
}
