namespace EspCollector.Core.Ports
{
    /// <summary>
    /// A serial line whose one UART can be connected to one of several sets of pins (routes), each wired to a
    /// different bus interface: on the ESP32 the GPIO matrix re-routes a UART's TX/RX/RTS signals at run time
    /// (firmware/PLATFORM.md, "UARTs"). Only the routed pins carry the UART; the others are held idle (an RS485
    /// driver-enable low, an M-Bus interface's TX at mark). <see cref="SharedSerialLine"/> owns such a line and
    /// routes it to one master at a time.
    /// </summary>
    public interface IRoutedSerialLine : ISerialLine
    {
        /// <summary>How many pin sets the line can be routed to (routes 0 .. RouteCount - 1).</summary>
        int RouteCount { get; }

        /// <summary>Connects the UART to the route's pins and parks every other route's pins idle; takes effect for
        /// the next byte. The caller applies the route's framing with <see cref="ISerialLine.Configure"/> after it.</summary>
        void Route(int route);
    }
}
