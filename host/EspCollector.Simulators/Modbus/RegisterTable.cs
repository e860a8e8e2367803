using System;
using System.Collections.Generic;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// One sparse table of 16-bit registers (holding or input) as a meter exposes it: only the addresses its
    /// manual lists are mapped; a read or write touching any other address is answered with exception 02
    /// (Modbus Application Protocol V1.1b3, 6.3/6.4: "starting address + quantity" must all be valid).
    /// </summary>
    public sealed class RegisterTable
    {
        private readonly Dictionary<int, ushort> values = new Dictionary<int, ushort>();
        private readonly HashSet<int> writable = new HashSet<int>();

        public int Count
        {
            get { return values.Count; }
        }

        public IEnumerable<int> Addresses
        {
            get
            {
                var list = new List<int>(values.Keys);
                list.Sort();
                return list;
            }
        }

        /// <summary>Maps <paramref name="count"/> registers from <paramref name="address"/>, initially zero.</summary>
        public void Map(int address, int count, bool isWritable)
        {
            for (int i = 0; i < count; i++)
            {
                if (!values.ContainsKey(address + i))
                {
                    values[address + i] = 0;
                }

                if (isWritable)
                {
                    writable.Add(address + i);
                }
            }
        }

        public bool IsMapped(int address, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (!values.ContainsKey(address + i))
                {
                    return false;
                }
            }

            return count > 0;
        }

        public bool IsWritable(int address, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (!writable.Contains(address + i))
                {
                    return false;
                }
            }

            return count > 0;
        }

        public ushort Get(int address)
        {
            ushort value;
            if (!values.TryGetValue(address, out value))
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"register 0x{address:X4} is not mapped");
            }

            return value;
        }

        public void Set(int address, ushort value)
        {
            if (!values.ContainsKey(address))
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"register 0x{address:X4} is not mapped");
            }

            values[address] = value;
        }

        public void SetUInt32(int address, uint value, WordOrder order)
        {
            ushort high = (ushort)(value >> 16);
            ushort low = (ushort)(value & 0xFFFF);
            Set(address, order == WordOrder.HighWordFirst ? high : low);
            Set(address + 1, order == WordOrder.HighWordFirst ? low : high);
        }

        public uint GetUInt32(int address, WordOrder order)
        {
            ushort first = Get(address);
            ushort second = Get(address + 1);
            return order == WordOrder.HighWordFirst ? ((uint)first << 16) | second : ((uint)second << 16) | first;
        }

        /// <summary>IEEE 754 single precision, bytes big-endian inside each register (seed 000, 6.3).</summary>
        public void SetFloat(int address, float value, WordOrder order)
        {
            SetUInt32(address, BitConverter.SingleToUInt32Bits(value), order);
        }

        public float GetFloat(int address, WordOrder order)
        {
            return BitConverter.UInt32BitsToSingle(GetUInt32(address, order));
        }
    }
}
