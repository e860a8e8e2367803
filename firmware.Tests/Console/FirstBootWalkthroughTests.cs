using System.Text;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using EspCollector.Tests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>
    /// The first-boot console session of README.md ("First boot, step by step"), replayed line by line against
    /// the real console session on a real collector: a KPM33B at address 1 and an SDM630 at address 2 on the
    /// bus, one S0 input, the memory broker. Lines starting "espc&gt; " are typed; every other line is the exact
    /// output expected after it. The README shows the same lines (host/EspCollector.IntegrationTests/App/ReadmeWalkthroughTests.cs checks it).
    /// </summary>
    [TestClass]
    public class FirstBootWalkthroughTests
    {
        /// <summary>Simulated time between "save" and "status" (the meters get polled meanwhile).</summary>
        private const long SettleMicroseconds = 30L * 1000000;

        public static readonly string[] Session = new string[]
        {
            "espc> board use esp32-devkitc-max485",
            "board = esp32-devkitc-max485 (staged; firmware target ESP32_REV0)",
            "espc> set wifi.ssid Cabinet",
            "wifi.ssid = Cabinet (staged)",
            "espc> set wifi.password Cabinet-WiFi-2024",
            "wifi.password = ******** (staged)",
            "espc> set mqtt.host 192.168.1.10",
            "mqtt.host = 192.168.1.10 (staged)",
            "espc> set mqtt.port 8883",
            "mqtt.port = 8883 (staged)",
            "espc> set mqtt.tls on",
            "mqtt.tls = on (staged)",
            "espc> set mqtt.tls.ca I:\\ca.pem",
            "mqtt.tls.ca = I:\\ca.pem (staged)",
            "espc> set mqtt.user espcollector",
            "mqtt.user = espcollector (staged)",
            "espc> set mqtt.password Broker-Pass-1",
            "mqtt.password = ******** (staged)",
            "espc> meter add main kpm33b 1",
            "meter main added: kpm33b at address 1, relay writes off, word order auto, history off (staged)",
            "espc> meter add heatpump sdm630 2",
            "meter heatpump added: sdm630 at address 2, relay writes off, word order auto, history off (staged)",
            "espc> pulse add water 32 1000",
            "pulse water added: GPIO32, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link (staged)",
            "espc> save",
            "saved; applied now (pin changes take effect at the next reboot)",
            "espc> status",
            "uptime: 0d 00:00:30",
            "memory: 54321 bytes free, lowest 54321 since boot",
            "envelope: plain ESP32 (board esp32-devkitc-max485): this configuration keeps ~34 of 52 KB",
            "network: connected, RSSI -61 dBm",
            "broker: connected, buffered 0, dropped 0, published 129",
            "bus: 25 requests, 0 timeouts, 0 CRC errors, 0 exception responses",
            "last boot: power-on",
            "meter main: online req=10 ans=10 tmo=0 crc=0 inv=0 exc=0 rty=0 lat=134ms worst=134ms fails=0 offline#=0 cycle=144ms",
            "meter heatpump: online req=15 ans=15 tmo=0 crc=0 inv=0 exc=0 rty=0 lat=24ms worst=180ms fails=0 offline#=0 cycle=282ms",
            "pulse water: 0 pulses, 0.000 kWh, 0 W, lost edges 0, rejected 0",
            "console: 0 bytes dropped, 0 lines rejected",
            "configuration: saved",
        };

        [TestMethod]
        public void TheReadmeSessionProducesTheShownOutput()
        {
            VirtualClock clock = new VirtualClock();
            clock.Advance(1000000);
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            bus.Add(SimulatedMeters.Kpm33b(1, SimulatedMeters.Framing(9600, SerialParity.Even), "2407260001234"));
            bus.Add(SimulatedMeters.Sdm630(2, SimulatedMeters.Framing(9600, SerialParity.Even), 12345678u, false));
            RecordingSystemControl system = new RecordingSystemControl("power-on");
            system.AddFile("I:\\ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

            ConfigManager config = new ConfigManager(new ConfigStore(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity)));
            config.Load();
            CollectorPorts ports = TestPorts.Create(clock, line, new SimulatedPulseCapture(PulseCaptureMode.HardwareCounter),
                new MemoryBroker(), system);
            Collector collector = new Collector(ports, config);
            collector.Start();
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            ConsoleSession session = new ConsoleSession(output, collector, config, clock, false);

            string actualAll = string.Empty;
            for (int i = 0; i < Session.Length; i++)
            {
                string text = Session[i];
                if (!text.StartsWith("espc> "))
                {
                    continue;
                }

                string command = text.Substring(6);
                if (command == "status")
                {
                    long end = clock.MonotonicMicroseconds + SettleMicroseconds;
                    while (clock.MonotonicMicroseconds < end)
                    {
                        int idle = collector.Step();
                        clock.Advance(idle < 1000 ? 1000 : idle);
                    }
                }

                int before = output.Count;
                byte[] bytes = Encoding.UTF8.GetBytes(command + "\r");
                session.Receive(bytes, 0, bytes.Length);
                collector.Step();
                actualAll += text + "\n";
                for (int o = before; o < output.Count; o++)
                {
                    actualAll += output[o] + "\n";
                }
            }

            string expectedAll = string.Empty;
            for (int i = 0; i < Session.Length; i++)
            {
                expectedAll += Session[i] + "\n";
            }

            Assert.AreEqual(expectedAll, actualAll);
        }
    }
}
