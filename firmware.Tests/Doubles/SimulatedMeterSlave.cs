using System;
using System.Collections;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// A meter-like Modbus slave for unit tests with sparse register maps: the test declares the segments the
    /// meter answers (function code, first address, count), as a manual's tables do, and writes values into
    /// them at the addresses the manual gives. A read inside one segment is answered; a read that leaves its
    /// segment gets exception 02 (Illegal Data Address), as real meters do for unmapped gaps. The slave answers
    /// only when the line runs at its own baud rate and framing, so a bus scan can find it at the right one.
    /// Writes: 05 to coil segments, 06/16 to holding segments (03 segments); an optional address register
    /// moves the slave to the written address, as meters do. Plug into a line with <see cref="SimulatedMeterBus"/>.
    /// </summary>
    /// <summary>Called after a slave stored written registers (a test can model a baud rate change).</summary>
    public delegate void SlaveWriteHandler(SimulatedMeterSlave slave, int start, int count);

    public sealed class SimulatedMeterSlave
    {
        /// <summary>Runs after holding registers were written (the echo is already made); may be null.</summary>
        public SlaveWriteHandler AfterWrite;

        public byte Address;
        public SerialSettings Framing;

        /// <summary>Holding register whose write changes <see cref="Address"/> (-1 none); a float when
        /// <see cref="AddressRegisterIsFloat"/> (SDM630-style 0x0014).</summary>
        public int AddressRegister = -1;
        public bool AddressRegisterIsFloat;

        /// <summary>Word order used by <see cref="SetFloat"/> and <see cref="SetUInt32"/> unless told otherwise.</summary>
        public bool LowWordFirst;

        /// <summary>Acknowledge writes but keep the old values (a protected meter).</summary>
        public bool IgnoreWrites;

        public int RequestsSeen;

        private readonly ArrayList _segments = new ArrayList();

        private sealed class Segment
        {
            public byte FunctionCode;
            public int Start;
            public ushort[] Registers;
            public bool[] Bits;
        }

        public SimulatedMeterSlave(byte address, SerialSettings framing)
        {
            Address = address;
            Framing = framing;
        }

        /// <summary>Declares registers the meter answers with function 03 or 04 (initially zero).</summary>
        public void AddRegisters(byte functionCode, int start, int count)
        {
            Segment segment = new Segment();
            segment.FunctionCode = functionCode;
            segment.Start = start;
            segment.Registers = new ushort[count];
            _segments.Add(segment);
        }

        /// <summary>Declares coils the meter answers with function 01 and accepts with 05.</summary>
        public void AddCoils(int start, int count)
        {
            Segment segment = new Segment();
            segment.FunctionCode = 1;
            segment.Start = start;
            segment.Bits = new bool[count];
            _segments.Add(segment);
        }

        public void SetUInt16(byte functionCode, int address, int value)
        {
            Segment segment = Find(functionCode, address, 1);
            if (segment == null)
            {
                throw new ArgumentException("no segment at 0x" + address.ToString("X4"));
            }

            segment.Registers[address - segment.Start] = (ushort)value;
        }

        public int GetUInt16(byte functionCode, int address)
        {
            Segment segment = Find(functionCode, address, 1);
            return segment.Registers[address - segment.Start];
        }

        public void SetUInt32(byte functionCode, int address, uint value)
        {
            ushort high = (ushort)(value >> 16);
            ushort low = (ushort)(value & 0xFFFF);
            SetUInt16(functionCode, address, LowWordFirst ? low : high);
            SetUInt16(functionCode, address + 1, LowWordFirst ? high : low);
        }

        /// <summary>An IEEE 754 single in two registers (bytes big-endian inside each register).</summary>
        public void SetFloat(byte functionCode, int address, float value)
        {
            // BitConverter gives the machine's byte order; registers want the bits, high byte first.
            byte[] bytes = BitConverter.GetBytes(value);
            uint bits = BitConverter.IsLittleEndian
                ? (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24))
                : (uint)(bytes[3] | (bytes[2] << 8) | (bytes[1] << 16) | (bytes[0] << 24));
            SetUInt32(functionCode, address, bits);
        }

        /// <summary>Characters two per register, high byte first, padded with NUL.</summary>
        public void SetAscii(byte functionCode, int address, string text, int registers)
        {
            for (int index = 0; index < registers; index++)
            {
                int high = index * 2 < text.Length ? text[index * 2] : 0;
                int low = index * 2 + 1 < text.Length ? text[index * 2 + 1] : 0;
                SetUInt16(functionCode, address + index, (high << 8) | low);
            }
        }

        public void SetCoil(int address, bool on)
        {
            Segment segment = Find(1, address, 1);
            segment.Bits[address - segment.Start] = on;
        }

        public bool GetCoil(int address)
        {
            Segment segment = Find(1, address, 1);
            return segment.Bits[address - segment.Start];
        }

        /// <summary>True when the line runs at this slave's baud rate and framing.</summary>
        public bool Hears(SerialSettings line)
        {
            return line.BaudRate == Framing.BaudRate && line.Parity == Framing.Parity && line.StopBits == Framing.StopBits;
        }

        public byte[] Respond(byte[] request, int offset, int count)
        {
            if (count < 4 || !ModbusCrc.IsValid(request, offset, count) || request[offset] != Address)
            {
                return null;
            }

            RequestsSeen++;
            byte function = request[offset + 1];
            int first = ModbusPdu.ReadUInt16(request, offset + 2);
            int second = ModbusPdu.ReadUInt16(request, offset + 4);
            switch (function)
            {
                case 1:
                    return ReadBits(function, first, second);
                case 3:
                case 4:
                    return ReadRegisters(function, first, second);
                case 5:
                    {
                        Segment segment = Find(1, first, 1);
                        if (segment == null)
                        {
                            return Exception(function, 2);
                        }

                        if (second != 0 && second != ModbusPdu.CoilOn)
                        {
                            return Exception(function, 3);
                        }

                        if (!IgnoreWrites)
                        {
                            segment.Bits[first - segment.Start] = second == ModbusPdu.CoilOn;
                        }

                        return Echo(request, offset);
                    }

                case 6:
                    return WriteRegisters(request, offset, first, 1, offset + 4);
                case 16:
                    if (second < 1 || second > ModbusPdu.MaximumWriteRegisters || request[offset + 6] != second * 2)
                    {
                        return Exception(function, 3);
                    }

                    return WriteRegisters(request, offset, first, second, offset + 7);
                default:
                    return Exception(function, 1);
            }
        }

        private byte[] WriteRegisters(byte[] request, int offset, int start, int quantity, int valuesOffset)
        {
            byte function = request[offset + 1];
            Segment segment = Find(3, start, quantity);
            if (segment == null)
            {
                return Exception(function, 2);
            }

            // The echo leaves with the old address: the meter answers the write, then moves.
            byte[] echo = Echo(request, offset);
            if (!IgnoreWrites)
            {
                for (int index = 0; index < quantity; index++)
                {
                    segment.Registers[start - segment.Start + index] = ModbusPdu.ReadUInt16(request, valuesOffset + index * 2);
                }

                if (AddressRegister >= start && AddressRegister < start + quantity)
                {
                    Address = AddressRegisterIsFloat ? (byte)ReadFloat(segment, AddressRegister) : (byte)GetUInt16(3, AddressRegister);
                }

                if (AfterWrite != null)
                {
                    AfterWrite(this, start, quantity);
                }
            }

            return echo;
        }

        private float ReadFloat(Segment segment, int address)
        {
            int first = segment.Registers[address - segment.Start];
            int second = segment.Registers[address - segment.Start + 1];
            uint bits = LowWordFirst ? (uint)((second << 16) | first) : (uint)((first << 16) | second);
            byte[] bytes = BitConverter.IsLittleEndian
                ? new byte[] { (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24) }
                : new byte[] { (byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits };
            return BitConverter.ToSingle(bytes, 0);
        }

        private Segment Find(byte functionCode, int start, int quantity)
        {
            for (int index = 0; index < _segments.Count; index++)
            {
                Segment segment = (Segment)_segments[index];
                int length = segment.Registers != null ? segment.Registers.Length : segment.Bits.Length;
                if (segment.FunctionCode == functionCode && start >= segment.Start && start + quantity <= segment.Start + length)
                {
                    return segment;
                }
            }

            return null;
        }

        private byte[] ReadRegisters(byte function, int start, int quantity)
        {
            if (quantity < 1 || quantity > ModbusPdu.MaximumReadRegisters)
            {
                return Exception(function, 3);
            }

            Segment segment = Find(function, start, quantity);
            if (segment == null)
            {
                return Exception(function, 2);
            }

            byte[] frame = new byte[5 + quantity * 2];
            frame[0] = Address;
            frame[1] = function;
            frame[2] = (byte)(quantity * 2);
            for (int index = 0; index < quantity; index++)
            {
                ModbusPdu.WriteUInt16(frame, 3 + index * 2, segment.Registers[start - segment.Start + index]);
            }

            ModbusCrc.Append(frame, 0, frame.Length - 2);
            return frame;
        }

        private byte[] ReadBits(byte function, int start, int quantity)
        {
            if (quantity < 1 || quantity > ModbusPdu.MaximumReadBits)
            {
                return Exception(function, 3);
            }

            Segment segment = Find(function, start, quantity);
            if (segment == null)
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
                if (segment.Bits[start - segment.Start + index])
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
            Array.Copy(request, offset, frame, 0, 6);
            ModbusCrc.Append(frame, 0, 6);
            return frame;
        }

        private byte[] Exception(byte function, byte code)
        {
            byte[] frame = new byte[5];
            frame[0] = Address;
            frame[1] = (byte)(function | 0x80);
            frame[2] = code;
            ModbusCrc.Append(frame, 0, 3);
            return frame;
        }
    }

    /// <summary>
    /// Several <see cref="SimulatedMeterSlave"/>s on one <see cref="ScriptedSerialLine"/>: each request goes to
    /// the slaves that hear the line's current framing; the one with the request's address answers.
    /// </summary>
    public sealed class SimulatedMeterBus
    {
        private readonly ScriptedSerialLine _line;
        private readonly ArrayList _slaves = new ArrayList();

        public SimulatedMeterBus(ScriptedSerialLine line)
        {
            _line = line;
            line.Responder = Respond;
        }

        public void Add(SimulatedMeterSlave slave)
        {
            _slaves.Add(slave);
        }

        public byte[] Respond(byte[] request, int offset, int count)
        {
            for (int index = 0; index < _slaves.Count; index++)
            {
                SimulatedMeterSlave slave = (SimulatedMeterSlave)_slaves[index];
                if (!slave.Hears(_line.Settings))
                {
                    continue;
                }

                byte[] answer = slave.Respond(request, offset, count);
                if (answer != null)
                {
                    return answer;
                }
            }

            return null;
        }
    }
}
