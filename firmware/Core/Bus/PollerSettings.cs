namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Scheduling configuration of a <see cref="BusPoller"/> (defaults apart from runtime state). Times are
    /// microseconds.
    /// </summary>
    public sealed class PollerSettings
    {
        /// <summary>Interval of <see cref="PollClass.Fast"/> blocks (instantaneous values).</summary>
        public int FastIntervalMicroseconds = 2000000;

        /// <summary>Interval of <see cref="PollClass.Slow"/> blocks (energy totals).</summary>
        public int SlowIntervalMicroseconds = 60000000;

        /// <summary>Interval of <see cref="PollClass.Rare"/> blocks (history, settings): 15 minutes.</summary>
        public int RareIntervalMicroseconds = 900000000;

        /// <summary>K: consecutive failed transactions after which a device is marked offline.</summary>
        public int OfflineAfterFailures = 3;

        /// <summary>Delay after the first failure; doubled per further failure until the device is offline.</summary>
        public int BackoffBaseMicroseconds = 1000000;

        /// <summary>An offline device is probed (its first block, one attempt) this often.</summary>
        public int ProbeIntervalMicroseconds = 30000000;

        /// <summary>Devices one poller can hold (slots are allocated when devices are added).</summary>
        public int MaximumDevices = 16;

        public int IntervalOf(PollClass pollClass)
        {
            switch (pollClass)
            {
                case PollClass.Fast: return FastIntervalMicroseconds;
                case PollClass.Slow: return SlowIntervalMicroseconds;
                case PollClass.Rare: return RareIntervalMicroseconds;
                default: return int.MaxValue;
            }
        }

        /// <summary>Null when usable, otherwise why not.</summary>
        public string Validate()
        {
            if (FastIntervalMicroseconds <= 0 || SlowIntervalMicroseconds <= 0 || RareIntervalMicroseconds <= 0)
            {
                return "poll intervals must be positive";
            }

            if (OfflineAfterFailures < 1)
            {
                return "offline threshold must be at least 1";
            }

            if (BackoffBaseMicroseconds < 0 || ProbeIntervalMicroseconds <= 0)
            {
                return "backoff and probe interval must be positive";
            }

            if (MaximumDevices < 1 || MaximumDevices > 247)
            {
                return "maximum devices out of range 1..247";
            }

            return null;
        }

        /// <summary>
        /// Delay before the next attempt at a device that failed <paramref name="consecutiveFailures"/> times
        /// in a row while still online: base x 2^(failures - 1), capped at <paramref name="maximumMicroseconds"/>.
        /// A pure function so the cadence is testable.
        /// </summary>
        public static long BackoffDelayMicroseconds(int consecutiveFailures, int baseMicroseconds, int maximumMicroseconds)
        {
            if (consecutiveFailures <= 0)
            {
                return 0;
            }

            long delay = baseMicroseconds;
            for (int failure = 1; failure < consecutiveFailures && delay < maximumMicroseconds; failure++)
            {
                delay *= 2;
            }

            return delay < maximumMicroseconds ? delay : maximumMicroseconds;
        }
    }
}
