using System;
using System.Threading;

namespace EspCollector.Simulators
{
    /// <summary>
    /// The thread a simulated slave runs on when it serves a real serial line: polls the line until stopped and
    /// keeps the exception that stopped it, if any, for the test or tool to report. Modbus RTU
    /// (<see cref="Modbus.SerialSlaveRunner"/>) and M-Bus (<see cref="MBus.MBusSlaveRunner"/>) differ only in
    /// <see cref="PollOnce"/>.
    /// </summary>
    public abstract class SlaveThread : IDisposable
    {
        private readonly string threadName;
        private Thread thread;
        private volatile bool stopping;

        protected SlaveThread(string threadName)
        {
            this.threadName = threadName;
        }

        /// <summary>Unexpected exception that stopped the thread, if any.</summary>
        public Exception Failure { get; private set; }

        public void Start()
        {
            stopping = false;
            thread = new Thread(Run) { IsBackground = true, Name = threadName };
            thread.Start();
        }

        public void Stop()
        {
            stopping = true;
            thread?.Join(2000);
            thread = null;
        }

        public void Dispose()
        {
            Stop();
        }

        /// <summary>Reads what the line has (waiting up to the timeout) and answers every complete request.</summary>
        public abstract void PollOnce(int timeoutMicroseconds);

        private void Run()
        {
            try
            {
                while (!stopping)
                {
                    PollOnce(10_000);
                }
            }
            catch (Exception exception)
            {
                Failure = exception;
            }
        }
    }
}
