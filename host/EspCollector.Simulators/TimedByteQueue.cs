using System;
using System.Collections.Generic;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators
{
    /// <summary>
    /// The receive side of an in-process serial line (<see cref="Modbus.VirtualBus"/>, <see cref="MBus.VirtualMBusLine"/>):
    /// bytes that become readable at the times they would arrive on the wire, measured on the given clock. Reading
    /// follows <see cref="ISerialLine.Read"/>: returns what has arrived, or waits (sleeping on the clock) until a byte
    /// arrives or the timeout passes. Thread-safe (the twin's console thread may read while the main loop writes).
    /// </summary>
    public sealed class TimedByteQueue
    {
        private readonly IClock clock;
        private readonly Queue<byte> bytes = new Queue<byte>();
        private readonly Queue<long> times = new Queue<long>();
        private readonly object gate = new object();

        public TimedByteQueue(IClock clock)
        {
            this.clock = clock;
        }

        public void Clear()
        {
            lock (gate)
            {
                bytes.Clear();
                times.Clear();
            }
        }

        /// <summary>Makes <paramref name="value"/> readable at <paramref name="time"/> (µs on the clock; not before earlier bytes).</summary>
        public void Enqueue(byte value, long time)
        {
            lock (gate)
            {
                bytes.Enqueue(value);
                times.Enqueue(time);
            }
        }

        /// <summary>Bytes readable now.</summary>
        public int Available
        {
            get
            {
                lock (gate)
                {
                    long now = clock.MonotonicMicroseconds;
                    int count = 0;
                    foreach (long time in times)
                    {
                        if (time > now)
                        {
                            break;
                        }

                        count++;
                    }

                    return count;
                }
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            long deadline = clock.MonotonicMicroseconds + Math.Max(0, timeoutMicroseconds);
            while (true)
            {
                long now = clock.MonotonicMicroseconds;
                long wakeAt;
                lock (gate)
                {
                    int delivered = 0;
                    while (delivered < count && times.Count > 0 && times.Peek() <= now)
                    {
                        times.Dequeue();
                        buffer[offset + delivered] = bytes.Dequeue();
                        delivered++;
                    }

                    if (delivered > 0)
                    {
                        return delivered;
                    }

                    wakeAt = times.Count > 0 ? Math.Min(times.Peek(), deadline) : deadline;
                }

                if (now >= deadline)
                {
                    return 0;
                }

                clock.Sleep((int)Math.Max(1, wakeAt - now));
            }
        }
    }
}
