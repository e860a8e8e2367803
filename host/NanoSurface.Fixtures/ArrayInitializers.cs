// expect: accept
namespace Fixtures
{
    public class UsesArrayInitializers
    {
        private static readonly byte[] Frame = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0xC4, 0x0B };
        private static readonly ushort[] Registers = new ushort[] { 0x0000, 0x0006, 0x000C, 0x0012, 0x0018, 0x001E };
        private static readonly string[] Names = { "voltage", "current" };
        private static readonly int[][] Jagged = { new[] { 1, 2 }, new[] { 3 } };

        public int Total()
        {
            return Frame.Length + Registers.Length + Names.Length + Jagged[0][1];
        }
    }
}
