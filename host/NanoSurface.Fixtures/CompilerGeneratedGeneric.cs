// expect: reject scan
// A lambda capturing a generic method's parameter: besides the method, the compiler generates a generic
// display class (<>c__DisplayClass0_0`1) that the metadata scan must report too.
using System.Threading;

namespace Fixtures
{
    public class CapturesInGenericMethod
    {
        public static void Keep<T>(T[] values)
        {
            T kept = default(T);
            ThreadStart store = () => kept = values[0];
            store();
        }
    }
}
