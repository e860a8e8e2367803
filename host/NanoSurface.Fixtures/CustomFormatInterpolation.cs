// expect: reject NF0202
// An interpolation format clause is passed to the number's ToString(format): "0.0" is not implemented on the device.
namespace Fixtures
{
    public class UsesCustomFormatInInterpolation
    {
        public string Text(float volts)
        {
            return $"{volts:0.0} V";
        }
    }
}
