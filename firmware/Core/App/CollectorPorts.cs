using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Core.Pulses;
using EspCollector.Core.Storage;
using EspCollector.Core.Supervision;

namespace EspCollector.Core.App
{
    /// <summary>
    /// Everything the collector needs from the board, as ports: the ESP32 adapters fill it in
    /// firmware/Program.cs, the host twin with simulators and host adapters.
    /// </summary>
    public sealed class CollectorPorts
    {
        public IClock Clock;
        public IWallClock WallClock;

        /// <summary>The RS485 bus UART.</summary>
        public ISerialLine BusLine;

        /// <summary>Character times the bus line may hold received bytes back (see
        /// <see cref="EspCollector.Core.Bus.BusSettings.DeliveryGapCharacters"/>): 131 on the ESP32 UART, 0 for a
        /// line that hands bytes over as they arrive.</summary>
        public int BusDeliveryGapCharacters;

        /// <summary>The bus line's RX idle timeout (characters) and FIFO threshold (bytes): 10 and 120 on the ESP32
        /// UART, 0 otherwise (see <see cref="EspCollector.Core.Bus.BusSettings.DeliveryIdleCharacters"/>).</summary>
        public int BusDeliveryIdleCharacters;
        public int BusDeliveryThresholdBytes;

        /// <summary>The M-Bus port's UART (an M-Bus master interface, level converter, on it), or null when the board has
        /// none: klefr-mbus meters are then configured but not polled (status says so). Configured 8E1 by the master.</summary>
        public ISerialLine MBusLine;

        /// <summary>Non-null when the M-Bus port is the bus UART on pins of its own (boards/README.md, "M-Bus port"):
        /// <see cref="BusLine"/> and <see cref="MBusLine"/> are then two <see cref="SerialLane"/>s of this line, and the
        /// collector gives it to one master per turn (one Modbus transaction, one M-Bus meter read).</summary>
        public SharedSerialLine SharedLine;

        /// <summary>GPIO edge capture or the chip's hardware pulse counters.</summary>
        public IPulseCapture PulseCapture;

        /// <summary>Slots for the pulse totals record (kept apart from the configuration record).</summary>
        public IRecordStore TotalsStore;

        public INetworkStatus Network;
        public IMessageTransportFactory TransportFactory;
        public ISystemControl System;

        /// <summary>Beaten by <see cref="Collector.Step"/> after each pass and after each bus turn (null: not
        /// supervised). See Core/Supervision.</summary>
        public Heartbeat MainHeartbeat;
        public Heartbeat BusHeartbeat;

        /// <summary>Non-null: run in safe mode (console and pulse counting only) and say why.</summary>
        public string SafeModeReason;

        /// <summary>Firmware version reported in health and the Home Assistant device registry.</summary>
        public string FirmwareVersion = "0.1.0";
    }
}
