namespace EspCollector.Core.Bus
{
    /// <summary>Outcome of one scan of the receive buffer.</summary>
    public enum ScanOutcome
    {
        /// <summary>No byte can start the expected response: everything so far is foreign.</summary>
        NoCandidate = 0,

        /// <summary>A possible response starts in the buffer but is not complete yet.</summary>
        NeedMore = 1,

        /// <summary>A response with a valid CRC was found; see <see cref="RtuResponseParser.Status"/>.</summary>
        Complete = 2,
    }

    /// <summary>
    /// Finds the response to one request in the bytes received so far (RTU framing, Serial Line V1.02,
    /// 2.5.1): it resynchronises on slave address + function code (or function | 0x80) + the length the
    /// request implies + CRC, so bytes before the response (line noise, the echo of our own request on a
    /// transceiver that hears itself, a late answer to an earlier request) are skipped. A candidate whose
    /// CRC is wrong is never used. Reads only inside [0, count) of the buffer; no allocation.
    /// </summary>
    public sealed class RtuResponseParser
    {
        private const int ExceptionFrameLength = 5; // address, function | 0x80, code, CRC low, CRC high (7)
        private const int WriteResponseLength = 8;  // address, function, 4 echoed bytes, CRC (6.5, 6.6, 6.12)

        private byte _address;
        private byte _function;
        private int _readByteCount;
        private byte[] _request;
        private int _requestOffset;

        /// <summary>Expects the answer to a read (01..04) whose data field has <paramref name="dataByteCount"/> bytes.</summary>
        public void ExpectRead(byte address, byte functionCode, int dataByteCount)
        {
            _address = address;
            _function = functionCode;
            _readByteCount = dataByteCount;
            _request = null;
        }

        /// <summary>Expects the answer to a write (05, 06, 16): the request's bytes 2..5 (address and value or
        /// quantity) echoed. <paramref name="request"/> holds the request frame from <paramref name="requestOffset"/>.</summary>
        public void ExpectWrite(byte address, byte functionCode, byte[] request, int requestOffset)
        {
            _address = address;
            _function = functionCode;
            _readByteCount = -1;
            _request = request;
            _requestOffset = requestOffset;
        }

        /// <summary>Length in bytes of the expected answer (a read's header, data and CRC, or a write's echo): what a
        /// line that hands bytes over in chunks must have received before it shows the first of them.</summary>
        public int ExpectedLength
        {
            get { return _readByteCount >= 0 ? _readByteCount + 5 : WriteResponseLength; }
        }

        /// <summary>Status of the frame found by the last Complete scan: Ok, an exception status, or
        /// InvalidResponse (a write echo that differs from the request).</summary>
        public ModbusStatus Status;

        /// <summary>Exception code of the last exception response found.</summary>
        public byte ExceptionCode;

        /// <summary>Offset of the frame found (bytes before it were skipped).</summary>
        public int FrameOffset;

        public int FrameLength;

        /// <summary>Offset of the data field: read data after the byte count, write echo after the function,
        /// exception code after the function.</summary>
        public int DataOffset;

        public int DataLength;

        /// <summary>End (exclusive) of the last complete candidate whose CRC was wrong, or -1: a damaged
        /// response ending exactly where the received frame ended is a CRC error, not noise.</summary>
        public int CorruptCandidateEnd;

        /// <summary>
        /// <see cref="Scan"/> once more bytes have arrived: <paramref name="buffer"/>[<paramref name="start"/>,
        /// <paramref name="scannedCount"/>) was scanned before from the same start, unchanged since, without a
        /// complete frame, so a complete frame can only end after <paramref name="scannedCount"/>: candidates
        /// starting a whole expected frame or more before it are not looked at again (a response received byte by
        /// byte is then scanned in one pass, not once per byte). Complete exactly when <see cref="Scan"/> of
        /// [start, count) is, with the same frame; otherwise <see cref="CorruptCandidateEnd"/> covers only the
        /// candidates looked at, so the end of a frame is judged by a whole <see cref="Scan"/>.
        /// </summary>
        public ScanOutcome ScanMore(byte[] buffer, int start, int scannedCount, int count)
        {
            // A candidate at index is decided once index + its length <= the count it was scanned with; every
            // candidate length is at most ExpectedLength (an exception frame, 5 bytes, is never longer).
            int from = scannedCount - ExpectedLength + 1;
            return Scan(buffer, from > start ? from : start, count);
        }

        /// <summary>Looks for the expected response in <paramref name="buffer"/>[<paramref name="start"/>, <paramref name="count"/>).</summary>
        public ScanOutcome Scan(byte[] buffer, int start, int count)
        {
            CorruptCandidateEnd = -1;
            bool needMore = false;
            byte exceptionFunction = (byte)(_function | ModbusFunction.ExceptionFlag);
            for (int index = start; index < count; index++)
            {
                if (buffer[index] != _address)
                {
                    continue;
                }

                if (index + 1 >= count)
                {
                    needMore = true;
                    break;
                }

                byte function = buffer[index + 1];
                int length;
                bool isException = false;
                if (function == _function)
                {
                    if (_readByteCount >= 0)
                    {
                        if (index + 2 >= count)
                        {
                            needMore = true;
                            continue;
                        }

                        // The byte count must match the request (6.1-6.4); otherwise this is not our answer.
                        if (buffer[index + 2] != _readByteCount)
                        {
                            continue;
                        }

                        length = 3 + _readByteCount + 2;
                    }
                    else
                    {
                        length = WriteResponseLength;
                    }
                }
                else if (function == exceptionFunction)
                {
                    length = ExceptionFrameLength;
                    isException = true;
                }
                else
                {
                    continue;
                }

                if (index + length > count)
                {
                    needMore = true;
                    continue;
                }

                if (!ModbusCrc.IsValid(buffer, index, length))
                {
                    CorruptCandidateEnd = index + length;
                    continue;
                }

                FrameOffset = index;
                FrameLength = length;
                if (isException)
                {
                    ExceptionCode = buffer[index + 2];
                    Status = ModbusPdu.ExceptionStatus(ExceptionCode);
                    DataOffset = index + 2;
                    DataLength = 1;
                }
                else if (_readByteCount >= 0)
                {
                    Status = ModbusStatus.Ok;
                    DataOffset = index + 3;
                    DataLength = _readByteCount;
                }
                else
                {
                    Status = ModbusStatus.Ok;
                    for (int echo = 2; echo < 6; echo++)
                    {
                        if (buffer[index + echo] != _request[_requestOffset + echo])
                        {
                            Status = ModbusStatus.InvalidResponse;
                        }
                    }

                    DataOffset = index + 2;
                    DataLength = 4;
                }

                return ScanOutcome.Complete;
            }

            return needMore ? ScanOutcome.NeedMore : ScanOutcome.NoCandidate;
        }
    }
}
