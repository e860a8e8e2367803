// expect: reject CS0246
// Span<T> does not exist (the device has the non-generic SpanByte).
using System;

namespace Fixtures
{
    public class UsesSpan
    {
        public int Length(byte[] buffer)
        {
            Span<byte> span = buffer;
            return span.Length;
        }
    }
}
