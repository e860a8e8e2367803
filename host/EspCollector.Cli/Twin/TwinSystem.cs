using System;
using System.IO;
using EspCollector.Core.App;

namespace EspCollector.Twin
{
    /// <summary>The platform for the twin: a reboot ends this run of the collector and starts the next.</summary>
    public sealed class TwinSystem : ISystemControl
    {
        private readonly string _bootCause;

        public TwinSystem(string bootCause)
        {
            _bootCause = bootCause;
        }

        /// <summary>Set by <see cref="Reboot"/>; the main loop then starts a new collector.</summary>
        public string RebootCause { get; private set; }

        public string BootCause => _bootCause;

        /// <summary>
        /// The health message's free_memory: on the twin, the managed heap in use by this process (bytes of live
        /// objects since the last collection, GC.GetTotalMemory without forcing one). The host has no fixed heap,
        /// so this is the figure that moves when the collector leaks; the device's own budget is in the benchmarks.
        /// </summary>
        public int FreeMemoryBytes() => (int)Math.Min(int.MaxValue, GC.GetTotalMemory(false));

        public string ReadTextFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        public void Reboot(string cause)
        {
            RebootCause = cause;
        }
    }
}
