// expect: reject scan
// Action<T> is declared by the device's mscorlib, so the compiler accepts it, but the runtime has no generics:
// only the metadata scan can catch the instantiation.
using System;

namespace Fixtures
{
    public class UsesActionOfInt
    {
        public void Run()
        {
            Action<int> print = value => Console.WriteLine(value.ToString());
            print(1);
        }
    }
}
