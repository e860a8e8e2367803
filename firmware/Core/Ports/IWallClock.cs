using System;

namespace EspCollector.Core.Ports
{
    /// <summary>
    /// Calendar time for timestamps in published payloads. On the device it is set by SNTP after the
    /// network comes up; until then it is not synchronised and must never be published as real time.
    /// </summary>
    public interface IWallClock
    {
        /// <summary>True once the time has been set from a trusted source (SNTP).</summary>
        bool IsSynchronized { get; }

        /// <summary>Current UTC time; meaningful only when <see cref="IsSynchronized"/> is true.</summary>
        DateTime UtcNow { get; }
    }
}
