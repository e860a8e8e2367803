namespace EspCollector.Core.Meters
{
    /// <summary>
    /// A span of addresses a meter answers in one read with one function code. Meters may answer exception
    /// 02 when a read crosses an unmapped gap, so blocks are only formed inside such declared ranges.
    /// </summary>
    public sealed class RegisterRange
    {
        public readonly byte FunctionCode;
        public readonly ushort FirstAddress;
        public readonly ushort LastAddress;

        public RegisterRange(byte functionCode, ushort firstAddress, ushort lastAddress)
        {
            FunctionCode = functionCode;
            FirstAddress = firstAddress;
            LastAddress = lastAddress;
        }

        public bool Contains(byte functionCode, int firstAddress, int lastAddress)
        {
            return functionCode == FunctionCode && firstAddress >= FirstAddress && lastAddress <= LastAddress;
        }
    }
}
