using EspCollector.Core.Ports;

namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// The collector's health message:
    /// {"ts":...,"uptime":s,"free_memory":bytes,"rssi":dBm,"bus":{"requests":n,"responses":n,"timeouts":n,
    /// "crc_errors":n,"exceptions":n},"pulse_overflows":n,"buffered":n,"dropped":n,"firmware":"x","board":"y","boot_cause":"supervisor: bus stuck 121 s"[,"safe_mode":"why"]}.
    /// </summary>
    public static class HealthPayload
    {
        public static void Write(
            JsonWriter writer,
            HealthSnapshot health,
            int signalStrength,
            int bufferedMessages,
            long droppedMessages,
            string firmwareVersion,
            string board,
            IWallClock wallClock,
            IClock clock)
        {
            writer.Reset();
            writer.BeginObject();
            StatePayloads.WriteTime(writer, wallClock, clock, false);
            writer.WriteInteger("uptime", health.UptimeSeconds);

            writer.WriteInteger("free_memory", health.FreeMemoryBytes);
            writer.WriteInteger("lowest_free_memory", health.LowestFreeMemoryBytes);
            writer.WriteInteger("rssi", signalStrength);
            writer.BeginObject("bus");
            writer.WriteInteger("requests", health.BusRequests);
            writer.WriteInteger("responses", health.BusResponses);
            writer.WriteInteger("timeouts", health.BusTimeouts);
            writer.WriteInteger("crc_errors", health.BusCrcErrors);
            writer.WriteInteger("exceptions", health.BusExceptionResponses);
            writer.EndObject();
            writer.WriteInteger("pulse_overflows", health.PulseOverflows);
            writer.WriteInteger("buffered", bufferedMessages);
            writer.WriteInteger("dropped", droppedMessages);
            writer.WriteString("firmware", firmwareVersion);
            writer.WriteString("board", board);
            if (health.BootCause != null)
            {
                writer.WriteString("boot_cause", health.BootCause);
            }

            if (health.SafeMode != null)
            {
                writer.WriteString("safe_mode", health.SafeMode);
            }
            writer.EndObject();
        }
    }
}
