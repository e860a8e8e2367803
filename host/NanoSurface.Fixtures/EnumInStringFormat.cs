// expect: reject NF0201
// string.Format boxes the enum into its params object[] and prints it: the number on the device.
using System.Text;

namespace Fixtures
{
    public enum Direction { Import = 0, Export = 1 }

    public class FormatsEnum
    {
        public string Text(Direction direction, StringBuilder builder)
        {
            builder.Append((object)direction);
            return string.Format("{0} flow", direction);
        }
    }
}
