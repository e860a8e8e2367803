// expect: accept
using System;
using System.Threading;

namespace Fixtures
{
    [Flags]
    public enum Faults : byte { None = 0, Crc = 1, Timeout = 2 }

    public class UsesEnumsAndThreads
    {
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private Timer timer;

        public string Start(Faults faults)
        {
            var thread = new Thread(Loop);
            thread.Start();
            timer = new Timer(state => wake.Set(), null, 0, 1000);
            bool timeout = (faults & Faults.Timeout) != 0;
            return ((int)faults).ToString() + timeout + DateTime.UtcNow.ToString("o") + TimeSpan.FromMilliseconds(5).Ticks;
        }

        private void Loop()
        {
            wake.WaitOne(100, false);
        }
    }
}
