namespace EspCollector.Core.Bus
{
    /// <summary>
    /// Protocol data unit codec (MODBUS Application Protocol V1.1b3, section 6) on buffers the caller owns:
    /// it writes request PDUs and states what the response must look like. Address and CRC belong to the
    /// RTU framing (<see cref="ModbusCrc"/>, <see cref="RtuResponseParser"/>), transport to the master.
    /// </summary>
    public static class ModbusPdu
    {
        /// <summary>Registers per read request, 03/04 (6.3, 6.4): 1 to 125 (0x7D).</summary>
        public const int MaximumReadRegisters = 125;

        /// <summary>Registers per write request, 16 (6.12): 1 to 123 (0x7B).</summary>
        public const int MaximumWriteRegisters = 123;

        /// <summary>Coils or discrete inputs per read request, 01/02 (6.1, 6.2): 1 to 2000 (0x7D0).</summary>
        public const int MaximumReadBits = 2000;

        /// <summary>Largest RTU frame: address + 253-byte PDU + CRC (Serial Line V1.02, 2.5.1).</summary>
        public const int MaximumAduLength = 256;

        /// <summary>Highest individual slave address; 248..255 are reserved (Serial Line V1.02, 2.2).</summary>
        public const byte MaximumSlaveAddress = 247;

        public const byte BroadcastAddress = 0;

        /// <summary>Coil value ON in a 05 request (6.5): FF 00; OFF is 00 00.</summary>
        public const ushort CoilOn = 0xFF00;

        public static ModbusStatus ValidateReadRequest(byte functionCode, ushort startAddress, ushort quantity)
        {
            int limit;
            if (ModbusFunction.IsBitRead(functionCode))
            {
                limit = MaximumReadBits;
            }
            else if (functionCode == ModbusFunction.ReadHoldingRegisters || functionCode == ModbusFunction.ReadInputRegisters)
            {
                limit = MaximumReadRegisters;
            }
            else
            {
                return ModbusStatus.InvalidRequest;
            }

            if (quantity < 1 || quantity > limit || startAddress + quantity > 0x10000)
            {
                return ModbusStatus.InvalidRequest;
            }

            return ModbusStatus.Ok;
        }

        public static ModbusStatus ValidateWriteMultipleRegisters(ushort startAddress, int count)
        {
            if (count < 1 || count > MaximumWriteRegisters || startAddress + count > 0x10000)
            {
                return ModbusStatus.InvalidRequest;
            }

            return ModbusStatus.Ok;
        }

        /// <summary>Byte count of a read response's data field: 2 per register, or ceil(bits / 8).</summary>
        public static int ReadDataByteCount(byte functionCode, int quantity)
        {
            return ModbusFunction.IsBitRead(functionCode) ? (quantity + 7) / 8 : quantity * 2;
        }

        /// <summary>Read request 01..04 (6.1-6.4): function, start address, quantity. Returns the PDU length (5).</summary>
        public static int WriteReadRequest(byte[] buffer, int offset, byte functionCode, ushort startAddress, ushort quantity)
        {
            buffer[offset] = functionCode;
            WriteUInt16(buffer, offset + 1, startAddress); // bytes 1-2: starting address, big-endian
            WriteUInt16(buffer, offset + 3, quantity);     // bytes 3-4: quantity of coils or registers
            return 5;
        }

        /// <summary>05 request (6.5): output address, FF 00 for ON or 00 00 for OFF. Returns 5.</summary>
        public static int WriteSingleCoilRequest(byte[] buffer, int offset, ushort outputAddress, bool on)
        {
            buffer[offset] = ModbusFunction.WriteSingleCoil;
            WriteUInt16(buffer, offset + 1, outputAddress);
            WriteUInt16(buffer, offset + 3, on ? CoilOn : (ushort)0);
            return 5;
        }

        /// <summary>06 request (6.6): register address, value. Returns 5.</summary>
        public static int WriteSingleRegisterRequest(byte[] buffer, int offset, ushort registerAddress, ushort value)
        {
            buffer[offset] = ModbusFunction.WriteSingleRegister;
            WriteUInt16(buffer, offset + 1, registerAddress);
            WriteUInt16(buffer, offset + 3, value);
            return 5;
        }

        /// <summary>16 request (6.12): start, quantity, byte count (2 x quantity), values. Returns 6 + 2 x count.</summary>
        public static int WriteMultipleRegistersRequest(byte[] buffer, int offset, ushort startAddress, ushort[] values, int valuesOffset, int count)
        {
            buffer[offset] = ModbusFunction.WriteMultipleRegisters;
            WriteUInt16(buffer, offset + 1, startAddress);     // bytes 1-2: starting address
            WriteUInt16(buffer, offset + 3, (ushort)count);    // bytes 3-4: quantity of registers
            buffer[offset + 5] = (byte)(count * 2);            // byte 5: byte count
            for (int index = 0; index < count; index++)
            {
                WriteUInt16(buffer, offset + 6 + index * 2, values[valuesOffset + index]);
            }

            return 6 + count * 2;
        }

        /// <summary>The named status of an exception code (section 7); codes the specification does not define
        /// become <see cref="ModbusStatus.UnknownException"/>.</summary>
        public static ModbusStatus ExceptionStatus(byte exceptionCode)
        {
            switch (exceptionCode)
            {
                case 1: return ModbusStatus.IllegalFunction;
                case 2: return ModbusStatus.IllegalDataAddress;
                case 3: return ModbusStatus.IllegalDataValue;
                case 4: return ModbusStatus.ServerDeviceFailure;
                case 5: return ModbusStatus.Acknowledge;
                case 6: return ModbusStatus.ServerDeviceBusy;
                case 7: return ModbusStatus.NegativeAcknowledge;
                case 8: return ModbusStatus.MemoryParityError;
                case 10: return ModbusStatus.GatewayPathUnavailable;
                case 11: return ModbusStatus.GatewayTargetFailedToRespond;
                default: return ModbusStatus.UnknownException;
            }
        }

        /// <summary>True for the statuses that stand for an exception response from the slave.</summary>
        public static bool IsException(ModbusStatus status)
        {
            return (status >= ModbusStatus.IllegalFunction && status <= ModbusStatus.GatewayTargetFailedToRespond)
                || status == ModbusStatus.UnknownException;
        }

        /// <summary>The name of a status for the console and logs (enum names are not available on the device).</summary>
        public static string StatusName(ModbusStatus status)
        {
            switch (status)
            {
                case ModbusStatus.Ok: return "Ok";
                case ModbusStatus.IllegalFunction: return "IllegalFunction";
                case ModbusStatus.IllegalDataAddress: return "IllegalDataAddress";
                case ModbusStatus.IllegalDataValue: return "IllegalDataValue";
                case ModbusStatus.ServerDeviceFailure: return "ServerDeviceFailure";
                case ModbusStatus.Acknowledge: return "Acknowledge";
                case ModbusStatus.ServerDeviceBusy: return "ServerDeviceBusy";
                case ModbusStatus.NegativeAcknowledge: return "NegativeAcknowledge";
                case ModbusStatus.MemoryParityError: return "MemoryParityError";
                case ModbusStatus.GatewayPathUnavailable: return "GatewayPathUnavailable";
                case ModbusStatus.GatewayTargetFailedToRespond: return "GatewayTargetFailedToRespond";
                case ModbusStatus.UnknownException: return "UnknownException";
                case ModbusStatus.Timeout: return "Timeout";
                case ModbusStatus.CrcError: return "CrcError";
                case ModbusStatus.InvalidResponse: return "InvalidResponse";
                case ModbusStatus.BroadcastSent: return "BroadcastSent";
                case ModbusStatus.InvalidRequest: return "InvalidRequest";
                case ModbusStatus.LineBusy: return "LineBusy";
                case ModbusStatus.ReadBackMismatch: return "ReadBackMismatch";
                default: return "Status" + ((int)status).ToString();
            }
        }

        public static ushort ReadUInt16(byte[] buffer, int offset)
        {
            return (ushort)((buffer[offset] << 8) | buffer[offset + 1]);
        }

        public static void WriteUInt16(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)(value >> 8);
            buffer[offset + 1] = (byte)(value & 0xFF);
        }

        /// <summary>Bit <paramref name="index"/> of a packed coil/input field (LSB of the first byte is the first item, 6.1).</summary>
        public static bool GetBit(byte[] buffer, int offset, int index)
        {
            return (buffer[offset + (index >> 3)] & (1 << (index & 7))) != 0;
        }
    }
}
