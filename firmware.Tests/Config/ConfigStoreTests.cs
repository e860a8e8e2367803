using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Core.Storage;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Config
{
    [TestClass]
    public class ConfigStoreTests
    {
        /// <summary>
        /// A schema 1 payload exactly as the prototype firmware wrote it (ASCII): modbus.* key names, parity as
        /// the SerialParity digit (0 = none), mqtt.server / mqtt.prefix, meter without relay field, pulse without
        /// filter. Kept as bytes so a change to the serializer cannot silently change the test input.
        /// </summary>
        private static readonly byte[] Version1Payload = new byte[]
        {
            0x6D, 0x6F, 0x64, 0x62, 0x75, 0x73, 0x2E, 0x62, 0x61, 0x75, 0x64, 0x3D, 0x31, 0x39, 0x32, 0x30,
            0x30, 0x0A, 0x6D, 0x6F, 0x64, 0x62, 0x75, 0x73, 0x2E, 0x70, 0x61, 0x72, 0x69, 0x74, 0x79, 0x3D,
            0x30, 0x0A, 0x6D, 0x6F, 0x64, 0x62, 0x75, 0x73, 0x2E, 0x74, 0x69, 0x6D, 0x65, 0x6F, 0x75, 0x74,
            0x3D, 0x38, 0x30, 0x30, 0x0A, 0x6D, 0x71, 0x74, 0x74, 0x2E, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72,
            0x3D, 0x62, 0x72, 0x6F, 0x6B, 0x65, 0x72, 0x2E, 0x6C, 0x61, 0x6E, 0x0A, 0x6D, 0x71, 0x74, 0x74,
            0x2E, 0x70, 0x72, 0x65, 0x66, 0x69, 0x78, 0x3D, 0x68, 0x6F, 0x6D, 0x65, 0x2F, 0x65, 0x6E, 0x65,
            0x72, 0x67, 0x79, 0x0A, 0x77, 0x69, 0x66, 0x69, 0x2E, 0x73, 0x73, 0x69, 0x64, 0x3D, 0x48, 0x6F,
            0x6D, 0x65, 0x0A, 0x6D, 0x65, 0x74, 0x65, 0x72, 0x3D, 0x6D, 0x61, 0x69, 0x6E, 0x2C, 0x6B, 0x70,
            0x6D, 0x33, 0x33, 0x62, 0x2C, 0x31, 0x0A, 0x70, 0x75, 0x6C, 0x73, 0x65, 0x3D, 0x77, 0x61, 0x74,
            0x65, 0x72, 0x2C, 0x33, 0x32, 0x2C, 0x31, 0x30, 0x30, 0x30, 0x0A,
        };

        /// <summary>
        /// A schema 2 payload exactly as the issue 7 firmware wrote it (ASCII): "meter=name,type,address,relay" and
        /// "pulse=name,pin,constant,filter_ms" positional, whole numbers only. Kept as bytes for the same reason.
        /// </summary>
        private static readonly byte[] Version2Payload = new byte[]
        {
            0x62, 0x75, 0x73, 0x2E, 0x62, 0x61, 0x75, 0x64, 0x3D, 0x31, 0x39, 0x32, 0x30, 0x30, 0x0A, 0x62,
            0x75, 0x73, 0x2E, 0x70, 0x61, 0x72, 0x69, 0x74, 0x79, 0x3D, 0x6E, 0x6F, 0x6E, 0x65, 0x0A, 0x77,
            0x69, 0x66, 0x69, 0x2E, 0x73, 0x73, 0x69, 0x64, 0x3D, 0x48, 0x6F, 0x6D, 0x65, 0x0A, 0x6D, 0x71,
            0x74, 0x74, 0x2E, 0x68, 0x6F, 0x73, 0x74, 0x3D, 0x62, 0x72, 0x6F, 0x6B, 0x65, 0x72, 0x2E, 0x6C,
            0x61, 0x6E, 0x0A, 0x6D, 0x71, 0x74, 0x74, 0x2E, 0x74, 0x6F, 0x70, 0x69, 0x63, 0x3D, 0x73, 0x69,
            0x74, 0x65, 0x2F, 0x61, 0x0A, 0x6D, 0x65, 0x74, 0x65, 0x72, 0x3D, 0x6D, 0x61, 0x69, 0x6E, 0x2C,
            0x6B, 0x70, 0x6D, 0x33, 0x33, 0x62, 0x2C, 0x31, 0x2C, 0x6F, 0x6E, 0x0A, 0x6D, 0x65, 0x74, 0x65,
            0x72, 0x3D, 0x70, 0x76, 0x2C, 0x73, 0x64, 0x6D, 0x36, 0x33, 0x30, 0x2C, 0x32, 0x2C, 0x6F, 0x66,
            0x66, 0x0A, 0x70, 0x75, 0x6C, 0x73, 0x65, 0x3D, 0x77, 0x61, 0x74, 0x65, 0x72, 0x2C, 0x33, 0x32,
            0x2C, 0x31, 0x30, 0x30, 0x30, 0x2C, 0x32, 0x30, 0x0A, 0x70, 0x75, 0x6C, 0x73, 0x65, 0x3D, 0x68,
            0x65, 0x61, 0x74, 0x2C, 0x33, 0x33, 0x2C, 0x35, 0x30, 0x30, 0x2C, 0x35, 0x30, 0x0A,
        };

        private static MemoryRecordStore NewStore()
        {
            return new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity);
        }

        private static ConfigManager Loaded(MemoryRecordStore store)
        {
            ConfigManager manager = new ConfigManager(new ConfigStore(store));
            manager.Load();
            return manager;
        }

        private static bool NotesMention(ConfigManager manager, string text)
        {
            for (int index = 0; index < manager.LoadNotes.Count; index++)
            {
                if (((string)manager.LoadNotes[index]).IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        [TestMethod]
        public void FirstBootGivesDefaultsAndSaysSo()
        {
            ConfigManager manager = Loaded(NewStore());
            Assert.AreEqual((int)ConfigLoadOutcome.FirstBoot, (int)manager.LoadOutcome);
            Assert.AreEqual("9600", manager.Active.Get(SettingKeys.BusBaud));
            Assert.AreEqual("even", manager.Active.Get(SettingKeys.BusParity));
            Assert.AreEqual("esp32-devkitc-max485", manager.Active.BoardProfile.Name);
            Assert.IsTrue(NotesMention(manager, "first boot"));
        }

        [TestMethod]
        public void SavedConfigurationLoadsBackIdentically()
        {
            MemoryRecordStore store = NewStore();
            ConfigManager manager = Loaded(store);
            ArrayList warnings = new ArrayList();
            Assert.IsNull(manager.Set(SettingKeys.WifiSsid, "Home \\ Net", warnings));
            Assert.IsNull(manager.Set(SettingKeys.WifiPassword, "p=ss\\word!", warnings));
            Assert.IsNull(manager.Set(SettingKeys.MqttHost, "192.168.1.5", warnings));
            Assert.IsNull(manager.Set(SettingKeys.BusBaud, "19200", warnings));
            Assert.IsNull(manager.Set(SettingKeys.PinBusDriverEnable, "none", warnings));
            Assert.IsNull(manager.AddMeter("main", "kpm33b", "1", new string[] { "relay=on" }));
            Assert.IsNull(manager.AddMeter("flat2", "sdm630", "247", null));
            Assert.IsNull(manager.AddPulseChannel("water", "33", "1000", new string[] { "filter=40" }, warnings));
            Assert.IsNull(manager.Save());

            ConfigManager reloaded = Loaded(store);
            Assert.AreEqual((int)ConfigLoadOutcome.Loaded, (int)reloaded.LoadOutcome);
            Assert.AreEqual(ConfigSerializer.ToText(manager.Active), ConfigSerializer.ToText(reloaded.Active));
            Assert.AreEqual("p=ss\\word!", reloaded.Active.Get(SettingKeys.WifiPassword));
            Assert.AreEqual(-1, reloaded.Active.EffectivePin(SettingKeys.PinBusDriverEnable));
            Assert.IsTrue(reloaded.Active.FindMeter("main").RelayEnabled);
            Assert.AreEqual(40000, reloaded.Active.FindPulseChannel("water").FilterMicroseconds);
        }

        /// <summary>
        /// A power cut at every byte of a configuration save (three ways a torn slot can look): the collector
        /// boots with either the previous configuration or the new one, never a mix and never defaults.
        /// </summary>
        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public void TornSaveAtEveryByteLeavesThePreviousConfiguration(int tail)
        {
            string previous = null;
            string next = null;
            int recordLength = 0;
            for (int tearAfter = 0; recordLength == 0 || tearAfter <= recordLength; tearAfter++)
            {
                MemoryRecordStore store = NewStore();
                ConfigManager manager = Loaded(store);
                ArrayList warnings = new ArrayList();
                manager.Set(SettingKeys.WifiSsid, "Before", warnings);
                manager.AddMeter("main", "kpm33b", "1", null);
                Assert.IsNull(manager.Save());
                previous = ConfigSerializer.ToText(manager.Active);

                manager.Set(SettingKeys.WifiSsid, "After the change", warnings);
                manager.AddMeter("second", "kpm31", "2", new string[] { "relay=on" });
                next = ConfigSerializer.ToText(manager.Staged);
                recordLength = ConfigSerializer.ToBytes(manager.Staged).Length + PowerSafeRecord.Overhead;

                store.TearNextWriteAfter(tearAfter, (TornTail)tail);
                string saveResult = manager.Save();

                ConfigManager rebooted = Loaded(store);
                string loaded = ConfigSerializer.ToText(rebooted.Active);
                if (tearAfter < recordLength)
                {
                    Assert.IsNotNull(saveResult, "a torn save must not report success");
                    Assert.AreEqual(previous, loaded, "torn after " + tearAfter + " bytes");
                    Assert.IsTrue(rebooted.LoadOutcome == ConfigLoadOutcome.RecoveredPrevious || rebooted.LoadOutcome == ConfigLoadOutcome.Loaded);
                    if (rebooted.LoadOutcome == ConfigLoadOutcome.RecoveredPrevious)
                    {
                        Assert.IsTrue(NotesMention(rebooted, "previous valid one loaded"));
                    }
                }
                else
                {
                    Assert.AreEqual(next, loaded);
                }
            }
        }

        [TestMethod]
        public void DamagedNewestRecordFallsBackAndTheConsoleSaysSo()
        {
            MemoryRecordStore store = NewStore();
            ConfigManager manager = Loaded(store);
            ArrayList warnings = new ArrayList();
            manager.Set(SettingKeys.BusBaud, "4800", warnings);
            manager.Save();
            manager.Set(SettingKeys.BusBaud, "19200", warnings);
            manager.Save();

            // The second save went to slot 1; flip a payload bit there (flash damage after the fact).
            store.FlipBit(1, PowerSafeRecord.HeaderLength + 2, 3);

            Console.ConsoleHarness harness = new Console.ConsoleHarness(store, false);
            Assert.AreEqual((int)ConfigLoadOutcome.RecoveredPrevious, (int)harness.Config.LoadOutcome);
            Assert.AreEqual("4800", harness.Config.Active.Get(SettingKeys.BusBaud));
            harness.Session.Start();
            Assert.AreEqual("note: configuration: newest record damaged, previous valid one loaded (sequence 1)", harness.Output[1]);
        }

        [TestMethod]
        public void NoValidRecordGivesDefaultsAndSaysSo()
        {
            MemoryRecordStore store = NewStore();
            ConfigManager manager = Loaded(store);
            ArrayList warnings = new ArrayList();
            manager.Set(SettingKeys.BusBaud, "4800", warnings);
            manager.Save();
            store.FlipBit(0, 0, 0);

            ConfigManager rebooted = Loaded(store);
            Assert.AreEqual((int)ConfigLoadOutcome.CorruptUsingDefaults, (int)rebooted.LoadOutcome);
            Assert.AreEqual("9600", rebooted.Active.Get(SettingKeys.BusBaud));
            Assert.IsTrue(NotesMention(rebooted, "no valid record (corrupt)"));
        }

        [TestMethod]
        public void Version1RecordIsMigratedAndRewrittenAsTheCurrentSchema()
        {
            MemoryRecordStore store = NewStore();
            PowerSafeRecord record = new PowerSafeRecord(store, ConfigStore.RecordKind);
            Assert.IsTrue(record.Save(1, Version1Payload, 0, Version1Payload.Length));

            ConfigManager manager = Loaded(store);
            Configuration active = manager.Active;
            Assert.AreEqual((int)ConfigLoadOutcome.Loaded, (int)manager.LoadOutcome);
            Assert.IsTrue(NotesMention(manager, "migrated from schema 1 to 3"));
            Assert.AreEqual("19200", active.Get(SettingKeys.BusBaud));
            Assert.AreEqual("none", active.Get(SettingKeys.BusParity));
            Assert.AreEqual(800, active.GetInteger(SettingKeys.BusTimeout));
            Assert.AreEqual("broker.lan", active.Get(SettingKeys.MqttHost));
            Assert.AreEqual("home/energy", active.Get(SettingKeys.MqttTopic));
            Assert.AreEqual("Home", active.Get(SettingKeys.WifiSsid));
            Assert.AreEqual(1, active.MeterCount);
            Assert.AreEqual("kpm33b", active.FindMeter("main").Type);
            Assert.IsFalse(active.FindMeter("main").RelayEnabled);
            Assert.AreEqual(32, active.FindPulseChannel("water").Pin);
            Assert.AreEqual(PulseChannelEntry.DefaultFilterMicroseconds, active.FindPulseChannel("water").FilterMicroseconds);
            Assert.AreEqual(1000.0, active.FindPulseChannel("water").ImpulsesPerKilowattHour);

            // The next save writes the current schema; loading it again needs no migration and gives the same configuration.
            manager.Set(SettingKeys.BusRetries, "3", null);
            Assert.IsNull(manager.Save());
            PowerSafeRecord check = new PowerSafeRecord(store, ConfigStore.RecordKind);
            byte[] payload = new byte[ConfigStore.RecommendedSlotCapacity];
            check.Load(payload, 0);
            Assert.AreEqual(ConfigSerializer.CurrentSchemaVersion, check.SchemaVersion);
            ConfigManager again = Loaded(store);
            Assert.IsFalse(NotesMention(again, "migrated"));
            Assert.AreEqual(ConfigSerializer.ToText(manager.Active), ConfigSerializer.ToText(again.Active));
        }

        [TestMethod]
        public void Version2RecordIsMigratedAndRewrittenAsTheCurrentSchema()
        {
            MemoryRecordStore store = NewStore();
            PowerSafeRecord record = new PowerSafeRecord(store, ConfigStore.RecordKind);
            Assert.IsTrue(record.Save(2, Version2Payload, 0, Version2Payload.Length));

            ConfigManager manager = Loaded(store);
            Configuration active = manager.Active;
            Assert.AreEqual((int)ConfigLoadOutcome.Loaded, (int)manager.LoadOutcome);
            Assert.IsTrue(NotesMention(manager, "migrated from schema 2 to 3"));
            Assert.AreEqual(1, manager.LoadNotes.Count, "only the migration note: no line may be skipped");
            Assert.AreEqual("19200", active.Get(SettingKeys.BusBaud));
            Assert.AreEqual("none", active.Get(SettingKeys.BusParity));
            Assert.AreEqual("broker.lan", active.Get(SettingKeys.MqttHost));
            Assert.AreEqual("site/a", active.Get(SettingKeys.MqttTopic));

            // Keys new in schema 3 are not in the record: their defaults apply.
            Assert.IsNull(active.GetExplicit(SettingKeys.MqttCollectorId));
            Assert.IsFalse(active.GetBoolean(SettingKeys.MqttRelay));
            Assert.AreEqual(4096, active.GetInteger(SettingKeys.MqttBuffer));
            Assert.AreEqual(5, active.GetInteger(SettingKeys.PulseSave));
            Assert.AreEqual(0, active.GetInteger(SettingKeys.BusGap));

            // Meters: the positional relay field kept; word order detected and history off (the defaults).
            Assert.AreEqual(2, active.MeterCount);
            MeterEntry main = active.FindMeter("main");
            Assert.AreEqual("kpm33b", main.Type);
            Assert.AreEqual(1, main.Address);
            Assert.IsTrue(main.RelayEnabled);
            Assert.AreEqual(MeterEntry.WordOrderAuto, main.WordOrder);
            Assert.IsTrue(main.DetectWordOrder);
            Assert.IsFalse(main.ReadHistory);
            Assert.IsFalse(active.FindMeter("pv").RelayEnabled);

            // Pulse channels: whole imp/kWh and milliseconds carried over exactly (the stored 20 ms stays 20 ms,
            // it is not replaced by the new 30 ms default); falling edge, no offset, no link.
            Assert.AreEqual(2, active.PulseChannelCount);
            PulseChannelEntry water = active.FindPulseChannel("water");
            Assert.AreEqual(32, water.Pin);
            Assert.AreEqual(1000.0, water.ImpulsesPerKilowattHour);
            Assert.AreEqual(20000, water.FilterMicroseconds);
            Assert.IsFalse(water.RisingEdge);
            Assert.AreEqual(0.0, water.EnergyOffsetKilowattHours);
            Assert.IsFalse(water.HasLink);
            PulseChannelEntry heat = active.FindPulseChannel("heat");
            Assert.AreEqual(500.0, heat.ImpulsesPerKilowattHour);
            Assert.AreEqual(50000, heat.FilterMicroseconds);

            Assert.AreEqual("wifi.ssid=Home\nmqtt.host=broker.lan\nmqtt.topic=site/a\nbus.baud=19200\nbus.parity=none\n"
                + "meter=main,kpm33b,1,relay=on,wordorder=auto,history=off\nmeter=pv,sdm630,2,relay=off,wordorder=auto,history=off\n"
                + "pulse=water,32,1000,filter=20,edge=falling,offset=0\npulse=heat,33,500,filter=50,edge=falling,offset=0\n",
                ConfigSerializer.ToText(active));

            // The next save writes schema 3; loading it again needs no migration and gives the same configuration.
            manager.Set(SettingKeys.BusRetries, "3", null);
            Assert.IsNull(manager.Save());
            PowerSafeRecord check = new PowerSafeRecord(store, ConfigStore.RecordKind);
            byte[] payload = new byte[ConfigStore.RecommendedSlotCapacity];
            check.Load(payload, 0);
            Assert.AreEqual(3, check.SchemaVersion);
            ConfigManager again = Loaded(store);
            Assert.IsFalse(NotesMention(again, "migrated"));
            Assert.AreEqual(0, again.LoadNotes.Count);
            Assert.AreEqual(ConfigSerializer.ToText(manager.Active), ConfigSerializer.ToText(again.Active));
        }

        [TestMethod]
        public void NewOptionsAndKeysRoundTripExactly()
        {
            MemoryRecordStore store = NewStore();
            ConfigManager manager = Loaded(store);
            ArrayList warnings = new ArrayList();
            Assert.IsNull(manager.Set(SettingKeys.MqttCollectorId, "Site-7_a", warnings));
            Assert.IsNull(manager.Set(SettingKeys.MqttRelay, "on", warnings));
            Assert.IsNull(manager.Set(SettingKeys.MqttBuffer, "2048", warnings));
            Assert.IsNull(manager.Set(SettingKeys.MqttKeepAlive, "45", warnings));
            Assert.IsNull(manager.Set(SettingKeys.PulseSave, "1440", warnings));
            Assert.IsNull(manager.Set(SettingKeys.BusGap, "3", warnings));
            Assert.IsNull(manager.AddMeter("main", "klefr", "5", new string[] { "wordorder=CDAB", "relay=on" }));
            Assert.IsNull(manager.AddMeter("flat", "kpm31", "6", new string[] { "history=on", "wordorder=abcd" }));
            Assert.IsNull(manager.AddPulseChannel("fast", "33", "10000", new string[] { "filter=2.5", "edge=rising", "offset=12345.678", "link=main" }, warnings));
            Assert.IsNull(manager.AddPulseChannel("slow", "32", "0.01", new string[] { "offset=-0.5", "link=flat:energy_export" }, warnings));
            Assert.IsNull(manager.Save());

            ConfigManager reloaded = Loaded(store);
            Assert.AreEqual(0, reloaded.LoadNotes.Count);
            Configuration active = reloaded.Active;
            Assert.AreEqual(ConfigSerializer.ToText(manager.Active), ConfigSerializer.ToText(active));
            Assert.AreEqual("site-7_a", active.Get(SettingKeys.MqttCollectorId));
            Assert.IsTrue(active.GetBoolean(SettingKeys.MqttRelay));
            Assert.AreEqual(2048, active.GetInteger(SettingKeys.MqttBuffer));
            Assert.AreEqual(45, active.GetInteger(SettingKeys.MqttKeepAlive));
            Assert.AreEqual(1440, active.GetInteger(SettingKeys.PulseSave));
            Assert.AreEqual(3, active.GetInteger(SettingKeys.BusGap));

            MeterEntry main = active.FindMeter("main");
            Assert.IsTrue(main.RelayEnabled);
            Assert.IsTrue(main.LowWordFirst);
            Assert.IsFalse(main.DetectWordOrder);
            Assert.IsFalse(main.ReadHistory);
            MeterEntry flat = active.FindMeter("flat");
            Assert.IsTrue(flat.ReadHistory);
            Assert.AreEqual(MeterEntry.WordOrderHighFirst, flat.WordOrder);

            PulseChannelEntry fast = active.FindPulseChannel("fast");
            Assert.AreEqual(10000.0, fast.ImpulsesPerKilowattHour);
            Assert.AreEqual(2500, fast.FilterMicroseconds);
            Assert.IsTrue(fast.RisingEdge);
            Assert.AreEqual(12345.678, fast.EnergyOffsetKilowattHours);
            Assert.AreEqual("main", fast.LinkedMeterName);
            Assert.AreEqual("energy_import", fast.LinkedQuantityName);
            PulseChannelEntry slow = active.FindPulseChannel("slow");
            Assert.AreEqual(0.01, slow.ImpulsesPerKilowattHour);
            Assert.AreEqual(30000, slow.FilterMicroseconds);
            Assert.AreEqual(-0.5, slow.EnergyOffsetKilowattHours);
            Assert.AreEqual("energy_export", slow.LinkedQuantityName);
            Assert.IsTrue(ConfigSerializer.ToText(active).IndexOf("pulse=fast,33,10000,filter=2.5,edge=rising,offset=12345.678,link=main:energy_import\n") >= 0);
            Assert.IsTrue(ConfigSerializer.ToText(active).IndexOf("pulse=slow,32,0.01,filter=30,edge=falling,offset=-0.5,link=flat:energy_export\n") >= 0);
        }

        /// <summary>Sixteen meters and eight channels with the longest names and values still fit one record slot.</summary>
        [TestMethod]
        public void LargestConfigurationFitsTheRecommendedSlot()
        {
            Configuration configuration = new Configuration();
            for (int index = 0; index < SettingKeys.Count; index++)
            {
                SettingKey key = SettingKeys.At(index);
                if (key.Type == SettingType.Text || key.Type == SettingType.Secret || key.Type == SettingType.Topic
                    || key.Type == SettingType.Host || key.Type == SettingType.Identifier)
                {
                    configuration.SetChecked(key.Name, new string('a', key.Maximum));
                }
                else if (key.Type == SettingType.Choice)
                {
                    configuration.SetChecked(key.Name, key.Choices[key.Choices.Length - 1]);
                }
                else
                {
                    configuration.SetChecked(key.Name, key.Maximum.ToString());
                }
            }

            for (int index = 0; index < MeterEntry.MaximumCount; index++)
            {
                MeterEntry meter = new MeterEntry("meter-name-" + (10000 + index), "sdm630", 200 + index, false);
                meter.WordOrder = MeterEntry.WordOrderAuto;
                configuration.AddMeter(meter);
            }

            for (int index = 0; index < PulseChannelEntry.MaximumCount; index++)
            {
                PulseChannelEntry channel = new PulseChannelEntry("pulse-name-" + (10000 + index), 30 + index, 1234.5678);
                channel.FilterMicroseconds = 999999;
                channel.EnergyOffsetKilowattHours = -99999999.999;
                channel.LinkedMeterName = "meter-name-10000";
                channel.LinkedQuantityName = "reactive_energy_total_resettable";
                configuration.AddPulseChannel(channel);
            }

            int length = ConfigSerializer.ToBytes(configuration).Length;
            OutputHelper.WriteLine("largest configuration payload: " + length + " bytes");
            MemoryRecordStore store = NewStore();
            ConfigStore configStore = new ConfigStore(store);
            Assert.IsTrue(length <= configStore.MaximumPayloadLength, length + " bytes do not fit " + configStore.MaximumPayloadLength);
            Assert.IsTrue(configStore.Save(configuration));
        }

        [TestMethod]
        [DataRow("0", 3, 0L)]
        [DataRow("2.5", 3, 2500L)]
        [DataRow("0.01", 4, 100L)]
        [DataRow("100000", 4, 1000000000L)]
        [DataRow("-12345.678", 3, -12345678L)]
        [DataRow("007.100", 3, 7100L)]
        [DataRow("9999999999", 0, 9999999999L)]
        public void DecimalsParseExactlyWithADot(string text, int digits, long expected)
        {
            long scaled;
            Assert.IsTrue(ValueText.TryParseDecimal(text, digits, out scaled), text);
            Assert.AreEqual(expected, scaled);
        }

        [TestMethod]
        [DataRow("", 3)]
        [DataRow("-", 3)]
        [DataRow("2,5", 3)]
        [DataRow("2.", 3)]
        [DataRow(".5", 3)]
        [DataRow("+1", 3)]
        [DataRow("1e3", 3)]
        [DataRow("1e999", 3)]
        [DataRow(" 1", 3)]
        [DataRow("1 ", 3)]
        [DataRow("0.0001", 3)]
        [DataRow("12345678901", 3)]
        [DataRow("NaN", 3)]
        [DataRow("Infinity", 3)]
        [DataRow("1.2.3", 3)]
        [DataRow("0x10", 3)]
        public void MalformedDecimalsAreRefused(string text, int digits)
        {
            long scaled;
            Assert.IsFalse(ValueText.TryParseDecimal(text, digits, out scaled), "'" + text + "'");
        }

        [TestMethod]
        [DataRow(2500L, 3, "2.5")]
        [DataRow(100L, 4, "0.01")]
        [DataRow(30000L, 3, "30")]
        [DataRow(-500L, 3, "-0.5")]
        [DataRow(0L, 3, "0")]
        [DataRow(12345678L, 3, "12345.678")]
        public void DecimalsFormatWithADotAndNoTrailingZeros(long scaled, int digits, string expected)
        {
            Assert.AreEqual(expected, ValueText.FormatDecimal(scaled, digits));
        }

        [TestMethod]
        public void RecordEntryWithABadOptionIsSkippedWithANote()
        {
            byte[] payload = System.Text.Encoding.UTF8.GetBytes("meter=main,kpm33b,1,relay=on,colour=red\nmeter=sub,kpm31,2,relay=off\n"
                + "pulse=water,32,1000,filter=2.5,link=nosuch\npulse=heat,33,0.5,filter=abc\npulse=ok,25,1000\n");
            ArrayList notes = new ArrayList();
            Configuration configuration = ConfigSerializer.FromBytes(payload, 0, payload.Length, 3, notes);
            Assert.IsNull(configuration.FindMeter("main"));
            Assert.IsNotNull(configuration.FindMeter("sub"));
            Assert.AreEqual(MeterEntry.WordOrderAuto, configuration.FindMeter("sub").WordOrder);
            Assert.IsNull(configuration.FindPulseChannel("water"));
            Assert.IsNull(configuration.FindPulseChannel("heat"));
            Assert.AreEqual(PulseChannelEntry.DefaultFilterMicroseconds, configuration.FindPulseChannel("ok").FilterMicroseconds);
            Assert.AreEqual(3, notes.Count);
            Assert.AreEqual("skipped pulse channel water: link: meter 'nosuch' is not configured (allowed: sub)", (string)notes[1]);
        }

        [TestMethod]
        public void OnlyThePayloadsBytesAreReadLineByLineInPlace()
        {
            // The load parses the record's own buffer from the payload's offset (ConfigStore: no copy, no string of the
            // whole payload): bytes around the payload are never read, and each line stands alone. A value with a
            // multi-byte UTF-8 character is refused by the settings table (printable ASCII) without disturbing the next
            // line; the first '=' splits a line; "\\" is a backslash; the last line needs no newline.
            string before = "bus.baud=2400\nwifi.ssid=Before\n";
            string payloadText = "\n\nwifi.ssid=Caf\u00e9\nwifi.password=pa\\\\ss=word\n=orphan\nnonsense\nmqtt.host=broker.lan";
            string after = "\nwifi.ssid=After\n";
            byte[] buffer = System.Text.Encoding.UTF8.GetBytes(before + payloadText + after);
            int offset = System.Text.Encoding.UTF8.GetBytes(before).Length;
            int count = System.Text.Encoding.UTF8.GetBytes(payloadText).Length;
            ArrayList notes = new ArrayList();
            Configuration configuration = ConfigSerializer.FromBytes(buffer, offset, count, ConfigSerializer.CurrentSchemaVersion, notes);

            Assert.AreEqual("broker.lan", configuration.GetExplicit(SettingKeys.MqttHost));
            Assert.AreEqual("pa\\ss=word", configuration.GetExplicit(SettingKeys.WifiPassword));
            Assert.IsNull(configuration.GetExplicit(SettingKeys.WifiSsid));
            Assert.IsNull(configuration.GetExplicit(SettingKeys.BusBaud));
            Assert.AreEqual(3, notes.Count);
            Assert.AreEqual("skipped wifi.ssid: only printable ASCII characters are allowed; default used", (string)notes[0]);
            Assert.AreEqual("skipped a malformed line", (string)notes[1]);
            Assert.AreEqual("skipped a malformed line", (string)notes[2]);
        }

        [TestMethod]
        public void AStoredConfigurationLoadsFromTheRecordsOwnBuffer()
        {
            // ConfigStore.Load reads the payload where PowerSafeRecord.LoadInPlace left it (after the 12-byte header).
            MemoryRecordStore store = NewStore();
            PowerSafeRecord record = new PowerSafeRecord(store, ConfigStore.RecordKind);
            byte[] payload = System.Text.Encoding.UTF8.GetBytes("wifi.ssid=Home\nmeter=main,kpm33b,7,relay=off,wordorder=auto,history=off\n");
            Assert.IsTrue(record.Save(ConfigSerializer.CurrentSchemaVersion, payload, 0, payload.Length));
            ConfigManager manager = Loaded(store);
            Assert.AreEqual((int)ConfigLoadOutcome.Loaded, (int)manager.LoadOutcome);
            Assert.AreEqual(0, manager.LoadNotes.Count);
            Assert.AreEqual("Home", manager.Active.Get(SettingKeys.WifiSsid));
            Assert.AreEqual(7, manager.Active.FindMeter("main").Address);
            Assert.AreEqual(1, manager.Active.MeterCount);
        }

        [TestMethod]
        public void NewerSchemaIsNotGuessedAt()
        {
            MemoryRecordStore store = NewStore();
            PowerSafeRecord record = new PowerSafeRecord(store, ConfigStore.RecordKind);
            Assert.IsTrue(record.Save(ConfigSerializer.CurrentSchemaVersion + 1, Version1Payload, 0, Version1Payload.Length));
            ConfigManager manager = Loaded(store);
            Assert.AreEqual((int)ConfigLoadOutcome.CorruptUsingDefaults, (int)manager.LoadOutcome);
            Assert.IsTrue(NotesMention(manager, "schema 4 is not known"));
        }

        [TestMethod]
        public void StaleLinesAreSkippedWithANoteNotFatal()
        {
            byte[] payload = System.Text.Encoding.UTF8.GetBytes("bus.baud=12345\ngone.key=1\nwifi.ssid=Home\nmeter=bad\nnonsense\n");
            ArrayList notes = new ArrayList();
            Configuration configuration = ConfigSerializer.FromBytes(payload, 0, payload.Length, 2, notes);
            Assert.AreEqual("Home", configuration.Get(SettingKeys.WifiSsid));
            Assert.AreEqual("9600", configuration.Get(SettingKeys.BusBaud));
            Assert.AreEqual(4, notes.Count);
        }
    }
}
