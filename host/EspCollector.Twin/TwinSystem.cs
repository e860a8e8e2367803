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

        /// <summary>The host has no fixed heap; the figure that matters is the device's (see the benchmarks).</summary>
        public int FreeMemoryBytes() => -1;

        public string ReadTextFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        public void Reboot(string cause)
        {
            RebootCause = cause;
        }
    }
}
