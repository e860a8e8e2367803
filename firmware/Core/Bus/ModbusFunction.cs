namespace EspCollector.Core.Bus
{
    /// <summary>Public function codes used by the collector (Application Protocol V1.1b3, 5.1 and 6).</summary>
    public static class ModbusFunction
    {
        /// <summary>01 Read Coils (6.1).</summary>
        public const byte ReadCoils = 0x01;

        /// <summary>02 Read Discrete Inputs (6.2).</summary>
        public const byte ReadDiscreteInputs = 0x02;

        /// <summary>03 Read Holding Registers (6.3).</summary>
        public const byte ReadHoldingRegisters = 0x03;

        /// <summary>04 Read Input Registers (6.4).</summary>
        public const byte ReadInputRegisters = 0x04;

        /// <summary>05 Write Single Coil (6.5).</summary>
        public const byte WriteSingleCoil = 0x05;

        /// <summary>06 Write Single Register (6.6).</summary>
        public const byte WriteSingleRegister = 0x06;

        /// <summary>16 (0x10) Write Multiple Registers (6.12).</summary>
        public const byte WriteMultipleRegisters = 0x10;

        /// <summary>An exception response carries the request's function code with this bit set (7).</summary>
        public const byte ExceptionFlag = 0x80;

        public static bool IsRead(byte functionCode)
        {
            return functionCode >= ReadCoils && functionCode <= ReadInputRegisters;
        }

        public static bool IsBitRead(byte functionCode)
        {
            return functionCode == ReadCoils || functionCode == ReadDiscreteInputs;
        }
    }
}
