namespace EspCollector.Simulators.Modbus
{
    /// <summary>Exception codes of the Modbus Application Protocol V1.1b3, section 7 (also listed in seed 004, 5.1.3.3).</summary>
    public enum ModbusExceptionCode : byte
    {
        None = 0,
        IllegalFunction = 0x01,
        IllegalDataAddress = 0x02,
        IllegalDataValue = 0x03,
        ServerDeviceFailure = 0x04,
        Acknowledge = 0x05,
        ServerDeviceBusy = 0x06,
    }

    /// <summary>Public function codes used by the meters (Modbus Application Protocol V1.1b3, 5.1).</summary>
    public static class ModbusFunction
    {
        public const byte ReadCoils = 0x01;
        public const byte ReadDiscreteInputs = 0x02;
        public const byte ReadHoldingRegisters = 0x03;
        public const byte ReadInputRegisters = 0x04;
        public const byte WriteSingleCoil = 0x05;
        public const byte WriteSingleRegister = 0x06;
        public const byte WriteMultipleCoils = 0x0F;
        public const byte WriteMultipleRegisters = 0x10;
    }
}
