// expect: accept
using System.Collections;

namespace Fixtures
{
    public class UsesArrayList
    {
        public int Count()
        {
            var list = new ArrayList();
            list.Add(1);
            list.Add("two");
            list.RemoveAt(0);
            return list.Count + (int)(list.Contains("two") ? 1 : 0);
        }
    }
}
