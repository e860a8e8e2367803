namespace EspCollector.Core.Bus
{
    /// <summary>
    /// The one result type of a Modbus transaction. Values 1..11 are the exception codes of the
    /// MODBUS Application Protocol Specification V1.1b3, section 7 (an exception response carries
    /// function | 0x80 and one of them); the other values are failures seen by the master itself.
    /// </summary>
    public enum ModbusStatus
    {
        /// <summary>A valid normal response was received (or, for a write, the echo matched).</summary>
        Ok = 0,

        // --- Exception codes, Application Protocol V1.1b3 section 7 ---

        /// <summary>01: the function code is not allowed for the server.</summary>
        IllegalFunction = 1,

        /// <summary>02: the data address (or address + quantity) is not allowed for the server.</summary>
        IllegalDataAddress = 2,

        /// <summary>03: a value in the query data field is not allowed for the server.</summary>
        IllegalDataValue = 3,

        /// <summary>04: an unrecoverable error occurred while the server performed the action.</summary>
        ServerDeviceFailure = 4,

        /// <summary>05: the server accepted a long-running request; poll for completion later.</summary>
        Acknowledge = 5,

        /// <summary>06: the server is busy with a long-running command; retry later.</summary>
        ServerDeviceBusy = 6,

        /// <summary>07: the server cannot perform the program function (older Modicon documents; kept because
        /// meters still send it).</summary>
        NegativeAcknowledge = 7,

        /// <summary>08: the server found a parity error in its extended memory (function codes 20/21).</summary>
        MemoryParityError = 8,

        /// <summary>0A: a gateway could not allocate a path to the target.</summary>
        GatewayPathUnavailable = 10,

        /// <summary>0B: no response was obtained from the target device behind a gateway.</summary>
        GatewayTargetFailedToRespond = 11,

        // --- Failures detected by the master ---

        /// <summary>An exception response with a code the specification does not define (9, 12..255);
        /// the code is in <see cref="ModbusMaster.LastExceptionCode"/>.</summary>
        UnknownException = 99,

        /// <summary>No response (no valid frame) within the response timeout, after all retries.</summary>
        Timeout = 100,

        /// <summary>A frame of the expected shape arrived with a wrong CRC, after all retries.</summary>
        CrcError = 101,

        /// <summary>A frame with a valid CRC that does not answer the request: wrong address echo, wrong
        /// function, byte count not matching the request, or a write echo that differs.</summary>
        InvalidResponse = 102,

        /// <summary>A broadcast (address 0) write was sent; by the specification nobody answers it.</summary>
        BroadcastSent = 103,

        /// <summary>The request itself is outside the specification (address, function code, quantity,
        /// address range, or a read to the broadcast address); nothing was sent.</summary>
        InvalidRequest = 104,

        /// <summary>The line never went silent for 3.5 characters before the request (a babbling device or a
        /// second master); nothing was sent.</summary>
        LineBusy = 105,

        /// <summary>A write was acknowledged but reading the registers or coil back gave other values.</summary>
        ReadBackMismatch = 106,
    }
}
