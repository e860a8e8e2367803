// expect: accept
using System.Threading;

namespace Fixtures
{
    public class UsesClosures
    {
        private int total;

        public int Run(int[] values)
        {
            ThreadStart[] actions = new ThreadStart[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                int captured = values[i];
                actions[i] = () => total += captured;
            }
            foreach (ThreadStart action in actions) action();
            return Twice(total);

            static int Twice(int value) => value * 2;
        }

        private sealed class Nested
        {
            public int Value;
        }

        public int UseNested() { return new Nested { Value = 3 }.Value; }
    }
}
