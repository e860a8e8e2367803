using System;
using EspCollector.Core.Ports;
using EspCollector.Core.Storage;

namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Persists every channel's pulse total in a <see cref="PowerSafeRecord"/> (record kind 'P'), at a
    /// configurable interval (only when a total changed), and on demand before an orderly reboot or a
    /// configuration change; restores the newest valid record at boot. A power cut loses at most the pulses
    /// counted since the last save (see README for the worst case and the flash-wear arithmetic).
    ///
    /// Payload, schema 1 (little-endian):
    ///   0  channel count (byte), 3 bytes reserved (0)
    ///   4  per channel, 20 bytes: FNV-1a hash of the name (uint32), total pulses (int64),
    ///      impulses per kWh at the time of the save (IEEE double bits, int64)
    /// Totals follow the channel NAME (a renamed channel starts from 0; a reordered one keeps its total).
    /// The payload buffer is sized for the attached channels; Restore reads into a buffer for eight channels that
    /// it drops again (boot and configuration change only). Saving allocates nothing.
    /// </summary>
    public sealed class PulseTotalsStore
    {
        public const byte RecordKind = (byte)'P';
        public const int SchemaVersion = 1;
        public const int HeaderLength = 4;
        public const int BytesPerChannel = 20;

        /// <summary>Payload of eight channels (164) plus record overhead (16), rounded up.</summary>
        public const int RecommendedSlotCapacity = 192;

        /// <summary>Default save interval: 5 minutes (flash-wear arithmetic in README.md).</summary>
        public const long DefaultSaveIntervalMicroseconds = 5L * 60 * 1000000;

        private readonly PowerSafeRecord _record;
        private readonly IClock _clock;
        private byte[] _payload;
        private PulseChannel[] _channels;
        private long _saveIntervalMicroseconds;
        private long _lastSaveTime;
        private long _savedSum;
        private RecordLoadResult _lastLoadResult;
        private int _restoredChannelCount;

        public PulseTotalsStore(PowerSafeRecord record, IClock clock, long saveIntervalMicroseconds)
        {
            if (record == null || clock == null)
            {
                throw new ArgumentNullException("record");
            }

            if (record.MaximumPayloadLength < HeaderLength + BytesPerChannel * PulseChannelSettings.MaximumChannels)
            {
                throw new ArgumentException("record too small for eight channels");
            }

            _record = record;
            _clock = clock;
            _saveIntervalMicroseconds = saveIntervalMicroseconds;
            _payload = new byte[HeaderLength];
            _channels = new PulseChannel[0];
        }

        public long SaveIntervalMicroseconds
        {
            get { return _saveIntervalMicroseconds; }
            set { _saveIntervalMicroseconds = value; }
        }

        /// <summary>Result of the last <see cref="Restore"/> (Empty at first boot, LoadedAfterFallback after a torn save).</summary>
        public RecordLoadResult LastLoadResult
        {
            get { return _lastLoadResult; }
        }

        /// <summary>Channels whose total the last Restore found in the record.</summary>
        public int RestoredChannelCount
        {
            get { return _restoredChannelCount; }
        }

        public PowerSafeRecord Record
        {
            get { return _record; }
        }

        /// <summary>Binds the channels whose totals are saved (after a configuration change, the new set).</summary>
        public void Attach(PulseChannel[] channels)
        {
            if (channels.Length > PulseChannelSettings.MaximumChannels)
            {
                throw new ArgumentOutOfRangeException("channels");
            }

            _channels = channels;
            _payload = new byte[HeaderLength + BytesPerChannel * channels.Length];
            _savedSum = SumOfTotals();
            _lastSaveTime = _clock.MonotonicMicroseconds;
        }

        /// <summary>Loads the newest valid record and sets the attached channels' totals from it.</summary>
        public RecordLoadResult Restore()
        {
            _restoredChannelCount = 0;
            byte[] loaded = new byte[HeaderLength + BytesPerChannel * PulseChannelSettings.MaximumChannels];
            _lastLoadResult = _record.Load(loaded, 0);
            if (_lastLoadResult != RecordLoadResult.Loaded && _lastLoadResult != RecordLoadResult.LoadedAfterFallback)
            {
                return _lastLoadResult;
            }

            int length = _record.PayloadLength;
            if (_record.SchemaVersion != SchemaVersion || length < HeaderLength)
            {
                _lastLoadResult = RecordLoadResult.Corrupt;
                return _lastLoadResult;
            }

            int stored = loaded[0];
            if (HeaderLength + stored * BytesPerChannel > length)
            {
                _lastLoadResult = RecordLoadResult.Corrupt;
                return _lastLoadResult;
            }

            for (int index = 0; index < _channels.Length; index++)
            {
                PulseChannel channel = _channels[index];
                for (int entry = 0; entry < stored; entry++)
                {
                    int offset = HeaderLength + entry * BytesPerChannel;
                    if (LittleEndian.ReadUInt32(loaded, offset) == channel.NameHash)
                    {
                        long pulses = LittleEndian.ReadInt64(loaded, offset + 4);
                        double constant = BitConverter.Int64BitsToDouble(LittleEndian.ReadInt64(loaded, offset + 12));
                        channel.RestoreTotal(pulses, constant);
                        _restoredChannelCount++;
                        break;
                    }
                }
            }

            _savedSum = SumOfTotals();
            _lastSaveTime = _clock.MonotonicMicroseconds;
            return _lastLoadResult;
        }

        /// <summary>
        /// True when a total changed since the last save. Totals only grow between restores, so any change
        /// changes their sum (one number kept instead of a copy of every total).
        /// </summary>
        public bool HasUnsavedPulses
        {
            get { return SumOfTotals() != _savedSum; }
        }

        private long SumOfTotals()
        {
            long sum = 0;
            for (int index = 0; index < _channels.Length; index++)
            {
                sum += _channels[index].TotalPulses;
            }

            return sum;
        }

        /// <summary>Saves when the interval has elapsed and a total changed. Returns true when it saved.</summary>
        public bool SaveIfDue()
        {
            long now = _clock.MonotonicMicroseconds;
            if (now - _lastSaveTime < _saveIntervalMicroseconds || !HasUnsavedPulses)
            {
                return false;
            }

            return SaveNow();
        }

        /// <summary>Saves immediately (orderly reboot, configuration change). Returns false when the write failed.</summary>
        public bool SaveNow()
        {
            _payload[0] = (byte)_channels.Length;
            _payload[1] = 0;
            _payload[2] = 0;
            _payload[3] = 0;
            for (int index = 0; index < _channels.Length; index++)
            {
                PulseChannel channel = _channels[index];
                int offset = HeaderLength + index * BytesPerChannel;
                LittleEndian.WriteUInt32(_payload, offset, channel.NameHash);
                LittleEndian.WriteInt64(_payload, offset + 4, channel.TotalPulses);
                LittleEndian.WriteInt64(_payload, offset + 12, BitConverter.DoubleToInt64Bits(channel.Settings.ImpulsesPerKilowattHour));
            }

            // A failed save is retried at the next interval; the previous record stays valid meanwhile.
            long sum = SumOfTotals();
            _lastSaveTime = _clock.MonotonicMicroseconds;
            bool saved = _record.Save(SchemaVersion, _payload, 0, HeaderLength + _channels.Length * BytesPerChannel);
            if (saved)
            {
                _savedSum = sum;
            }

            return saved;
        }
    }
}
