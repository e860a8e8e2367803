// expect: accept
// A lambda converted to a delegate type of the project's own (non-generic), capturing a local.
namespace Fixtures
{
    public delegate int Transform(int value);

    public class UsesLambda
    {
        public int Apply(int offset)
        {
            Transform add = value => value + offset;
            Transform twice = value => value * 2;
            System.Threading.ThreadStart start = () => offset++;
            start();
            return twice(add(1));
        }
    }
}
