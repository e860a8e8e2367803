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

        /// <summary>On the M-Bus port: the primary scan (0..250) and the secondary search; one line per meter found and a summary.</summary>
        void ScanMBus(IConsoleOutput output);

        /// <summary>Reads the named (active) meter now and writes its values, or the failure, as lines.</summary>
        void ReadMeter(string meterName, IConsoleOutput output);

        /// <summary>Switches the named meter's relay (relay writes are enabled for it); returns the result line.</summary>
        string SetRelay(string meterName, bool on);

        /// <summary>
        /// Commissioning: writes a new Modbus address into the named meter and reads it back at the new address;
        /// the running driver follows it. Returns the result line ("error: ..." when it failed).
        /// </summary>
        string ChangeMeterAddress(string meterName, int newAddress);

        /// <summary>Commissioning: writes a new baud rate into the named meter; returns the result line.</summary>
        string ChangeMeterBaudRate(string meterName, int baudRate);

        /// <summary>Selects the active tariff of a meter that has one (KLEFR: 1 or 2); returns the result line.</summary>
        string SetMeterTariff(string meterName, int tariff);

        /// <summary>
        /// Commissioning of a KLEFR M-bus meter (manual, Appendix 2, the "Write" table): <paramref name="setting"/> is
        /// baud|address|secondary|tariff|code|s0|reset-kwh|reset-powerdown, <paramref name="value"/> its value (s0 in
        /// hundredths of imp/kWh; ignored by the resets). Returns the result line ("error: ..." when it failed).
        /// </summary>
        string WriteMBusMeter(string meterName, string setting, int value);

        /// <summary>Restarts the device (does not return on the device).</summary>
        void Reboot();
    }
}
