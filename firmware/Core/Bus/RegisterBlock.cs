using System;

namespace EspCollector.Core.Bus
{
    /// <summary>
    /// One read request a meter driver declares: a function code (01, 02, 03 or 04), a start address and a
    /// quantity of coils, discrete inputs or registers that the meter answers in one response. Some meters
    /// answer exception 02 when a read spans an unmapped gap, so the driver, not the bus, decides how
    /// registers group into blocks.
    /// </summary>
    public sealed class RegisterBlock
    {
        /// <summary>01 read coils, 02 read discrete inputs, 03 read holding registers, 04 read input registers.</summary>
        public readonly byte FunctionCode;

        /// <summary>Protocol address of the first item (0-based, as on the wire, not the "4xxxx" notation).</summary>
        public readonly ushort StartAddress;

        /// <summary>Number of registers (1..125) or bits (1..2000).</summary>
        public readonly ushort Quantity;

        public readonly PollClass PollClass;

        public RegisterBlock(byte functionCode, ushort startAddress, ushort quantity, PollClass pollClass)
        {
            // A block is a constant of a driver's table: a wrong one is a programmer error.
            if (ModbusPdu.ValidateReadRequest(functionCode, startAddress, quantity) != ModbusStatus.Ok)
            {
                throw new ArgumentException("Register block outside the Modbus limits");
            }

            FunctionCode = functionCode;
            StartAddress = startAddress;
            Quantity = quantity;
            PollClass = pollClass;
        }

        /// <summary>Bytes in the response's data field: 2 per register, or the bits packed 8 per byte.</summary>
        public int DataByteCount
        {
            get { return ModbusPdu.ReadDataByteCount(FunctionCode, Quantity); }
        }
    }
}
