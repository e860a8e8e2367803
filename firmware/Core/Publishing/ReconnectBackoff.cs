namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Reconnect delay as a pure function, so its cadence is tested on a virtual clock (the ESPHome pattern).
    /// Exponential: initial, 2x, 4x, ... up to the cap; "equal jitter": the delay is half the step plus a
    /// random part of the other half, so collectors that lost the same broker do not return in lockstep
    /// and none retries sooner than half its step.
    /// </summary>
    public static class ReconnectBackoff
    {
        /// <summary>
        /// Delay before attempt number <paramref name="failedAttempts"/> + 1.
        /// <paramref name="randomSample"/> is any 32-bit random value (see <see cref="JitterSource"/>).
        /// </summary>
        public static long DelayMicroseconds(int failedAttempts, long initialMicroseconds, long maximumMicroseconds, uint randomSample)
        {
            long step = StepMicroseconds(failedAttempts, initialMicroseconds, maximumMicroseconds);
            long half = step / 2;
            long jitter = (long)((ulong)(step - half) * randomSample >> 32);
            return half + jitter;
        }

        /// <summary>The step without jitter: initial * 2^(failedAttempts-1), at most the cap.</summary>
        public static long StepMicroseconds(int failedAttempts, long initialMicroseconds, long maximumMicroseconds)
        {
            long step = initialMicroseconds;
            for (int i = 1; i < failedAttempts && step < maximumMicroseconds; i++)
            {
                step *= 2;
            }

            return step > maximumMicroseconds ? maximumMicroseconds : step;
        }
    }

    /// <summary>
    /// A small deterministic random source (xorshift32, Marsaglia 2003) seeded from the MAC: the same on
    /// .NET and the device (System.Random's sequence differs between them) and reproducible in tests.
    /// </summary>
    public sealed class JitterSource
    {
        private uint _state;

        public JitterSource(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        public uint Next()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>A seed from MAC bytes (FNV-1a), so collectors on one site jitter differently.</summary>
        public static uint SeedFrom(byte[] bytes)
        {
            uint hash = 2166136261u;
            if (bytes != null)
            {
                for (int i = 0; i < bytes.Length; i++)
                {
                    hash ^= bytes[i];
                    hash *= 16777619u;
                }
            }

            return hash;
        }
    }

    /// <summary>
    /// Token bucket pacing the replay of buffered messages: at most <c>burst</c> at once, then
    /// <c>perSecond</c> per second, so a reconnect after hours offline does not flood the broker or the
    /// collector's own socket buffers. Integer arithmetic in micro-tokens; time from the monotonic clock.
    /// </summary>
    public sealed class ReplayPacer
    {
        private const long TokenUnit = 1000000;

        private readonly long _perSecond;
        private readonly long _maximum;
        private long _tokens;
        private long _lastMicroseconds;
        private bool _started;

        public ReplayPacer(int perSecond, int burst)
        {
            _perSecond = perSecond < 1 ? 1 : perSecond;
            _maximum = (burst < 1 ? 1 : burst) * TokenUnit;
            _tokens = _maximum;
        }

        /// <summary>Takes one message's token if available at <paramref name="nowMicroseconds"/>.</summary>
        public bool TryTake(long nowMicroseconds)
        {
            Refill(nowMicroseconds);
            if (_tokens < TokenUnit)
            {
                return false;
            }

            _tokens -= TokenUnit;
            return true;
        }

        /// <summary>Whole messages that may be sent now.</summary>
        public int Available(long nowMicroseconds)
        {
            Refill(nowMicroseconds);
            return (int)(_tokens / TokenUnit);
        }

        private void Refill(long nowMicroseconds)
        {
            if (!_started)
            {
                _started = true;
                _lastMicroseconds = nowMicroseconds;
                return;
            }

            long elapsed = nowMicroseconds - _lastMicroseconds;
            if (elapsed <= 0)
            {
                return;
            }

            _lastMicroseconds = nowMicroseconds;

            // elapsed [us] * perSecond [1/s] = micro-tokens; capped before multiplying to avoid overflow.
            long cappedElapsed = elapsed > 3600000000L ? 3600000000L : elapsed;
            _tokens += cappedElapsed * _perSecond;
            if (_tokens > _maximum)
            {
                _tokens = _maximum;
            }
        }
    }
}
