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
        /// Free memory from the host's GC: the memory the GC may still use (its limit, or the machine's memory)
        /// minus the managed heap in use, capped at int.MaxValue. The host has no fixed heap: the device's figures
        /// are the benchmarks' model and the heap probe's (README, "Memory").
        /// </summary>
        public int FreeMemoryBytes()
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            long free = info.TotalAvailableMemoryBytes - GC.GetTotalMemory(false);
            return free < 0 ? 0 : (int)Math.Min(int.MaxValue, free);
        }

        public string ReadTextFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        public void Reboot(string cause)
        {
            RebootCause = cause;
        }
    }
}
