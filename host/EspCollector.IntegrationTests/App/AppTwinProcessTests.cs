using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using EspCollector.IntegrationTests.Foundation;
using EspCollector.IntegrationTests.Meters;
using EspCollector.IntegrationTests.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.App
{
    /// <summary>
    /// The host twin (`espc twin`: Core/App/Collector with four simulated Modbus meters, a KLEFR M-bus version on a
    /// second bus and two S0 outputs)
    /// run as a process against a real mosquitto on a free loopback port, observed with mosquitto_sub only:
    /// status online then offline, retained discovery of the 4 meters and 2 pulse channels, meter states with
    /// values, pulse states, health, the reboot event; a second run on the same state directory continues the
    /// pulse totals; the same with MQTT 5; the live view under a pseudo-terminal and plain lines without one.
    /// </summary>
    [TestClass]
    public class AppTwinProcessTests
    {
        private const string Base = "espcollector/twin/";
        private const string Discovery = "homeassistant/sensor/twin/";
        private static readonly string[] MeterNames = { "main", "flat", "heatpump", "solar" };
        private static readonly string[] PulseNames = { "main_s0", "flat_s0" };

        [TestMethod]
        public void TwinPublishesEverythingAndKeepsItsTotalsAcrossARestart()
        {
            string state = Path.Combine(Path.GetTempPath(), "espc-twin-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (MosquittoBroker broker = new MosquittoBroker())
                {
                    List<ReceivedLine> first = RunTwin(broker.Port, state, true);
                    CheckFirstRun(first);
                    CheckRetainedAfterTheRun(broker.Port);
                    long lastPulses = PulsesOf(Last(first, Base + "pulse/main_s0/state"));

                    List<ReceivedLine> second = RunTwin(broker.Port, state, false);
                    List<ReceivedLine> secondPulses = second.FindAll(line => line.Topic == Base + "pulse/main_s0/state");
                    Assert.IsTrue(secondPulses.Count > 0, "no pulse state in the second run");
                    long firstOfSecond = PulsesOf(secondPulses[0]);
                    Assert.IsTrue(firstOfSecond >= lastPulses,
                        "pulse total fell back across the restart: " + lastPulses + " -> " + firstOfSecond);
                    Assert.IsTrue(second.Exists(line => line.Topic == Base + "event" && Event(line) == "reboot"), "reboot event of the second run");
                }
            }
            finally
            {
                if (Directory.Exists(state))
                {
                    Directory.Delete(state, true);
                }
            }
        }

        [TestMethod]
        public void TwinPublishesWithMqtt5()
        {
            string state = Path.Combine(Path.GetTempPath(), "espc-twin5-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (MosquittoBroker broker = new MosquittoBroker())
                {
                    List<ReceivedLine> lines = RunTwin(broker.Port, state, true, "--mqtt-version", "5");
                    CheckFirstRun(lines);
                    Assert.IsTrue(broker.Log.Contains("as twin (p5"), "mosquitto saw an MQTT 5 client:\n" + broker.Log);
                }
            }
            finally
            {
                if (Directory.Exists(state))
                {
                    Directory.Delete(state, true);
                }
            }
        }

        /// <summary>
        /// Under a pseudo-terminal (python's pty module) the twin draws the live table: the meters with their
        /// availability and values, the pulse channels, bus, MQTT and memory, and the console pane; a command typed
        /// on its stdin is answered in the pane. With stdout a pipe it prints plain summary lines and no table.
        /// </summary>
        [TestMethod]
        public void TwinShowsTheLiveTableOnATerminalAndPlainLinesOtherwise()
        {
            string python = HostTools.RequireExecutable("/usr/bin/python3");
            string state = Path.Combine(Path.GetTempPath(), "espc-twin-live-" + Guid.NewGuid().ToString("N"));
            try
            {
                string port = MosquittoBroker.FreePort().ToString();
                string script = RepositoryPaths.InRepository("host/EspCollector.IntegrationTests/App/run_in_pty.py");
                List<string> arguments = new List<string> { script, "frobnicate\n", HostTools.RequireExecutable("dotnet"), CliTool.Dll, "twin", "--fresh",
                    "--seconds", "12", "--broker", "127.0.0.1:" + port, "--state", state };
                string screen;
                using (PeerProcess live = new PeerProcess(python, arguments))
                {
                    Assert.AreEqual(0, live.WaitForExit(60000), "twin under a pty: " + live.Errors);
                    screen = string.Join("\n", live.Lines);
                }

                foreach (string expected in new[] { "meters", "availability", "kpm33b@1", "sdm630@4", "online", "voltage_l1", "pulse channels",
                    "main_s0", "bus", "mqtt", "not connected", "memory", "managed heap in use", "console", "╭" })
                {
                    Assert.IsTrue(screen.Contains(expected), "live view lacks '" + expected + "':\n" + Tail(screen));
                }

                Assert.IsTrue(screen.Contains("'frobnicate' is not a command"), "the console answered in the pane:\n" + Tail(screen));

                using (PeerProcess plain = new PeerProcess(HostTools.RequireExecutable("dotnet"), new[] { CliTool.Dll, "twin", "--seconds", "7", "--no-console",
                    "--broker", "127.0.0.1:" + port, "--state", state, "--summary", "3" }))
                {
                    Assert.AreEqual(0, plain.WaitForExit(60000), "twin with a pipe: " + plain.Errors);
                    string text = string.Join("\n", plain.Lines);
                    Assert.IsTrue(text.Contains("-- "), "summary lines:\n" + text);
                    Assert.IsTrue(text.Contains("kpm33b@1"), text);
                    Assert.IsFalse(text.Contains("╭") || text.Contains("\u001b["), "no table and no escape sequences without a terminal:\n" + text);
                }
            }
            finally
            {
                if (Directory.Exists(state))
                {
                    Directory.Delete(state, true);
                }
            }
        }

        private static string Tail(string text)
        {
            return text.Length > 4000 ? text.Substring(text.Length - 4000) : text;
        }

        private static void CheckFirstRun(List<ReceivedLine> lines)
        {
            string Dump() => string.Join("\n", lines.ConvertAll(line => line.ToString()).GetRange(0, Math.Min(lines.Count, 60)));

            List<ReceivedLine> status = lines.FindAll(line => line.Topic == Base + "status");
            Assert.IsTrue(status.Count >= 2, "status messages: " + status.Count + "\n" + Dump());
            Assert.AreEqual("online", status[0].Payload, "status first online");
            Assert.AreEqual("offline", status[status.Count - 1].Payload, "status offline at the end (orderly stop or last will)");

            foreach (string meter in MeterNames)
            {
                ReceivedLine withValues = lines.Find(line => line.Topic == Base + "meter/" + meter + "/state" && HasNumber(line, "voltage_l1"));
                Assert.IsNotNull(withValues, "no state with values from " + meter + "\n" + Dump());
                double voltage = Number(withValues, "voltage_l1");
                Assert.IsTrue(voltage > 180 && voltage < 270, meter + " voltage_l1 " + voltage);
                Assert.IsTrue(lines.Exists(line => line.Topic == Base + "meter/" + meter + "/availability" && line.Payload == "online"), meter + " availability online");
                Assert.IsTrue(lines.Exists(line => line.Topic == Discovery + "meter_" + meter + "_voltage_l1/config" && line.Payload.Length > 0),
                    meter + " discovery config");
            }

            // The second bus: the KLEFR M-bus version (simulator serving the manual's A2.2 example readout) on the
            // in-process M-Bus, published like the Modbus meters, with its identity from the telegram header.
            ReceivedLine mbusState = lines.Find(line => line.Topic == Base + "meter/cabinet/state" && HasNumber(line, "energy_total"));
            Assert.IsNotNull(mbusState, "no state with values from the M-Bus meter\n" + Dump());
            Assert.IsTrue(Math.Abs(16048.14 - Number(mbusState, "energy_total")) < 0.005, "energy_total (A2.2): " + mbusState.Payload);
            Assert.IsTrue(Math.Abs(6913.46 - Number(mbusState, "energy_import")) < 0.005, "energy_import (A2.2): " + mbusState.Payload);
            Assert.IsTrue(Math.Abs(9134.68 - Number(mbusState, "energy_export")) < 0.005, "energy_export (A2.2): " + mbusState.Payload);
            Assert.IsTrue(lines.Exists(line => line.Topic == Base + "meter/cabinet/availability" && line.Payload == "online"), "cabinet availability online");
            Assert.IsTrue(lines.Exists(line => line.Topic == Discovery + "meter_cabinet_energy_total/config" && line.Payload.Contains("\"INM\"")),
                "cabinet discovery config with manufacturer INM\n" + Dump());

            foreach (string pulse in PulseNames)
            {
                ReceivedLine pulseState = Last(lines, Base + "pulse/" + pulse + "/state");
                Assert.IsTrue(HasNumber(pulseState, "pulses") && HasNumber(pulseState, "energy") && HasNumber(pulseState, "power"), pulseState.Payload);
                Assert.IsTrue(lines.Exists(line => line.Topic == Discovery + "pulse_" + pulse + "_pulses/config"), pulse + " discovery config");
            }

            Assert.IsTrue(PulsesOf(Last(lines, Base + "pulse/main_s0/state")) > 0, "main_s0 counted pulses in 20 s");
            ReceivedLine health = Last(lines, Base + "health");
            Assert.IsTrue(HasNumber(health, "uptime"), health.Payload);
            // free_memory on the twin is the process's managed heap in use: some hundreds of KB, never -1.
            double heap = Number(health, "free_memory");
            Assert.IsTrue(heap > 100_000 && heap < 2_000_000_000, "free_memory " + heap);
            Assert.IsTrue(lines.Exists(line => line.Topic == Base + "event" && Event(line) == "reboot"), "reboot event\n" + Dump());
        }

        /// <summary>After the run: what a newly connecting client (Home Assistant) gets retained.</summary>
        private static void CheckRetainedAfterTheRun(int port)
        {
            using (MosquittoSubscriber retained = new MosquittoSubscriber(port, Base + "status", Discovery + "#"))
            {
                retained.WaitUntilSubscribed();
                List<ReceivedLine> lines = retained.Lines;
                ReceivedLine status = lines.Find(line => line.Topic == Base + "status");
                Assert.IsNotNull(status, "status retained");
                Assert.IsTrue(status.Retained);
                Assert.AreEqual("offline", status.Payload);
                foreach (string meter in MeterNames)
                {
                    ReceivedLine config = lines.Find(line => line.Topic == Discovery + "meter_" + meter + "_voltage_l1/config");
                    Assert.IsNotNull(config, meter + " config retained");
                    Assert.IsTrue(config.Retained);
                    using (JsonDocument json = JsonDocument.Parse(config.Payload))
                    {
                        Assert.AreEqual(Base + "meter/" + meter + "/state", json.RootElement.GetProperty("state_topic").GetString());
                    }
                }

                foreach (string pulse in PulseNames)
                {
                    Assert.IsTrue(lines.Exists(line => line.Retained && line.Topic == Discovery + "pulse_" + pulse + "_energy/config"), pulse + " config retained");
                }
            }
        }

        /// <summary>Runs the twin for 20 s, observing everything it publishes; the process is always ended.</summary>
        private static List<ReceivedLine> RunTwin(int port, string state, bool fresh, params string[] extra)
        {
            using (MosquittoSubscriber subscriber = new MosquittoSubscriber(port, Base + "#", Discovery + "#"))
            {
                subscriber.WaitUntilSubscribed();
                List<string> arguments = new List<string> { CliTool.Dll, "twin" };
                if (fresh)
                {
                    arguments.Add("--fresh");
                }

                arguments.AddRange(new[] { "--seconds", "20", "--no-console", "--broker", "127.0.0.1:" + port, "--state", state, "--summary", "0" });
                arguments.AddRange(extra);
                using (PeerProcess twin = new PeerProcess(HostTools.RequireExecutable("dotnet"), arguments))
                {
                    int code = twin.WaitForExit(60000);
                    Assert.AreEqual(0, code, "twin exit code\n" + string.Join("\n", twin.Lines) + twin.Errors);
                }

                // The last messages (offline status) may still be on their way to mosquitto_sub.
                subscriber.WaitFor(lines => lines.Exists(line => line.Topic == Base + "status" && line.Payload == "offline"), 5000);
                return subscriber.Lines;
            }
        }

        private static ReceivedLine Last(List<ReceivedLine> lines, string topic)
        {
            ReceivedLine found = lines.FindLast(line => line.Topic == topic);
            Assert.IsNotNull(found, "nothing on " + topic);
            return found;
        }

        private static bool HasNumber(ReceivedLine line, string field)
        {
            try
            {
                using (JsonDocument json = JsonDocument.Parse(line.Payload))
                {
                    return json.RootElement.ValueKind == JsonValueKind.Object
                        && json.RootElement.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.Number;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static double Number(ReceivedLine line, string field)
        {
            using (JsonDocument json = JsonDocument.Parse(line.Payload))
            {
                return json.RootElement.GetProperty(field).GetDouble();
            }
        }

        private static long PulsesOf(ReceivedLine line)
        {
            using (JsonDocument json = JsonDocument.Parse(line.Payload))
            {
                return json.RootElement.GetProperty("pulses").GetInt64();
            }
        }

        private static string Event(ReceivedLine line)
        {
            using (JsonDocument json = JsonDocument.Parse(line.Payload))
            {
                return json.RootElement.TryGetProperty("event", out JsonElement kind) ? kind.GetString() : null;
            }
        }
    }
}
