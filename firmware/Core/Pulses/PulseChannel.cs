namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Accounting of one pulse input: 64-bit pulse total, energy, instantaneous and average power, lost
    /// edges, and the optional cross-check against a Modbus meter. Fed by <see cref="PulseProcessor"/>;
    /// read by the publisher through the properties (no dependency on it). Its numbers live in its row of the
    /// processor's <see cref="PulseLedger"/> (a channel built alone gets a ledger of its own); the cross-check
    /// exists only for a linked channel. Allocation-free after construction.
    /// </summary>
    public sealed class PulseChannel
    {
        /// <summary>Default resolution of a linked energy register (0.01 kWh, as the KPM and SDM maps give).</summary>
        public const double DefaultRegisterResolutionKilowattHours = 0.01;

        private readonly PulseLedger _ledger;
        private readonly int _index;
        private PulseChannelSettings _settings;
        private PulseCrossCheck _crossCheck;

        /// <summary>A channel with a ledger of its own (tests, tools); the processor shares one ledger.</summary>
        public PulseChannel(int index, PulseChannelSettings settings)
            : this(new PulseLedger(index + 1), index, settings)
        {
        }

        /// <summary>The channel whose numbers are row <paramref name="index"/> of <paramref name="ledger"/>.</summary>
        public PulseChannel(PulseLedger ledger, int index, PulseChannelSettings settings)
        {
            _ledger = ledger;
            _index = index;
            ApplySettings(settings);
        }

        /// <summary>Applies changed settings; keeps the pulse total (the meter's pulses did not change).</summary>
        public void ApplySettings(PulseChannelSettings settings)
        {
            _settings = settings;
            PulseFilter.Reset(_ledger, _index);
            PulsePowerEstimator.Reset(_ledger, _index);
            if (!settings.HasLink)
            {
                _crossCheck = null;
            }
            else if (_crossCheck == null)
            {
                _crossCheck = new PulseCrossCheck(settings);
            }
            else
            {
                _crossCheck.Configure(settings);
            }
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
            get { return HashName(_settings.Name); }
        }

        /// <summary>Pulses counted since the channel was first set up (restored across reboots).</summary>
        public long TotalPulses
        {
            get { return _ledger.Longs[Row + PulseLedger.Total]; }
        }

        /// <summary>Energy in kWh: pulses / constant + offset.</summary>
        public double EnergyKilowattHours
        {
            get { return PulseEnergyKilowattHours + _settings.EnergyOffsetKilowattHours; }
        }

        /// <summary>Energy from pulses alone (no offset), in kWh.</summary>
        public double PulseEnergyKilowattHours
        {
            get { return TotalPulses / _settings.ImpulsesPerKilowattHour; }
        }

        /// <summary>Instantaneous power in W as of the last <see cref="UpdatePower"/>.</summary>
        public double PowerWatts
        {
            get { return _ledger.DoubleAt(_index, PulseLedger.Power); }
        }

        /// <summary>Mean power over the last closed averaging interval (publish interval), in W.</summary>
        public double AveragePowerWatts
        {
            get { return _ledger.DoubleAt(_index, PulseLedger.AveragePower); }
        }

        /// <summary>Edges lost to a full ring or found missing between two edges at the same level (an
        /// overflow or a gap is reported, never silent).</summary>
        public int LostEdgeCount
        {
            get { return _ledger.Ints[_index * PulseLedger.IntSlots + PulseLedger.LostEdges]; }
        }

        /// <summary>Edges or runs the filter rejected (bounce, pulses shorter than the filter).</summary>
        public int RejectedCount
        {
            get { return _ledger.Ints[_index * PulseLedger.IntSlots + PulseLedger.Rejected]; }
        }

        /// <summary>Start of the newest counted pulse (edge mode), or time of the newest changed count (0 before any).</summary>
        public long LastPulseTime
        {
            get { return _ledger.Is(_index, PulseLedger.HasPulse) ? _ledger.Longs[Row + PulseLedger.NewestTime] : 0; }
        }

        /// <summary>The comparison with the linked meter; null when the channel has no link.</summary>
        public PulseCrossCheck CrossCheck
        {
            get { return _crossCheck; }
        }

        public CrossCheckStatus CrossCheckStatus
        {
            get { return _crossCheck != null ? _crossCheck.Status : CrossCheckStatus.NotLinked; }
        }

        private int Row
        {
            get { return _index * PulseLedger.LongSlots; }
        }

        /// <summary>Edge mode: one captured edge. Returns true when it completed an accepted pulse.</summary>
        public bool OnEdge(long timestampMicroseconds, bool active)
        {
            long pulseTime;
            if (!PulseFilter.OnEdge(_ledger, _index, _settings.FilterMicroseconds, _settings.MeasurePulseWidth,
                timestampMicroseconds, active, out pulseTime))
            {
                return false;
            }

            long total = ++_ledger.Longs[Row + PulseLedger.Total];
            PulsePowerEstimator.Record(_ledger, _index, _settings.PowerWindowMicroseconds, pulseTime, total);
            return true;
        }

        /// <summary>Hardware counter mode: the cumulative hardware count read at <paramref name="nowMicroseconds"/>.</summary>
        public void OnHardwareCount(long cumulativeCount, long nowMicroseconds)
        {
            long[] longs = _ledger.Longs;
            int row = Row;
            long delta = cumulativeCount - longs[row + PulseLedger.HardwareCount];
            longs[row + PulseLedger.HardwareCount] = cumulativeCount;
            if (delta <= 0)
            {
                return;
            }

            longs[row + PulseLedger.Total] += delta;
            PulsePowerEstimator.Record(_ledger, _index, _settings.PowerWindowMicroseconds, nowMicroseconds, longs[row + PulseLedger.Total]);
        }

        /// <summary>Hardware counter restarted (capture restarted): the next read is counted from zero.</summary>
        public void ResetHardwareCount()
        {
            _ledger.Longs[Row + PulseLedger.HardwareCount] = 0;
        }

        /// <summary>Adds edges the ring dropped since the last call.</summary>
        public void ReportLostEdges(int count)
        {
            _ledger.Ints[_index * PulseLedger.IntSlots + PulseLedger.LostEdges] += count;
        }

        /// <summary>
        /// Edge mode: the ring's overflow counter of this channel (cumulative, written by the producer); what it
        /// gained since the previous call is added to the lost edges.
        /// </summary>
        public void ReportRingOverflow(int overflowCount)
        {
            int seen = _index * PulseLedger.IntSlots + PulseLedger.OverflowSeen;
            int[] counters = _ledger.Ints;
            if (overflowCount != counters[seen])
            {
                ReportLostEdges(overflowCount - counters[seen]);
                counters[seen] = overflowCount;
            }
        }

        public void UpdatePower(long nowMicroseconds)
        {
            _ledger.SetDouble(_index, PulseLedger.Power, PulsePowerEstimator.PowerWatts(_ledger, _index,
                _settings.ImpulsesPerKilowattHour, nowMicroseconds, PulseFilter.PendingPulseStart(_ledger, _index, _settings.MeasurePulseWidth)));
        }

        /// <summary>
        /// Closes the averaging interval at <paramref name="nowMicroseconds"/> (call once per publish):
        /// <see cref="AveragePowerWatts"/> becomes the mean power since the previous call.
        /// </summary>
        public double CloseAveragingInterval(long nowMicroseconds)
        {
            long[] longs = _ledger.Longs;
            int row = Row;
            double average = PulsePowerEstimator.AveragePowerWatts(longs[row + PulseLedger.Total] - longs[row + PulseLedger.AverageStartPulses],
                nowMicroseconds - longs[row + PulseLedger.AverageStartTime], _settings.ImpulsesPerKilowattHour);
            _ledger.SetDouble(_index, PulseLedger.AveragePower, average);
            StartAveragingInterval(nowMicroseconds);
            return average;
        }

        /// <summary>Starts the first averaging interval (at processor start).</summary>
        public void StartAveragingInterval(long nowMicroseconds)
        {
            long[] longs = _ledger.Longs;
            int row = Row;
            longs[row + PulseLedger.AverageStartTime] = nowMicroseconds;
            longs[row + PulseLedger.AverageStartPulses] = longs[row + PulseLedger.Total];
        }

        /// <summary>Feeds a reading of the linked meter's energy register (kWh). Returns true when a window closed.</summary>
        public bool ObserveLinkedRegister(long nowMicroseconds, double registerKilowattHours)
        {
            if (_crossCheck == null)
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

            long[] longs = _ledger.Longs;
            int row = Row;
            long delta = savedPulses - longs[row + PulseLedger.Total];
            longs[row + PulseLedger.Total] = savedPulses;
            longs[row + PulseLedger.AverageStartPulses] += delta;

            // The power marks hold counts of the old total: start them again from the next pulse.
            PulsePowerEstimator.Reset(_ledger, _index);
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
