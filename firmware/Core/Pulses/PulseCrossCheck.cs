namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// Compares the energy increase counted from pulses with the increase of a linked Modbus meter's energy
    /// register over a window, and flags a difference beyond a threshold.
    ///
    /// A window closes at the first register reading that is at least the window duration after its start AND
    /// covers enough energy for the comparison to be meaningful: the register increase must be at least
    /// <see cref="ResolutionMultiple"/> times the combined quantisation (one pulse, 1/C kWh, plus one register
    /// step). At light load the window therefore stretches until enough energy has flowed. The flag uses both
    /// the relative threshold and that quantisation allowance, so a half-finished pulse never raises it.
    ///
    /// The register may be read irregularly or not at all (meter offline): only readings delimit windows.
    /// A register that goes backwards (meter replaced or reset) restarts the window. Allocation-free.
    /// </summary>
    public sealed class PulseCrossCheck
    {
        /// <summary>The window needs an increase of at least 50 quantisation steps (so ±1 step is ≤ 2 %).</summary>
        public const double ResolutionMultiple = 50;

        /// <summary>No reading has started a window yet.</summary>
        private const long NotStarted = long.MinValue;

        // The window, threshold and pulse constant are read from the settings when a reading comes (nanoCLR:
        // every field is a 12-byte block, so copies of settings and derived values are not kept).
        private PulseChannelSettings _settings;

        private long _startTime = NotStarted;
        private double _startRegister;
        private double _startPulses;

        private CrossCheckStatus _status;
        private double _lastRegisterIncrease;
        private double _lastPulseIncrease;
        private int _windowCount;
        private int _discrepancyCount;

        public PulseCrossCheck(PulseChannelSettings settings)
        {
            Configure(settings);
        }

        /// <summary>Applies new settings and restarts the comparison.</summary>
        public void Configure(PulseChannelSettings settings)
        {
            _settings = settings;
            _startTime = NotStarted;
            _status = CrossCheckStatus.Pending;
            _lastRegisterIncrease = 0;
            _lastPulseIncrease = 0;
        }

        public CrossCheckStatus Status
        {
            get { return _status; }
        }

        /// <summary>Pulse increase minus register increase over the last window, in kWh (0 while pending).</summary>
        public double DiscrepancyKilowattHours
        {
            get { return _lastPulseIncrease - _lastRegisterIncrease; }
        }

        /// <summary>The same relative to the register increase, in percent (0 while pending).</summary>
        public double DiscrepancyPercent
        {
            get
            {
                if (_status == CrossCheckStatus.Pending)
                {
                    return 0;
                }

                return _lastRegisterIncrease > 0 ? DiscrepancyKilowattHours * 100.0 / _lastRegisterIncrease : 100.0;
            }
        }

        public double LastRegisterIncreaseKilowattHours
        {
            get { return _lastRegisterIncrease; }
        }

        public double LastPulseIncreaseKilowattHours
        {
            get { return _lastPulseIncrease; }
        }

        public int WindowCount
        {
            get { return _windowCount; }
        }

        public int DiscrepancyCount
        {
            get { return _discrepancyCount; }
        }

        /// <summary>
        /// Feeds one register reading (kWh) taken at <paramref name="nowMicroseconds"/>, with the channel's
        /// pulse-derived energy (kWh, offset excluded) at the same moment. Returns true when a window closed.
        /// </summary>
        public bool Observe(long nowMicroseconds, double registerKilowattHours, double pulseKilowattHours)
        {
            if (double.IsNaN(registerKilowattHours) || double.IsInfinity(registerKilowattHours))
            {
                return false;
            }

            if (_startTime == NotStarted || registerKilowattHours < _startRegister || pulseKilowattHours < _startPulses)
            {
                Restart(nowMicroseconds, registerKilowattHours, pulseKilowattHours);
                return false;
            }

            double registerIncrease = registerKilowattHours - _startRegister;
            double pulseIncrease = pulseKilowattHours - _startPulses;
            double quantisation = _settings.KilowattHoursPerPulse + PulseChannel.DefaultRegisterResolutionKilowattHours;
            long window = _settings.CrossCheckWindowMicroseconds;
            if (nowMicroseconds - _startTime < window || registerIncrease < ResolutionMultiple * quantisation)
            {
                // Not enough time or energy yet, unless the pulses alone already disagree grossly (e.g. pulses
                // flowing while the register stands still: wrong meter linked or register not updating).
                if (!(nowMicroseconds - _startTime >= window && pulseIncrease >= ResolutionMultiple * quantisation))
                {
                    return false;
                }
            }

            double difference = pulseIncrease - registerIncrease;
            double allowance = registerIncrease * _settings.CrossCheckThresholdPercent / 100.0 + quantisation;
            _lastRegisterIncrease = registerIncrease;
            _lastPulseIncrease = pulseIncrease;
            _windowCount++;
            bool flagged = difference > allowance || -difference > allowance;
            if (flagged)
            {
                _discrepancyCount++;
            }

            _status = flagged ? CrossCheckStatus.Discrepancy : CrossCheckStatus.Agreeing;
            Restart(nowMicroseconds, registerKilowattHours, pulseKilowattHours);
            return true;
        }

        private void Restart(long nowMicroseconds, double registerKilowattHours, double pulseKilowattHours)
        {
            _startTime = nowMicroseconds;
            _startRegister = registerKilowattHours;
            _startPulses = pulseKilowattHours;
        }
    }
}
