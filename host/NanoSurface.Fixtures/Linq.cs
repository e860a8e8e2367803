// expect: reject CS0234
// System.Linq does not exist on the device.
using System.Linq;

namespace Fixtures
{
    public class UsesLinq
    {
        public int Sum(int[] values)
        {
            return values.Sum();
        }
    }
}
