using System;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// Serves a <see cref="ModbusRtuSlave"/> on a byte-level serial line (a tty through TermiosSerialLine, or any
    /// ISerialLine) on its own thread: assembles request frames, answers after the device's latency, and writes
    /// the response, pausing inside it when a fault asks so.
    /// </summary>
    /// <remarks>
    /// Frames are delimited by their length, known from the function code (the request formats of Application
    /// Protocol section 6), rather than by the 3.5-character silence alone: a USB adapter or a pseudo-terminal
    /// delivers bytes in bursts, so gaps seen by a host process say little about gaps on the wire. Silence longer
    /// than <see cref="FrameGapMicroseconds"/> still discards a partial frame (V1.02, 2.5.1.1), and a frame whose
    /// CRC fails is searched again one byte further, so the slave resynchronises after noise or after another
    /// slave's response on a shared bus.
    /// </remarks>
    public sealed class SerialSlaveRunner : SlaveThread
    {
        private readonly ISerialLine line;
        private readonly IClock clock;
        private readonly ModbusRtuSlave slave;
        private readonly byte[] buffer = new byte[2 * RtuFraming.MaximumFrameLength];
        private readonly SlaveReply reply = new SlaveReply();
        private int received;
        private long lastByteTime;

        public SerialSlaveRunner(ISerialLine line, IClock clock, ModbusRtuSlave slave, SerialSettings settings)
            : base("modbus-slave")
        {
            this.line = line;
            this.clock = clock;
            this.slave = slave;
            FrameGapMicroseconds = Math.Max(
                RtuFraming.InterFrameMicroseconds(settings.BaudRate, settings.BitsPerCharacter), 20_000);
        }

        /// <summary>Silence after which a partial frame is dropped (or an unknown-length frame is taken as complete).</summary>
        public int FrameGapMicroseconds { get; set; }

        public int DiscardedBytes { get; private set; }

        /// <summary>Called after each response is written, with the address that answered (for --verbose).</summary>
        public event Action<byte> Responded;


        /// <summary>Reads what the line has (waiting up to the timeout) and answers complete requests.</summary>
        public override void PollOnce(int timeoutMicroseconds)
        {
            int n = line.Read(buffer, received, buffer.Length - received, timeoutMicroseconds);
            long now = clock.MonotonicMicroseconds;
            if (n > 0)
            {
                if (received > 0 && now - lastByteTime > FrameGapMicroseconds)
                {
                    // The old partial frame ended with a silence: it is dropped, the new bytes start a frame.
                    DiscardedBytes += received;
                    Buffer.BlockCopy(buffer, received, buffer, 0, n);
                    received = 0;
                }

                received += n;
                lastByteTime = now;
                ProcessComplete(false);
            }
            else if (received > 0 && now - lastByteTime >= FrameGapMicroseconds)
            {
                ProcessComplete(true);
                DiscardedBytes += received;
                received = 0;
            }
        }

        private void ProcessComplete(bool silenceSeen)
        {
            while (received > 0)
            {
                int expected = RtuFraming.ExpectedRequestLength(buffer, received);
                if (expected == 0)
                {
                    return;
                }

                if (expected < 0)
                {
                    if (!silenceSeen)
                    {
                        return;
                    }

                    expected = received;
                }
                else if (expected > RtuFraming.MaximumFrameLength)
                {
                    Drop(1);
                    continue;
                }
                else if (received < expected)
                {
                    return;
                }

                if (!ModbusCrc.Check(buffer, 0, expected))
                {
                    Drop(1);
                    continue;
                }

                slave.Handle(buffer, expected, reply);
                Drop(expected, false);
                Send();
            }
        }

        private void Drop(int count, bool counted = true)
        {
            if (counted)
            {
                DiscardedBytes += count;
            }

            Buffer.BlockCopy(buffer, count, buffer, 0, received - count);
            received -= count;
        }

        private void Send()
        {
            if (reply.Length == 0)
            {
                return;
            }

            clock.Sleep(reply.LatencyMicroseconds);
            if (reply.SplitAt > 0 && reply.SplitAt < reply.Length)
            {
                line.Write(reply.Frame, 0, reply.SplitAt);
                clock.Sleep(reply.SplitDelayMicroseconds);
                line.Write(reply.Frame, reply.SplitAt, reply.Length - reply.SplitAt);
            }
            else
            {
                line.Write(reply.Frame, 0, reply.Length);
            }

            Responded?.Invoke(reply.Address);
        }
    }
}
