// expect: accept
using System;

namespace Fixtures
{
    public class UsesBitConverter
    {
        public float Decode(byte[] frame)
        {
            byte[] bytes = BitConverter.GetBytes(frame.Length);
            return BitConverter.ToSingle(frame, 0) + BitConverter.ToInt32(bytes, 0) + (BitConverter.IsLittleEndian ? 0 : 1);
        }
    }
}
