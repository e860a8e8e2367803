// expect: reject CS1503
// TimeSpan.FromSeconds exists only for long on the device.
using System;

namespace Fixtures
{
    public class UsesFromSecondsDouble
    {
        public TimeSpan Span()
        {
            return TimeSpan.FromSeconds(1.5);
        }
    }
}
