namespace EspCollector.Core.Supervision
{
    /// <summary>What the supervisor needs to restart the device: save what must not be lost, then reboot.</summary>
    public interface ISupervisedDevice
    {
        /// <summary>Saves the pulse totals (called from the supervisor's thread: must not take the main loop's
        /// locks for long, since the main loop may be the stuck part).</summary>
        void SaveState();

        /// <summary>Records the cause in the boot record and restarts; does not return on the device.</summary>
        void Restart(RebootCause cause, string detail);
    }
}
