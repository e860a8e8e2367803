namespace EspCollector.Core.Publishing
{
    /// <summary>Result of an action asked for by an MQTT command.</summary>
    public enum CommandOutcome
    {
        Done = 0,

        /// <summary>No meter of that name is configured.</summary>
        UnknownMeter = 1,

        /// <summary>The meter has no relay (or the action does not apply to it).</summary>
        NotSupported = 2,

        /// <summary>The meter did not answer, or answered with a Modbus exception.</summary>
        MeterNotResponding = 3,

        /// <summary>The bus is busy with something that cannot be interrupted; try again.</summary>
        Busy = 4,
    }

    /// <summary>
    /// What the command router may make the collector do. Implemented by the composition (it owns the bus
    /// master and the meters); the router only validates and answers.
    /// </summary>
    public interface ICommandActions
    {
        /// <summary>Reads the meter now; its state is published through the usual path.</summary>
        CommandOutcome PollMeter(string meterName);

        /// <summary>
        /// Switches the meter's relay (closed = on, supply connected) and reads the relay state back;
        /// <paramref name="closedAfter"/> is the read-back state, meaningful when the outcome is Done.
        /// </summary>
        CommandOutcome SetRelay(string meterName, bool closed, out bool closedAfter);

        /// <summary>Restarts the collector; called only after the result has been published.</summary>
        void Reboot();
    }
}
