// expect: reject CS0518
// decimal does not exist on the device.
namespace Fixtures
{
    public class UsesDecimal
    {
        public decimal Value = 1.5m;
    }
}
