// expect: reject CS0117
// DateTime.Now does not exist on the device (only UtcNow).
using System;

namespace Fixtures
{
    public class UsesDateTimeNow
    {
        public DateTime When()
        {
            return DateTime.Now;
        }
    }
}
