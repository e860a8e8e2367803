namespace EspCollector.Core.Ports
{
    /// <summary>
    /// Monotonic time, the one source of time for every timing rule in the core (Modbus silent
    /// intervals, response timeouts, pulse filters, backoff). Tests use a virtual clock, so days of
    /// operation run in seconds and no test sleeps.
    /// </summary>
    public interface IClock
    {
        /// <summary>Microseconds since an arbitrary origin; never goes backwards.</summary>
        long MonotonicMicroseconds { get; }

        /// <summary>Blocks for at least the given time (a virtual clock just advances).</summary>
        void Sleep(int microseconds);
    }
}
