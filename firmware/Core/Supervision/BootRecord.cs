using EspCollector.Core.Storage;

namespace EspCollector.Core.Supervision
{
    /// <summary>
    /// The reboot cause and the crash-loop streak, kept in a <see cref="PowerSafeRecord"/> (kind 'B') so a power
    /// cut during the write leaves the previous record. Written only on an orderly restart (a few times a day at
    /// most) and once at boot when a cause was pending, never in steady state.
    ///
    /// Payload (little-endian): 0 pending cause (byte; 0xFF none), 1 streak count (byte), 4 streak uptime in
    /// seconds (uint32), 8 detail length (byte), 9.. detail (ASCII, at most 48).
    ///
    /// Safe mode: the streak counts consecutive crash/supervisor restarts and adds up the uptime of the runs
    /// they ended; the third within <see cref="StreakWindowSeconds"/> of run time puts the next boot in safe
    /// mode. Uptime is used because the monotonic clock restarts at every boot and the calendar may not be set.
    /// </summary>
    public sealed class BootRecord
    {
        public const byte RecordKind = (byte)'B';
        public const int SchemaVersion = 1;
        public const int UncleanRebootsForSafeMode = 3;
        public const long StreakWindowSeconds = 600;

        /// <summary>Slot size for the record store.</summary>
        public const int RecommendedSlotCapacity = PowerSafeRecord.Overhead + PayloadLength;

        private const int MaximumDetail = 48;
        private const int PayloadLength = 9 + MaximumDetail;
        private const byte NoCause = 0xFF;

        private readonly PowerSafeRecord _record;
        private readonly byte[] _payload = new byte[PayloadLength];
        private RebootCause _bootCause = RebootCause.PowerOn;
        private string _bootDetail = string.Empty;
        private int _streak;
        private long _streakSeconds;
        private bool _safeMode;
        private int _safeModeStreak;

        public BootRecord(IRecordStore store)
        {
            _record = new PowerSafeRecord(store, RecordKind);
        }

        /// <summary>Why this boot happened (after <see cref="OnBoot"/>).</summary>
        public RebootCause BootCause
        {
            get { return _bootCause; }
        }

        /// <summary>What the restart said about itself ("bus", "console thread: NullReferenceException", ...).</summary>
        public string BootDetail
        {
            get { return _bootDetail; }
        }

        /// <summary>"supervisor: bus" style text for events and health.</summary>
        public string BootCauseText
        {
            get { return _bootDetail.Length > 0 ? RebootCauses.Name(_bootCause) + ": " + _bootDetail : RebootCauses.Name(_bootCause); }
        }

        /// <summary>Crash/supervisor restarts in a row so far.</summary>
        public int Streak
        {
            get { return _streak; }
        }

        /// <summary>True when this boot must run in safe mode.</summary>
        public bool SafeMode
        {
            get { return _safeMode; }
        }

        /// <summary>Why safe mode, for the console and health; null when not in safe mode.</summary>
        public string SafeModeReason
        {
            get
            {
                return _safeMode
                    ? _safeModeStreak.ToString() + " crash/supervisor restarts within " + (StreakWindowSeconds / 60).ToString()
                        + " min, last: " + BootCauseText + "; only the console and pulse counting run; 'reboot' leaves safe mode"
                    : null;
            }
        }

        /// <summary>
        /// Reads the record once at boot: the pending cause becomes this boot's cause and is cleared (so the
        /// next boot without one is a power-on). Returns the cause.
        /// </summary>
        public RebootCause OnBoot()
        {
            RecordLoadResult loaded = _record.Load(_payload, 0);
            bool valid = (loaded == RecordLoadResult.Loaded || loaded == RecordLoadResult.LoadedAfterFallback)
                && _record.PayloadLength >= 9;
            byte pending = valid ? _payload[0] : NoCause;
            if (pending == NoCause || pending > (byte)RebootCause.OutOfMemory)
            {
                // Nothing written: a power cut or a native crash ended the last run. The streak ends too.
                _bootCause = RebootCause.PowerOn;
                _bootDetail = string.Empty;
                _streak = 0;
                _streakSeconds = 0;
                if (valid && _payload[1] != 0)
                {
                    Write(NoCause, string.Empty);
                }

                return _bootCause;
            }

            _bootCause = (RebootCause)pending;
            _streak = _payload[1];
            _streakSeconds = (long)((uint)(_payload[4] | (_payload[5] << 8) | (_payload[6] << 16) | (_payload[7] << 24)));
            int detailLength = _payload[8] <= MaximumDetail ? _payload[8] : 0;
            char[] detail = new char[detailLength];
            for (int i = 0; i < detailLength; i++)
            {
                detail[i] = (char)_payload[9 + i];
            }

            _bootDetail = new string(detail);
            _safeMode = RebootCauses.IsUnclean(_bootCause) && _streak >= UncleanRebootsForSafeMode;

            // Clear the pending cause; safe mode consumes the streak, so leaving it (reboot) runs normally.
            if (_safeMode)
            {
                _safeModeStreak = _streak;
                _streak = 0;
                _streakSeconds = 0;
            }

            Write(NoCause, string.Empty);
            return _bootCause;
        }

        /// <summary>
        /// Records the cause of the restart about to happen; <paramref name="uptimeSeconds"/> is how long this run
        /// lasted. Returns false when the record could not be written (the restart happens anyway).
        /// </summary>
        public bool RecordRestart(RebootCause cause, string detail, long uptimeSeconds)
        {
            if (RebootCauses.IsUnclean(cause))
            {
                if (_streakSeconds + uptimeSeconds > StreakWindowSeconds)
                {
                    _streak = 0;
                    _streakSeconds = 0;
                }

                _streak++;
                _streakSeconds += uptimeSeconds;
            }
            else
            {
                _streak = 0;
                _streakSeconds = 0;
            }

            return Write((byte)cause, detail);
        }

        private bool Write(byte cause, string detail)
        {
            _payload[0] = cause;
            _payload[1] = (byte)(_streak > 255 ? 255 : _streak);
            _payload[2] = 0;
            _payload[3] = 0;
            uint seconds = (uint)_streakSeconds;
            _payload[4] = (byte)seconds;
            _payload[5] = (byte)(seconds >> 8);
            _payload[6] = (byte)(seconds >> 16);
            _payload[7] = (byte)(seconds >> 24);
            int length = detail == null ? 0 : (detail.Length > MaximumDetail ? MaximumDetail : detail.Length);
            _payload[8] = (byte)length;
            for (int i = 0; i < length; i++)
            {
                char c = detail[i];
                _payload[9 + i] = c < 32 || c > 126 ? (byte)'?' : (byte)c;
            }

            return _record.Save(SchemaVersion, _payload, 0, 9 + length);
        }
    }
}
