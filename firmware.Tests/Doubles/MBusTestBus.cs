using System;
using System.Collections;
using EspCollector.Core.Ports;


namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// Several simulated M-Bus slaves on one <see cref="ScriptedSerialLine"/>: every slave sees every request;
    /// one answer is delivered as is, identical answers (several E5) as one, and different answers collide:
    /// where their characters agree the master receives that character; where they differ the superimposed
    /// currents give a character with a parity error, which the UART drops. So a collision of telegrams arrives
    /// shorter than its L field says and never passes as a frame.
    /// </summary>
    public sealed class MBusTestBus
    {
        private readonly ArrayList _slaves = new ArrayList();

        public MBusTestBus(ScriptedSerialLine line)
        {
            Line = line;
            line.Configure(new SerialSettings(9600, SerialParity.Even, 1));
            line.Responder = Respond;
        }

        public ScriptedSerialLine Line;

        /// <summary>Requests that more than one slave answered with different bytes.</summary>
        public int Collisions;

        public KlefrMBusSlave Add(KlefrMBusSlave slave)
        {
            _slaves.Add(slave);
            return slave;
        }

        public byte[] Respond(byte[] request, int offset, int count)
        {
            byte[] result = null;
            bool collided = false;
            for (int index = 0; index < _slaves.Count; index++)
            {
                byte[] answer = ((KlefrMBusSlave)_slaves[index]).Handle(request, offset, count);
                if (answer == null)
                {
                    continue;
                }

                if (result == null)
                {
                    result = answer;
                    continue;
                }

                if (Same(result, answer))
                {
                    continue;
                }

                collided = true;
                byte[] longer = answer.Length > result.Length ? answer : result;
                byte[] shorter = answer.Length > result.Length ? result : answer;
                byte[] kept = new byte[longer.Length];
                int length = 0;
                for (int position = 0; position < longer.Length; position++)
                {
                    if (position < shorter.Length && shorter[position] == longer[position])
                    {
                        kept[length++] = longer[position];
                    }
                }

                result = new byte[length];
                Array.Copy(kept, result, length);
            }

            if (collided)
            {
                Collisions++;
            }

            return result;
        }

        private static bool Same(byte[] first, byte[] second)
        {
            if (first.Length != second.Length)
            {
                return false;
            }

            for (int index = 0; index < first.Length; index++)
            {
                if (first[index] != second[index])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
