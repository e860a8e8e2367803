using System;
using System.Threading;

namespace EspCollector.Core.Supervision
{
    /// <summary>One pass of a guarded thread's work; returns the milliseconds to sleep before the next pass.</summary>
    public delegate int ThreadPass();

    /// <summary>
    /// A thread whose body cannot end silently: an exception that escapes a thread's method ends it without a
    /// trace on nanoFramework (firmware/PLATFORM.md "ESP32 platform"). The loop beats its heartbeat after each pass;
    /// an exception is reported to the heartbeat (so the supervisor restarts with cause crash or
    /// out-of-memory) and ends the thread.
    /// </summary>
    public sealed class GuardedThread
    {
        private readonly ThreadPass _pass;
        private readonly Heartbeat _heartbeat;
        private Thread _thread;
        private bool _stop;

        public GuardedThread(ThreadPass pass, Heartbeat heartbeat)
        {
            _pass = pass;
            _heartbeat = heartbeat;
        }

        public void Start()
        {
            _thread = new Thread(ThreadBody);
            _thread.Start();
        }

        public void Stop()
        {
            _stop = true;
        }

        /// <summary>Runs passes until stopped or until one throws (then reported, false). Public so a test or
        /// the main thread can run it without a new thread.</summary>
        public bool Run(int maximumPasses)
        {
            for (int i = 0; (maximumPasses <= 0 || i < maximumPasses) && !_stop; i++)
            {
                int sleep;
                try
                {
                    sleep = _pass();
                }
                catch (Exception exception)
                {
                    if (_heartbeat != null)
                    {
                        _heartbeat.Fail(exception);
                    }

                    return false;
                }

                if (_heartbeat != null)
                {
                    _heartbeat.Beat();
                }

                if (sleep > 0)
                {
                    Thread.Sleep(sleep);
                }
            }

            return true;
        }

        private void ThreadBody()
        {
            Run(0);
        }
    }
}
