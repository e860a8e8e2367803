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
    /// output expected after it. The README shows the same lines: change both together.
    /// </summary>
    [TestClass]
    public class FirstBootWalkthroughTests
    {
        /// <summary>Simulated time between "save" and "status" (the meters get polled meanwhile).</summary>
        private const long SettleMicroseconds = 30L * 1000000;

        public static readonly string[] Session = new string[]
        {
            "espc> board use esp32-devkitc-max485",
            "espc> set wifi.ssid Cabinet",
            "espc> set wifi.password Cabinet-WiFi-2024",
            "espc> set mqtt.host 192.168.1.10",
            "espc> set mqtt.port 8883",
            "espc> set mqtt.tls on",
            "espc> set mqtt.tls.ca I:\\ca.pem",
            "espc> set mqtt.user espcollector",
            "espc> set mqtt.password Broker-Pass-1",
            "espc> meter add main kpm33b 1",
            "espc> meter add heatpump sdm630 2",
            "espc> pulse add water 32 1000",
            "espc> save",
            "espc> status",
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
            CollectorPorts ports = new CollectorPorts();
            ports.Clock = clock;
            ports.WallClock = clock;
            ports.BusLine = line;
            ports.PulseCapture = new SimulatedPulseCapture(PulseCaptureMode.HardwareCounter);
            ports.TotalsStore = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
            ports.Network = new FakeNetworkStatus();
            ports.TransportFactory = new MemoryBroker();
            ports.System = system;
            Collector collector = new Collector(ports, config);
            collector.Start();
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            ConsoleSession session = new ConsoleSession(output, collector, config, clock, false);

            int expected = 0;
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
                expected++;
            }

            Assert.AreEqual(expectedAll, actualAll);
        }
    }
}
