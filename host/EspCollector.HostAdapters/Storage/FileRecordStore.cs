using System;
using System.IO;
using EspCollector.Core.Storage;

namespace EspCollector.HostAdapters.Storage
{
    /// <summary>
    /// <see cref="IRecordStore"/> on host files, one file per slot ("basePath.0", "basePath.1", ...), for the
    /// host twin and integration tests. Each write is fsync'ed (FileStream.Flush(true)) before it reports
    /// success, like Flush on the device's LittleFS file.
    /// </summary>
    public sealed class FileRecordStore : IRecordStore
    {
        private readonly string[] _paths;
        private readonly int _slotCapacity;

        public FileRecordStore(string basePath, int slotCount, int slotCapacity)
        {
            if (slotCount < 1 || slotCapacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(slotCount));
            }

            _paths = new string[slotCount];
            for (int slot = 0; slot < slotCount; slot++)
            {
                _paths[slot] = basePath + "." + slot;
            }

            _slotCapacity = slotCapacity;
        }

        public int SlotCount => _paths.Length;

        public int SlotCapacity => _slotCapacity;

        /// <summary>The file backing a slot (tests truncate it to simulate a torn write).</summary>
        public string PathOf(int slot) => _paths[slot];

        public int Read(int slot, byte[] buffer, int offset)
        {
            try
            {
                if (!File.Exists(_paths[slot]))
                {
                    return 0;
                }

                using (var stream = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    long length = stream.Length;
                    if (length > _slotCapacity)
                    {
                        return -1;
                    }

                    int total = 0;
                    while (total < length)
                    {
                        int read = stream.Read(buffer, offset + total, (int)length - total);
                        if (read <= 0)
                        {
                            break;
                        }

                        total += read;
                    }

                    return total;
                }
            }
            catch (IOException)
            {
                return -1;
            }
            catch (UnauthorizedAccessException)
            {
                return -1;
            }
        }

        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count > _slotCapacity)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            try
            {
                string directory = Path.GetDirectoryName(Path.GetFullPath(_paths[slot]));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                using (var stream = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write, FileShare.Read))
                {
                    stream.Write(buffer, offset, count);
                    stream.Flush(true);
                }

                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
