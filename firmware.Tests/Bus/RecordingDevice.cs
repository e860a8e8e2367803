using EspCollector.Core.Bus;

namespace EspCollector.Tests.Bus
{
    /// <summary>An <see cref="IPolledDevice"/> that records the poller's callbacks for assertions.</summary>
    public sealed class RecordingDevice : IPolledDevice
    {
        private readonly byte _address;
        private readonly RegisterBlock[] _blocks;

        public readonly int[] ReadsPerBlock;
        public readonly int[] FailuresPerBlock;
        public ModbusStatus LastFailure;
        public int OfflineCalls;
        public int OnlineCalls;
        public int Reads;
        public long LastReadMicroseconds;
        public byte FirstDataByte;
        public int LastByteCount;

        public RecordingDevice(byte address, RegisterBlock[] blocks)
        {
            _address = address;
            _blocks = blocks;
            ReadsPerBlock = new int[blocks.Length];
            FailuresPerBlock = new int[blocks.Length];
        }

        public byte Address
        {
            get { return _address; }
        }

        public RegisterBlock[] Blocks
        {
            get { return _blocks; }
        }

        public void OnBlockRead(int blockIndex, byte[] data, int offset, int byteCount, long monotonicMicroseconds)
        {
            ReadsPerBlock[blockIndex]++;
            Reads++;
            LastReadMicroseconds = monotonicMicroseconds;
            FirstDataByte = data[offset];
            LastByteCount = byteCount;
        }

        public void OnBlockFailed(int blockIndex, ModbusStatus status)
        {
            FailuresPerBlock[blockIndex]++;
            LastFailure = status;
        }

        public void OnAvailabilityChanged(bool online)
        {
            if (online)
            {
                OnlineCalls++;
            }
            else
            {
                OfflineCalls++;
            }
        }
    }
}
