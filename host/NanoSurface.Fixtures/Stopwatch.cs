// expect: reject CS0246
// Stopwatch does not exist: time comes from the IClock port (Environment.TickCount64 on the device).
using System.Diagnostics;

namespace Fixtures
{
    public class UsesStopwatch
    {
        public long Elapsed()
        {
            Stopwatch watch = Stopwatch.StartNew();
            return watch.ElapsedMilliseconds;
        }
    }
}
