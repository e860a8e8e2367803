using System.IO;
using EspCollector.Core.App;
using nanoFramework.Runtime.Native;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Memory, files and restarts on the ESP32. The reason for an orderly restart is written to a small file
    /// before rebooting, so the next boot can report it (the runtime offers no reset-reason API); a boot without
    /// that file was a power-on or a crash.
    /// </summary>
    public sealed class Esp32System : ISystemControl
    {
        private const string BootCauseFile = "I:\\bootcause.txt";

        private readonly string _bootCause;

        public Esp32System()
        {
            _bootCause = "power-on or crash";
            try
            {
                if (File.Exists(BootCauseFile))
                {
                    _bootCause = File.ReadAllText(BootCauseFile);
                    File.Delete(BootCauseFile);
                }
            }
            catch (IOException)
            {
                // No file system mounted: the cause stays unknown.
            }
        }

        public string BootCause
        {
            get { return _bootCause; }
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

        public void Reboot(string cause)
        {
            try
            {
                File.WriteAllText(BootCauseFile, cause);
            }
            catch (IOException)
            {
                // Reboot anyway; the next boot reports an unknown cause.
            }

            Power.RebootDevice();
        }
    }
}
