// expect: accept
namespace Fixtures
{
    public enum Parity { None, Even, Odd }

    public class UsesSwitchExpression
    {
        public int Bits(Parity parity, object boxed)
        {
            int parityBits = parity switch
            {
                Parity.None => 0,
                Parity.Even => 1,
                _ => 1,
            };
            int extra = boxed switch
            {
                int number when number > 10 => 2,
                string text => text.Length,
                null => 0,
                _ => 1,
            };
            return parityBits + extra;
        }
    }
}
