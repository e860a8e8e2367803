// expect: reject CS0246
// Dictionary<K,V> does not exist: use Hashtable (and Contains, not ContainsKey).
using System.Collections;

namespace Fixtures
{
    public class UsesDictionary
    {
        private readonly Dictionary<string, int> map = new Dictionary<string, int>();
    }
}
