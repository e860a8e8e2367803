// expect: accept
namespace Fixtures
{
    public class IteratesArray
    {
        public int Sum(int[] values)
        {
            int sum = 0;
            foreach (int value in values) sum += value;
            foreach (char c in "abc") sum += c;
            return sum;
        }
    }
}
