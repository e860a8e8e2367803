using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Finds the meters on a bus: for each baud rate and framing to try, probes addresses one by one with a
    /// short timeout and no retry, and identifies every device that answers by the signature reads of the
    /// <see cref="MeterTypes"/> (in their order), telling the word order from the frequency's plausibility.
    ///
    /// Timing (issue 4: 247 addresses at 9600 baud in at most 60 s, so at most ~240 ms per silent address):
    /// a silent address costs the probe request (8 bytes, 9.2 ms at 9600 8E1), the response timeout
    /// <see cref="ProbeTimeoutMicroseconds"/> and at most the t3.5 silence before the next request (4.0 ms):
    /// 213 ms, 52.7 s for 247 addresses. Devices that answer cost a few more reads each.
    /// </summary>
    public sealed class BusScanner
    {
        /// <summary>Wait for the first byte of a probe's response. Meters answer within tens of milliseconds;
        /// 200 ms leaves room for slow ones and keeps a silent address under the 240 ms budget.</summary>
        public const int ProbeTimeoutMicroseconds = 200000;

        /// <summary>Reads after a device answered: it exists, so a longer timeout and one retry are affordable.</summary>
        public const int IdentifyTimeoutMicroseconds = 500000;
        public const int IdentifyRetries = 1;

        /// <summary>Reports progress (the console prints it); non-generic so it runs on nanoFramework.</summary>
        public delegate void ProgressHandler(BusSettings framing, int address);

        private readonly ISerialLine _line;
        private readonly IClock _clock;

        /// <summary>Called before each address is probed; may be null.</summary>
        public ProgressHandler Progress;

        public BusScanner(ISerialLine line, IClock clock)
        {
            _line = line;
            _clock = clock;
        }

        /// <summary>
        /// Scans addresses <paramref name="firstAddress"/>..<paramref name="lastAddress"/> at each framing in
        /// turn (an address found at one framing is not probed at the next) and stores what it finds in
        /// <paramref name="results"/>. Returns the number of devices found (results beyond the array's length
        /// are counted but not stored). The line is left configured as <paramref name="restore"/> (the running
        /// bus's settings) when given.
        /// </summary>
        public int Scan(BusSettings[] framings, int firstAddress, int lastAddress, ScanResult[] results, BusSettings restore)
        {
            int found = 0;
            bool[] taken = new bool[ModbusPdu.MaximumSlaveAddress + 1];
            for (int framingIndex = 0; framingIndex < framings.Length; framingIndex++)
            {
                BusSettings framing = framings[framingIndex];
                ModbusMaster master = new ModbusMaster(_line, _clock, framing);
                for (int address = firstAddress; address <= lastAddress; address++)
                {
                    if (taken[address])
                    {
                        continue;
                    }

                    if (Progress != null)
                    {
                        Progress(framing, address);
                    }

                    ScanResult result = Identify(master, (byte)address);
                    if (result == null)
                    {
                        continue;
                    }

                    taken[address] = true;
                    if (found < results.Length)
                    {
                        results[found] = result;
                    }

                    found++;
                }
            }

            if (restore != null)
            {
                _line.Configure(restore.ToSerialSettings());
            }

            return found;
        }

        /// <summary>
        /// Probes one address and identifies what answers: null when nothing answers the probe, a result with
        /// <see cref="ScanResult.UnknownType"/> when something answers but matches no meter type.
        /// </summary>
        public ScanResult Identify(ModbusMaster master, byte address)
        {
            MeterType[] types = MeterTypes.All;

            // The probe is the first type's signature read: one attempt, short timeout. Any answer, even an
            // exception or a garbled frame, means a device is there.
            MeterType first = types[0];
            ModbusStatus probe = master.Probe(address, first.SignatureFunctionCode, first.SignatureAddress, 1, ProbeTimeoutMicroseconds);
            if (probe == ModbusStatus.Timeout || probe == ModbusStatus.LineBusy || probe == ModbusStatus.InvalidRequest)
            {
                return null;
            }

            BusSettings framing = master.Settings;
            ScanResult result = new ScanResult();
            result.Address = address;
            result.TypeName = ScanResult.UnknownType;
            result.SerialNumber = string.Empty;
            result.WordOrder = WordOrder.HighWordFirst;
            result.BaudRate = framing.BaudRate;
            result.Parity = framing.Parity;
            result.StopBits = framing.StopBits;

            for (int index = 0; index < types.Length; index++)
            {
                MeterType type = types[index];
                if (!type.SignatureIsFrequency)
                {
                    ModbusStatus status = index == 0 ? probe
                        : master.Read(address, type.SignatureFunctionCode, type.SignatureAddress, 1, IdentifyTimeoutMicroseconds, IdentifyRetries);
                    if (status != ModbusStatus.Ok)
                    {
                        continue;
                    }

                    if (type.SignatureExpectedValue >= 0
                        && RegisterDecoder.ReadUInt16(master.ResponseBuffer, master.ResponseDataOffset) != type.SignatureExpectedValue)
                    {
                        continue;
                    }
                }

                WordOrder order;
                if (!TryFrequency(master, address, type, out order))
                {
                    continue;
                }

                result.TypeName = type.Name;
                result.WordOrder = order;
                result.SerialNumber = ReadSerialNumber(master, address, type, order);
                return result;
            }

            return result;
        }

        /// <summary>Reads the type's frequency register and finds the word order that makes it a mains frequency.</summary>
        private static bool TryFrequency(ModbusMaster master, byte address, MeterType type, out WordOrder order)
        {
            order = type.DocumentedWordOrder;
            RegisterTable table = type.Table;
            int row = table.IndexOfQuantity(QuantityNames.Frequency);
            if (row < 0)
            {
                return false;
            }

            ModbusStatus status = master.Read(address, table.FunctionCodeAt(row), (ushort)table.AddressAt(row), (ushort)table.LengthAt(row),
                IdentifyTimeoutMicroseconds, IdentifyRetries);
            if (status != ModbusStatus.Ok)
            {
                return false;
            }

            byte[] data = master.ResponseBuffer;
            int position = master.ResponseDataOffset;
            DataType dataType = table.DataTypeAt(row);
            WordOrder documented = table.WordOrderAt(row);
            double scale = table.ScaleAt(row);
            if (MeterDriver.IsMainsFrequency(RegisterDecoder.ReadNumber(dataType, documented, data, position, 0, false) * scale))
            {
                return true;
            }

            if (MeterDriver.IsMainsFrequency(RegisterDecoder.ReadNumber(dataType, documented, data, position, 0, true) * scale))
            {
                order = type.DocumentedWordOrder == WordOrder.HighWordFirst ? WordOrder.LowWordFirst : WordOrder.HighWordFirst;
                return true;
            }

            return false;
        }

        private static string ReadSerialNumber(ModbusMaster master, byte address, MeterType type, WordOrder order)
        {
            RegisterTable table = type.Table;
            int row = table.IndexOfIdentity(IdentityField.SerialNumber);
            if (row < 0)
            {
                return string.Empty;
            }

            ModbusStatus status = master.Read(address, table.FunctionCodeAt(row), (ushort)table.AddressAt(row), (ushort)table.LengthAt(row),
                IdentifyTimeoutMicroseconds, IdentifyRetries);
            if (status != ModbusStatus.Ok)
            {
                return string.Empty;
            }

            return RegisterDecoder.ReadText(table.DataTypeAt(row), table.WordOrderAt(row), table.LengthAt(row), master.ResponseBuffer,
                master.ResponseDataOffset, order != type.DocumentedWordOrder);
        }
    }
}
