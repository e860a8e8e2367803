using System.Collections;
using EspCollector.Core.App;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// The platform for composition tests: a fixed free-memory figure, text files from a table, and reboots
    /// recorded instead of performed (the test builds the next "boot" itself).
    /// </summary>
    public sealed class RecordingSystemControl : ISystemControl
    {
        private readonly string _bootCause;
        private readonly Hashtable _files = new Hashtable();

        public RecordingSystemControl(string bootCause)
        {
            _bootCause = bootCause;
        }

        public int FreeMemory = 54321;

        /// <summary>Causes passed to <see cref="Reboot"/>, in order.</summary>
        public readonly ArrayList Reboots = new ArrayList();

        public string BootCause
        {
            get { return _bootCause; }
        }

        public int FreeMemoryBytes()
        {
            return FreeMemory;
        }

        public void AddFile(string path, string text)
        {
            _files[path] = text;
        }

        public string ReadTextFile(string path)
        {
            return (string)_files[path];
        }

        public void Reboot(string cause)
        {
            Reboots.Add(cause);
        }
    }
}
