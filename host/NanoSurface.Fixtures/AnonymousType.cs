// expect: reject CS0656
// An anonymous type is compiled to a generic class (<>f__AnonymousType0`2) whose Equals/GetHashCode need
// EqualityComparer<T>, which the device's mscorlib lacks: the compiler rejects it (without a location; the source
// scan names the line). Were it to compile, the metadata scan reports the generic type definition.
namespace Fixtures
{
    public class UsesAnonymousType
    {
        public int Sum()
        {
            var pair = new { Left = 1, Right = 2 };
            return pair.Left + pair.Right;
        }
    }
}
