using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EspCollector.Simulators.Meters;

namespace EspCollector.Cli
{
    /// <summary>
    /// Prints a simulated meter's register map with the values it serves, one tab-separated line per register:
    /// "map", meter type, slave address, function code (03/04), register address (hex, 0-based PDU address),
    /// format, register count, unit, canonical quantity, value, description. Tests parse it to compare what an
    /// independent master reads; installers use it to see where a value lives.
    /// </summary>
    public static class MapPrinter
    {
        public static void Print(TextWriter output, SimulatedMeter meter)
        {
            meter.Refresh();
            var entries = new List<RegisterEntry>(meter.Map);
            entries.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Address.CompareTo(b.Address));
            foreach (var entry in entries)
            {
                output.WriteLine(string.Join("\t", new[]
                {
                    "map",
                    meter.MeterType,
                    meter.Address.ToString(CultureInfo.InvariantCulture),
                    entry.ReadFunction.ToString("D2", CultureInfo.InvariantCulture),
                    "0x" + entry.Address.ToString("X4", CultureInfo.InvariantCulture),
                    entry.Format.ToString().ToLowerInvariant(),
                    entry.Length.ToString(CultureInfo.InvariantCulture),
                    string.IsNullOrEmpty(entry.Unit) ? "-" : entry.Unit,
                    entry.Quantity ?? "-",
                    meter.FormatEntry(entry),
                    entry.Description ?? string.Empty,
                }));
            }

            output.Flush();
        }
    }
}
