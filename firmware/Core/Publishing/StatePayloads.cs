using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// The JSON of meter, pulse and event messages. Every payload starts with the time:
    /// "ts":"2025-03-01T12:00:05.250Z" once the wall clock has been set by SNTP; before that
    /// "ts":null,"time_synchronized":false,"uptime":&lt;seconds since boot&gt;, so a consumer never
    /// stores a reading under a wrong date (the ESP32 RTC starts at 1970 after a power cut).
    /// </summary>
    public static class StatePayloads
    {
        /// <summary>Pulse energy: one pulse is 0.0001 kWh at 10000 imp/kWh (KLEFR seed 003), the finest constant.</summary>
        public const int PulseEnergyDecimals = 4;
        public const int PulsePowerDecimals = 1;

        public static void WriteTime(JsonWriter writer, IWallClock wallClock, IClock clock)
        {
            WriteTime(writer, wallClock, clock, true);
        }

        /// <summary>Writes ts; <paramref name="withUptime"/> false for payloads that carry their own uptime (health).</summary>
        public static void WriteTime(JsonWriter writer, IWallClock wallClock, IClock clock, bool withUptime)
        {
            if (wallClock != null && wallClock.IsSynchronized)
            {
                WriteTime(writer, true, wallClock.UtcNow, 0, withUptime);
                return;
            }

            WriteTime(writer, false, DateTime.MinValue, clock.MonotonicMicroseconds / 1000000, withUptime);
        }

        /// <summary>
        /// Writes ts from values taken earlier (a reading replayed from the store-and-forward ring carries the
        /// time it was made, not the time it is sent).
        /// </summary>
        public static void WriteTime(JsonWriter writer, bool synchronized, DateTime utc, long uptimeSeconds, bool withUptime)
        {
            if (synchronized)
            {
                writer.WriteTimestamp("ts", utc);
                return;
            }

            writer.WriteNull("ts");
            writer.WriteBoolean("time_synchronized", false);
            if (withUptime)
            {
                writer.WriteInteger("uptime", uptimeSeconds);
            }
        }

        /// <summary>{"ts":...,"voltage_l1":230.1,...}: valid quantities only; an invalid one is left out, not sent as null.</summary>
        public static void WriteMeterState(JsonWriter writer, MeterStateSnapshot snapshot, IWallClock wallClock, IClock clock)
        {
            writer.Reset();
            writer.BeginObject();
            WriteTime(writer, wallClock, clock);
            for (int i = 0; i < snapshot.Count; i++)
            {
                if (!snapshot.Valid[i])
                {
                    continue;
                }

                QuantityDescription description = QuantityCatalog.Describe(snapshot.QuantityNames[i]);
                writer.WriteNumber(snapshot.QuantityNames[i], snapshot.Values[i], description.Decimals);
            }

            writer.EndObject();
        }

        /// <summary>{"ts":...,"pulses":1234,"energy":1.234,"power":360,"discrepancy":0.002}.</summary>
        public static void WritePulseState(JsonWriter writer, PulseChannelSnapshot snapshot, IWallClock wallClock, IClock clock)
        {
            writer.Reset();
            writer.BeginObject();
            WriteTime(writer, wallClock, clock);
            writer.WriteInteger("pulses", snapshot.Pulses);
            writer.WriteNumber("energy", snapshot.EnergyKilowattHours, PulseEnergyDecimals);
            if (snapshot.PowerValid)
            {
                writer.WriteNumber("power", snapshot.PowerWatts, PulsePowerDecimals);
            }

            if (snapshot.HasDiscrepancy)
            {
                writer.WriteNumber("discrepancy", snapshot.DiscrepancyKilowattHours, PulseEnergyDecimals);
            }

            writer.EndObject();
        }

        /// <summary>{"ts":...,"event":"meter_reset","source":"main","detail":"..."}; source and detail are optional.</summary>
        public static void WriteEvent(JsonWriter writer, string kind, string source, string detail, IWallClock wallClock, IClock clock)
        {
            writer.Reset();
            writer.BeginObject();
            WriteTime(writer, wallClock, clock);
            writer.WriteString("event", kind);
            if (source != null)
            {
                writer.WriteString("source", source);
            }

            if (detail != null)
            {
                writer.WriteString("detail", detail);
            }

            writer.EndObject();
        }
    }
}
