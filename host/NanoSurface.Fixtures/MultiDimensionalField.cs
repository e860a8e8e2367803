// expect: reject scan
// A multi-dimensional array in a field signature only (no instruction touches it).
namespace Fixtures
{
    public class HoldsMultiDimensionalArray
    {
        public byte[,] Table;
    }
}
