// expect: accept
// Enough cases for the compiler to switch on a computed string hash.
namespace Fixtures
{
    public class UsesStringSwitch
    {
        public int Code(string command)
        {
            switch (command)
            {
                case "status": return 1;
                case "reboot": return 2;
                case "set": return 3;
                case "get": return 4;
                case "meters": return 5;
                case "pulses": return 6;
                case "mqtt": return 7;
                case "wifi": return 8;
                case "help": return 9;
                default: return 0;
            }
        }
    }
}
