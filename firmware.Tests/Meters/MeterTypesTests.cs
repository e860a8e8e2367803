using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>The registry, the tables' consistency and the blocks derived from them.</summary>
    [TestClass]
    public class MeterTypesTests
    {
        [TestMethod]
        public void TypesAreFoundByTheirConsoleNames()
        {
            Assert.AreEqual("kpm33b", MeterTypes.Find("kpm33b").Name);
            Assert.AreEqual("kpm31", MeterTypes.Find("KPM31").Name);
            Assert.AreEqual("klefr", MeterTypes.Find("klefr").Name);
            Assert.AreEqual("sdm630", MeterTypes.Find("Sdm630").Name);
            Assert.IsNull(MeterTypes.Find("sdm120"));
            Assert.IsNull(MeterTypes.Find(null));
            Assert.AreEqual(4, MeterTypes.All.Length);
        }

        [TestMethod]
        public void DefaultFramingsAreTheManuals()
        {
            // KPM33B 6: "Default parameters: 9600bps, Even parity bit".
            AssertFraming("kpm33b", 9600, SerialParity.Even);
            // KPM31 V2.1 6.1: "Factory default communication parameters: 9600bps, even parity".
            AssertFraming("kpm31", 9600, SerialParity.Even);
            // KLEFR A3.1: "Baud rate 9600, 8 data bits, Even parity, 1 stop bit".
            AssertFraming("klefr", 9600, SerialParity.Even);
            // SDM630-style 2.1 "Parity: none (default)", configuration screen "default: 9600 bps".
            AssertFraming("sdm630", 9600, SerialParity.None);
        }

        private static void AssertFraming(string name, int baudRate, SerialParity parity)
        {
            SerialSettings framing = MeterTypes.Find(name).DefaultSerialSettings;
            Assert.AreEqual(baudRate, framing.BaudRate, name);
            Assert.AreEqual((int)parity, (int)framing.Parity, name);
            Assert.AreEqual(1, framing.StopBits, name);
        }

        [TestMethod]
        public void OnlyTheCompereMetersHaveARelayOnCoil1()
        {
            // KPM33B 6.1 and KPM31 6.1.1: "0001H Relay1 (DO1)".
            Assert.AreEqual(1, MeterTypes.Find("kpm33b").RelayCoilAddress);
            Assert.AreEqual(1, MeterTypes.Find("kpm31").RelayCoilAddress);
            Assert.IsFalse(MeterTypes.Find("klefr").HasRelay);
            Assert.IsFalse(MeterTypes.Find("sdm630").HasRelay);
        }

        [TestMethod]
        public void EveryTableFitsItsReadableRangesAndTheModbusLimits()
        {
            MeterType[] types = MeterTypes.All;
            for (int typeIndex = 0; typeIndex < types.Length; typeIndex++)
            {
                MeterType type = types[typeIndex];
                MeterSettings settings = new MeterSettings();
                settings.ReadHistory = true;
                // Throws if a row lies outside every readable range.
                MeterDriver driver = new MeterDriver(type, 1, settings);
                BlockPlan plan = driver.Plan;
                for (int block = 0; block < plan.Blocks.Length; block++)
                {
                    RegisterBlock read = plan.Blocks[block];
                    int limit = read.FunctionCode <= 2 ? 2000 : 125;
                    Assert.IsTrue(read.Quantity >= 1 && read.Quantity <= limit, type.Name + " block size");
                    Assert.IsTrue(InsideOneRange(type, read), type.Name + " block 0x" + read.StartAddress.ToString("X4") + " crosses a range");
                    for (int row = plan.FirstRowOf(block); row < plan.FirstRowOf(block) + plan.RowCountOf(block); row++)
                    {
                        RegisterTable table = plan.Table;
                        Assert.IsTrue(table.AddressAt(row) >= read.StartAddress
                            && table.LastAddressAt(row) < read.StartAddress + read.Quantity, type.Name + " row outside its block");
                        Assert.AreEqual((int)read.PollClass, (int)table.PollClassAt(row));
                    }
                }

                Assert.IsNotNull(type.FrequencyRow, type.Name + " needs a frequency for word order detection");
            }
        }

        private static bool InsideOneRange(MeterType type, RegisterBlock read)
        {
            RegisterRange[] ranges = type.ReadableRanges;
            for (int index = 0; index < ranges.Length; index++)
            {
                if (ranges[index].Contains(read.FunctionCode, read.StartAddress, read.StartAddress + read.Quantity - 1))
                {
                    return true;
                }
            }

            return false;
        }

        [TestMethod]
        public void NoQuantityAppearsTwiceInATable()
        {
            MeterType[] types = MeterTypes.All;
            for (int typeIndex = 0; typeIndex < types.Length; typeIndex++)
            {
                RegisterDefinition[] rows = types[typeIndex].Registers;
                for (int first = 0; first < rows.Length; first++)
                {
                    for (int second = first + 1; second < rows.Length; second++)
                    {
                        if (rows[first].Quantity != null && rows[second].Quantity != null)
                        {
                            Assert.AreNotEqual(rows[first].Quantity.Name, rows[second].Quantity.Name, types[typeIndex].Name);
                        }
                    }
                }
            }
        }

        [TestMethod]
        public void VocabularyNamesAreUniqueAndLowerCase()
        {
            Quantity[] all = QuantityNames.All;
            for (int first = 0; first < all.Length; first++)
            {
                Assert.AreEqual(all[first].Name.ToLower(), all[first].Name);
                for (int second = first + 1; second < all.Length; second++)
                {
                    Assert.AreNotEqual(all[first].Name, all[second].Name);
                }
            }

            Assert.AreEqual("kWh", QuantityNames.UnitOf("energy_import"));
            Assert.AreEqual("var", QuantityNames.UnitOf("reactive_power_l2"));
            Assert.AreEqual("", QuantityNames.UnitOf("power_factor"));
        }

        [TestMethod]
        public void IdentityBlockIsPolledFirstAndOnce()
        {
            // BusPoller probes an offline device with block 0: the small identity block.
            MeterDriver driver = new MeterDriver(MeterTypes.Find("kpm33b"), 1, new MeterSettings());
            Assert.AreEqual((int)PollClass.Once, (int)driver.Blocks[0].PollClass);
            Assert.AreEqual((ushort)0x0012, driver.Blocks[0].StartAddress);
            Assert.AreEqual((ushort)7, driver.Blocks[0].Quantity);
        }

        [TestMethod]
        public void SettingsOfferOnlyTheManualsValues()
        {
            // KPM33B 6.2 "0002H ... Baud rate (BIT0~7) 0: 1200, 1: 2400, 2: 4800, 3: 9600, 4: 19200".
            SettingRegister kpm33b = MeterTypes.Find("kpm33b").BaudRateSetting;
            Assert.AreEqual(3, kpm33b.CodeFor(9600));
            Assert.AreEqual(4, kpm33b.CodeFor(19200));
            Assert.AreEqual(-1, kpm33b.CodeFor(38400));
            // KPM31 "0002H Baud rate 1 : 1200 , 2 : 2400 , 3 : 4800 , 4 : 9600".
            SettingRegister kpm31 = MeterTypes.Find("kpm31").BaudRateSetting;
            Assert.AreEqual(4, kpm31.CodeFor(9600));
            Assert.AreEqual(-1, kpm31.CodeFor(19200));
            // SDM630-style 0x001C "0 = 2400 baud, 1 = 4800 baud, 2 = 9600 baud, 5 = 1200 baud".
            SettingRegister sdm = MeterTypes.Find("sdm630").BaudRateSetting;
            Assert.AreEqual(5, sdm.CodeFor(1200));
            Assert.AreEqual(2, sdm.CodeFor(9600));
            // Addresses 1..247 everywhere.
            Assert.AreEqual(-1, MeterTypes.Find("klefr").AddressSetting.CodeFor(0));
            Assert.AreEqual(-1, MeterTypes.Find("klefr").AddressSetting.CodeFor(248));
            Assert.AreEqual(247, MeterTypes.Find("klefr").AddressSetting.CodeFor(247));
        }
    }
}
