using System;
using System.Collections.Generic;
using EspCollector.Core.MBus;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.MBus
{
    /// <summary>
    /// An M-Bus without a UART or level converter: the master's end of the line as an <see cref="ISerialLine"/>, with
    /// simulated KLEFR M-bus meters attached in-process (the twin's second bus). Each request the master writes (one
    /// whole frame per write, as <see cref="MBusMaster"/> sends) is handed to every slave; an answer's bytes become
    /// readable at the time they would arrive on the wire: a latency, then 11 bit times (8E1, EN 13757-2) per
    /// character at the configured baud rate, on the given clock. A slave answers only when the line's baud rate is
    /// its own. Several answers collide as on a real bus: the shorter one is lost in the longer one's bytes that
    /// differ, so the master sees a broken frame (enough for the twin; the unit tests' MBusTestBus models it in detail).
    /// </summary>
    public sealed class VirtualMBusLine : ISerialLine
    {
        private readonly IClock clock;
        private readonly List<KlefrMBusSimulator> slaves = new List<KlefrMBusSimulator>();
        private readonly TimedByteQueue received;
        private readonly object gate = new object();
        private SerialSettings settings = new SerialSettings(2400, SerialParity.Even, 1);

        public VirtualMBusLine(IClock clock)
        {
            this.clock = clock;
            received = new TimedByteQueue(clock);
        }

        /// <summary>Time from the end of a request to the first answer byte (EN 13757-2 allows 11..330 bit times + 50 ms).</summary>
        public int LatencyMicroseconds { get; set; } = 5000;

        public int Requests { get; private set; }

        public void Attach(KlefrMBusSimulator slave)
        {
            lock (gate)
            {
                slaves.Add(slave);
            }
        }

        public void Configure(SerialSettings newSettings)
        {
            lock (gate)
            {
                settings = new SerialSettings(newSettings.BaudRate, newSettings.Parity, newSettings.StopBits);
                received.Clear();
            }
        }

        public int BytesToRead
        {
            get { return received.Available; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            return received.Read(buffer, offset, count, timeoutMicroseconds);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            int characterTime = MBusTiming.TransmissionMicroseconds(1, settings.BaudRate);
            clock.Sleep(count * characterTime);
            byte[] answer = null;
            lock (gate)
            {
                Requests++;
                foreach (KlefrMBusSimulator slave in slaves)
                {
                    if (slave.BaudRate != settings.BaudRate || settings.Parity != SerialParity.Even)
                    {
                        continue;
                    }

                    byte[] reply = slave.Handle(buffer, offset, count);
                    if (reply == null)
                    {
                        continue;
                    }

                    answer = answer == null ? reply : Collide(answer, reply);
                }

                if (answer == null)
                {
                    return;
                }

                long time = clock.MonotonicMicroseconds + LatencyMicroseconds;
                for (int i = 0; i < answer.Length; i++)
                {
                    time += characterTime;
                    received.Enqueue(answer[i], time);
                }
            }
        }

        /// <summary>Identical answers (several E5) look like one; different ones keep only the characters that agree.</summary>
        private static byte[] Collide(byte[] first, byte[] second)
        {
            byte[] longer = first.Length >= second.Length ? first : second;
            byte[] shorter = first.Length >= second.Length ? second : first;
            var kept = new List<byte>();
            for (int i = 0; i < longer.Length; i++)
            {
                if (i >= shorter.Length || shorter[i] == longer[i])
                {
                    kept.Add(longer[i]);
                }
            }

            return kept.Count == longer.Length && longer.Length == shorter.Length ? longer : kept.ToArray();
        }
    }
}
