using System;
using System.Collections;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// Golden payloads: the exact bytes of state, pulse, event, health and discovery messages. Consumers
    /// (Home Assistant templates, scripts) depend on these names and formats, so a change must show here.
    /// Discovery is also checked field by field against Home Assistant's MQTT sensor schema.
    /// </summary>
    [TestClass]
    public class PayloadGoldenTests
    {
        private const string Collector = "espcollector-a1b2c3";
        private static readonly byte[] Mac = { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };

        [TestMethod]
        public void MeterStateWhenTheClockIsSynchronized()
        {
            VirtualClock clock = SynchronizedClock();
            JsonWriter writer = new JsonWriter(1024);

            StatePayloads.WriteMeterState(writer, SampleSnapshot(), clock, clock);

            Assert.AreEqual(
                "{\"ts\":\"2025-03-01T12:00:05.250Z\",\"voltage_l1\":230.1,\"current_l1\":1.234,\"power\":284,\"power_l1\":-12.4,"
                + "\"power_factor\":0.95,\"frequency\":50,\"energy_import\":1234.568,\"reactive_energy_import\":12.3}",
                writer.ToString());
        }

        [TestMethod]
        public void MeterStateBeforeTheFirstSntpSyncCarriesNoWallClockTime()
        {
            VirtualClock clock = new VirtualClock();
            clock.AdvanceMilliseconds(42500);
            JsonWriter writer = new JsonWriter(1024);
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", 2);
            snapshot.Add("voltage_l1", "V", 229.96, true);

            StatePayloads.WriteMeterState(writer, snapshot, clock, clock);

            Assert.AreEqual("{\"ts\":null,\"time_synchronized\":false,\"uptime\":42,\"voltage_l1\":230}", writer.ToString());
        }

        [TestMethod]
        public void PulseStateWithAndWithoutCrossCheck()
        {
            VirtualClock clock = SynchronizedClock();
            JsonWriter writer = new JsonWriter(256);
            PulseChannelSnapshot pulse = new PulseChannelSnapshot("heatpump");
            pulse.Pulses = 12345;
            pulse.EnergyKilowattHours = 12.345;
            pulse.PowerWatts = 360.04;
            pulse.PowerValid = true;

            StatePayloads.WritePulseState(writer, pulse, clock, clock);
            Assert.AreEqual("{\"ts\":\"2025-03-01T12:00:05.250Z\",\"pulses\":12345,\"energy\":12.345,\"power\":360}", writer.ToString());

            pulse.HasDiscrepancy = true;
            pulse.DiscrepancyKilowattHours = -0.0021;
            pulse.PowerValid = false;
            StatePayloads.WritePulseState(writer, pulse, clock, clock);
            Assert.AreEqual("{\"ts\":\"2025-03-01T12:00:05.250Z\",\"pulses\":12345,\"energy\":12.345,\"discrepancy\":-0.0021}", writer.ToString());
        }

        [TestMethod]
        public void EventPayload()
        {
            VirtualClock clock = SynchronizedClock();
            JsonWriter writer = new JsonWriter(256);

            StatePayloads.WriteEvent(writer, CollectorEventKind.EnergyBackwards, "main", "energy_import 1234.5 -> 1200.1", clock, clock);

            Assert.AreEqual("{\"ts\":\"2025-03-01T12:00:05.250Z\",\"event\":\"energy_backwards\",\"source\":\"main\",\"detail\":\"energy_import 1234.5 -> 1200.1\"}", writer.ToString());
        }

        [TestMethod]
        public void HealthPayloadGolden()
        {
            VirtualClock clock = SynchronizedClock();
            JsonWriter writer = new JsonWriter(512);
            HealthSnapshot health = new HealthSnapshot();
            health.UptimeSeconds = 3600;
            health.FreeMemoryBytes = 41234;
            health.LowestFreeMemoryBytes = 39876;
            health.BusRequests = 1000;
            health.BusResponses = 990;
            health.BusTimeouts = 8;
            health.BusCrcErrors = 2;
            health.PulseOverflows = 1;

            Core.Publishing.HealthPayload.Write(writer, health, -61, 3, 5, "1.2.3", "esp32-devkitc", clock, clock);

            Assert.AreEqual(
                "{\"ts\":\"2025-03-01T12:00:05.250Z\",\"uptime\":3600,\"free_memory\":41234,\"lowest_free_memory\":39876,\"rssi\":-61,"
                + "\"bus\":{\"requests\":1000,\"responses\":990,\"timeouts\":8,\"crc_errors\":2,\"exceptions\":0},"
                + "\"pulse_overflows\":1,\"buffered\":3,\"dropped\":5,\"firmware\":\"1.2.3\",\"board\":\"esp32-devkitc\"}",
                writer.ToString());
        }

        [TestMethod]
        public void DiscoveryOfAMeterQuantityIsByteExact()
        {
            DiscoveryPayloads discovery = SampleDiscovery(0);
            DiscoveryEntry entry = Find(discovery, "homeassistant/sensor/" + Collector + "/meter_main_voltage_l1/config");
            JsonWriter writer = new JsonWriter(1536);

            discovery.Write(writer, entry);

            Assert.AreEqual(
                "{\"name\":\"Voltage L1\",\"unique_id\":\"espc_246f28a1b2c3_sn12345678_voltage_l1\","
                + "\"state_topic\":\"espcollector/espcollector-a1b2c3/meter/main/state\",\"value_template\":\"{{ value_json.voltage_l1 }}\","
                + "\"device_class\":\"voltage\",\"state_class\":\"measurement\",\"unit_of_measurement\":\"V\",\"suggested_display_precision\":1,"
                + "\"availability\":[{\"topic\":\"espcollector/espcollector-a1b2c3/status\"},{\"topic\":\"espcollector/espcollector-a1b2c3/meter/main/availability\"}],"
                + "\"availability_mode\":\"all\",\"device\":{\"identifiers\":[\"espc_246f28a1b2c3_sn12345678\"],\"name\":\"main\",\"manufacturer\":\"Compere\","
                + "\"model\":\"KPM33B\",\"serial_number\":\"12345678\",\"sw_version\":\"1.02\",\"via_device\":\"espc_246f28a1b2c3\"}}",
                writer.ToString());
        }

        [TestMethod]
        public void DiscoveryOfTheCollectorIsByteExact()
        {
            DiscoveryPayloads discovery = SampleDiscovery(0);
            DiscoveryEntry entry = Find(discovery, "homeassistant/sensor/" + Collector + "/collector_rssi/config");
            JsonWriter writer = new JsonWriter(1536);

            discovery.Write(writer, entry);

            Assert.AreEqual(
                "{\"name\":\"WiFi signal\",\"unique_id\":\"espc_246f28a1b2c3_rssi\",\"state_topic\":\"espcollector/espcollector-a1b2c3/health\","
                + "\"value_template\":\"{{ value_json.rssi }}\",\"device_class\":\"signal_strength\",\"state_class\":\"measurement\","
                + "\"unit_of_measurement\":\"dBm\",\"entity_category\":\"diagnostic\",\"availability\":[{\"topic\":\"espcollector/espcollector-a1b2c3/status\"}],"
                + "\"device\":{\"identifiers\":[\"espc_246f28a1b2c3\"],\"connections\":[[\"mac\",\"24:6f:28:a1:b2:c3\"]],\"name\":\"espcollector-a1b2c3\","
                + "\"manufacturer\":\"EspCollector\",\"model\":\"esp32-devkitc\",\"sw_version\":\"1.2.3\"}}",
                writer.ToString());
        }

        [TestMethod]
        public void EveryDiscoveryConfigSatisfiesTheHomeAssistantSensorSchema()
        {
            DiscoveryPayloads discovery = SampleDiscovery(300);
            JsonWriter writer = new JsonWriter(1536);
            Hashtable uniqueIds = new Hashtable();
            DiscoveryEntry[] entries = discovery.Entries;

            // 8 collector diagnostics, 9 + 2 meter quantities, 4 + 3 pulse fields.
            Assert.AreEqual(8 + 9 + 2 + 4 + 3, entries.Length);
            for (int i = 0; i < entries.Length; i++)
            {
                discovery.Write(writer, entries[i]);
                Assert.IsFalse(writer.HasOverflowed, entries[i].Topic);
                Hashtable config = TestJson.ParseObject(writer.ToString());

                string error = HomeAssistantSensorSchema.Validate(config);
                Assert.IsNull(error, entries[i].Topic + ": " + error);

                string uniqueId = (string)config["unique_id"];
                Assert.IsFalse(uniqueIds.Contains(uniqueId), "unique_id repeated: " + uniqueId);
                uniqueIds[uniqueId] = entries[i].Topic;
                Assert.IsTrue(uniqueId.StartsWith("espc_246f28a1b2c3_"), uniqueId);
                Assert.IsTrue(entries[i].Topic.StartsWith("homeassistant/sensor/" + Collector + "/"), entries[i].Topic);

                Hashtable device = (Hashtable)config["device"];
                ArrayList availability = (ArrayList)config["availability"];
                Assert.AreEqual("espcollector/" + Collector + "/status", (string)((Hashtable)availability[0])["topic"], "collector status first");
                if (entries[i].Kind != DiscoveryEntry.CollectorField)
                {
                    Assert.AreEqual("espc_246f28a1b2c3", (string)device["via_device"], "linked to the collector");
                }
            }
        }

        [TestMethod]
        public void EnergyTotalsAreTotalIncreasingForTheEnergyDashboard()
        {
            DiscoveryPayloads discovery = SampleDiscovery(0);
            JsonWriter writer = new JsonWriter(1536);
            string[] quantities = { "energy_import", "reactive_energy_import" };
            string[] units = { "kWh", "kvarh" };
            string[] classes = { "energy", "reactive_energy" };
            for (int i = 0; i < quantities.Length; i++)
            {
                discovery.Write(writer, Find(discovery, "homeassistant/sensor/" + Collector + "/meter_main_" + quantities[i] + "/config"));
                Hashtable config = TestJson.ParseObject(writer.ToString());
                Assert.AreEqual("total_increasing", (string)config["state_class"]);
                Assert.AreEqual(units[i], (string)config["unit_of_measurement"]);
                Assert.AreEqual(classes[i], (string)config["device_class"]);
            }

            discovery.Write(writer, Find(discovery, "homeassistant/sensor/" + Collector + "/pulse_heatpump_energy/config"));
            Hashtable pulse = TestJson.ParseObject(writer.ToString());
            Assert.AreEqual("total_increasing", (string)pulse["state_class"]);
            Assert.AreEqual("energy", (string)pulse["device_class"]);
        }

        [TestMethod]
        public void MeterWithoutSerialIsIdentifiedByItsAddressAndKeepsOptionalFieldsOut()
        {
            DiscoveryPayloads discovery = SampleDiscovery(0);
            JsonWriter writer = new JsonWriter(1536);
            discovery.Write(writer, Find(discovery, "homeassistant/sensor/" + Collector + "/meter_sub_power_factor/config"));
            Hashtable config = TestJson.ParseObject(writer.ToString());
            Hashtable device = (Hashtable)config["device"];

            Assert.AreEqual("espc_246f28a1b2c3_a7_power_factor", (string)config["unique_id"]);
            Assert.IsFalse(config.Contains("unit_of_measurement"), "power factor is unitless");
            Assert.IsFalse(device.Contains("serial_number"));
            Assert.IsFalse(device.Contains("sw_version"));
            Assert.AreEqual("{{ value_json.power_factor }}", (string)config["value_template"]);
        }

        [TestMethod]
        [DataRow("voltage_l12", "Voltage L12", "V", 1)]
        [DataRow("current_n", "Current N", "A", 3)]
        [DataRow("reactive_power_l2", "Reactive power L2", "var", 1)]
        [DataRow("apparent_power", "Apparent power", "VA", 1)]
        [DataRow("power_factor_l3", "Power factor L3", "", 3)]
        [DataRow("energy_import_t4", "Energy import T4", "kWh", 3)]
        [DataRow("reactive_energy_total", "Reactive energy total", "kvarh", 3)]
        [DataRow("frequency", "Frequency", "Hz", 2)]
        public void CatalogKnowsEveryCanonicalFamily(string name, string friendly, string unit, int decimals)
        {
            // "" stands for "no unit" (a unitless quantity's Unit is null): a null [DataRow] argument crashes
            // the nanoFramework MetadataProcessor.
            QuantityDescription description = QuantityCatalog.Describe(name);
            Assert.AreEqual(friendly, QuantityCatalog.FriendlyName(name));
            JsonWriter writer = new JsonWriter(128);
            writer.BeginObject();
            writer.BeginText("name");
            QuantityCatalog.AppendFriendlyName(writer, name);
            writer.EndText();
            writer.EndObject();
            Assert.AreEqual("{\"name\":\"" + friendly + "\"}", writer.ToString(), "written in place, the same name");
            Assert.AreEqual(unit.Length == 0 ? null : unit, description.Unit);
            Assert.AreEqual(decimals, description.Decimals);
        }

        private static VirtualClock SynchronizedClock()
        {
            VirtualClock clock = new VirtualClock();
            clock.AdvanceMilliseconds(5000);
            clock.SynchronizeTo(new DateTime(2025, 3, 1, 12, 0, 5, 250));
            return clock;
        }

        private static MeterStateSnapshot SampleSnapshot()
        {
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", 12);
            snapshot.Add("voltage_l1", "V", 230.14, true);
            snapshot.Add("current_l1", "A", 1.23449, true);
            snapshot.Add("current_l2", "A", 9.99, false);
            snapshot.Add("power", "W", 283.96, true);
            snapshot.Add("power_l1", "W", -12.36, true);
            snapshot.Add("power_factor", null, 0.95, true);
            snapshot.Add("frequency", "Hz", 50.004, true);
            snapshot.Add("energy_import", "kWh", 1234.5678, true);
            snapshot.Add("reactive_energy_import", "kvarh", 12.3, true);
            return snapshot;
        }

        internal static DiscoveryPayloads SampleDiscovery(int expireAfterSeconds)
        {
            TopicLayout topics = new TopicLayout("espcollector", TopicLayout.DefaultCollectorId(Mac), "homeassistant");
            DiscoveryPayloads discovery = new DiscoveryPayloads(topics, Mac, "1.2.3", "esp32-devkitc", expireAfterSeconds);
            MeterDevice main = new MeterDevice("main", 1, new string[]
            {
                "voltage_l1", "current_l1", "power", "power_l1", "power_factor", "frequency", "energy_import", "energy_export", "reactive_energy_import",
            });
            main.Manufacturer = "Compere";
            main.Model = "KPM33B";
            main.SerialNumber = "12345678";
            main.FirmwareVersion = "1.02";
            MeterDevice sub = new MeterDevice("sub", 7, new string[] { "power_factor", "energy_total" });
            PulseChannelDevice linked = new PulseChannelDevice("heatpump", 1000, "main");
            PulseChannelDevice alone = new PulseChannelDevice("garage", 800, null);
            discovery.Configure(new MeterDevice[] { main, sub }, new PulseChannelDevice[] { linked, alone });
            return discovery;
        }

        private static DiscoveryEntry Find(DiscoveryPayloads discovery, string topic)
        {
            DiscoveryEntry[] entries = discovery.Entries;
            for (int i = 0; i < entries.Length; i++)
            {
                if (entries[i].Topic == topic)
                {
                    return entries[i];
                }
            }

            throw new ArgumentException("no discovery entry " + topic);
        }
    }
}
