using EspCollector.Core.Ports;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>One addressable slave on a simulated bus (a simulated meter). The RTU layer calls it per request.</summary>
    public interface IModbusSlaveDevice
    {
        /// <summary>Current slave address (1..247); it can change when a master writes the address register.</summary>
        byte Address { get; }

        /// <summary>Baud rate and framing the device is set to; a virtual bus lets only matching masters through.</summary>
        SerialSettings Settings { get; }

        /// <summary>Delay between the end of a request and the first byte of the response.</summary>
        int ResponseLatencyMicroseconds { get; }

        FaultInjection Faults { get; }

        /// <summary>Function codes the device answers; others get exception 01.</summary>
        bool Supports(byte function);

        /// <summary>Called once per request addressed to the device, before any read or write (refreshes the image).</summary>
        void BeforeRequest();

        /// <summary>FC01 (coils) or FC02 (discrete inputs).</summary>
        ModbusExceptionCode ReadBits(byte function, int start, int count, bool[] values);

        /// <summary>FC03 (holding) or FC04 (input registers).</summary>
        ModbusExceptionCode ReadRegisters(byte function, int start, int count, ushort[] values);

        /// <summary>FC05.</summary>
        ModbusExceptionCode WriteCoil(int address, bool value);

        /// <summary>FC06 (count 1) or FC16.</summary>
        ModbusExceptionCode WriteRegisters(byte function, int start, ushort[] values, int count);

        /// <summary>Called after a response was sent (or would have been), e.g. to apply a new slave address.</summary>
        void AfterResponse();
    }
}
