using EspCollector.Core.Ports;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>The bus line as the core sees it, with the simulated meters behind it counted as foreign.</summary>
    public sealed class MeteredSerialLine : ISerialLine
    {
        private readonly ISerialLine _inner;

        public MeteredSerialLine(ISerialLine inner)
        {
            _inner = inner;
        }

        public ISerialLine Inner => _inner;

        public int Writes { get; private set; }

        public void Configure(SerialSettings settings)
        {
            Foreign.Enter();
            _inner.Configure(settings);
            Foreign.Exit();
        }

        public int BytesToRead
        {
            get
            {
                Foreign.Enter();
                int count = _inner.BytesToRead;
                Foreign.Exit();
                return count;
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            Foreign.Enter();
            int read = _inner.Read(buffer, offset, count, timeoutMicroseconds);
            Foreign.Exit();
            return read;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            Foreign.Enter();
            Writes++;
            _inner.Write(buffer, offset, count);
            Foreign.Exit();
        }
    }
}
