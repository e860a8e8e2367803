using System.Collections;
using EspCollector.Core.Config;
using EspCollector.Core.MBus;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// Modbus meters, a KLEFR M-bus meter and the console at once (issue 16): the M-Bus port is the bus UART on pins of
    /// its own (every board profile's M-Bus port is COM2), so the Modbus master and the M-Bus master take turns on one
    /// UART through the shared line (Core/Ports/SharedSerialLine), each at its own framing (Modbus 9600 8E1, M-Bus 2400
    /// 8E1 here: the KLEFR answers only at its baud rate, the Modbus meters only at theirs), on the virtual clock.
    /// </summary>
    [TestClass]
    public class AppSharedLineTests
    {
        private static CollectorHarness StartedOnOneUart()
        {
            CollectorHarness h = new CollectorHarness(PulseCaptureMode.Edges);
            h.AttachSharedMBus();
            h.Klefr.BaudRate = 2400;
            h.ConfigureDefault();
            Assert.IsNull(h.Config.Set(SettingKeys.MBusBaud, "2400", new ArrayList()));
            Assert.IsNull(h.Config.Set(SettingKeys.MBusInterval, "10", new ArrayList()));
            Assert.IsNull(h.Config.AddMeter("cabinet", "klefr-mbus", "5", new string[0]));
            Assert.IsNull(h.Config.Save());
            h.Boot("power-on");
            return h;
        }

        [TestMethod]
        public void ModbusAndMBusMetersAreBothReadInterleavedOnOneUart()
        {
            CollectorHarness h = StartedOnOneUart();

            h.RunSeconds(65);

            // Modbus: the KPM33B's and KPM31's images (CollectorHarness, from their manuals) read and published.
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/main/availability"));
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/flat/availability"));
            CollectorHarness.AssertNear(2760.0, CollectorHarness.Number(h.LastJson("meter/main/state"), "power"), 0.01, "0048H");
            CollectorHarness.AssertNear(1030.5, CollectorHarness.Number(h.LastJson("meter/flat/state"), "power"), 0.01, "0034H");

            // M-Bus: the KLEFR 693-4x manual's A2.2 readout, every 10 s.
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/cabinet/availability"));
            Hashtable state = h.LastJson("meter/cabinet/state");
            CollectorHarness.AssertNear(16048.14, CollectorHarness.Number(state, "energy_total"), 0.005, "0C 04 total");
            CollectorHarness.AssertNear(9134.68, CollectorHarness.Number(state, "energy_export"), 0.005, "2C 04 reverse");
            MBusMeter cabinet = h.Collector.MBusPoller.At(0);
            Assert.IsTrue(cabinet.Reads >= 6 && cabinet.Reads <= 8, cabinet.Reads.ToString() + " M-Bus reads in 65 s");
            Assert.AreEqual(0, cabinet.Failures, "every M-Bus read answered");

            // Nothing lost on either bus, and each bus saw only its own master's frames.
            Assert.AreEqual(0, h.Collector.Poller.Statistics.Timeouts, "Modbus timeouts");
            Assert.AreEqual(0, h.Collector.Poller.Statistics.CrcErrors, "Modbus CRC errors");
            Assert.AreEqual(h.Collector.Poller.Statistics.Requests, h.Routed.WritesPerRoute[0], "RS485 pins: Modbus requests only");
            Assert.AreEqual(h.Klefr.ReadRequests, h.Routed.WritesPerRoute[1], "M-Bus pins: REQ_UD2 to the KLEFR only");

            // Interleaved: the UART went to the M-Bus and back for each M-Bus read, not more often.
            Assert.AreEqual(h.Routed.RouteChanges, h.SharedLine.Switches);
            Assert.IsTrue(h.SharedLine.Switches >= 2 * cabinet.Reads && h.SharedLine.Switches <= 2 * cabinet.Reads + 1,
                h.SharedLine.Switches.ToString() + " switches for " + cabinet.Reads.ToString() + " M-Bus reads");
            // Both KPMs' blocks every 10 s (bus.interval): about 30 Modbus transactions around the 7 M-Bus reads.
            Assert.IsTrue(h.Collector.Poller.Statistics.Requests >= 3 * cabinet.Reads, h.Collector.Poller.Statistics.Requests.ToString()
                + " Modbus requests, " + cabinet.Reads.ToString() + " M-Bus reads");
            Assert.AreEqual(h.Collector.Poller.Statistics.Requests + cabinet.Reads, h.SharedLine.Turns, "one transaction or one read per turn");
        }

        [TestMethod]
        public void TheConsoleWorksWithAnMBusMeterConfigured()
        {
            CollectorHarness h = StartedOnOneUart();
            h.RunSeconds(12);

            h.Type("read cabinet");
            Assert.IsNotNull(h.OutputLineWith("cabinet (klefr-mbus at primary address 5): ok"));
            Assert.IsNotNull(h.OutputLineWith("energy_total = 16048.14 kWh"));

            h.Type("read main");
            Assert.IsNotNull(h.OutputLineWith("2760"), "a Modbus read right after an M-Bus one");

            h.Type("scan mbus");
            Assert.IsNotNull(h.OutputLineWith("primary scan 0..250 at 2400 baud 8E1: 1 found"));

            h.Type("status");
            Assert.IsNotNull(h.OutputLineWith("m-bus port: the bus UART on pins of its own"));
            Assert.IsNotNull(h.OutputLineWith("meter cabinet: online"));

            // The main loop goes on polling both after the console's turns.
            int reads = h.Collector.MBusPoller.At(0).Reads;
            h.RunSeconds(11);
            Assert.IsTrue(h.Collector.MBusPoller.At(0).Reads > reads);
            Assert.AreEqual(0, h.Collector.Poller.Statistics.Timeouts);
            Assert.AreEqual("online", h.Broker.RetainedText(CollectorHarness.Base + "meter/main/availability"));
        }
    }
}
