// expect: accept
namespace Fixtures
{
    public class UsesConcatenation
    {
        public string Text(string topic, int address, char separator, double value)
        {
            string a = topic + "/" + address;
            string b = a + separator + value.ToString("F3") + address.ToString("X4");
            return b + string.Concat(a, b, topic, "x");
        }
    }
}
