using System;
using System.Collections.Generic;
using EspCollector.Core.MBus;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.MBus
{
    /// <summary>
    /// Serves simulated M-Bus slaves on a serial line (a tty through TermiosSerialLine) on its own thread. Request
    /// frames are delimited by their format (short frame 5 bytes, long frame L + 6) and checked (checksum, stop
    /// byte); a byte that starts no valid frame is dropped and counted, so the runner resynchronises on the next
    /// start byte. Each slave sees each request; answers are sent after <see cref="LatencyMicroseconds"/>
    /// (several different answers are all sent, one after the other: on a real bus they would collide).
    /// </summary>
    public sealed class MBusSlaveRunner : SlaveThread
    {
        private readonly ISerialLine line;
        private readonly IClock clock;
        private readonly List<KlefrMBusSimulator> slaves = new List<KlefrMBusSimulator>();
        private readonly byte[] buffer = new byte[2 * MBusFrame.MaximumFrameLength];
        private int received;
        private long lastByteTime;

        public MBusSlaveRunner(ISerialLine line, IClock clock, int baudRate)
            : base("mbus-slave")
        {
            this.line = line;
            this.clock = clock;
            line.Configure(new SerialSettings(baudRate, SerialParity.Even, 1));
        }

        /// <summary>Delay before an answer: EN 13757-2 asks a slave for at least 11 bit times.</summary>
        public int LatencyMicroseconds { get; set; } = 5000;

        public int DroppedBytes { get; private set; }

        public int Requests { get; private set; }

        public void Add(KlefrMBusSimulator slave) => slaves.Add(slave);

        /// <summary>Reads what the line has and answers every complete request.</summary>
        public override void PollOnce(int timeoutMicroseconds)
        {
            int n = line.Read(buffer, received, buffer.Length - received, timeoutMicroseconds);
            long now = clock.MonotonicMicroseconds;
            if (n <= 0)
            {
                if (received > 0 && now - lastByteTime > MBusTiming.FrameSilenceMicroseconds(9600) * 4)
                {
                    DroppedBytes += received;
                    received = 0;
                }

                return;
            }

            received += n;
            lastByteTime = now;
            while (received > 0)
            {
                int length = CompleteFrameLength();
                if (length == 0)
                {
                    return;
                }

                if (length < 0)
                {
                    Drop(1);
                    DroppedBytes++;
                    continue;
                }

                Requests++;
                var answers = new List<byte[]>();
                foreach (KlefrMBusSimulator slave in slaves)
                {
                    byte[] answer = slave.Handle(buffer, 0, length);
                    if (answer != null)
                    {
                        answers.Add(answer);
                    }
                }

                Drop(length);
                if (answers.Count > 0)
                {
                    clock.Sleep(LatencyMicroseconds);
                    foreach (byte[] answer in answers)
                    {
                        line.Write(answer, 0, answer.Length);
                    }
                }
            }
        }

        /// <summary>Length of the valid frame at the start of the buffer; 0 = incomplete; -1 = not a frame.</summary>
        private int CompleteFrameLength()
        {
            if (buffer[0] == MBusFrame.ShortStart)
            {
                if (received < 5)
                {
                    return 0;
                }

                return buffer[4] == MBusFrame.Stop && buffer[3] == (byte)(buffer[1] + buffer[2]) ? 5 : -1;
            }

            if (buffer[0] != MBusFrame.LongStart)
            {
                return -1;
            }

            if (received < 4)
            {
                return 0;
            }

            int length = buffer[1];
            if (length < 3 || buffer[2] != length || buffer[3] != MBusFrame.LongStart)
            {
                return -1;
            }

            if (received < length + 6)
            {
                return 0;
            }

            return buffer[length + 5] == MBusFrame.Stop && buffer[length + 4] == MBusFrame.Checksum(buffer, 4, length) ? length + 6 : -1;
        }

        private void Drop(int count)
        {
            Buffer.BlockCopy(buffer, count, buffer, 0, received - count);
            received -= count;
        }
    }
}
