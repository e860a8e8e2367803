// expect: reject NF0202
// A format item of a constant composite format string: "00" is a custom format; D2 is what the device knows.
namespace Fixtures
{
    public class UsesCustomFormatInStringFormat
    {
        public string Text(int hours, int minutes)
        {
            return string.Format("{0:D2}:{1:00}", hours, minutes);
        }
    }
}
