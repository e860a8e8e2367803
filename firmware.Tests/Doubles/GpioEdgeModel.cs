using EspCollector.Core.Pulses;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// One GPIO input of an ESP32 as nanoFramework delivers it (firmware/PLATFORM.md "ESP32 platform", GPIO):
    /// <list type="bullet">
    /// <item>the ISR posts BOTH edges, always, into a HAL queue of <see cref="QueueDepth"/> (128) events that
    /// drops the oldest on overflow;</item>
    /// <item>the ISR is not IRAM-safe: while flash is written it does not run; the interrupt stays latched and
    /// fires once when the write ends, reporting the level at that time, so a whole pulse inside a write
    /// vanishes;</item>
    /// <item>the handler runs later on the single CLR interrupt thread (<see cref="Dispatch"/>), and the time it
    /// records jitters by up to <see cref="JitterMicroseconds"/> (the ISR time is discarded).</item>
    /// </list>
    /// The handler records into the shared <see cref="EdgeRing"/> as its channel's, exactly as the GPIO capture adapter does.
    /// Edges must be given in time order. Public so host code can run on it.
    /// </summary>
    public sealed class GpioEdgeModel
    {
        public const int QueueDepth = 128;

        private readonly EdgeRing _ring;
        private readonly int _channel;
        private readonly bool _activeLow;
        private readonly long[] _times = new long[QueueDepth];
        private readonly bool[] _levels = new bool[QueueDepth];
        private int _head;
        private int _count;
        private long _flashEnd = -1;
        private bool _latched;
        private bool _level;
        private long _lastStamp;
        private uint _random = 2463534242u;

        /// <param name="activeLow">S0 open collector with pull-up: the pulse pulls the pin low.</param>
        public GpioEdgeModel(EdgeRing ring, int channel, bool activeLow, long jitterMicroseconds)
        {
            _ring = ring;
            _channel = channel;
            _activeLow = activeLow;
            _level = activeLow;
            JitterMicroseconds = jitterMicroseconds;
        }

        public readonly long JitterMicroseconds;

        public int EdgesOnWire;
        public int EdgesMissedDuringFlash;
        public int LatchedEventsPosted;
        public int QueueDropped;
        public int Handled;

        /// <summary>The pin changes to <paramref name="high"/> at <paramref name="time"/>.</summary>
        public void Edge(long time, bool high)
        {
            EnsureFlashEnded(time);
            _level = high;
            EdgesOnWire++;
            if (time < _flashEnd)
            {
                EdgesMissedDuringFlash++;
                _latched = true;
                return;
            }

            Post(time, high);
        }

        /// <summary>A pulse of the S0 output: active from <paramref name="start"/> for <paramref name="width"/>.</summary>
        public void Pulse(long start, long width)
        {
            Edge(start, !_activeLow);
            Edge(start + width, _activeLow);
        }

        /// <summary>Flash is written (LittleFS save, WiFi configuration) from <paramref name="start"/> to <paramref name="end"/>.</summary>
        public void FlashWrite(long start, long end)
        {
            EnsureFlashEnded(start);
            _flashEnd = end;
        }

        /// <summary>The CLR interrupt thread runs the handlers of every queued event up to <paramref name="now"/>.</summary>
        public void Dispatch(long now)
        {
            EnsureFlashEnded(now);
            while (_count > 0 && _times[_head] <= now)
            {
                long stamp = _times[_head] + Jitter();
                if (stamp > now)
                {
                    stamp = now;
                }

                if (stamp < _lastStamp)
                {
                    stamp = _lastStamp;
                }

                _lastStamp = stamp;
                bool active = _levels[_head] != _activeLow;
                _head = (_head + 1) % QueueDepth;
                _count--;
                _ring.Record(_channel, stamp, active);
                Handled++;
            }
        }

        private void EnsureFlashEnded(long now)
        {
            if (_flashEnd >= 0 && now >= _flashEnd)
            {
                long end = _flashEnd;
                _flashEnd = -1;
                if (_latched)
                {
                    // The latched interrupt fires when the cache is back; the ISR reads the level then.
                    _latched = false;
                    LatchedEventsPosted++;
                    Post(end, _level);
                }
            }
        }

        private void Post(long time, bool level)
        {
            if (_count == QueueDepth)
            {
                _head = (_head + 1) % QueueDepth;
                _count--;
                QueueDropped++;
            }

            int slot = (_head + _count) % QueueDepth;
            _times[slot] = time;
            _levels[slot] = level;
            _count++;
        }

        private long Jitter()
        {
            if (JitterMicroseconds <= 0)
            {
                return 0;
            }

            _random ^= _random << 13;
            _random ^= _random >> 17;
            _random ^= _random << 5;
            return (long)(_random % (uint)JitterMicroseconds);
        }
    }
}
