// expect: accept
using System.Collections;

namespace Fixtures
{
    public class IteratesArrayList
    {
        public int Sum(ArrayList values)
        {
            int sum = 0;
            foreach (object value in values) sum += (int)value;
            return sum;
        }
    }
}
