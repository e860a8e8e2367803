using System;
using EspCollector.Core.Ports;
using EspCollector.Core.Pulses;
using EspCollector.Benchmarks.Support;
using EspCollector.Core.Storage;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>A power cut: thrown from a port to stop the collector wherever it is (nothing after it runs).</summary>
    public sealed class PowerCutException : Exception
    {
        public PowerCutException(string where)
            : base("power cut " + where)
        {
        }
    }

    /// <summary>How the bus line damages responses while a bus fault is active.</summary>
    public enum BusFaultMode
    {
        None,
        Noise,
        Corrupt,
        Truncate,
        Echo,
    }

    /// <summary>
    /// The RS485 line between the collector and the simulated meters, with injected faults: noise bytes before a
    /// response, a flipped bit in a response (the CRC must reject it), a response cut short, and the request
    /// echoed back (a transceiver whose receiver is not disabled while sending). Counts every request by
    /// function code, so a write the collector was never asked to make (a relay switched) shows.
    /// A device model can replace the inner line (it is any <see cref="ISerialLine"/>).
    /// </summary>
    public sealed class FaultyBusLine : ISerialLine
    {
        private readonly ISerialLine _inner;
        private readonly Random _random;
        private readonly byte[] _injected = new byte[512];
        private readonly byte[] _scratch = new byte[512];
        private int _injectedStart;
        private int _injectedEnd;
        private int _allowedBytes = -1;
        private bool _corruptNext;

        public BusFaultMode Mode;

        /// <summary>Probability that a transaction is damaged while <see cref="Mode"/> is set.</summary>
        public double Probability = 0.35;

        public long DamagedResponses;
        public long WriteRequests;
        public long Requests;

        /// <summary>Called as each request is written (the soak types console noise while a scan runs).</summary>
        public Action OnRequest;

        public FaultyBusLine(ISerialLine inner, int seed)
        {
            _inner = inner;
            _random = new Random(seed);
        }

        public void Configure(SerialSettings settings) => _inner.Configure(settings);

        public int BytesToRead => (_injectedEnd - _injectedStart) + (_allowedBytes == 0 ? 0 : _inner.BytesToRead);

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            if (_injectedEnd > _injectedStart)
            {
                int n = Math.Min(count, _injectedEnd - _injectedStart);
                Array.Copy(_injected, _injectedStart, buffer, offset, n);
                _injectedStart += n;
                return n;
            }

            if (_allowedBytes == 0)
            {
                // The rest of a truncated response never arrives: swallow it as it comes.
                int swallowed = _inner.Read(_scratch, 0, _scratch.Length, timeoutMicroseconds);
                return swallowed < 0 ? swallowed : 0;
            }

            int read = _inner.Read(buffer, offset, count, timeoutMicroseconds);
            if (read <= 0)
            {
                return read;
            }

            if (_corruptNext)
            {
                _corruptNext = false;
                buffer[offset + _random.Next(read)] ^= (byte)(1 << _random.Next(8));
            }

            if (_allowedBytes > 0)
            {
                if (read >= _allowedBytes)
                {
                    read = _allowedBytes;
                    _allowedBytes = 0;
                }
                else
                {
                    _allowedBytes -= read;
                }
            }

            return read;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            Requests++;
            OnRequest?.Invoke();
            byte function = count > 1 ? buffer[offset + 1] : (byte)0;
            if (function == 5 || function == 6 || function == 15 || function == 16)
            {
                WriteRequests++;
            }

            _injectedStart = 0;
            _injectedEnd = 0;
            _allowedBytes = -1;
            _corruptNext = false;
            if (Mode != BusFaultMode.None && _random.NextDouble() < Probability)
            {
                DamagedResponses++;
                switch (Mode)
                {
                    case BusFaultMode.Noise:
                        int noise = 1 + _random.Next(24);
                        for (int i = 0; i < noise; i++)
                        {
                            _injected[_injectedEnd++] = (byte)_random.Next(256);
                        }

                        break;
                    case BusFaultMode.Echo:
                        Array.Copy(buffer, offset, _injected, 0, Math.Min(count, _injected.Length));
                        _injectedEnd = Math.Min(count, _injected.Length);
                        break;
                    case BusFaultMode.Corrupt:
                        _corruptNext = true;
                        break;
                    case BusFaultMode.Truncate:
                        _allowedBytes = 1 + _random.Next(6);
                        break;
                }
            }

            _inner.Write(buffer, offset, count);
        }
    }

    /// <summary>
    /// A record store in front of a <see cref="MemoryRecordStore"/> that can cut the power in the middle of the
    /// next write of a given record kind (torn at a random byte, with a random tail and maybe one flipped bit
    /// in the torn region), and reports every completed write to the soak's independent storage view.
    /// <see cref="LoseSecondSlot"/> makes it a broken store (slot 1 keeps its writes only until the power goes).
    /// </summary>
    public sealed class SoakRecordStore : IRecordStore
    {
        private readonly MemoryRecordStore _inner;
        private readonly Random _random;
        private byte[] _shadow;
        private int _shadowLength = -1;
        private byte _tearKind;
        private bool _tearArmed;

        public bool LoseSecondSlot;
        public long Writes;
        public long TornWrites;
        public long BitFlips;
        public long SequenceWraps;
        private uint _lastSequence;
        private bool _haveSequence;

        /// <summary>Called with the bytes of every write that completed (slot, buffer, offset, count).</summary>
        public Action<int, byte[], int, int> Completed;

        public SoakRecordStore(MemoryRecordStore inner, int seed)
        {
            _inner = inner;
            _random = new Random(seed);
        }

        public MemoryRecordStore Inner => _inner;

        public int SlotCount => _inner.SlotCount;

        public int SlotCapacity => _inner.SlotCapacity;

        public bool TearArmed => _tearArmed;

        /// <summary>The next write of a record of this kind ('P', 'C') is torn and the power goes.</summary>
        public void ArmTear(byte recordKind)
        {
            _tearKind = recordKind;
            _tearArmed = true;
        }

        public void Disarm()
        {
            _tearArmed = false;
        }

        /// <summary>What a power cut does to the store itself (the broken store forgets slot 1 here).</summary>
        public void PowerLost()
        {
            _shadowLength = -1;
        }

        public int Read(int slot, byte[] buffer, int offset)
        {
            if (slot == 1 && LoseSecondSlot && _shadowLength >= 0)
            {
                Array.Copy(_shadow, 0, buffer, offset, _shadowLength);
                return _shadowLength;
            }

            return _inner.Read(slot, buffer, offset);
        }

        public bool Write(int slot, byte[] buffer, int offset, int count)
        {
            Writes++;
            if (_tearArmed && count > 3 && buffer[offset + 3] == _tearKind)
            {
                _tearArmed = false;
                TornWrites++;
                int at = _random.Next(count);
                TornTail tail = (TornTail)_random.Next(3);
                _inner.TearNextWriteAfter(at, tail);
                _inner.Write(slot, buffer, offset, count);
                if (tail != TornTail.Truncated && at < count && _random.Next(2) == 0)
                {
                    BitFlips++;
                    _inner.FlipBit(slot, at + _random.Next(count - at), _random.Next(8));
                }

                throw new PowerCutException("in the middle of a '" + (char)_tearKind + "' record write (slot " + slot + ", byte " + at + " of " + count + ", " + tail + ")");
            }

            bool ok;
            if (slot == 1 && LoseSecondSlot)
            {
                _shadow = _shadow ?? new byte[SlotCapacity];
                Array.Copy(buffer, offset, _shadow, 0, count);
                _shadowLength = count;
                ok = true;
            }
            else
            {
                ok = _inner.Write(slot, buffer, offset, count);
            }

            if (ok && count >= PowerSafeRecord.HeaderLength)
            {
                uint sequence = (uint)(buffer[offset + 8] | buffer[offset + 9] << 8 | buffer[offset + 10] << 16 | buffer[offset + 11] << 24);
                if (_haveSequence && sequence < _lastSequence)
                {
                    SequenceWraps++;
                }

                _lastSequence = sequence;
                _haveSequence = true;
                Completed?.Invoke(slot, buffer, offset, count);
            }

            return ok;
        }

        /// <summary>
        /// Rewrites the valid record in <paramref name="slot"/> with another sequence number (and its CRC), so a
        /// run crosses the 32-bit wrap of the records' sequence numbers after a few saves.
        /// </summary>
        public static void Restamp(MemoryRecordStore store, int slot, uint sequence)
        {
            byte[] bytes = new byte[store.SlotCapacity];
            int length = store.Read(slot, bytes, 0);
            if (length < PowerSafeRecord.Overhead)
            {
                throw new InvalidOperationException("no record in slot " + slot);
            }

            bytes[8] = (byte)sequence;
            bytes[9] = (byte)(sequence >> 8);
            bytes[10] = (byte)(sequence >> 16);
            bytes[11] = (byte)(sequence >> 24);
            int payloadEnd = length - PowerSafeRecord.CrcLength;
            uint crc = Crc32(bytes, 0, payloadEnd);
            bytes[payloadEnd] = (byte)crc;
            bytes[payloadEnd + 1] = (byte)(crc >> 8);
            bytes[payloadEnd + 2] = (byte)(crc >> 16);
            bytes[payloadEnd + 3] = (byte)(crc >> 24);
            store.Write(slot, bytes, 0, length);
        }

        /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit: written apart from Core's table.</summary>
        public static uint Crc32(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }
    }

    /// <summary>The wall clock as the collector sees it: unsynchronised after each boot until SNTP answers.</summary>
    public sealed class SoakWallClock : IWallClock
    {
        private readonly VirtualClock _clock;

        public bool Synchronized;

        public SoakWallClock(VirtualClock clock)
        {
            _clock = clock;
        }

        public bool IsSynchronized => Synchronized;

        /// <summary>Unsynchronised, the ESP32's RTC counts from the epoch at boot.</summary>
        public DateTime UtcNow => Synchronized ? _clock.UtcNow : new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>
    /// The collector's monotonic clock: restarts at each boot (from a chosen offset, so that the 32-bit
    /// millisecond wraps at 24.8 and 49.7 days are crossed early), moved by the virtual clock.
    /// </summary>
    public sealed class BootClock : IClock
    {
        private readonly VirtualClock _clock;
        private long _bootAt;
        private long _offset;

        public BootClock(VirtualClock clock)
        {
            _clock = clock;
        }

        public void Reboot(long startMicroseconds)
        {
            _bootAt = _clock.MonotonicMicroseconds;
            _offset = startMicroseconds;
        }

        public long MonotonicMicroseconds => _clock.MonotonicMicroseconds - _bootAt + _offset;

        public void Sleep(int microseconds) => _clock.Sleep(microseconds);
    }

    /// <summary>The S0 outputs, with the pulses emitted into the collector's rings summed over every (re)start.</summary>
    public sealed class SoakCapture : IPulseCapture
    {
        private readonly S0Outputs _outputs;
        private readonly long[] _before;
        private int _channels;

        public SoakCapture(S0Outputs outputs, int channels)
        {
            _outputs = outputs;
            _before = new long[channels];
            _channels = channels;
        }

        public PulseCaptureMode Mode => _outputs.Mode;

        public int FailedChannel => _outputs.FailedChannel;

        /// <summary>Pulses whose edges reached the collector, since the start of the run.</summary>
        public long Generated(int channel) => _before[channel] + (_started ? _outputs.Generated(channel) : 0);

        private bool _started;

        public bool Start(PulseChannelSettings[] channels, EdgeRing ring)
        {
            Fold();
            _started = true;
            return _outputs.Start(channels, ring);
        }

        public void Stop()
        {
            Fold();
            _outputs.Stop();
        }

        /// <summary>The power goes: edges no longer reach any ring.</summary>
        public void PowerLost()
        {
            Stop();
        }

        private void Fold()
        {
            if (_started)
            {
                for (int i = 0; i < _channels; i++)
                {
                    _before[i] += _outputs.Generated(i);
                }

                _started = false;
            }
        }

        public long ReadCount(int channel) => 0;
    }
}
