// expect: accept
using System.Text;

namespace Fixtures
{
    public class UsesStringBuilder
    {
        public string Build(int value)
        {
            var builder = new StringBuilder(32);
            builder.Append("value=").Append(value).Append(',').AppendLine();
            builder.Replace(',', ';');
            return builder.ToString();
        }
    }
}
