namespace EspCollector.Core.App
{
    /// <summary>What the collector asks of the platform itself: memory figures, files, restarting.</summary>
    public interface ISystemControl
    {
        /// <summary>Free managed heap in bytes (nanoFramework: GC.Run(false)); -1 when unknown.</summary>
        int FreeMemoryBytes();

        /// <summary>Why the collector (re)started: "power-on", "reboot:console", "reboot:mqtt", ...</summary>
        string BootCause { get; }

        /// <summary>Reads a small text file (e.g. the broker's CA certificate); null when it does not exist.</summary>
        string ReadTextFile(string path);

        /// <summary>Restarts the collector; <paramref name="cause"/> is reported as the next boot's cause.</summary>
        void Reboot(string cause);
    }
}
