namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Accounting of one pulse input: 64-bit pulse total, energy, instantaneous and average power, lost
    /// edges, and the optional cross-check against a Modbus meter. Fed by <see cref="PulseProcessor"/>;
    /// read by the publisher through the properties (no dependency on it). Allocation-free after construction.
    /// </summary>
    public sealed class PulseChannel
    {
        /// <summary>Default resolution of a linked energy register (0.01 kWh, as the KPM and SDM maps give).</summary>
        public const double DefaultRegisterResolutionKilowattHours = 0.01;

        private readonly int _index;
        private readonly PulseFilter _filter;
        private readonly PulsePowerEstimator _power;
        private readonly PulseCrossCheck _crossCheck;
        private PulseChannelSettings _settings;
        private uint _nameHash;

        private long _totalPulses;
        private long _lastHardwareCount;
        private int _lostEdges;
        private double _powerWatts;

        private long _averageStartTime;
        private long _averageStartPulses;
        private double _averagePowerWatts;

        public PulseChannel(int index, PulseChannelSettings settings)
        {
            _index = index;
            _filter = new PulseFilter(settings.FilterMicroseconds, settings.MeasurePulseWidth);
            _power = new PulsePowerEstimator(settings.ImpulsesPerKilowattHour, settings.PowerWindowMicroseconds);
            _crossCheck = new PulseCrossCheck(settings.CrossCheckWindowMicroseconds, settings.CrossCheckThresholdPercent,
                settings.KilowattHoursPerPulse, DefaultRegisterResolutionKilowattHours);
            ApplySettings(settings);
        }

        /// <summary>Applies changed settings; keeps the pulse total (the meter's pulses did not change).</summary>
        public void ApplySettings(PulseChannelSettings settings)
        {
            _settings = settings;
            _nameHash = HashName(settings.Name);
            _filter.Configure(settings.FilterMicroseconds, settings.MeasurePulseWidth);
            _power.Configure(settings.ImpulsesPerKilowattHour, settings.PowerWindowMicroseconds);
            _crossCheck.Configure(settings.CrossCheckWindowMicroseconds, settings.CrossCheckThresholdPercent,
                settings.KilowattHoursPerPulse, DefaultRegisterResolutionKilowattHours);
        }

        public int Index
        {
            get { return _index; }
        }

        public PulseChannelSettings Settings
        {
            get { return _settings; }
        }

        public string Name
        {
            get { return _settings.Name; }
        }

        /// <summary>FNV-1a hash of the name: identifies the channel's total in the persisted record.</summary>
        public uint NameHash
        {
            get { return _nameHash; }
        }

        /// <summary>Pulses counted since the channel was first set up (restored across reboots).</summary>
        public long TotalPulses
        {
            get { return _totalPulses; }
        }

        /// <summary>Energy in kWh: pulses / constant + offset.</summary>
        public double EnergyKilowattHours
        {
            get { return PulseEnergyKilowattHours + _settings.EnergyOffsetKilowattHours; }
        }

        /// <summary>Energy from pulses alone (no offset), in kWh.</summary>
        public double PulseEnergyKilowattHours
        {
            get { return _totalPulses / _settings.ImpulsesPerKilowattHour; }
        }

        /// <summary>Instantaneous power in W as of the last <see cref="UpdatePower"/>.</summary>
        public double PowerWatts
        {
            get { return _powerWatts; }
        }

        /// <summary>Mean power over the last closed averaging interval (publish interval), in W.</summary>
        public double AveragePowerWatts
        {
            get { return _averagePowerWatts; }
        }

        /// <summary>Edges lost to a full ring or found missing between two edges at the same level (an
        /// overflow or a gap is reported, never silent).</summary>
        public int LostEdgeCount
        {
            get { return _lostEdges + _filter.MissedEdgeCount; }
        }

        /// <summary>Edges or runs the filter rejected (bounce, pulses shorter than the filter).</summary>
        public int RejectedCount
        {
            get { return _filter.RejectedCount; }
        }

        public long LastPulseTime
        {
            get { return _power.LastPulseTime; }
        }

        public PulseCrossCheck CrossCheck
        {
            get { return _crossCheck; }
        }

        public CrossCheckStatus CrossCheckStatus
        {
            get { return _settings.HasLink ? _crossCheck.Status : CrossCheckStatus.NotLinked; }
        }

        /// <summary>Edge mode: one captured edge. Returns true when it completed an accepted pulse.</summary>
        public bool OnEdge(long timestampMicroseconds, bool active)
        {
            if (!_filter.OnEdge(timestampMicroseconds, active))
            {
                return false;
            }

            _totalPulses++;
            _power.Record(_filter.AcceptedPulseTime, _totalPulses);
            return true;
        }

        /// <summary>Hardware counter mode: the cumulative hardware count read at <paramref name="nowMicroseconds"/>.</summary>
        public void OnHardwareCount(long cumulativeCount, long nowMicroseconds)
        {
            long delta = cumulativeCount - _lastHardwareCount;
            _lastHardwareCount = cumulativeCount;
            if (delta <= 0)
            {
                return;
            }

            _totalPulses += delta;
            _power.Record(nowMicroseconds, _totalPulses);
        }

        /// <summary>Hardware counter restarted (capture restarted): the next read is counted from zero.</summary>
        public void ResetHardwareCount()
        {
            _lastHardwareCount = 0;
        }

        /// <summary>Adds edges the ring dropped since the last call.</summary>
        public void ReportLostEdges(int count)
        {
            _lostEdges += count;
        }

        public void UpdatePower(long nowMicroseconds)
        {
            _powerWatts = _power.PowerWatts(nowMicroseconds, _filter.PendingPulseStart);
        }

        /// <summary>
        /// Closes the averaging interval at <paramref name="nowMicroseconds"/> (call once per publish):
        /// <see cref="AveragePowerWatts"/> becomes the mean power since the previous call.
        /// </summary>
        public double CloseAveragingInterval(long nowMicroseconds)
        {
            _averagePowerWatts = PulsePowerEstimator.AveragePowerWatts(_totalPulses - _averageStartPulses,
                nowMicroseconds - _averageStartTime, _settings.ImpulsesPerKilowattHour);
            _averageStartTime = nowMicroseconds;
            _averageStartPulses = _totalPulses;
            return _averagePowerWatts;
        }

        /// <summary>Starts the first averaging interval (at processor start).</summary>
        public void StartAveragingInterval(long nowMicroseconds)
        {
            _averageStartTime = nowMicroseconds;
            _averageStartPulses = _totalPulses;
        }

        /// <summary>Feeds a reading of the linked meter's energy register (kWh). Returns true when a window closed.</summary>
        public bool ObserveLinkedRegister(long nowMicroseconds, double registerKilowattHours)
        {
            if (!_settings.HasLink)
            {
                return false;
            }

            return _crossCheck.Observe(nowMicroseconds, registerKilowattHours, PulseEnergyKilowattHours);
        }

        /// <summary>
        /// Sets the total from a persisted record. When the constant changed since the save, the pulses are
        /// rescaled so that the energy stays continuous (the meter's setting changed, not its energy).
        /// </summary>
        public void RestoreTotal(long savedPulses, double savedImpulsesPerKilowattHour)
        {
            if (savedImpulsesPerKilowattHour > 0 && savedImpulsesPerKilowattHour != _settings.ImpulsesPerKilowattHour)
            {
                double rescaled = savedPulses * (_settings.ImpulsesPerKilowattHour / savedImpulsesPerKilowattHour);
                savedPulses = (long)(rescaled + 0.5);
            }

            long delta = savedPulses - _totalPulses;
            _totalPulses = savedPulses;
            _averageStartPulses += delta;
        }

        /// <summary>FNV-1a (32-bit) over the UTF-16 code units of the name; no allocation.</summary>
        public static uint HashName(string name)
        {
            uint hash = 2166136261;
            if (name == null)
            {
                return hash;
            }

            for (int index = 0; index < name.Length; index++)
            {
                char character = name[index];
                hash = (hash ^ (byte)character) * 16777619;
                hash = (hash ^ (byte)(character >> 8)) * 16777619;
            }

            return hash;
        }
    }
}
