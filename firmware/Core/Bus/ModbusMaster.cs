using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Modbus RTU master for one RS485 bus (Modbus over Serial Line V1.02, 2.4 and 2.5.1): one transaction at
    /// a time, request and response buffers preallocated, no allocation per transaction. Before each request
    /// the input is drained and the line must have been silent for t3.5 (and for the turnaround delay after a
    /// broadcast); the response must start within the response timeout, a silence over t1.5 ends a frame, and
    /// the response is found by resynchronising on address + function + length + CRC
    /// (<see cref="RtuResponseParser"/>). Timeouts, CRC errors and invalid responses are retried; exception
    /// responses are not. Time comes only from <see cref="IClock"/>. Not thread-safe: one caller (the bus
    /// thread) at a time.
    /// </summary>
    public sealed class ModbusMaster
    {
        /// <summary>Room for an echoed 256-byte request followed by a 256-byte response.</summary>
        private const int ReceiveBufferLength = ModbusPdu.MaximumAduLength * 2;

        private readonly ISerialLine _line;
        private readonly IClock _clock;
        private readonly BusSettings _settings;
        private readonly BusStatistics _statistics = new BusStatistics();
        private readonly RtuResponseParser _parser = new RtuResponseParser();
        private readonly byte[] _request = new byte[ModbusPdu.MaximumAduLength];
        private readonly byte[] _response = new byte[ReceiveBufferLength];
        private readonly byte[] _readBack = new byte[ModbusPdu.MaximumWriteRegisters * 2];

        private readonly int _interCharacterTimeout;
        private readonly int _interFrameDelay;
        private readonly int _bitsPerCharacter;
        private readonly int _interCharacterReadTimeout;

        private int _requestLength;

        /// <summary>Last time a byte was sent or seen on the line (start of the current silence).</summary>
        private long _lastLineActivity;

        /// <summary>Silence already past when a delivery under <see cref="_deliveryThreshold"/> bytes is read
        /// (<see cref="BusSettings.DeliveryIdleCharacters"/>), µs; 0 for a line that hands bytes over as they arrive.</summary>
        private readonly int _deliveryIdle;
        private readonly int _deliveryThreshold;

        /// <summary>No request before this time (turnaround after a broadcast).</summary>
        private long _quietUntil;

        private int _responseDataOffset;
        private int _responseDataLength;

        public ModbusMaster(ISerialLine line, IClock clock, BusSettings settings)
        {
            if (line == null || clock == null || settings == null)
            {
                throw new ArgumentNullException(line == null ? "line" : clock == null ? "clock" : "settings");
            }

            string problem = settings.Validate();
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            _line = line;
            _clock = clock;
            _settings = settings;
            _interCharacterTimeout = settings.EffectiveInterCharacterTimeoutMicroseconds;
            _interFrameDelay = settings.EffectiveInterFrameDelayMicroseconds;
            SerialSettings serial = settings.ToSerialSettings();
            _bitsPerCharacter = serial.BitsPerCharacter;

            // A received byte becomes readable when its stop bit ends, so between two readable bytes lie one
            // character time plus the silence; the frame ends when that silence exceeds t1.5.
            _interCharacterReadTimeout = RtuTiming.TransmissionMicroseconds(1, _bitsPerCharacter, settings.BaudRate) + _interCharacterTimeout;

            // A line that hands bytes over in chunks (the ESP32 UART driver) shows gaps that are not on the wire:
            // the fallback silence must outlast the longest of them, or an answer is cut between two chunks.
            int deliveryGap = RtuTiming.TransmissionMicroseconds(settings.DeliveryGapCharacters, _bitsPerCharacter, settings.BaudRate);
            if (deliveryGap > _interCharacterReadTimeout)
            {
                _interCharacterReadTimeout = deliveryGap;
            }
            if (settings.DeliveryIdleCharacters > 0 && settings.DeliveryThresholdBytes > 0)
            {
                _deliveryIdle = RtuTiming.TransmissionMicroseconds(settings.DeliveryIdleCharacters, _bitsPerCharacter, settings.BaudRate);
                _deliveryThreshold = settings.DeliveryThresholdBytes;
            }

            line.Configure(serial);

            // The line state before we opened it is unknown: the first request also waits for t3.5.
            _lastLineActivity = clock.MonotonicMicroseconds;
        }

        public BusSettings Settings
        {
            get { return _settings; }
        }

        /// <summary>
        /// Takes the response timeout and the retries of <paramref name="settings"/> for the next transactions:
        /// the settings a running master can change without reconfiguring its line (the framing and the gaps
        /// derived from it need a new master). Allocates nothing; an unusable value is refused, nothing changes.
        /// </summary>
        public void UpdateRetrySettings(BusSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            string problem = settings.Validate();
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            _settings.ResponseTimeoutMicroseconds = settings.ResponseTimeoutMicroseconds;
            _settings.Retries = settings.Retries;
        }

        public BusStatistics Statistics
        {
            get { return _statistics; }
        }

        /// <summary>Exception code of the last exception response (also for codes without a named status).</summary>
        public byte LastExceptionCode { get; private set; }

        /// <summary>Attempts made by the last transaction (1 + retries used).</summary>
        public int LastAttempts { get; private set; }

        /// <summary>The last response frame, in the bus's receive buffer (valid until the next transaction).</summary>
        public byte[] ResponseBuffer
        {
            get { return _response; }
        }

        /// <summary>Offset in <see cref="ResponseBuffer"/> of the last response's data field (read data after
        /// the byte count).</summary>
        public int ResponseDataOffset
        {
            get { return _responseDataOffset; }
        }

        public int ResponseDataLength
        {
            get { return _responseDataLength; }
        }

        /// <summary>The request buffer, with the last request frame (for tests and the console's trace).</summary>
        public byte[] RequestBuffer
        {
            get { return _request; }
        }

        public int RequestLength
        {
            get { return _requestLength; }
        }

        // ---------------------------------------------------------------- reads

        /// <summary>Reads coils, discrete inputs, holding or input registers (01..04); on Ok the data field is
        /// at <see cref="ResponseDataOffset"/> in <see cref="ResponseBuffer"/> (nothing copied).</summary>
        public ModbusStatus Read(byte address, byte functionCode, ushort start, ushort quantity)
        {
            return Read(address, functionCode, start, quantity, _settings.ResponseTimeoutMicroseconds, _settings.Retries);
        }

        /// <summary>As <see cref="Read(byte, byte, ushort, ushort)"/> with a per-call response timeout and retry
        /// count (a bus scan probes each address once with a short timeout).</summary>
        public ModbusStatus Read(byte address, byte functionCode, ushort start, ushort quantity, int timeoutMicroseconds, int retries)
        {
            _responseDataLength = 0;
            if (address == ModbusPdu.BroadcastAddress || address > ModbusPdu.MaximumSlaveAddress
                || ModbusPdu.ValidateReadRequest(functionCode, start, quantity) != ModbusStatus.Ok
                || timeoutMicroseconds <= 0 || retries < 0)
            {
                // Reads are never broadcast (Serial Line V1.02, 2.1): nobody could answer.
                return ModbusStatus.InvalidRequest;
            }

            int pduLength = ModbusPdu.WriteReadRequest(_request, 1, functionCode, start, quantity);
            _parser.ExpectRead(address, functionCode, ModbusPdu.ReadDataByteCount(functionCode, quantity));
            return Transact(address, pduLength, timeoutMicroseconds, retries);
        }

        /// <summary>Reads 03/04 registers and copies the data field (big-endian register bytes) to the caller's buffer.</summary>
        public ModbusStatus ReadRegisters(byte address, byte functionCode, ushort start, ushort quantity, byte[] destination, int destinationOffset)
        {
            if (functionCode != ModbusFunction.ReadHoldingRegisters && functionCode != ModbusFunction.ReadInputRegisters)
            {
                return ModbusStatus.InvalidRequest;
            }

            return ReadAndCopy(address, functionCode, start, quantity, destination, destinationOffset);
        }

        /// <summary>Reads holding (03) or input (04) registers into the caller's array as 16-bit values.</summary>
        public ModbusStatus ReadRegisters(byte address, byte functionCode, ushort start, ushort quantity, ushort[] destination, int destinationOffset)
        {
            if (functionCode != ModbusFunction.ReadHoldingRegisters && functionCode != ModbusFunction.ReadInputRegisters)
            {
                return ModbusStatus.InvalidRequest;
            }

            ModbusStatus status = Read(address, functionCode, start, quantity);
            if (status == ModbusStatus.Ok)
            {
                for (int index = 0; index < quantity; index++)
                {
                    destination[destinationOffset + index] = ModbusPdu.ReadUInt16(_response, _responseDataOffset + index * 2);
                }
            }

            return status;
        }

        public ModbusStatus ReadHoldingRegisters(byte address, ushort start, ushort quantity, ushort[] destination, int destinationOffset)
        {
            return ReadRegisters(address, ModbusFunction.ReadHoldingRegisters, start, quantity, destination, destinationOffset);
        }

        public ModbusStatus ReadInputRegisters(byte address, ushort start, ushort quantity, ushort[] destination, int destinationOffset)
        {
            return ReadRegisters(address, ModbusFunction.ReadInputRegisters, start, quantity, destination, destinationOffset);
        }

        /// <summary>Reads coils (01), copying the packed bits (LSB of the first byte = first coil, 6.1).</summary>
        public ModbusStatus ReadCoils(byte address, ushort start, ushort quantity, byte[] destination, int destinationOffset)
        {
            return ReadAndCopy(address, ModbusFunction.ReadCoils, start, quantity, destination, destinationOffset);
        }

        /// <summary>Reads discrete inputs (02), copying the packed bits.</summary>
        public ModbusStatus ReadDiscreteInputs(byte address, ushort start, ushort quantity, byte[] destination, int destinationOffset)
        {
            return ReadAndCopy(address, ModbusFunction.ReadDiscreteInputs, start, quantity, destination, destinationOffset);
        }

        /// <summary>One attempt with its own timeout and no retry: "is anybody at this address?" for a bus scan.
        /// Ok or any exception response means a device answered.</summary>
        public ModbusStatus Probe(byte address, byte functionCode, ushort start, ushort quantity, int timeoutMicroseconds)
        {
            return Read(address, functionCode, start, quantity, timeoutMicroseconds, 0);
        }

        // ---------------------------------------------------------------- writes

        /// <summary>05 Write Single Coil (6.5); address 0 broadcasts (result BroadcastSent).</summary>
        public ModbusStatus WriteSingleCoil(byte address, ushort outputAddress, bool on)
        {
            if (address > ModbusPdu.MaximumSlaveAddress)
            {
                return ModbusStatus.InvalidRequest;
            }

            int pduLength = ModbusPdu.WriteSingleCoilRequest(_request, 1, outputAddress, on);
            _parser.ExpectWrite(address, ModbusFunction.WriteSingleCoil, _request, 0);
            return Transact(address, pduLength, _settings.ResponseTimeoutMicroseconds, _settings.Retries);
        }

        /// <summary>06 Write Single Register (6.6); address 0 broadcasts.</summary>
        public ModbusStatus WriteSingleRegister(byte address, ushort registerAddress, ushort value)
        {
            if (address > ModbusPdu.MaximumSlaveAddress)
            {
                return ModbusStatus.InvalidRequest;
            }

            int pduLength = ModbusPdu.WriteSingleRegisterRequest(_request, 1, registerAddress, value);
            _parser.ExpectWrite(address, ModbusFunction.WriteSingleRegister, _request, 0);
            return Transact(address, pduLength, _settings.ResponseTimeoutMicroseconds, _settings.Retries);
        }

        /// <summary>16 Write Multiple Registers (6.12), 1..123 registers; address 0 broadcasts.</summary>
        public ModbusStatus WriteMultipleRegisters(byte address, ushort start, ushort[] values, int offset, int count)
        {
            if (address > ModbusPdu.MaximumSlaveAddress || values == null || offset < 0 || offset + count > values.Length
                || ModbusPdu.ValidateWriteMultipleRegisters(start, count) != ModbusStatus.Ok)
            {
                return ModbusStatus.InvalidRequest;
            }

            int pduLength = ModbusPdu.WriteMultipleRegistersRequest(_request, 1, start, values, offset, count);
            _parser.ExpectWrite(address, ModbusFunction.WriteMultipleRegisters, _request, 0);
            return Transact(address, pduLength, _settings.ResponseTimeoutMicroseconds, _settings.Retries);
        }

        /// <summary>
        /// Writes registers with 06 (one register) or 16 and reads them back with 03: a meter may acknowledge a
        /// write it then ignores (read-only or protected register), so settings are confirmed by reading.
        /// Returns ReadBackMismatch when the values read differ.
        /// </summary>
        public ModbusStatus WriteRegistersVerified(byte address, byte writeFunctionCode, ushort start, ushort[] values, int offset, int count)
        {
            if (address == ModbusPdu.BroadcastAddress)
            {
                return ModbusStatus.InvalidRequest;
            }

            ModbusStatus status;
            if (writeFunctionCode == ModbusFunction.WriteSingleRegister && count == 1)
            {
                status = WriteSingleRegister(address, start, values[offset]);
            }
            else if (writeFunctionCode == ModbusFunction.WriteMultipleRegisters)
            {
                status = WriteMultipleRegisters(address, start, values, offset, count);
            }
            else
            {
                return ModbusStatus.InvalidRequest;
            }

            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            status = ReadRegisters(address, ModbusFunction.ReadHoldingRegisters, start, (ushort)count, _readBack, 0);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            for (int index = 0; index < count; index++)
            {
                if (ModbusPdu.ReadUInt16(_readBack, index * 2) != values[offset + index])
                {
                    return ModbusStatus.ReadBackMismatch;
                }
            }

            return ModbusStatus.Ok;
        }

        /// <summary>Writes a coil with 05 and reads it back with 01.</summary>
        public ModbusStatus WriteSingleCoilVerified(byte address, ushort outputAddress, bool on)
        {
            if (address == ModbusPdu.BroadcastAddress)
            {
                return ModbusStatus.InvalidRequest;
            }

            ModbusStatus status = WriteSingleCoil(address, outputAddress, on);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            status = Read(address, ModbusFunction.ReadCoils, outputAddress, 1);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            return ((_response[_responseDataOffset] & 1) != 0) == on ? ModbusStatus.Ok : ModbusStatus.ReadBackMismatch;
        }

        // ---------------------------------------------------------------- transaction

        private ModbusStatus ReadAndCopy(byte address, byte functionCode, ushort start, ushort quantity, byte[] destination, int destinationOffset)
        {
            ModbusStatus status = Read(address, functionCode, start, quantity);
            if (status == ModbusStatus.Ok)
            {
                Array.Copy(_response, _responseDataOffset, destination, destinationOffset, _responseDataLength);
            }

            return status;
        }

        private ModbusStatus Transact(byte address, int pduLength, int timeoutMicroseconds, int retries)
        {
            _responseDataLength = 0;
            _request[0] = address;
            _requestLength = ModbusCrc.Append(_request, 0, 1 + pduLength);
            LastAttempts = 0;

            ModbusStatus status = ModbusStatus.Timeout;
            for (int attempt = 0; attempt <= retries; attempt++)
            {
                if (!WaitForSilence())
                {
                    _statistics.LineBusy++;
                    return ModbusStatus.LineBusy;
                }

                if (attempt > 0)
                {
                    _statistics.Retries++;
                }

                LastAttempts = attempt + 1;
                _line.Write(_request, 0, _requestLength);
                long sentAt = _clock.MonotonicMicroseconds;
                _lastLineActivity = sentAt;
                _statistics.Requests++;

                if (address == ModbusPdu.BroadcastAddress)
                {
                    // Broadcast writes are not answered (2.1); every slave needs the turnaround delay to act.
                    _statistics.Broadcasts++;
                    _quietUntil = sentAt + _settings.TurnaroundDelayMicroseconds;
                    return ModbusStatus.BroadcastSent;
                }

                status = ReceiveResponse(sentAt, timeoutMicroseconds);
                switch (status)
                {
                    case ModbusStatus.Timeout:
                        _statistics.Timeouts++;
                        continue;
                    case ModbusStatus.CrcError:
                        _statistics.CrcErrors++;
                        continue;
                    case ModbusStatus.InvalidResponse:
                        _statistics.InvalidResponses++;
                        continue;
                }

                _statistics.Answers++;
                _statistics.RecordLatency((int)(_clock.MonotonicMicroseconds - sentAt));
                if (status != ModbusStatus.Ok)
                {
                    // An exception response is an answer: retrying would get the same one (7).
                    _statistics.Exceptions++;
                    LastExceptionCode = _parser.ExceptionCode;
                }

                return status;
            }

            return status;
        }

        /// <summary>
        /// Drains the input and waits until the line has been silent for t3.5 (2.5.1.1) and past the
        /// turnaround delay of a broadcast. Waiting is done by reading, so a byte arriving during the wait
        /// restarts the silence. Gives up (false) if the line is not silent within one response timeout.
        /// </summary>
        private bool WaitForSilence()
        {
            long giveUpAt = _clock.MonotonicMicroseconds + _settings.ResponseTimeoutMicroseconds + _interFrameDelay;
            while (true)
            {
                int drained = SerialDrain.Available(_line, _response);
                if (drained > 0)
                {
                    _statistics.DrainedBytes += drained;
                    _lastLineActivity = _clock.MonotonicMicroseconds;
                }

                long now = _clock.MonotonicMicroseconds;
                long silentFrom = _lastLineActivity + _interFrameDelay;
                if (_quietUntil > silentFrom)
                {
                    silentFrom = _quietUntil;
                }

                if (now >= silentFrom)
                {
                    if (_line.BytesToRead == 0)
                    {
                        return true;
                    }

                    continue;
                }

                if (now >= giveUpAt)
                {
                    return false;
                }

                int received = _line.Read(_response, 0, _response.Length, (int)(silentFrom - now));
                if (received > 0)
                {
                    _statistics.DrainedBytes += received;
                    _lastLineActivity = _clock.MonotonicMicroseconds;
                }
            }
        }

        /// <summary>How long after its first byte started the line shows the expected answer: 0 on a line that hands
        /// bytes over as they arrive.</summary>
        private int HandOverMicroseconds()
        {
            if (_deliveryIdle == 0)
            {
                return 0;
            }

            int expected = _parser.ExpectedLength;
            int held = expected < _deliveryThreshold ? expected : _deliveryThreshold;
            return RtuTiming.TransmissionMicroseconds(held, _bitsPerCharacter, _settings.BaudRate) + _deliveryIdle;
        }

        /// <summary>
        /// Receives until the expected response is found, the first byte does not come within the response
        /// timeout, or bytes keep coming past any possible response. The response ends on the length its header
        /// declares (byte count of 01..04, 5 bytes for an exception, 8 for a write echo: the parser). Only as a
        /// fallback does a silence after some bytes end the frame: over t1.5 (2.5.1.1), or over the line's
        /// delivery gap when it hands bytes over in chunks (<see cref="BusSettings.DeliveryGapCharacters"/>): if it was a damaged copy of the response the attempt is a CRC error at once;
        /// otherwise (noise, an echo) it is discarded and the master keeps listening until the timeout.
        /// </summary>
        private ModbusStatus ReceiveResponse(long sentAt, int timeoutMicroseconds)
        {
            // The response timeout is about the wire: the meter's first byte must start within it. A line that hands
            // bytes over in chunks (BusSettings.DeliveryThresholdBytes, DeliveryIdleCharacters; ESP32: 120 bytes or 10
            // idle characters, firmware/PLATFORM.md "Serial delivery") shows that byte only once the answer, or its
            // first threshold's worth, plus the idle time has passed, so the wait is extended by that hand-over.
            long responseDeadline = sentAt + timeoutMicroseconds + HandOverMicroseconds();

            // Bound for a line that never stops talking: timeout, then the longest echo + response, then t1.5.
            long hardDeadline = responseDeadline
                + RtuTiming.TransmissionMicroseconds(ReceiveBufferLength, _bitsPerCharacter, _settings.BaudRate)
                + _interCharacterReadTimeout;
            int count = 0;
            int scanStart = 0;
            // What the last scan inside this frame covered (the start it scanned from, -1: none yet), so the next
            // one looks only at candidates the new bytes can complete (RtuResponseParser.ScanMore).
            int scannedStart = -1;
            int scannedCount = 0;
            bool foreignFrameSeen = false;
            bool corruptFrameSeen = false;
            bool echoPending = _settings.ExpectEcho;
            while (true)
            {
                long now = _clock.MonotonicMicroseconds;
                int wait;
                if (count == 0)
                {
                    if (now >= responseDeadline)
                    {
                        break;
                    }

                    wait = (int)(responseDeadline - now);
                }
                else
                {
                    if (now >= hardDeadline)
                    {
                        break;
                    }

                    wait = hardDeadline - now < _interCharacterReadTimeout ? (int)(hardDeadline - now) : _interCharacterReadTimeout;
                }

                int received = _line.Read(_response, count, _response.Length - count, wait);
                if (received > 0)
                {
                    count += received;
                    _lastLineActivity = _clock.MonotonicMicroseconds;
                    if (received < _deliveryThreshold && count < _response.Length)
                    {
                        // Handed over by the RX idle timeout: the wire has been silent that long already.
                        _lastLineActivity -= _deliveryIdle;
                    }

                    if (echoPending)
                    {
                        scanStart = EchoLength(count);
                    }

                    ScanOutcome outcome = scannedStart == scanStart
                        ? _parser.ScanMore(_response, scanStart, scannedCount, count)
                        : _parser.Scan(_response, scanStart, count);
                    scannedStart = scanStart;
                    scannedCount = count;
                    if (outcome == ScanOutcome.Complete)
                    {
                        _statistics.SkippedBytes += _parser.FrameOffset;
                        _responseDataOffset = _parser.DataOffset;
                        _responseDataLength = _parser.DataLength;
                        return _parser.Status;
                    }

                    if (count < _response.Length)
                    {
                        continue;
                    }
                }
                else if (count == 0)
                {
                    continue;
                }

                // The frame ended (silence over t1.5, or the buffer is full) without a usable response.
                _parser.Scan(_response, scanStart, count);
                _statistics.SkippedBytes += count;
                if (_parser.CorruptCandidateEnd == count)
                {
                    return ModbusStatus.CrcError;
                }

                if (_parser.CorruptCandidateEnd >= 0)
                {
                    corruptFrameSeen = true;
                }
                else if (ModbusCrc.IsValid(_response, scanStart, count - scanStart))
                {
                    foreignFrameSeen = true;
                }

                if (echoPending && scanStart == _requestLength)
                {
                    // The whole echo came and went: what follows is the response, even if it equals the
                    // request (a 05/06 normal response does).
                    echoPending = false;
                }

                count = 0;
                scanStart = 0;
                scannedStart = -1;
            }

            if (count > 0)
            {
                _statistics.SkippedBytes += count;
            }

            if (corruptFrameSeen)
            {
                return ModbusStatus.CrcError;
            }

            return foreignFrameSeen ? ModbusStatus.InvalidResponse : ModbusStatus.Timeout;
        }

        /// <summary>How many leading received bytes are the echo of our request (all of them while they still
        /// match a prefix of it).</summary>
        private int EchoLength(int count)
        {
            int length = count < _requestLength ? count : _requestLength;
            for (int index = 0; index < length; index++)
            {
                if (_response[index] != _request[index])
                {
                    return 0;
                }
            }

            return length;
        }
    }
}
