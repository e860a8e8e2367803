// expect: reject NF0501
// The compiler leaves out the store of a null element: element 1 of this initializer is never written, and is
// as uncleared as in `new string[2]`.
namespace Fixtures
{
    public static class InitializesWithANull
    {
        public static string[] Names()
        {
            return new string[] { "voltage", null };
        }
    }
}
