// expect: reject NF0202
// D and X are integer formats: nanoCLR rejects them for a double (and .NET throws FormatException).
namespace Fixtures
{
    public class UsesIntegerFormatOnDouble
    {
        public string Text(double value)
        {
            return value.ToString("D3");
        }
    }
}
