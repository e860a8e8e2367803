using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Supervision
{
    /// <summary>
    /// The sign of life of one part of the firmware (main loop, bus, transport thread, console). The part calls
    /// <see cref="Beat"/> whenever it completes a pass; the <see cref="Supervisor"/> reads it from another thread.
    /// A part that may legitimately wait (a blocked network call) declares a limit long enough for that wait.
    /// A guarded thread that ends with an exception reports it through <see cref="Fail"/>. No allocation.
    /// </summary>
    public sealed class Heartbeat
    {
        private readonly object _sync = new object();
        private readonly IClock _clock;
        private long _last;
        private bool _paused;
        private string _failure;
        private RebootCause _failureCause;

        public Heartbeat(string name, IClock clock, long limitMicroseconds)
        {
            Name = name;
            _clock = clock;
            LimitMicroseconds = limitMicroseconds;
            _last = clock.MonotonicMicroseconds;
        }

        public readonly string Name;

        /// <summary>Longest allowed time between two beats.</summary>
        public readonly long LimitMicroseconds;

        public void Beat()
        {
            long now = _clock.MonotonicMicroseconds;
            lock (_sync)
            {
                _last = now;
            }
        }

        /// <summary>A part that is idle on purpose (a transport with nothing to do, safe mode) is not watched.</summary>
        public void Pause(bool paused)
        {
            lock (_sync)
            {
                _paused = paused;
                _last = _clock.MonotonicMicroseconds;
            }
        }

        /// <summary>The part's thread ended with <paramref name="exception"/>.</summary>
        public void Fail(Exception exception)
        {
            lock (_sync)
            {
                _failureCause = exception is OutOfMemoryException ? RebootCause.OutOfMemory : RebootCause.Crash;
                _failure = Name + ": " + exception.GetType().Name;
            }
        }

        /// <summary>Microseconds since the last beat (0 while paused).</summary>
        public long SilenceMicroseconds(long now)
        {
            lock (_sync)
            {
                return _paused ? 0 : now - _last;
            }
        }

        /// <summary>Null, or what ended the part's thread.</summary>
        public string Failure
        {
            get
            {
                lock (_sync)
                {
                    return _failure;
                }
            }
        }

        public RebootCause FailureCause
        {
            get
            {
                lock (_sync)
                {
                    return _failureCause;
                }
            }
        }
    }
}
