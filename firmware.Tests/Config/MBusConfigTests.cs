using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Config
{
    /// <summary>
    /// M-Bus in the configuration (issue 16): the mbus.* settings with their limits (KLEFR 693-4x manual, 5.4: M-bus
    /// 300..9600 baud, 9600 as shipped), `meter add &lt;name&gt; klefr-mbus &lt;primary 0..250 | secondary 8 digits&gt;`
    /// (EN 13757-2 primary addresses, EN 13757-3 identification number), storage round trip, and refusals that leave
    /// the staged configuration as it was.
    /// </summary>
    [TestClass]
    public class MBusConfigTests
    {
        private static ConfigManager Fresh()
        {
            ConfigManager manager = new ConfigManager(new ConfigStore(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity)));
            manager.Load();
            return manager;
        }

        [TestMethod]
        public void MBusSettingsDefaultToTheKlefrFactoryValues()
        {
            Configuration configuration = Fresh().Active;
            Assert.AreEqual(9600, configuration.GetInteger(SettingKeys.MBusBaud));
            Assert.AreEqual(0, configuration.GetInteger(SettingKeys.MBusTimeout), "0 = EN 13757-2's 330 bit times + 50 ms");
            Assert.AreEqual(2, configuration.GetInteger(SettingKeys.MBusRetries));
            Assert.AreEqual(60, configuration.GetInteger(SettingKeys.MBusInterval));
        }

        [TestMethod]
        public void EveryMBusBaudRateOfTheManualIsAccepted()
        {
            ConfigManager manager = Fresh();
            string[] rates = new string[] { "300", "600", "1200", "2400", "4800", "9600" };
            for (int i = 0; i < rates.Length; i++)
            {
                Assert.IsNull(manager.Set(SettingKeys.MBusBaud, rates[i], new ArrayList()), rates[i]);
                Assert.AreEqual(rates[i], manager.Staged.Get(SettingKeys.MBusBaud));
            }
        }

        [TestMethod]
        [DataRow("mbus.baud", "19200")]
        [DataRow("mbus.baud", "110")]
        [DataRow("mbus.baud", "2400.0")]
        [DataRow("mbus.timeout", "-1")]
        [DataRow("mbus.timeout", "5001")]
        [DataRow("mbus.retries", "6")]
        [DataRow("mbus.interval", "0")]
        [DataRow("mbus.interval", "3601")]
        [DataRow("mbus.interval", "ten")]
        public void OutOfRangeMBusSettingsAreRefusedAndNothingChanges(string key, string value)
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.Set(SettingKeys.MBusBaud, "2400", new ArrayList()));

            string error = manager.Set(key, value, new ArrayList());

            Assert.IsNotNull(error, key + " " + value + " accepted");
            Assert.AreEqual("2400", manager.Staged.GetExplicit(SettingKeys.MBusBaud));
            if (key != SettingKeys.MBusBaud)
            {
                Assert.IsNull(manager.Staged.GetExplicit(key), key + " changed by a refused value");
            }
        }

        [TestMethod]
        public void PrimaryAndSecondaryAddressesAreTakenAsTyped()
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.AddMeter("unset", "klefr-mbus", "0", new string[0]), "0: the KLEFR as shipped");
            Assert.IsNull(manager.AddMeter("top", "KLEFR-MBUS", "250", new string[0]));
            Assert.IsNull(manager.AddMeter("bysecondary", "klefr-mbus", "12345678", new string[0]));
            Assert.IsNull(manager.AddMeter("leadingzeros", "klefr-mbus", "00000042", new string[0]));

            MeterEntry unset = manager.Staged.FindMeter("unset");
            Assert.IsTrue(unset.IsMBus);
            Assert.AreEqual(0, unset.Address);
            Assert.AreEqual(-1, unset.SecondaryAddress);
            Assert.AreEqual(250, manager.Staged.FindMeter("top").Address);
            Assert.AreEqual(12345678, manager.Staged.FindMeter("bysecondary").SecondaryAddress);
            MeterEntry zeros = manager.Staged.FindMeter("leadingzeros");
            Assert.AreEqual(42, zeros.SecondaryAddress);
            Assert.AreEqual("00000042", zeros.AddressText);
        }

        [TestMethod]
        [DataRow("251")]
        [DataRow("-1")]
        [DataRow("1234567")]
        [DataRow("123456789")]
        [DataRow("1e2")]
        [DataRow("+5")]
        [DataRow("")]
        [DataRow("abc")]
        [DataRow("5")]
        [DataRow("87654321")]
        public void BadOrTakenMBusAddressesAreRefusedAndNothingChanges(string address)
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.AddMeter("first", "klefr-mbus", "5", new string[0]));
            Assert.IsNull(manager.AddMeter("second", "klefr-mbus", "87654321", new string[0]));

            string error = manager.AddMeter("new", "klefr-mbus", address, new string[0]);

            Assert.IsNotNull(error, "'" + address + "' accepted");
            Assert.IsTrue(error.IndexOf("address") >= 0, error);
            Assert.AreEqual(2, manager.Staged.MeterCount);
            Assert.IsNull(manager.Staged.FindMeter("new"));
        }

        [TestMethod]
        public void KlefrMBusTakesNoModbusOptions()
        {
            ConfigManager manager = Fresh();
            string error = manager.AddMeter("cabinet", "klefr-mbus", "5", new string[] { "relay=on" });
            Assert.IsNotNull(error);
            Assert.AreEqual(0, manager.Staged.MeterCount);
        }

        [TestMethod]
        public void MBusAndModbusAddressesAreSeparateBuses()
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.AddMeter("cabinet", "klefr-mbus", "5", new string[0]));
            Assert.IsNull(manager.AddMeter("main", "kpm33b", "5", new string[0]), "Modbus address 5 is another bus");
            Assert.IsNotNull(manager.AddMeter("other", "kpm31", "5", new string[0]), "but Modbus 5 twice is refused");
        }

        [TestMethod]
        public void ABoardWithoutAnMBusPortRefusesMBusMeters()
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.UseBoard("waveshare-esp32-s3-rs485-can", new ArrayList()));
            string error = manager.AddMeter("cabinet", "klefr-mbus", "5", new string[0]);
            Assert.IsNotNull(error);
            Assert.IsTrue(error.IndexOf("M-Bus port") >= 0, error);
            Assert.AreEqual(0, manager.Staged.MeterCount);

            Assert.IsNull(manager.UseBoard("esp32-devkitc-max485", new ArrayList()));
            Assert.IsNull(manager.AddMeter("cabinet", "klefr-mbus", "5", new string[0]));
            Assert.IsNotNull(manager.UseBoard("waveshare-esp32-s3-rs485-can", new ArrayList()), "would strand the M-Bus meter");
            Assert.AreEqual("esp32-devkitc-max485", manager.Staged.Get(SettingKeys.Board));
        }

        [TestMethod]
        public void APulseChannelCannotLinkAnMBusMeter()
        {
            ConfigManager manager = Fresh();
            Assert.IsNull(manager.AddMeter("cabinet", "klefr-mbus", "5", new string[0]));
            Assert.IsNotNull(manager.AddPulseChannel("s0", "32", "1000", new string[] { "link=cabinet" }, new ArrayList()));
            Assert.AreEqual(0, manager.Staged.PulseChannelCount);
        }

        [TestMethod]
        public void MBusMetersAndSettingsSurviveSaveAndLoad()
        {
            MemoryRecordStore store = new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity);
            ConfigManager manager = new ConfigManager(new ConfigStore(store));
            manager.Load();
            Assert.IsNull(manager.Set(SettingKeys.MBusBaud, "2400", new ArrayList()));
            Assert.IsNull(manager.Set(SettingKeys.MBusInterval, "900", new ArrayList()));
            Assert.IsNull(manager.AddMeter("cabinet", "klefr-mbus", "5", new string[0]));
            Assert.IsNull(manager.AddMeter("garage", "klefr-mbus", "00012345", new string[0]));
            Assert.IsNull(manager.AddMeter("main", "kpm33b", "1", new string[] { "relay=on" }));
            Assert.IsNull(manager.Save());

            ConfigManager reloaded = new ConfigManager(new ConfigStore(store));
            reloaded.Load();

            Configuration loaded = reloaded.Active;
            Assert.AreEqual(2400, loaded.GetInteger(SettingKeys.MBusBaud));
            Assert.AreEqual(900, loaded.GetInteger(SettingKeys.MBusInterval));
            Assert.AreEqual(3, loaded.MeterCount);
            MeterEntry cabinet = loaded.FindMeter("cabinet");
            Assert.IsTrue(cabinet.IsMBus);
            Assert.AreEqual(5, cabinet.Address);
            Assert.AreEqual(-1, cabinet.SecondaryAddress);
            MeterEntry garage = loaded.FindMeter("garage");
            Assert.AreEqual(12345, garage.SecondaryAddress);
            Assert.AreEqual("00012345", garage.AddressText);
            Assert.IsTrue(loaded.FindMeter("main").RelayEnabled);
            Assert.IsFalse(loaded.FindMeter("main").IsMBus);
            Assert.IsTrue(loaded.HasMBusMeters);
        }
    }
}
