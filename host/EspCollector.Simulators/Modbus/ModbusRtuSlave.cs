using System.Collections.Generic;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// The RTU slave side of one bus: takes a complete request frame, finds the addressed device, runs the
    /// function (Modbus Application Protocol V1.1b3, section 6) and builds the response, applying the device's
    /// fault injection. Silent for other addresses, bad CRCs and broadcasts (V1.02, 2.4.1: no reply to address 0).
    /// Transport-free: <see cref="SerialSlaveRunner"/> and <see cref="VirtualBus"/> move the bytes.
    /// </summary>
    public sealed class ModbusRtuSlave
    {
        private readonly object gate = new object();
        private readonly List<IModbusSlaveDevice> devices = new List<IModbusSlaveDevice>();
        private readonly bool[] bits = new bool[2000];
        private readonly ushort[] registers = new ushort[125];

        /// <summary>Frames received with a valid CRC (for any address).</summary>
        public int FramesReceived { get; private set; }

        public int CrcErrors { get; private set; }

        public int ResponsesSent { get; private set; }

        public void Add(IModbusSlaveDevice device)
        {
            lock (gate)
            {
                devices.Add(device);
            }
        }

        public void Remove(IModbusSlaveDevice device)
        {
            lock (gate)
            {
                devices.Remove(device);
            }
        }

        public IModbusSlaveDevice[] Devices
        {
            get
            {
                lock (gate)
                {
                    return devices.ToArray();
                }
            }
        }

        /// <summary>Handles one request frame; fills <paramref name="reply"/> (Length 0 = stay silent).</summary>
        public void Handle(byte[] request, int length, SlaveReply reply)
        {
            lock (gate)
            {
                reply.Reset();
                if (length < 4 || !ModbusCrc.Check(request, 0, length))
                {
                    CrcErrors++;
                    return;
                }

                FramesReceived++;
                byte address = request[0];
                if (address == 0)
                {
                    // Broadcast: every device executes writes, none answers.
                    foreach (var device in devices.ToArray())
                    {
                        var scratch = new SlaveReply();
                        Execute(device, request, length, scratch);
                        device.AfterResponse();
                    }

                    return;
                }

                foreach (var device in devices)
                {
                    if (device.Address != address)
                    {
                        continue;
                    }

                    Execute(device, request, length, reply);
                    ApplyFault(device, request[1], reply);
                    if (reply.Length > 0)
                    {
                        reply.Address = address;
                        reply.LatencyMicroseconds = device.ResponseLatencyMicroseconds;
                        ResponsesSent++;
                    }

                    device.AfterResponse();
                    return;
                }
            }
        }

        /// <summary>Builds the correct response of <paramref name="device"/> to the request (Application Protocol 6.1-6.12).</summary>
        private void Execute(IModbusSlaveDevice device, byte[] request, int length, SlaveReply reply)
        {
            byte[] response = reply.Frame;
            byte function = request[1];
            response[0] = request[0];
            response[1] = function;
            if (!device.Supports(function))
            {
                Exception(reply, function, ModbusExceptionCode.IllegalFunction);
                return;
            }

            device.BeforeRequest();
            int start = (request[2] << 8) | request[3];
            int quantity = (request[4] << 8) | request[5];
            ModbusExceptionCode code;
            switch (function)
            {
                case ModbusFunction.ReadCoils:
                case ModbusFunction.ReadDiscreteInputs:
                    if (length != 8 || quantity < 1 || quantity > 2000)
                    {
                        Exception(reply, function, ModbusExceptionCode.IllegalDataValue);
                        return;
                    }

                    code = device.ReadBits(function, start, quantity, bits);
                    if (code != ModbusExceptionCode.None)
                    {
                        Exception(reply, function, code);
                        return;
                    }

                    int byteCount = (quantity + 7) / 8;
                    response[2] = (byte)byteCount;
                    for (int i = 0; i < byteCount; i++)
                    {
                        response[3 + i] = 0;
                    }

                    for (int i = 0; i < quantity; i++)
                    {
                        if (bits[i])
                        {
                            // Application Protocol 6.1: first coil in the low bit of the first byte.
                            response[3 + i / 8] |= (byte)(1 << (i % 8));
                        }
                    }

                    reply.Length = ModbusCrc.Append(response, 3 + byteCount);
                    return;

                case ModbusFunction.ReadHoldingRegisters:
                case ModbusFunction.ReadInputRegisters:
                    if (length != 8 || quantity < 1 || quantity > 125)
                    {
                        Exception(reply, function, ModbusExceptionCode.IllegalDataValue);
                        return;
                    }

                    code = device.ReadRegisters(function, start, quantity, registers);
                    if (code != ModbusExceptionCode.None)
                    {
                        Exception(reply, function, code);
                        return;
                    }

                    response[2] = (byte)(quantity * 2);
                    for (int i = 0; i < quantity; i++)
                    {
                        response[3 + 2 * i] = (byte)(registers[i] >> 8);
                        response[4 + 2 * i] = (byte)registers[i];
                    }

                    reply.Length = ModbusCrc.Append(response, 3 + quantity * 2);
                    return;

                case ModbusFunction.WriteSingleCoil:
                    // Application Protocol 6.5: 0xFF00 = ON, 0x0000 = OFF, anything else is exception 03.
                    if (length != 8 || (quantity != 0xFF00 && quantity != 0x0000))
                    {
                        Exception(reply, function, ModbusExceptionCode.IllegalDataValue);
                        return;
                    }

                    code = device.WriteCoil(start, quantity == 0xFF00);
                    if (code != ModbusExceptionCode.None)
                    {
                        Exception(reply, function, code);
                        return;
                    }

                    Echo(request, reply, 6);
                    return;

                case ModbusFunction.WriteSingleRegister:
                    if (length != 8)
                    {
                        Exception(reply, function, ModbusExceptionCode.IllegalDataValue);
                        return;
                    }

                    registers[0] = (ushort)quantity;
                    code = device.WriteRegisters(function, start, registers, 1);
                    if (code != ModbusExceptionCode.None)
                    {
                        Exception(reply, function, code);
                        return;
                    }

                    Echo(request, reply, 6);
                    return;

                case ModbusFunction.WriteMultipleRegisters:
                    if (quantity < 1 || quantity > 123 || request[6] != quantity * 2 || length != 9 + quantity * 2)
                    {
                        Exception(reply, function, ModbusExceptionCode.IllegalDataValue);
                        return;
                    }

                    for (int i = 0; i < quantity; i++)
                    {
                        registers[i] = (ushort)((request[7 + 2 * i] << 8) | request[8 + 2 * i]);
                    }

                    code = device.WriteRegisters(function, start, registers, quantity);
                    if (code != ModbusExceptionCode.None)
                    {
                        Exception(reply, function, code);
                        return;
                    }

                    Echo(request, reply, 6);
                    return;

                default:
                    Exception(reply, function, ModbusExceptionCode.IllegalFunction);
                    return;
            }
        }

        private static void Echo(byte[] request, SlaveReply reply, int count)
        {
            for (int i = 0; i < count; i++)
            {
                reply.Frame[i] = request[i];
            }

            reply.Length = ModbusCrc.Append(reply.Frame, count);
        }

        private static void Exception(SlaveReply reply, byte function, ModbusExceptionCode code)
        {
            // Application Protocol 7: function code with its high bit set, then the exception code.
            reply.Frame[1] = (byte)(function | 0x80);
            reply.Frame[2] = (byte)code;
            reply.Length = ModbusCrc.Append(reply.Frame, 3);
        }

        private static void ApplyFault(IModbusSlaveDevice device, byte function, SlaveReply reply)
        {
            FaultKind fault = device.Faults.Take();
            byte[] frame = reply.Frame;
            bool isReadResponse = reply.Length > 5 && (frame[1] & 0x80) == 0 && function >= 0x01 && function <= 0x04;
            switch (fault)
            {
                case FaultKind.Silence:
                    reply.Length = 0;
                    break;
                case FaultKind.CorruptCrc:
                    frame[reply.Length - 1] ^= 0x5A;
                    break;
                case FaultKind.WrongByteCount:
                    if (isReadResponse)
                    {
                        frame[2] = (byte)(frame[2] >= 2 ? frame[2] - 2 : frame[2] + 2);
                        reply.Length = ModbusCrc.Append(frame, reply.Length - 2);
                    }

                    break;
                case FaultKind.ShortResponse:
                    if (isReadResponse)
                    {
                        int drop = function <= 0x02 ? 1 : 2;
                        int data = frame[2] - drop;
                        if (data >= 0)
                        {
                            frame[2] = (byte)data;
                            reply.Length = ModbusCrc.Append(frame, 3 + data);
                        }
                    }

                    break;
                case FaultKind.Exception:
                    Exception(reply, function, device.Faults.ExceptionCode);
                    break;
                case FaultKind.DelayMidFrame:
                    reply.SplitAt = reply.Length / 2;
                    reply.SplitDelayMicroseconds = device.Faults.DelayMicroseconds;
                    break;
            }
        }
    }
}
