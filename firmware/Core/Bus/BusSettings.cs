using EspCollector.Core.Ports;

namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Configuration of one RS485 bus (defaults kept apart from runtime state). Times are microseconds.
    /// Defaults: 9600 baud 8E1 (Serial Line V1.02, 2.5.1: even parity is the default), 1 s response timeout
    /// (slow meters answer in a few hundred ms), 2 retries, 200 ms turnaround after a broadcast
    /// (2.4.1 suggests 100 to 200 ms).
    /// </summary>
    public sealed class BusSettings
    {
        public int BaudRate = 9600;
        public SerialParity Parity = SerialParity.Even;
        public int StopBits = 1;

        /// <summary>From the end of a request to the first byte of its response.</summary>
        public int ResponseTimeoutMicroseconds = 1000000;

        /// <summary>Extra attempts after a timeout, CRC error or invalid response; never after an exception response.</summary>
        public int Retries = 2;

        /// <summary>Silence kept after a broadcast so every slave has processed it (2.4.1 "turnaround delay").</summary>
        public int TurnaroundDelayMicroseconds = 200000;

        /// <summary>0: t1.5 from <see cref="RtuTiming"/>. A larger value suits lines that deliver received bytes
        /// in bursts (USB adapters, UART drivers with a receive FIFO timeout), where the gaps the master sees
        /// are not the gaps on the wire.</summary>
        public int InterCharacterTimeoutMicroseconds;

        /// <summary>
        /// Character times the serial line may hold received bytes back before handing them over (0: bytes are
        /// seen as they arrive). A frame ends on the length its header declares; a silence ends it only as a
        /// fallback (noise, a damaged or foreign frame), and that silence must be longer than the line's
        /// delivery gap or a long answer is cut between two deliveries. The ESP32 UART driver hands bytes over
        /// when its RX FIFO holds 120 of them or after 10 idle character times, so it needs at least 131
        /// (firmware/PLATFORM.md, "ESP32 platform", serial delivery). Set by the composition per serial line.
        /// </summary>
        public int DeliveryGapCharacters;

        /// <summary>
        /// The line's RX idle timeout in character times, with <see cref="DeliveryThresholdBytes"/> (0: none). A
        /// delivery of fewer bytes than the threshold is handed over only after the line has been idle this long
        /// (ESP32: 10 characters, 120 bytes), so when an answer's last bytes come that way the wire has already
        /// been silent for this time: it counts towards the t3.5 before the next request (Modbus over Serial Line
        /// V1.02, 2.5.1.1: frames are separated by a silence of at least 3.5 character times, on the wire).
        /// </summary>
        public int DeliveryIdleCharacters;

        /// <summary>The line's RX FIFO threshold: a delivery of this many bytes may come without any idle time.</summary>
        public int DeliveryThresholdBytes;

        /// <summary>0: t3.5 from <see cref="RtuTiming"/>; may only be raised.</summary>
        public int InterFrameDelayMicroseconds;

        /// <summary>The transceiver hears its own transmission: the request's echo precedes every response.
        /// Without this flag echoes of reads are still skipped by resynchronisation, but the echo of a 05/06
        /// write is byte-identical to its normal response and would be taken for it.</summary>
        public bool ExpectEcho;

        public SerialSettings ToSerialSettings()
        {
            return new SerialSettings(BaudRate, Parity, StopBits);
        }

        public int EffectiveInterCharacterTimeoutMicroseconds
        {
            get
            {
                int specification = RtuTiming.InterCharacterTimeoutMicroseconds(BaudRate);
                return InterCharacterTimeoutMicroseconds > specification ? InterCharacterTimeoutMicroseconds : specification;
            }
        }

        public int EffectiveInterFrameDelayMicroseconds
        {
            get
            {
                int specification = RtuTiming.InterFrameDelayMicroseconds(BaudRate);
                return InterFrameDelayMicroseconds > specification ? InterFrameDelayMicroseconds : specification;
            }
        }

        /// <summary>Null when the settings are usable, otherwise why not (for the console).</summary>
        public string Validate()
        {
            if (BaudRate < 300 || BaudRate > 1000000)
            {
                return "baud rate out of range 300..1000000";
            }

            // 8E1, 8O1 (2.5.1), 8N2 (the specification's no-parity framing) and 8N1 (common in meters).
            if (StopBits != 1 && StopBits != 2)
            {
                return "stop bits must be 1 or 2";
            }

            if (StopBits == 2 && Parity != SerialParity.None)
            {
                return "two stop bits only without parity (8N2)";
            }

            if (ResponseTimeoutMicroseconds < 1000 || ResponseTimeoutMicroseconds > 60000000)
            {
                return "response timeout out of range 1 ms..60 s";
            }

            if (Retries < 0 || Retries > 10)
            {
                return "retries out of range 0..10";
            }

            if (TurnaroundDelayMicroseconds < 0 || TurnaroundDelayMicroseconds > 10000000)
            {
                return "turnaround delay out of range 0..10 s";
            }

            if (InterCharacterTimeoutMicroseconds < 0 || InterFrameDelayMicroseconds < 0 || DeliveryGapCharacters < 0 || DeliveryGapCharacters > 1000
                || DeliveryIdleCharacters < 0 || DeliveryIdleCharacters > 1000 || DeliveryThresholdBytes < 0)
            {
                return "negative timer";
            }

            return null;
        }

        /// <summary>Framing as usually written: 8E1, 8N1, 8O1, 8N2.</summary>
        public string FramingName
        {
            get
            {
                string parity = Parity == SerialParity.Even ? "E" : Parity == SerialParity.Odd ? "O" : "N";
                return "8" + parity + StopBits.ToString();
            }
        }

        /// <summary>The effective settings in one line (a "dump_config" for the console).</summary>
        public string Describe()
        {
            return BaudRate.ToString() + " " + FramingName
                + " timeout=" + (ResponseTimeoutMicroseconds / 1000).ToString() + "ms"
                + " retries=" + Retries.ToString()
                + " turnaround=" + (TurnaroundDelayMicroseconds / 1000).ToString() + "ms"
                + " t1.5=" + EffectiveInterCharacterTimeoutMicroseconds.ToString() + "us"
                + " t3.5=" + EffectiveInterFrameDelayMicroseconds.ToString() + "us"
                + (DeliveryGapCharacters > 0 ? " delivery-gap=" + DeliveryGapCharacters.ToString() + "ch" : string.Empty)
                + (ExpectEcho ? " echo" : string.Empty);
        }
    }
}
