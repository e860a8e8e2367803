using System.Collections.Generic;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>Single-bit outputs (coils), e.g. the KPM relay at address 0001H (seed 000, 6.1).</summary>
    public sealed class CoilTable
    {
        private readonly Dictionary<int, bool> values = new Dictionary<int, bool>();

        public IEnumerable<int> Addresses
        {
            get
            {
                var list = new List<int>(values.Keys);
                list.Sort();
                return list;
            }
        }

        public void Map(int address, bool initial)
        {
            values[address] = initial;
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

        public bool Get(int address)
        {
            return values[address];
        }

        public void Set(int address, bool value)
        {
            values[address] = value;
        }
    }
}
