// expect: reject CS0518
// ?. on a value-typed member produces int?, i.e. System.Nullable<int>.
namespace Fixtures
{
    public class UsesNullConditional
    {
        public object Length(string text)
        {
            return text?.Length;
        }
    }
}
