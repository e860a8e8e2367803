// expect: reject CS0234 CS0246 CS1624
// yield needs IEnumerable<T>/IEnumerator<T> (generic) and is not supported.
using System.Collections.Generic;

namespace Fixtures
{
    public class UsesYield
    {
        public IEnumerable<int> Numbers()
        {
            yield return 1;
        }
    }
}
