using System;
using System.IO;
using EspCollector.Core.App;
using EspCollector.Core.Meters;
using EspCollector.Core.Pulses;

namespace EspCollector.Twin
{
    /// <summary>A few lines of what the collector sees, for a person watching the twin run.</summary>
    public static class Summary
    {
        private static readonly string[] Shown = { "voltage_l1", "current_l1", "power", "frequency", "energy_import" };

        public static void Print(Collector collector, TextWriter output)
        {
            output.WriteLine("-- " + DateTime.UtcNow.ToString("HH:mm:ss") + " bus: " + collector.Poller.Statistics.Describe());
            MeterDriver[] meters = collector.Meters;
            for (int i = 0; i < meters.Length; i++)
            {
                MeterReadings readings = meters[i].Readings;
                string line = "   " + meters[i].Type.Name + "@" + meters[i].Address + (readings.Online ? "" : " OFFLINE");
                foreach (string name in Shown)
                {
                    int index = readings.IndexOf(name);
                    if (index >= 0 && readings.IsValid(index))
                    {
                        line += " " + name + "=" + readings.ValueAt(index).ToString("0.###") + readings.UnitAt(index);
                    }
                }

                output.WriteLine(line);
            }

            PulseProcessor pulses = collector.Pulses;
            for (int i = 0; i < pulses.ChannelCount; i++)
            {
                PulseChannel channel = pulses.Channels[i];
                output.WriteLine("   pulse " + channel.Name + ": " + channel.TotalPulses + " pulses, "
                    + channel.EnergyKilowattHours.ToString("0.000") + " kWh, " + channel.PowerWatts.ToString("0") + " W");
            }

            var publisher = collector.Publisher;
            output.WriteLine(publisher == null
                ? "   mqtt: not configured"
                : "   mqtt: " + (publisher.IsConnected ? "connected" : "not connected") + ", published " + publisher.PublishedMessages
                  + ", buffered " + publisher.BufferedMessages + ", dropped " + publisher.DroppedMessages);
        }
    }
}
