using System;
using System.Collections;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// A meter's register image written at the addresses a manual gives (literals in the tests), fed to a
    /// driver block by block as the bus would deliver it: registers big-endian, coils packed LSB first.
    /// Registers nobody wrote read as zero. Test helper: allocates freely.
    /// </summary>
    public sealed class MeterImage
    {
        private readonly Hashtable _registers = new Hashtable();
        private readonly ArrayList _expectedNames = new ArrayList();
        private readonly ArrayList _expectedValues = new ArrayList();
        private readonly ArrayList _expectedUnits = new ArrayList();

        /// <summary>Writes a float at a manual's address and expects it back under a canonical name and unit.</summary>
        public void ExpectFloat(byte functionCode, int address, float registerValue, string name, string unit)
        {
            ExpectFloat(functionCode, address, registerValue, name, registerValue, unit);
        }

        /// <summary>As above, with the published value differing from the register's (kW published as W).</summary>
        public void ExpectFloat(byte functionCode, int address, float registerValue, string name, double expected, string unit)
        {
            SetFloat(functionCode, address, registerValue);
            Expect(name, expected, unit);
        }

        /// <summary>Writes a 16-bit register and expects the given value back.</summary>
        public void ExpectUInt16(byte functionCode, int address, int registerValue, string name, double expected, string unit)
        {
            SetUInt16(functionCode, address, registerValue);
            Expect(name, expected, unit);
        }

        /// <summary>Records an expectation for a value written by other means.</summary>
        public void Expect(string name, double expected, string unit)
        {
            _expectedNames.Add(name);
            _expectedValues.Add(expected);
            _expectedUnits.Add(unit);
        }

        /// <summary>Checks every expectation, then that the driver publishes exactly these quantities.</summary>
        public void AssertAll(MeterDriver driver)
        {
            AssertQuantitySet(driver, AssertExpected(driver));
        }

        /// <summary>Checks every expectation; returns the expected names.</summary>
        public string[] AssertExpected(MeterDriver driver)
        {
            string[] names = StringArrays.Create(_expectedNames.Count);
            for (int index = 0; index < names.Length; index++)
            {
                names[index] = (string)_expectedNames[index];
                AssertReading(driver, names[index], (double)_expectedValues[index], (string)_expectedUnits[index]);
            }

            return names;
        }

        /// <summary>Word order the image's 32-bit values are written in.</summary>
        public bool LowWordFirst;

        public void SetUInt16(byte functionCode, int address, int value)
        {
            _registers[Key(functionCode, address)] = value & 0xFFFF;
        }

        public void SetUInt32(byte functionCode, int address, uint value)
        {
            int high = (int)(value >> 16);
            int low = (int)(value & 0xFFFF);
            SetUInt16(functionCode, address, LowWordFirst ? low : high);
            SetUInt16(functionCode, address + 1, LowWordFirst ? high : low);
        }

        /// <summary>The float's IEEE 754 bits from the platform's BitConverter (independent of the decoder under test).</summary>
        public void SetFloat(byte functionCode, int address, float value)
        {
            SetUInt32(functionCode, address, FloatBits(value));
        }

        public void SetCoil(int address, bool on)
        {
            _registers[Key(1, address)] = on ? 1 : 0;
        }

        public void SetAscii(byte functionCode, int address, string text, int registers)
        {
            for (int index = 0; index < registers; index++)
            {
                int high = index * 2 < text.Length ? text[index * 2] : 0;
                int low = index * 2 + 1 < text.Length ? text[index * 2 + 1] : 0;
                SetUInt16(functionCode, address + index, (high << 8) | low);
            }
        }

        public static uint FloatBits(float value)
        {
            byte[] bytes = BitConverter.GetBytes(value);
            return BitConverter.IsLittleEndian
                ? (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24))
                : (uint)(bytes[3] | (bytes[2] << 8) | (bytes[1] << 16) | (bytes[0] << 24));
        }

        /// <summary>Delivers every block of the driver, as one poll cycle would.</summary>
        public void FeedAll(MeterDriver driver, long monotonicMicroseconds)
        {
            for (int block = 0; block < driver.Blocks.Length; block++)
            {
                Feed(driver, block, monotonicMicroseconds);
            }
        }

        /// <summary>A driver of the named type at that address, online and fed every block of this image at
        /// 1000 microseconds: one full poll cycle of a meter that answers.</summary>
        public MeterDriver DecodeAs(string typeName, byte address, MeterSettings settings)
        {
            MeterDriver driver = new MeterDriver(MeterTypes.Find(typeName), address, settings);
            driver.OnAvailabilityChanged(true);
            FeedAll(driver, 1000);
            return driver;
        }

        /// <summary>Delivers the blocks of one poll class only.</summary>
        public void FeedClass(MeterDriver driver, PollClass pollClass, long monotonicMicroseconds)
        {
            for (int block = 0; block < driver.Blocks.Length; block++)
            {
                if (driver.Blocks[block].PollClass == pollClass)
                {
                    Feed(driver, block, monotonicMicroseconds);
                }
            }
        }

        public void Feed(MeterDriver driver, int blockIndex, long monotonicMicroseconds)
        {
            RegisterBlock block = driver.Blocks[blockIndex];
            // Data at an offset, as in the bus's receive buffer (after address, function and byte count).
            const int offset = 3;
            byte[] data = new byte[offset + block.DataByteCount + 2];
            for (int index = 0; index < block.Quantity; index++)
            {
                object value = _registers[Key(block.FunctionCode, block.StartAddress + index)];
                int word = value == null ? 0 : (int)value;
                if (block.FunctionCode <= 2)
                {
                    if (word != 0)
                    {
                        data[offset + index / 8] |= (byte)(1 << (index % 8));
                    }
                }
                else
                {
                    data[offset + index * 2] = (byte)(word >> 8);
                    data[offset + index * 2 + 1] = (byte)word;
                }
            }

            driver.OnBlockRead(blockIndex, data, offset, block.DataByteCount, monotonicMicroseconds);
        }

        private static int Key(byte functionCode, int address)
        {
            return functionCode * 0x10000 + address;
        }

        // ------------------------------------------------------------------ assertions shared by the tests

        /// <summary>Asserts a canonical quantity's value (relative tolerance for float rounding) and unit.</summary>
        public static void AssertReading(MeterDriver driver, string name, double expected, string unit)
        {
            MeterReadings readings = driver.Readings;
            int index = readings.IndexOf(name);
            Assert.IsTrue(index >= 0, "no quantity " + name);
            Assert.IsTrue(readings.IsValid(index), name + " not valid");
            Assert.AreEqual(unit, readings.UnitAt(index), "unit of " + name);
            double actual = readings.ValueAt(index);
            double tolerance = Math.Abs(expected) * 1e-6 + 1e-9;
            Assert.IsTrue(Math.Abs(actual - expected) <= tolerance,
                name + ": expected " + expected.ToString() + " got " + actual.ToString());
        }

        /// <summary>True when one of the driver's blocks is read with that function code and spans
        /// <paramref name="first"/>..<paramref name="last"/> (one request covers them all).</summary>
        public static bool HasBlockCovering(MeterDriver driver, byte functionCode, int first, int last)
        {
            for (int index = 0; index < driver.Blocks.Length; index++)
            {
                RegisterBlock block = driver.Blocks[index];
                int end = block.StartAddress + block.Quantity - 1;
                if (block.FunctionCode == functionCode && block.StartAddress <= first && end >= last)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Asserts that the driver publishes exactly the listed quantities, no more, no fewer.</summary>
        public static void AssertQuantitySet(MeterDriver driver, string[] names)
        {
            MeterReadings readings = driver.Readings;
            for (int index = 0; index < names.Length; index++)
            {
                Assert.IsTrue(readings.IndexOf(names[index]) >= 0, "missing quantity " + names[index]);
            }

            Assert.AreEqual(names.Length, readings.Count, "quantities published");
        }
    }
}
