// expect: reject scan
// A generic method written in the project compiles but crashes nanoCLR 1.17.
namespace Fixtures
{
    public class WritesGenericMethod
    {
        public static T First<T>(T[] values)
        {
            return values[0];
        }

        public int Use()
        {
            return First(new[] { 1, 2 });
        }
    }
}
