// expect: accept
namespace Fixtures
{
    public class UsesPatterns
    {
        public int Classify(object value)
        {
            if (value is int number && number > 0) return number;
            if (value is string text) return text.Length;
            if (value is not null && value is byte[] bytes) return bytes.Length;
            string name = value as string ?? "none";
            return name.Length;
        }
    }
}
