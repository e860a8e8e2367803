// expect: reject CS1501
// Math.Round(x, digits) does not exist on the device.
using System;

namespace Fixtures
{
    public class UsesRoundDigits
    {
        public double Rounded(double value)
        {
            return Math.Round(value, 2);
        }
    }
}
