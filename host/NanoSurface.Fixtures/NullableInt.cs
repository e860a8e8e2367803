// expect: reject CS0518
// int? compiles to System.Nullable<int>, which the device's mscorlib does not define.
namespace Fixtures
{
    public class UsesNullable
    {
        public int? Value;
    }
}
