using System.IO;
using EspCollector.Core.App;
using EspCollector.Core.Ports;
using EspCollector.Core.Supervision;
using nanoFramework.Runtime.Native;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Memory, files and restarts on the ESP32. The runtime offers no reset-reason API: every orderly restart
    /// (command, supervisor, crash, out of memory) writes its cause into the power-safe <see cref="BootRecord"/>
    /// first, and a boot that finds none was a power-on (or a native crash). The supervisor restarts through
    /// <see cref="Restart"/> after saving the pulse totals with <see cref="StateSaver"/>.
    /// </summary>
    public sealed class Esp32System : ISystemControl, ISupervisedDevice
    {
        private readonly BootRecord _record;
        private readonly IClock _clock;
        private readonly long _bootedAt;

        public Esp32System(BootRecord record, IClock clock)
        {
            _record = record;
            _clock = clock;
            _bootedAt = clock.MonotonicMicroseconds;
        }

        /// <summary>Saves the pulse totals before a supervisor restart (set by the composition).</summary>
        public SetupStep StateSaver;

        public string BootCause
        {
            get { return _record.BootCauseText; }
        }

        public int FreeMemoryBytes()
        {
            return (int)GC.Run(false);
        }

        public string ReadTextFile(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>An orderly restart asked for by the installer (console, MQTT).</summary>
        public void Reboot(string cause)
        {
            Restart(RebootCause.Command, cause);
        }

        public void SaveState()
        {
            if (StateSaver != null)
            {
                StateSaver();
            }
        }

        public void Restart(RebootCause cause, string detail)
        {
            try
            {
                _record.RecordRestart(cause, detail, (_clock.MonotonicMicroseconds - _bootedAt) / 1000000);
            }
            catch (System.Exception)
            {
                // Reboot anyway; the next boot reports a power-on.
            }

            Power.RebootDevice();
        }
    }
}
