using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using EspCollector.Core.Publishing;
using EspCollector.HostAdapters.Mqtt;
using EspCollector.IntegrationTests.Foundation;
using EspCollector.IntegrationTests.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Publishing
{
    /// <summary>
    /// The MQTTnet transport against mosquitto beyond publishing: TLS validated against a CA file (and refused
    /// with another CA), keep-alive holding an idle connection open past 1.5 keep-alive periods, and MQTT 5.
    /// </summary>
    [TestClass]
    public class MqttTransportTests
    {
        [TestMethod]
        public void TlsConnectsWithTheBrokersCaAndRefusesAnotherCa()
        {
            string openssl = HostTools.RequireExecutable("openssl");
            string folder = Path.Combine(Path.GetTempPath(), "espc-tls-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                string ca = Path.Combine(folder, "ca");
                string other = Path.Combine(folder, "other");
                string server = Path.Combine(folder, "server");
                File.WriteAllText(Path.Combine(folder, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
                Run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt", "-days", "2", "-subj", "/CN=espc-test-ca");
                Run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other + ".key", "-out", other + ".crt", "-days", "2", "-subj", "/CN=espc-other-ca");
                Run(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", server + ".key", "-out", server + ".csr", "-subj", "/CN=127.0.0.1");
                Run(openssl, "x509", "-req", "-in", server + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                    "-out", server + ".crt", "-days", "2", "-extfile", Path.Combine(folder, "san.ext"));

                // mosquitto started as root drops to its own user: let it read the key.
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(server + ".key", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }

                using (MosquittoBroker broker = new MosquittoBroker(
                    "cafile " + ca + ".crt\ncertfile " + server + ".crt\nkeyfile " + server + ".key\n"))
                {
                    TransportConnectOptions options = new TransportConnectOptions
                    {
                        BrokerHost = "127.0.0.1", BrokerPort = broker.Port, ClientId = "espc-tls-test", UseTls = true,
                        CaCertificatePem = File.ReadAllText(ca + ".crt"),
                    };
                    MqttNetTransport good = new MqttNetTransport();
                    Assert.AreEqual((int)TransportConnectResult.Accepted, (int)good.Connect(options), "TLS with the broker's CA: " + good.CloseReason);
                    Assert.IsTrue(good.Publish("espc-test/tls", new byte[] { 1, 2, 3 }, 0, 3, 1, false), "PUBACK over TLS");
                    good.Disconnect();
                    good.Dispose();

                    options.CaCertificatePem = File.ReadAllText(other + ".crt");
                    MqttNetTransport wrong = new MqttNetTransport();
                    Assert.AreEqual((int)TransportConnectResult.NetworkError, (int)wrong.Connect(options), "another CA is refused");
                    Assert.IsFalse(wrong.IsConnected);
                    wrong.Dispose();
                }
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [TestMethod]
        public void KeepAliveHoldsAnIdleConnectionOpen()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            {
                // mosquitto drops a client that sends nothing for 1.5 keep-alive periods; the transport pings.
                TransportConnectOptions options = new TransportConnectOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, ClientId = "espc-ka-test", KeepAliveSeconds = 1 };
                MqttNetTransport client = new MqttNetTransport();
                Assert.AreEqual((int)TransportConnectResult.Accepted, (int)client.Connect(options));
                Thread.Sleep(4000);
                Assert.IsTrue(client.IsConnected, "still connected after 4 idle keep-alive periods: " + client.CloseReason + "\n" + broker.Log);
                Assert.IsTrue(client.Publish("espc-test/ka", new byte[] { 7 }, 0, 1, 1, false));
                client.Disconnect();
                client.Dispose();
            }
        }

        [TestMethod]
        public void Mqtt5ClientPublishesSubscribesAndReceives()
        {
            using (MosquittoBroker broker = new MosquittoBroker())
            {
                TransportConnectOptions options = new TransportConnectOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, ClientId = "espc-v5-test", KeepAliveSeconds = 5 };
                MqttNetTransport client = new MqttNetTransport(MQTTnet.Formatter.MqttProtocolVersion.V500);
                List<string> received = new List<string>();
                client.MessageReceived += (topic, payload, retained) =>
                {
                    lock (received)
                    {
                        received.Add(topic + "=" + System.Text.Encoding.UTF8.GetString(payload) + (retained ? " retained" : string.Empty));
                    }
                };
                Assert.AreEqual((int)TransportConnectResult.Accepted, (int)client.Connect(options));
                Assert.IsTrue(broker.Log.Contains("as espc-v5-test (p5"), broker.Log);
                Assert.IsTrue(client.Subscribe("espc-test/v5/#", 1));
                Assert.IsTrue(client.Publish("espc-test/v5/a", System.Text.Encoding.UTF8.GetBytes("xhellox"), 1, 5, 1, true));
                DateTime deadline = DateTime.UtcNow.AddSeconds(5);
                while (DateTime.UtcNow < deadline)
                {
                    lock (received)
                    {
                        if (received.Count > 0)
                        {
                            break;
                        }
                    }

                    Thread.Sleep(20);
                }

                lock (received)
                {
                    Assert.AreEqual(1, received.Count);
                    Assert.AreEqual("espc-test/v5/a=hello", received[0]);
                }

                client.Disconnect();
                client.Dispose();
            }
        }

        private static void Run(string executable, params string[] arguments)
        {
            using (PeerProcess process = new PeerProcess(executable, arguments))
            {
                int code = process.WaitForExit(60_000);
                if (code != 0)
                {
                    throw new InvalidOperationException(executable + " " + string.Join(" ", arguments) + " failed (" + code + "): " + process.Errors);
                }
            }
        }
    }
}
