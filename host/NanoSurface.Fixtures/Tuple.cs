// expect: reject CS0518 CS8179
// Tuples compile to System.ValueTuple`2, which does not exist.
namespace Fixtures
{
    public class UsesTuple
    {
        public (int, int) Pair()
        {
            return (1, 2);
        }
    }
}
