// expect: reject NF0201
// "x" + kind boxes the enum and calls its ToString(): the number on the device.
namespace Fixtures
{
    public enum ReadingKind { Energy = 0, Power = 1 }

    public class ConcatenatesEnum
    {
        public string Text(ReadingKind kind)
        {
            return "kind=" + kind;
        }
    }
}
