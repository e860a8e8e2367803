// expect: reject CS0234
// List<T> does not exist in nanoFramework's mscorlib 1.17: use an array or ArrayList.
namespace Fixtures
{
    public class UsesList
    {
        public int Count()
        {
            var list = new System.Collections.Generic.List<int>();
            list.Add(1);
            return list.Count;
        }
    }
}
