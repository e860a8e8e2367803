// expect: accept
// The allowed ways to make a string[]: the helper that assigns every element (only
// EspCollector.Core.Ports.StringArrays.Create may use `new string[n]`), an initializer that stores every element,
// and an empty array. Arrays of string arrays are not string arrays.
namespace EspCollector.Core.Ports
{
    public static class StringArrays
    {
        public static string[] Create(int length)
        {
            string[] array = new string[length];
            for (int i = 0; i < length; i++)
            {
                array[i] = null;
            }

            return array;
        }
    }
}

namespace Fixtures
{
    using EspCollector.Core.Ports;

    public static class CreatesStringArraysSafely
    {
        private static readonly string[] Units = { "V", "A", "W" };
        private static readonly string[] None = new string[0];

        public static int Total(string prefix)
        {
            string[] made = StringArrays.Create(4);
            string[] computed = new string[] { prefix + "a", prefix.Substring(1), Units[0] };
            string[][] jagged = new string[2][];
            return made.Length + computed.Length + None.Length + jagged.Length;
        }
    }
}
