// expect: accept
namespace Fixtures
{
    public class UsesStringFormat
    {
        public string Text(int address, string unit)
        {
            return string.Format("{0} {1}", address, unit);
        }
    }
}
