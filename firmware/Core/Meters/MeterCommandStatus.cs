namespace EspCollector.Core.Meters
{
    /// <summary>Outcome of a write to a meter (relay, tariff, address, baud rate, counter reset).</summary>
    public enum MeterCommandStatus
    {
        /// <summary>Written and confirmed by reading it back.</summary>
        Ok = 0,

        /// <summary>This meter type has no such setting (per its manual).</summary>
        NotSupported = 1,

        /// <summary>A relay command for a meter whose settings do not enable relays; nothing was sent.</summary>
        RelayNotEnabled = 2,

        /// <summary>The value is not one the meter accepts (per its manual); nothing was sent.</summary>
        ValueNotAllowed = 3,

        /// <summary>The write or the read-back failed on the bus (the Modbus status says why).</summary>
        BusFailure = 4,

        /// <summary>The meter acknowledged the write but reads back something else.</summary>
        ReadBackMismatch = 5,

        /// <summary>The meter stores the new baud rate but still answers at the old one: it applies it at its
        /// next restart (the SDM630-style manual says so for parity, 0x0012 "Requires a reboot").</summary>
        PendingRestart = 6,
    }
}
