using System.Collections;
using EspCollector.Core.Storage;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// Keeps the configuration in a <see cref="PowerSafeRecord"/> (record kind 'C'), the same write-new-then-switch
    /// scheme as the pulse totals: a power cut during save leaves the previous configuration loadable.
    /// </summary>
    public sealed class ConfigStore
    {
        public const byte RecordKind = (byte)'C';

        /// <summary>
        /// Slot size to give the record store: room for every key at its longest, 16 meters and 8 linked channels
        /// with every option written (3343 bytes measured by ConfigStoreTests.LargestConfigurationFitsTheRecommendedSlot).
        /// </summary>
        public const int RecommendedSlotCapacity = 4096;

        // The configuration is loaded once at boot and saved rarely, so the record and its slot-sized buffer (4 KB
        // with the recommended slot, a twentieth of the ESP32's heap) exist only during a load or a save; a load
        // parses the payload in place in that buffer, a save writes the payload's bytes through it.
        private readonly IRecordStore _store;
        private uint _sequence;
        private bool _migrated;

        public ConfigStore(IRecordStore store)
        {
            // The store's slot count and capacity are checked once, at boot (no record, no buffer, until a load).
            PowerSafeRecord.CheckStore(store);
            _store = store;
        }

        /// <summary>True when the last load read an older schema (the next save writes the current one).</summary>
        public bool Migrated
        {
            get { return _migrated; }
        }

        /// <summary>Sequence number of the newest stored record.</summary>
        public uint Sequence
        {
            get { return _sequence; }
        }

        /// <summary>Largest payload a save can write.</summary>
        public int MaximumPayloadLength
        {
            get { return _store.SlotCapacity - PowerSafeRecord.Overhead; }
        }

        /// <summary>Loads the stored configuration; never null (defaults when nothing valid is stored).</summary>
        public Configuration Load(ArrayList notes, out ConfigLoadOutcome outcome)
        {
            _migrated = false;
            PowerSafeRecord record = new PowerSafeRecord(_store, RecordKind);
            RecordLoadResult result = record.LoadInPlace();
            _sequence = record.Sequence;
            if (result == RecordLoadResult.Empty)
            {
                outcome = ConfigLoadOutcome.FirstBoot;
                notes.Add("configuration: first boot, defaults in use");
                return new Configuration();
            }

            if (result != RecordLoadResult.Loaded && result != RecordLoadResult.LoadedAfterFallback)
            {
                outcome = ConfigLoadOutcome.CorruptUsingDefaults;
                notes.Add("configuration: no valid record (" + (result == RecordLoadResult.Corrupt ? "corrupt" : "too large") + "), defaults in use");
                return new Configuration();
            }

            Configuration configuration = ConfigSerializer.FromBytes(record.PayloadBuffer, record.PayloadOffset, record.PayloadLength, record.SchemaVersion, notes);
            if (configuration == null)
            {
                outcome = ConfigLoadOutcome.CorruptUsingDefaults;
                notes.Add("configuration: defaults in use");
                return new Configuration();
            }

            if (record.SchemaVersion < ConfigSerializer.CurrentSchemaVersion)
            {
                _migrated = true;
                notes.Add("configuration: migrated from schema " + record.SchemaVersion + " to " + ConfigSerializer.CurrentSchemaVersion);
            }

            if (result == RecordLoadResult.LoadedAfterFallback)
            {
                outcome = ConfigLoadOutcome.RecoveredPrevious;
                notes.Add("configuration: newest record damaged, previous valid one loaded (sequence " + record.Sequence + ")");
                return configuration;
            }

            outcome = ConfigLoadOutcome.Loaded;
            return configuration;
        }

        /// <summary>Stores the configuration as the newest record; false when it does not fit or the write failed.</summary>
        public bool Save(Configuration configuration)
        {
            byte[] bytes = ConfigSerializer.ToBytes(configuration);
            if (bytes.Length > MaximumPayloadLength)
            {
                return false;
            }

            PowerSafeRecord record = new PowerSafeRecord(_store, RecordKind);
            bool saved = record.Save(ConfigSerializer.CurrentSchemaVersion, bytes, 0, bytes.Length);
            if (saved)
            {
                _migrated = false;
                _sequence = record.Sequence;
            }

            return saved;
        }
    }
}
