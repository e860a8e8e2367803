using EspCollector.Core.Bus;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A minimal Modbus RTU slave for unit tests, plugged into <see cref="ScriptedSerialLine.Responder"/>
    /// (<c>line.Responder = slave.Respond</c>): coils (01/05), discrete inputs (02), holding registers
    /// (03/06/16) and input registers (04) from address 0, exception 02 outside them, exception 01 for
    /// other function codes. Requests to another address or with a bad CRC get no answer; broadcasts are
    /// executed without an answer (Serial Line V1.02, 2.1). Meter simulations can fill the arrays from a
    /// manual's register map.
    /// </summary>
    public sealed class RegisterSlave
    {
        public byte Address;
        public ushort[] HoldingRegisters;
        public ushort[] InputRegisters;
        public bool[] Coils;
        public bool[] DiscreteInputs;

        /// <summary>Holding registers that acknowledge writes but keep their value (protected settings).</summary>
        public bool IgnoreWrites;

        /// <summary>Requests addressed to this slave (broadcasts included), for assertions.</summary>
        public int RequestsSeen;

        public RegisterSlave(byte address, int holdingRegisters, int inputRegisters, int coils)
        {
            Address = address;
            HoldingRegisters = new ushort[holdingRegisters];
            InputRegisters = new ushort[inputRegisters];
            Coils = new bool[coils];
            DiscreteInputs = new bool[coils];
        }

        public byte[] Respond(byte[] request, int offset, int count)
        {
            if (count < 4 || !ModbusCrc.IsValid(request, offset, count))
            {
                return null;
            }

            byte address = request[offset];
            bool broadcast = address == ModbusPdu.BroadcastAddress;
            if (address != Address && !broadcast)
            {
                return null;
            }

            RequestsSeen++;
            byte function = request[offset + 1];
            ushort first = ModbusPdu.ReadUInt16(request, offset + 2);
            ushort second = ModbusPdu.ReadUInt16(request, offset + 4);
            switch (function)
            {
                case ModbusFunction.ReadCoils:
                case ModbusFunction.ReadDiscreteInputs:
                    return broadcast ? null : ReadBits(function == ModbusFunction.ReadCoils ? Coils : DiscreteInputs, function, first, second);
                case ModbusFunction.ReadHoldingRegisters:
                case ModbusFunction.ReadInputRegisters:
                    return broadcast ? null : ReadRegisters(function == ModbusFunction.ReadHoldingRegisters ? HoldingRegisters : InputRegisters, function, first, second);
                case ModbusFunction.WriteSingleCoil:
                    if (first >= Coils.Length)
                    {
                        return broadcast ? null : Exception(function, 2);
                    }

                    if (second != 0 && second != ModbusPdu.CoilOn)
                    {
                        return broadcast ? null : Exception(function, 3);
                    }

                    Coils[first] = second == ModbusPdu.CoilOn;
                    return broadcast ? null : Echo(request, offset);
                case ModbusFunction.WriteSingleRegister:
                    if (first >= HoldingRegisters.Length)
                    {
                        return broadcast ? null : Exception(function, 2);
                    }

                    if (!IgnoreWrites)
                    {
                        HoldingRegisters[first] = second;
                    }

                    return broadcast ? null : Echo(request, offset);
                case ModbusFunction.WriteMultipleRegisters:
                    if (second < 1 || second > ModbusPdu.MaximumWriteRegisters || request[offset + 6] != second * 2)
                    {
                        return broadcast ? null : Exception(function, 3);
                    }

                    if (first + second > HoldingRegisters.Length)
                    {
                        return broadcast ? null : Exception(function, 2);
                    }

                    if (!IgnoreWrites)
                    {
                        for (int index = 0; index < second; index++)
                        {
                            HoldingRegisters[first + index] = ModbusPdu.ReadUInt16(request, offset + 7 + index * 2);
                        }
                    }

                    return broadcast ? null : Echo(request, offset);
                default:
                    return broadcast ? null : Exception(function, 1);
            }
        }

        private byte[] ReadRegisters(ushort[] registers, byte function, ushort start, ushort quantity)
        {
            if (quantity < 1 || quantity > ModbusPdu.MaximumReadRegisters)
            {
                return Exception(function, 3);
            }

            if (start + quantity > registers.Length)
            {
                return Exception(function, 2);
            }

            byte[] frame = new byte[5 + quantity * 2];
            frame[0] = Address;
            frame[1] = function;
            frame[2] = (byte)(quantity * 2);
            for (int index = 0; index < quantity; index++)
            {
                ModbusPdu.WriteUInt16(frame, 3 + index * 2, registers[start + index]);
            }

            ModbusCrc.Append(frame, 0, frame.Length - 2);
            return frame;
        }

        private byte[] ReadBits(bool[] bits, byte function, ushort start, ushort quantity)
        {
            if (quantity < 1 || quantity > ModbusPdu.MaximumReadBits)
            {
                return Exception(function, 3);
            }

            if (start + quantity > bits.Length)
            {
                return Exception(function, 2);
            }

            int byteCount = (quantity + 7) / 8;
            byte[] frame = new byte[5 + byteCount];
            frame[0] = Address;
            frame[1] = function;
            frame[2] = (byte)byteCount;
            for (int index = 0; index < quantity; index++)
            {
                if (bits[start + index])
                {
                    frame[3 + index / 8] |= (byte)(1 << (index % 8));
                }
            }

            ModbusCrc.Append(frame, 0, frame.Length - 2);
            return frame;
        }

        private byte[] Echo(byte[] request, int offset)
        {
            byte[] frame = new byte[8];
            for (int index = 0; index < 6; index++)
            {
                frame[index] = request[offset + index];
            }

            ModbusCrc.Append(frame, 0, 6);
            return frame;
        }

        private byte[] Exception(byte function, byte code)
        {
            byte[] frame = new byte[5];
            frame[0] = Address;
            frame[1] = (byte)(function | ModbusFunction.ExceptionFlag);
            frame[2] = code;
            ModbusCrc.Append(frame, 0, 3);
            return frame;
        }
    }
}
