using EspCollector.Core.Console;

namespace EspCollector.Tests.Doubles
{
    /// <summary>Console actions that record what the console asked for and answer with fixed figures.</summary>
    public sealed class RecordingConsoleActions : IConsoleActions
    {
        public int RebootCount;
        public int ScanCount;
        public int ScanFirst;
        public int ScanLast;
        public string LastRead;
        public string LastRelayMeter;
        public bool LastRelayOn;
        public int RelayCount;
        public string LastWrite;

        public void FillStatus(ConsoleStatus status)
        {
            status.UptimeSeconds = 93784; // 1 d 02:03:04
            status.FreeMemoryBytes = 41234;
            status.LowestFreeMemoryBytes = 39876;
            status.Network = "connected to Home, 192.168.1.20";
            status.Broker = "connected to mqtt.local:1883";
            status.BusRequests = 120;
            status.BusTimeouts = 3;
            status.BusCrcErrors = 1;
            status.BusExceptionResponses = 0;
            status.Details.Add("pulse water: 1234 pulses");
        }

        public int MBusScanCount;
        public string MBusWrite;

        public string WriteMBusMeter(string meterName, string setting, int value)
        {
            MBusWrite = meterName + " " + setting + " " + value.ToString();
            return "m-bus write " + MBusWrite + ": ok";
        }

        public void ScanMBus(IConsoleOutput output)
        {
            MBusScanCount++;
            output.WriteLine("m-bus scan done: 0 meters");
        }

        public void Scan(int firstAddress, int lastAddress, IConsoleOutput output)
        {
            ScanCount++;
            ScanFirst = firstAddress;
            ScanLast = lastAddress;
            output.WriteLine("address 1: responds");
            output.WriteLine("scan done: 1 device");
        }

        public void ReadMeter(string meterName, IConsoleOutput output)
        {
            LastRead = meterName;
            output.WriteLine(meterName + ": 230.1 V");
        }

        public string SetRelay(string meterName, bool on)
        {
            RelayCount++;
            LastRelayMeter = meterName;
            LastRelayOn = on;
            return "relay " + meterName + " switched " + (on ? "on" : "off");
        }

        public string ChangeMeterAddress(string meterName, int newAddress)
        {
            LastWrite = "address " + meterName + " " + newAddress.ToString();
            return "meter " + meterName + ": now answers at address " + newAddress.ToString() + " (read back)";
        }

        public string ChangeMeterBaudRate(string meterName, int baudRate)
        {
            LastWrite = "baud " + meterName + " " + baudRate.ToString();
            return "meter " + meterName + ": baud rate " + baudRate.ToString() + " written (read back)";
        }

        public string SetMeterTariff(string meterName, int tariff)
        {
            LastWrite = "tariff " + meterName + " " + tariff.ToString();
            return tariff == 2 ? "error: meter tariff " + meterName + ": this meter type has no such setting"
                : "meter " + meterName + ": tariff " + tariff.ToString() + " (read back)";
        }

        public void Reboot()
        {
            RebootCount++;
        }
    }
}
