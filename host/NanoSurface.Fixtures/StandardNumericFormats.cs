// expect: accept
// The formats nanoCLR implements natively (G, F, N for every number, D and X for integers, with precision),
// and DateTime's own format strings ("o"), which are not numeric formats.
using System;
using System.Text;

namespace Fixtures
{
    public class UsesStandardFormats
    {
        public string Text(double x, float y, int register, long energy, DateTime time)
        {
            var builder = new StringBuilder();
            builder.Append(x.ToString("F2"));
            builder.Append(register.ToString("X4"));
            builder.Append(energy.ToString("N0"));
            builder.Append(y.ToString("G6"));
            builder.Append(string.Format("{0:D3} {1,6:F1} {2}", register, x, "text"));
            return builder.ToString() + $"{x:F1} {register:x2} {register} {time.ToString("o")}";
        }
    }
}
