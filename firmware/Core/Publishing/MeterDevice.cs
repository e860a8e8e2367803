using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// A configured meter as the publisher sees it: its name in topics, its identity for the Home Assistant
    /// device block, and the canonical quantities it provides (one HA sensor each). Filled by the composition
    /// from the meter driver's identity read; strings may be null when the meter does not report them.
    /// </summary>
    public sealed class MeterDevice
    {
        /// <summary>Name in topics and object ids ([a-z0-9_-], see <see cref="TopicLayout.IsValidName"/>).</summary>
        public string Name;

        /// <summary>Modbus unit address; used in unique ids when the meter reports no serial number.</summary>
        public int Address;

        public string Manufacturer;
        public string Model;
        public string SerialNumber;
        public string FirmwareVersion;

        /// <summary>Canonical quantity names (voltage_l1, energy_import, ...), one HA sensor each.</summary>
        public string[] QuantityNames;

        /// <summary>Units reported by the driver, parallel to <see cref="QuantityNames"/>; may be null (the catalog knows them).</summary>
        public string[] Units;

        public MeterDevice(string name, int address, string[] quantityNames)
        {
            Name = name;
            Address = address;
            QuantityNames = quantityNames;
        }
    }

    /// <summary>
    /// One poll of a meter: parallel arrays of canonical names, units, values and validity, filled in place
    /// by the composition on every poll (the arrays are allocated once per meter).
    /// </summary>
    public sealed class MeterStateSnapshot
    {
        public string Name;
        public int Count;
        public string[] QuantityNames;
        public string[] Units;
        public double[] Values;
        public bool[] Valid;

        public MeterStateSnapshot(string name, int capacity)
        {
            Name = name;
            QuantityNames = StringArrays.Create(capacity);
            Units = StringArrays.Create(capacity);
            Values = new double[capacity];
            Valid = new bool[capacity];
        }

        /// <summary>Appends one quantity; returns false when the snapshot is full.</summary>
        public bool Add(string quantityName, string unit, double value, bool valid)
        {
            if (Count >= QuantityNames.Length)
            {
                return false;
            }

            QuantityNames[Count] = quantityName;
            Units[Count] = unit;
            Values[Count] = value;
            Valid[Count] = valid;
            Count++;
            return true;
        }

        public void Clear()
        {
            Count = 0;
        }
    }

    /// <summary>A configured S0 pulse channel as its own Home Assistant device.</summary>
    public sealed class PulseChannelDevice
    {
        public string Name;

        /// <summary>Meter constant of the connected meter (imp/kWh), shown as the HA device model.</summary>
        public double ImpulsesPerKilowattHour;

        /// <summary>Name of the Modbus meter this channel is cross-checked against; null when not linked.</summary>
        public string LinkedMeterName;

        public PulseChannelDevice(string name, double impulsesPerKilowattHour, string linkedMeterName)
        {
            Name = name;
            ImpulsesPerKilowattHour = impulsesPerKilowattHour;
            LinkedMeterName = linkedMeterName;
        }
    }

    /// <summary>One reading of a pulse channel, filled in place by the composition.</summary>
    public sealed class PulseChannelSnapshot
    {
        public string Name;
        public long Pulses;
        public double EnergyKilowattHours;
        public double PowerWatts;
        public bool PowerValid;

        /// <summary>True when the channel is linked to a meter and both energies are known.</summary>
        public bool HasDiscrepancy;

        /// <summary>Pulse energy minus the linked meter's register energy over the same span, kWh.</summary>
        public double DiscrepancyKilowattHours;

        public PulseChannelSnapshot(string name)
        {
            Name = name;
        }
    }

    /// <summary>Health figures gathered by the composition; the publisher adds buffer counts, RSSI, firmware and board.</summary>
    public sealed class HealthSnapshot
    {
        public long UptimeSeconds;
        public long FreeMemoryBytes;

        /// <summary>The lowest free heap the collector saw since boot; -1 when unknown.</summary>
        public long LowestFreeMemoryBytes = -1;
        public long BusRequests;
        public long BusResponses;
        public long BusTimeouts;
        public long BusCrcErrors;
        public long BusExceptionResponses;
        public long PulseOverflows;

        /// <summary>Why the collector last started ("power-on", "supervisor: bus stuck 120 s", ...).</summary>
        public string BootCause;

        /// <summary>Why it runs in safe mode; null when it does not.</summary>
        public string SafeMode;
    }

    /// <summary>Kinds of events published on &lt;prefix&gt;/&lt;id&gt;/event.</summary>
    public static class CollectorEventKind
    {
        public const string MeterReset = "meter_reset";
        public const string EnergyBackwards = "energy_backwards";
        public const string ConfigurationChanged = "config_changed";
        public const string Reboot = "reboot";
    }
}
