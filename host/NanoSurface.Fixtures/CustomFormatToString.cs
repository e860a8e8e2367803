// expect: reject NF0202
// nanoCLR formats numbers natively with G, F, N (and D, X for integers): "0.###" comes back as the text "0.###".
namespace Fixtures
{
    public class UsesCustomFormatInToString
    {
        public string Text(double kilowattHours)
        {
            return kilowattHours.ToString("0.###");
        }
    }
}
