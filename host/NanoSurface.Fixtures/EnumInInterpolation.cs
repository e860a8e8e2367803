// expect: reject NF0201
// nanoFramework has no enum names in the device metadata: the hole prints "2" there, "Timeout" on the host.
namespace Fixtures
{
    public enum LinkState { Idle = 0, Busy = 1, Timeout = 2 }

    public class PrintsEnumInInterpolation
    {
        public string Text(LinkState state)
        {
            return $"link {state}";
        }
    }
}
