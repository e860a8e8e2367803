// expect: accept
using System.Threading;

namespace Fixtures
{
    public class UsesLock
    {
        private readonly object sync = new object();
        private int counter;

        public int Increment()
        {
            lock (sync)
            {
                counter++;
            }
            return Interlocked.Increment(ref counter);
        }
    }
}
