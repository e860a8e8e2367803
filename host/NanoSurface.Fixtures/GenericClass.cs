// expect: reject scan
// A generic class written in the project compiles but crashes nanoCLR 1.17.
namespace Fixtures
{
    public class Box<T>
    {
        public T Value;
    }
}
