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
        // Indexed by address (Modbus addresses are 16 bits): a simulated meter renders its whole image before
        // every request, so each register is a plain array element rather than a dictionary entry.
        private const int AddressSpace = 0x10000;
        private readonly ushort[] values = new ushort[AddressSpace];
        private readonly bool[] mapped = new bool[AddressSpace];
        private readonly bool[] writable = new bool[AddressSpace];
        private int count;

        public int Count
        {
            get { return count; }
        }

        public IEnumerable<int> Addresses
        {
            get
            {
                var list = new List<int>(count);
                for (int address = 0; address < AddressSpace; address++)
                {
                    if (mapped[address])
                    {
                        list.Add(address);
                    }
                }

                return list;
            }
        }

        /// <summary>Maps <paramref name="count"/> registers from <paramref name="address"/>, initially zero.</summary>
        public void Map(int address, int count, bool isWritable)
        {
            for (int i = 0; i < count; i++)
            {
                int at = address + i;
                if (at < 0 || at >= AddressSpace)
                {
                    throw new ArgumentOutOfRangeException(nameof(address), $"register 0x{at:X4} is outside the Modbus address space");
                }

                if (!mapped[at])
                {
                    mapped[at] = true;
                    values[at] = 0;
                    this.count++;
                }

                if (isWritable)
                {
                    writable[at] = true;
                }
            }
        }

        public bool IsMapped(int address, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (!Has(mapped, address + i))
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
                if (!Has(writable, address + i))
                {
                    return false;
                }
            }

            return count > 0;
        }

        public ushort Get(int address)
        {
            if (!Has(mapped, address))
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"register 0x{address:X4} is not mapped");
            }

            return values[address];
        }

        public void Set(int address, ushort value)
        {
            if (!Has(mapped, address))
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"register 0x{address:X4} is not mapped");
            }

            values[address] = value;
        }

        private static bool Has(bool[] flags, int address)
        {
            return address >= 0 && address < AddressSpace && flags[address];
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
