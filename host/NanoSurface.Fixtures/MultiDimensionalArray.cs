// expect: reject scan
// int[,] compiles but nanoCLR cannot run it: use jagged or flat arrays.
namespace Fixtures
{
    public class UsesMultiDimensionalArray
    {
        public int Sum()
        {
            var grid = new int[2, 3];
            grid[1, 2] = 5;
            return grid[1, 2];
        }
    }
}
