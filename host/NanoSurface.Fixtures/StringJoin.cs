// expect: reject CS0117
// string.Join is not in the device's System.String.
namespace Fixtures
{
    public class UsesStringJoin
    {
        public string Text(string[] parts)
        {
            return string.Join(",", parts);
        }
    }
}
