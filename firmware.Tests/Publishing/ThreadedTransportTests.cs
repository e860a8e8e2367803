using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The threaded transport's facade and bounded queue, with the worker's passes run by the test: connect is
    /// pending until the worker has done it; a full queue refuses (counted) instead of growing; TLS without a CA
    /// is not attempted unless mqtt.tls.insecure is on.
    /// </summary>
    [TestClass]
    public class ThreadedTransportTests
    {
        [TestMethod]
        public void ConnectIsPendingUntilTheWorkerHasConnected()
        {
            MemoryBroker broker = new MemoryBroker();
            ThreadedTransportFactory factory = new ThreadedTransportFactory(broker, 3);
            IMessageTransport transport = factory.Create();
            TransportConnectOptions options = Options();

            Assert.AreEqual((int)TransportConnectResult.Pending, (int)transport.Connect(options));
            Assert.AreEqual(0, broker.ConnectAttempts, "nothing happens on the caller's thread");
            Assert.IsFalse(transport.IsConnected);
            factory.WorkOnce(0);
            Assert.AreEqual(1, broker.ConnectAttempts);
            Assert.AreEqual((int)TransportConnectResult.Accepted, (int)transport.Connect(options));
            Assert.IsTrue(transport.IsConnected);
        }

        [TestMethod]
        public void AFullQueueRefusesAndCountsInsteadOfGrowing()
        {
            MemoryBroker broker = new MemoryBroker();
            ThreadedTransportFactory factory = new ThreadedTransportFactory(broker, 3);
            ThreadedTransport transport = (ThreadedTransport)factory.Create();
            transport.Connect(Options());
            factory.WorkOnce(0);
            byte[] payload = new byte[] { (byte)'4', (byte)'2' };

            Assert.IsTrue(transport.Publish("a/1", payload, 0, 2, 1, false));
            Assert.IsTrue(transport.Publish("a/2", payload, 0, 2, 1, false));
            Assert.IsTrue(transport.Publish("a/3", payload, 1, 1, 1, false));
            Assert.IsFalse(transport.Publish("a/4", payload, 0, 2, 1, false));
            Assert.IsTrue(transport.QueueFull);
            Assert.AreEqual(1, factory.Refused);
            Assert.AreEqual(3, factory.Queued);

            factory.WorkOnce(0);
            factory.WorkOnce(0);
            factory.WorkOnce(0);
            Assert.AreEqual(0, factory.Queued);
            Assert.AreEqual(3, factory.Published);
            Assert.AreEqual("2", broker.LastTextOn("a/3"));
            Assert.IsTrue(transport.Publish("a/4", payload, 0, 2, 1, false));
            Assert.IsFalse(transport.QueueFull);
        }

        [TestMethod]
        public void AnOldSessionIsClosedByTheWorkerNotTheCaller()
        {
            MemoryBroker broker = new MemoryBroker();
            ThreadedTransportFactory factory = new ThreadedTransportFactory(broker, 3);
            IMessageTransport first = factory.Create();
            first.Connect(Options());
            factory.WorkOnce(0);
            first.Dispose();
            Assert.IsFalse(first.IsConnected);
            Assert.IsFalse(broker.LastTransport.IsDisposed, "closing waits for the worker");
            factory.WorkOnce(0);
            Assert.IsTrue(broker.LastTransport.IsDisposed);
        }

        [TestMethod]
        [DataRow(false, 0)]
        [DataRow(true, 1)]
        public void TlsWithoutACaIsOnlyTriedWhenInsecureIsAskedFor(bool insecure, int expectedAttempts)
        {
            VirtualClock clock = new VirtualClock();
            MemoryBroker broker = new MemoryBroker();
            TransportConnectOptions options = Options();
            options.UseTls = true;
            options.TlsInsecure = insecure;
            MqttConnectionManager manager = new MqttConnectionManager(clock, new FakeNetworkStatus(), broker, options,
                1000000, 60000000, 1u, null);

            manager.Service();
            Assert.AreEqual(expectedAttempts, broker.ConnectAttempts);
            if (!insecure)
            {
                Assert.AreEqual((int)TransportConnectResult.TlsCertificateMissing, (int)manager.LastResult);
            }
        }

        private static TransportConnectOptions Options()
        {
            TransportConnectOptions options = new TransportConnectOptions();
            options.BrokerHost = "broker.local";
            options.ClientId = "test";
            return options;
        }
    }
}
