using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Supervision
{
    /// <summary>
    /// Watches the heartbeats of the firmware's parts. The ESP32 application has no task watchdog
    /// (<c>CONFIG_ESP_TASK_WDT_INIT=n</c>, firmware/PLATFORM.md "ESP32 platform"), so this is the watchdog: a part
    /// silent past its limit, or a guarded thread that ended with an exception, leads to a save of the pulse
    /// totals and a restart with cause <c>supervisor</c> (stuck) or <c>crash</c>/<c>out-of-memory</c> (failed).
    /// <see cref="Check"/> runs on a thread of its own on the device (<see cref="GuardedThread"/>), in tests
    /// on the virtual clock.
    /// </summary>
    public sealed class Supervisor
    {
        public const int MaximumHeartbeats = 8;

        private readonly IClock _clock;
        private readonly ISupervisedDevice _device;
        private readonly Heartbeat[] _heartbeats = new Heartbeat[MaximumHeartbeats];
        private int _count;
        private bool _restarting;

        public Supervisor(IClock clock, ISupervisedDevice device)
        {
            _clock = clock;
            _device = device;
        }

        public int HeartbeatCount
        {
            get { return _count; }
        }

        public Heartbeat HeartbeatAt(int index)
        {
            return _heartbeats[index];
        }

        public void Watch(Heartbeat heartbeat)
        {
            if (_count >= MaximumHeartbeats)
            {
                throw new InvalidOperationException("too many heartbeats");
            }

            _heartbeats[_count++] = heartbeat;
        }

        /// <summary>Null while every part is alive, otherwise the stuck or failed part.</summary>
        public string Problem(out RebootCause cause)
        {
            long now = _clock.MonotonicMicroseconds;
            cause = RebootCause.Supervisor;
            for (int i = 0; i < _count; i++)
            {
                Heartbeat heartbeat = _heartbeats[i];
                string failure = heartbeat.Failure;
                if (failure != null)
                {
                    cause = heartbeat.FailureCause;
                    return failure;
                }

                long silence = heartbeat.SilenceMicroseconds(now);
                if (silence > heartbeat.LimitMicroseconds)
                {
                    return heartbeat.Name + " stuck " + (silence / 1000000).ToString() + " s";
                }
            }

            return null;
        }

        /// <summary>One look at every heartbeat; restarts the device (once) when a part is stuck or failed.
        /// Returns true when it did.</summary>
        public bool Check()
        {
            if (_restarting)
            {
                return true;
            }

            RebootCause cause;
            string problem = Problem(out cause);
            if (problem == null)
            {
                return false;
            }

            _restarting = true;
            try
            {
                _device.SaveState();
            }
            catch (Exception)
            {
                // Restart anyway: the totals saved last time stay valid (power-safe record).
            }

            _device.Restart(cause, problem);
            return true;
        }
    }
}
