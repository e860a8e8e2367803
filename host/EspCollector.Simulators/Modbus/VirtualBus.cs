using System;
using System.Collections.Generic;
using EspCollector.Core.Ports;

namespace EspCollector.Simulators.Modbus
{
    /// <summary>
    /// An RS485 bus without a UART: the master's end of the line as an <see cref="ISerialLine"/>, with simulated
    /// meters attached in-process. A request written by the master is handed to the slaves when complete; each
    /// response byte becomes readable at the time it would have arrived on the wire (latency, then one character
    /// time per byte at the configured baud rate, plus any fault pause), measured on the given clock. With a
    /// virtual clock a whole scan or a day of polling runs in milliseconds and deterministically; with the system
    /// clock it behaves like a real adapter.
    /// </summary>
    /// <remarks>
    /// A device answers only when the master's baud rate and parity equal the device's own (a mismatch garbles
    /// every character on a real bus, so the device sees no valid frame). Stop bits are not compared: a receiver
    /// set to one stop bit reads characters sent with two.
    /// </remarks>
    public sealed class VirtualBus : ISerialLine
    {
        private readonly IClock clock;
        private readonly ModbusRtuSlave slave;
        private readonly byte[] request = new byte[2 * RtuFraming.MaximumFrameLength];
        private readonly SlaveReply reply = new SlaveReply();
        private readonly TimedByteQueue received;
        private SerialSettings settings = new SerialSettings(9600, SerialParity.Even, 1);
        private int requestLength;
        private long lastWriteEnd;

        public VirtualBus(IClock clock)
            : this(clock, new ModbusRtuSlave())
        {
        }

        public VirtualBus(IClock clock, ModbusRtuSlave slave)
        {
            this.clock = clock;
            this.slave = slave;
            received = new TimedByteQueue(clock);
        }

        public ModbusRtuSlave Slave
        {
            get { return slave; }
        }

        /// <summary>Requests written by the master (complete frames).</summary>
        public int RequestsWritten { get; private set; }

        public SerialSettings Settings
        {
            get { return settings; }
        }

        public void Attach(IModbusSlaveDevice device)
        {
            slave.Add(device);
        }

        public void Configure(SerialSettings newSettings)
        {
            settings = new SerialSettings(newSettings.BaudRate, newSettings.Parity, newSettings.StopBits);
            received.Clear();
            requestLength = 0;
        }

        public int BytesToRead
        {
            get { return received.Available; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            return received.Read(buffer, offset, count, timeoutMicroseconds);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            int characterTime = RtuFraming.CharacterMicroseconds(settings.BaudRate, settings.BitsPerCharacter);
            long start = clock.MonotonicMicroseconds;
            if (requestLength > 0 && start - lastWriteEnd > RtuFraming.InterFrameMicroseconds(settings.BaudRate, settings.BitsPerCharacter))
            {
                requestLength = 0;
            }

            for (int i = 0; i < count && requestLength < request.Length; i++)
            {
                request[requestLength++] = buffer[offset + i];
            }

            // ISerialLine.Write returns once the bytes have left the transmitter.
            clock.Sleep(count * characterTime);
            lastWriteEnd = clock.MonotonicMicroseconds;
            Dispatch(characterTime);
        }

        private void Dispatch(int characterTime)
        {
            while (requestLength > 0)
            {
                int expected = RtuFraming.ExpectedRequestLength(request, requestLength);
                if (expected == 0 || (expected > 0 && requestLength < expected))
                {
                    return;
                }

                if (expected < 0)
                {
                    expected = requestLength;
                }

                RequestsWritten++;
                if (!ModbusCrc.Check(request, 0, expected) || expected > RtuFraming.MaximumFrameLength)
                {
                    requestLength = 0;
                    return;
                }

                bool understood = request[0] == 0;
                foreach (var device in slave.Devices)
                {
                    if (device.Address == request[0])
                    {
                        understood = device.Settings.BaudRate == settings.BaudRate && device.Settings.Parity == settings.Parity;
                    }
                }

                if (understood)
                {
                    slave.Handle(request, expected, reply);
                    Schedule(characterTime);
                }

                Buffer.BlockCopy(request, expected, request, 0, requestLength - expected);
                requestLength -= expected;
            }
        }

        private void Schedule(int characterTime)
        {
            long time = lastWriteEnd + reply.LatencyMicroseconds;
            for (int i = 0; i < reply.Length; i++)
            {
                if (i == reply.SplitAt && reply.SplitAt > 0)
                {
                    time += reply.SplitDelayMicroseconds;
                }

                time += characterTime;
                received.Enqueue(reply.Frame[i], time);
            }
        }
    }
}
