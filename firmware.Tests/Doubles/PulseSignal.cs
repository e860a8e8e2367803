using EspCollector.Core.Pulses;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// Writes the edges of S0 pulses of one channel into the shared ring, as the GPIO callback would, with optional contact
    /// bounce around each edge and a deterministic timing jitter (same sequence on every runtime).
    /// </summary>
    public sealed class PulseSignal
    {
        private readonly EdgeRing _ring;
        private readonly int _channel;
        private uint _seed;

        /// <summary>Number of extra edge PAIRS after each real edge (0: clean edges).</summary>
        public int BounceCount;

        /// <summary>Time between bounce edges, µs.</summary>
        public long BounceSpacingMicroseconds = 200;

        public PulseSignal(EdgeRing ring, int channel)
        {
            _ring = ring;
            _channel = channel;
            _seed = 12345;
        }

        public EdgeRing Ring
        {
            get { return _ring; }
        }

        /// <summary>Edges the ring refused (full).</summary>
        public int DroppedEdges;

        /// <summary>One pulse: active at <paramref name="start"/>, inactive at start + width, with bounce.</summary>
        public void Pulse(long start, long widthMicroseconds)
        {
            Edge(start, true);
            Edge(start + widthMicroseconds, false);
        }

        /// <summary>One edge of the line followed by its bounce (the line flips back and forth, ending at <paramref name="active"/>).</summary>
        public void Edge(long time, bool active)
        {
            Record(time, active);
            for (int bounce = 1; bounce <= BounceCount; bounce++)
            {
                Record(time + (2 * bounce - 1) * BounceSpacingMicroseconds, !active);
                Record(time + 2 * bounce * BounceSpacingMicroseconds, active);
            }
        }

        /// <summary>Deterministic jitter in [-amplitude, +amplitude] µs (linear congruential generator).</summary>
        public long Jitter(long amplitudeMicroseconds)
        {
            _seed = _seed * 1664525 + 1013904223;
            long unit = (long)(_seed >> 8) % (2 * amplitudeMicroseconds + 1);
            return unit - amplitudeMicroseconds;
        }

        private void Record(long time, bool active)
        {
            if (!_ring.Record(_channel, time, active))
            {
                DroppedEdges++;
            }
        }
    }
}
