namespace EspCollector.Core.Supervision
{
    /// <summary>
    /// Why the collector started. The runtime offers no reset-reason API, so every orderly restart writes its
    /// cause into the <see cref="BootRecord"/> first; a boot that finds no cause written was a power-on (or a
    /// native crash, which looks the same).
    /// </summary>
    public enum RebootCause
    {
        PowerOn = 0,

        /// <summary>The installer asked for it (console <c>reboot</c>, MQTT command).</summary>
        Command = 1,

        /// <summary>The supervisor found a part of the firmware stuck (no heartbeat in its limit).</summary>
        Supervisor = 2,

        /// <summary>A guarded thread ended with an exception.</summary>
        Crash = 3,

        /// <summary>An <c>OutOfMemoryException</c> reached a guard.</summary>
        OutOfMemory = 4,
    }

    /// <summary>The names published in the event and health topics.</summary>
    public static class RebootCauses
    {
        public static string Name(RebootCause cause)
        {
            switch (cause)
            {
                case RebootCause.Command:
                    return "command";
                case RebootCause.Supervisor:
                    return "supervisor";
                case RebootCause.Crash:
                    return "crash";
                case RebootCause.OutOfMemory:
                    return "out-of-memory";
                default:
                    return "power-on";
            }
        }

        /// <summary>Crash and supervisor restarts count towards safe mode; the others never do.</summary>
        public static bool IsUnclean(RebootCause cause)
        {
            return cause == RebootCause.Supervisor || cause == RebootCause.Crash || cause == RebootCause.OutOfMemory;
        }
    }
}
