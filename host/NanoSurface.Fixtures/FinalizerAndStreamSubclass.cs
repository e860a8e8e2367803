// expect: accept
// A finaliser, and a Stream subclass overriding the abstract members the generated System.IO.Streams declares.
namespace Fixtures
{
    public class HasFinalizer
    {
        ~HasFinalizer() { }
    }

    public class SerialOwner : System.IO.Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => 0;
        public override int Read(System.SpanByte buffer) => 0;
        public override long Seek(long offset, System.IO.SeekOrigin origin) => 0;
        public override void SetLength(long value) { }
        public override void Write(byte[] buffer, int offset, int count) { }
        protected override void Dispose(bool disposing) { base.Dispose(disposing); }
    }
}
