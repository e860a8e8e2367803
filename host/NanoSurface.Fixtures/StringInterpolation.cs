// expect: accept
// Interpolation compiles to string.Format(string, params object[]) at C# 9.
namespace Fixtures
{
    public class UsesInterpolation
    {
        public string Text(int address, double value, string unit)
        {
            return $"meter {address}: {value:F2} {unit} ({address,4})";
        }
    }
}
