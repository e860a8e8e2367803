namespace EspCollector.Core.Console
{
    /// <summary>
    /// What the console asks of the running collector. Implemented by the lead over the bus, meters, pulses and
    /// publishing, so the console depends on none of their types. Calls come from the console thread.
    /// </summary>
    public interface IConsoleActions
    {
        /// <summary>Fills uptime, memory, network, broker, bus and pulse figures.</summary>
        void FillStatus(ConsoleStatus status);

        /// <summary>Probes bus addresses first..last (1..247) and writes one line per responding device and a summary.</summary>
        void Scan(int firstAddress, int lastAddress, IConsoleOutput output);

        /// <summary>Reads the named (active) meter now and writes its values, or the failure, as lines.</summary>
        void ReadMeter(string meterName, IConsoleOutput output);

        /// <summary>Switches the named meter's relay (relay writes are enabled for it); returns the result line.</summary>
        string SetRelay(string meterName, bool on);

        /// <summary>Restarts the device (does not return on the device).</summary>
        void Reboot();
    }
}
