// expect: accept
using System.Collections;

namespace Fixtures
{
    public class UsesHashtable
    {
        public object Lookup(string key)
        {
            var table = new Hashtable();
            table["a"] = 1;
            table.Add("b", 2);
            if (!table.Contains(key)) return null;
            foreach (DictionaryEntry entry in table)
            {
                if ((string)entry.Key == key) return entry.Value;
            }
            return table[key];
        }
    }
}
