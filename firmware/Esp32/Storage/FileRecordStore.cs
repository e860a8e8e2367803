using System;
using System.IO;
using EspCollector.Core.Storage;
using EspCollector.Core.Ports;

namespace EspCollector.Esp32
{
    /// <summary>
    /// <see cref="IRecordStore"/> on the ESP32's internal LittleFS drive (I:), one file per slot:
    /// "I:\pulses" with two slots is I:\pulses.0 and I:\pulses.1. Saves are rare (minutes apart), so the
    /// FileStream objects a save creates are acceptable; no file stays open between calls, so a power cut
    /// never finds a half-closed handle. LittleFS itself is copy-on-write with wear levelling across the
    /// partition; the record format on top still assumes any write can be torn.
    /// </summary>
    public sealed class FileRecordStore : IRecordStore
    {
        private readonly string[] _paths;
        private readonly int _slotCapacity;

        /// <param name="basePath">Path without the slot suffix, for example "I:\\pulses".</param>
        public FileRecordStore(string basePath, int slotCount, int slotCapacity)
        {
            if (slotCount < 1 || slotCapacity < 1)
            {
                throw new ArgumentOutOfRangeException("slotCount");
            }

            _paths = StringArrays.Create(slotCount);
            for (int slot = 0; slot < slotCount; slot++)
            {
                _paths[slot] = basePath + "." + slot.ToString();
            }

            _slotCapacity = slotCapacity;
        }

        public int SlotCount
        {
            get { return _paths.Length; }
        }

        public int SlotCapacity
        {
            get { return _slotCapacity; }
        }

        public int Read(int slot, byte[] buffer, int offset)
        {
            FileStream stream = null;
            try
            {
                if (!File.Exists(_paths[slot]))
                {
                    return 0;
                }

                stream = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read);
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
            catch (Exception)
            {
                // An unreadable file is an expected failure here: the record format falls back to the other slot.
                return -1;
            }
            finally
            {
                if (stream != null)
                {
                    stream.Dispose();
                }
            }
        }

        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            if (count > _slotCapacity)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            FileStream stream = null;
            try
            {
                stream = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write);
                stream.Write(buffer, offset, count);
                stream.Flush();

                // LittleFS commits the file at Close/Dispose (Flush is only fflush, firmware/PLATFORM.md "ESP32
                // platform", Storage), and a failed commit throws there: dispose inside the try, so a failed
                // commit is reported as a failed write instead of escaping.
                FileStream committing = stream;
                stream = null;
                committing.Dispose();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
            finally
            {
                if (stream != null)
                {
                    try
                    {
                        stream.Dispose();
                    }
                    catch (Exception)
                    {
                        // Already failing: the write is reported false above.
                    }
                }
            }
        }
    }
}
