// expect: reject CS1061
// Hashtable has Contains, not ContainsKey, on the device.
using System.Collections;

namespace Fixtures
{
    public class UsesContainsKey
    {
        public bool Has(Hashtable table)
        {
            return table.ContainsKey("key");
        }
    }
}
