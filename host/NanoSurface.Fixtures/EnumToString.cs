// expect: reject NF0201
// Enum.ToString() gives the number on nanoFramework, the name on .NET.
namespace Fixtures
{
    public enum Parity { None = 0, Odd = 1, Even = 2 }

    public class CallsEnumToString
    {
        public string Text(Parity parity)
        {
            return parity.ToString();
        }
    }
}
