// expect: reject CS1061
// string.Replace is not in the device's System.String.
namespace Fixtures
{
    public class UsesStringReplace
    {
        public string Text(string text)
        {
            return text.Replace("a", "b");
        }
    }
}
