using EspCollector.Core.Ports;

namespace EspCollector.Core.MBus
{
    /// <summary>The M-Bus port's settings (`mbus` in the configuration). 8E1 is fixed by EN 13757-2.</summary>
    public sealed class MBusSettings
    {
        /// <summary>300..9600; the KLEFR M-bus version's default is 9600 (manual, Appendix 2, A2.1).</summary>
        public int BaudRate = 9600;

        /// <summary>Response timeout; 0 = the standard's 330 bit times + 50 ms.</summary>
        public int ResponseTimeoutMicroseconds;

        /// <summary>Repetitions after a timeout, checksum error or collision (not for selection probes of a search).</summary>
        public int Retries = 2;

        /// <summary>Seconds between two readings of each M-Bus meter.</summary>
        public int IntervalSeconds = 60;

        public int EffectiveResponseTimeoutMicroseconds
        {
            get { return ResponseTimeoutMicroseconds > 0 ? ResponseTimeoutMicroseconds : MBusTiming.ResponseTimeoutMicroseconds(BaudRate); }
        }

        /// <summary>Null when valid, else the problem.</summary>
        public string Validate()
        {
            if (!MBusTiming.IsSupportedBaudRate(BaudRate))
            {
                return "mbus baud must be 300, 600, 1200, 2400, 4800 or 9600";
            }

            if (ResponseTimeoutMicroseconds < 0 || ResponseTimeoutMicroseconds > 10000000)
            {
                return "mbus timeout must be 0 (standard) .. 10 s";
            }

            if (Retries < 0 || Retries > 5)
            {
                return "mbus retries must be 0..5";
            }

            if (IntervalSeconds < 1 || IntervalSeconds > 86400)
            {
                return "mbus interval must be 1..86400 s";
            }

            return null;
        }

        public SerialSettings ToSerialSettings()
        {
            return new SerialSettings(BaudRate, SerialParity.Even, 1);
        }
    }
}
