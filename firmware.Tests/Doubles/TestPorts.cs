using EspCollector.Core.App;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The collector's ports over doubles: the given clock, bus line, capture and transport; pulse totals in
    /// memory; a network link that is up. Any of the device models plugs in here (Esp32UartModel as the bus line,
    /// CounterPulseCapture over PulseCounterModel as the capture, ThreadedTransportFactory over
    /// BlockingConnectTransportFactory as the transport).
    /// </summary>
    public static class TestPorts
    {
        public static CollectorPorts Create(VirtualClock clock, ISerialLine busLine, IPulseCapture capture,
            IMessageTransportFactory transport, ISystemControl system)
        {
            CollectorPorts ports = new CollectorPorts();
            ports.Clock = clock;
            ports.WallClock = clock;
            ports.BusLine = busLine;
            ports.PulseCapture = capture;
            ports.TotalsStore = new MemoryRecordStore(2, PulseTotalsStore.RecommendedSlotCapacity);
            ports.Network = new FakeNetworkStatus();
            ports.TransportFactory = transport;
            ports.System = system;
            return ports;
        }
    }
}
