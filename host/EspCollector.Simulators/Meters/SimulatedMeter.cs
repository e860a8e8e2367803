using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Simulators.Physics;

namespace EspCollector.Simulators.Meters
{
    /// <summary>
    /// A meter as seen from its RS485 terminals: a register map from its manual (a table of
    /// <see cref="RegisterEntry"/> rows, declared by each subclass) rendered from a <see cref="MeterModel"/> before
    /// every request, coils for the relay, settings registers that really change the address and line settings,
    /// latency and fault injection. Reads or writes of addresses the manual does not list get exception 02,
    /// functions it does not list get exception 01.
    /// </summary>
    public abstract class SimulatedMeter : IModbusSlaveDevice
    {
        private readonly List<RegisterEntry> map = new List<RegisterEntry>();
        private readonly HashSet<byte> functions = new HashSet<byte>();
        private readonly object gate = new object();
        // The model's values behind the last response, by the model's positions (MeterModel.IndexOf), and each map
        // entry's position there (-1: none): rendering before every request then looks nothing up by name.
        private double[] servedValues;
        private int[] entryValueIndex = new int[0];
        private byte address;
        private byte pendingAddress;

        protected SimulatedMeter(string meterType, byte address, SerialSettings settings, MeterModel model, WordOrder wordOrder)
        {
            if (address < 1 || address > 247)
            {
                throw new ArgumentOutOfRangeException(nameof(address), "Modbus slave addresses are 1..247");
            }

            MeterType = meterType;
            this.address = address;
            Settings = settings;
            Model = model;
            WordOrder = wordOrder;
            HoldingRegisters = new RegisterTable();
            InputRegisters = new RegisterTable();
            Coils = new CoilTable();
            Faults = new FaultInjection();
            servedValues = model.CopyValuesTo(null);
        }

        /// <summary>The meter type name used by the CLI and the core drivers: kpm33b, kpm31, klefr, sdm630.</summary>
        public string MeterType { get; }

        public MeterModel Model { get; }

        /// <summary>Order of the words of 32-bit values (only the SDM630-style meter lets it differ from ABCD).</summary>
        public WordOrder WordOrder { get; protected set; }

        public RegisterTable HoldingRegisters { get; }

        public RegisterTable InputRegisters { get; }

        public CoilTable Coils { get; }

        public byte Address
        {
            get
            {
                lock (gate)
                {
                    return address;
                }
            }
        }

        public SerialSettings Settings { get; protected set; }

        public int ResponseLatencyMicroseconds { get; set; } = 5_000;

        public FaultInjection Faults { get; }

        /// <summary>Requests this meter has answered or executed.</summary>
        public int RequestCount { get; private set; }

        public IReadOnlyList<RegisterEntry> Map
        {
            get { return map; }
        }

        /// <summary>Identity the meter reports (serial number, meter code, versions), as text by name.</summary>
        public abstract IDictionary<string, string> Identity { get; }

        /// <summary>
        /// Canonical quantities (see <see cref="QuantityNames"/>) as they were when the register image was last
        /// rendered, i.e. the true values behind the last response. Float registers carry them rounded to single
        /// precision.
        /// </summary>
        public Dictionary<string, double> ServedValues
        {
            get
            {
                Dictionary<string, double> served = Model.Snapshot();
                lock (gate)
                {
                    foreach (string name in new List<string>(served.Keys))
                    {
                        served[name] = servedValues[Model.IndexOf(name)];
                    }
                }

                return served;
            }
        }

        public bool Supports(byte function)
        {
            return functions.Contains(function);
        }

        /// <summary>Brings the model to the present and renders the register image (also used by --print-map).</summary>
        public void Refresh()
        {
            lock (gate)
            {
                Model.Update();
                Render();
            }
        }

        /// <summary>
        /// True: a request renders only the registers it reads (the model is still brought to the present, the
        /// values behind the response are the same), so the rest of the image keeps older values. For long runs
        /// where nothing but the bus reads the image (the chaos soak): rendering a whole map for every request was
        /// the largest cost of a simulated bus transaction.
        /// </summary>
        public bool RenderReadRegistersOnly { get; set; }

        public void BeforeRequest()
        {
            lock (gate)
            {
                RequestCount++;
                if (RenderReadRegistersOnly)
                {
                    Model.Update();
                    servedValues = Model.CopyValuesTo(servedValues);
                    return;
                }
            }

            Refresh();
        }

        public void AfterResponse()
        {
            lock (gate)
            {
                // A new address takes effect after the response, which still comes from the old one.
                if (pendingAddress != 0)
                {
                    address = pendingAddress;
                    pendingAddress = 0;
                }
            }
        }

        public ModbusExceptionCode ReadBits(byte function, int start, int count, bool[] values)
        {
            if (function != ModbusFunction.ReadCoils || !Coils.IsMapped(start, count))
            {
                return ModbusExceptionCode.IllegalDataAddress;
            }

            for (int i = 0; i < count; i++)
            {
                values[i] = Coils.Get(start + i);
            }

            return ModbusExceptionCode.None;
        }

        public ModbusExceptionCode ReadRegisters(byte function, int start, int count, ushort[] values)
        {
            RegisterTable table = function == ModbusFunction.ReadInputRegisters ? InputRegisters : HoldingRegisters;
            lock (gate)
            {
                if (!table.IsMapped(start, count))
                {
                    return ModbusExceptionCode.IllegalDataAddress;
                }

                if (RenderReadRegistersOnly)
                {
                    RenderEntries(function == ModbusFunction.ReadInputRegisters ? RegisterKind.Input : RegisterKind.Holding, start, count);
                }

                for (int i = 0; i < count; i++)
                {
                    values[i] = table.Get(start + i);
                }
            }

            return ModbusExceptionCode.None;
        }

        public ModbusExceptionCode WriteCoil(int coil, bool value)
        {
            if (!Coils.IsMapped(coil, 1))
            {
                return ModbusExceptionCode.IllegalDataAddress;
            }

            Coils.Set(coil, value);
            OnCoilWritten(coil, value);
            return ModbusExceptionCode.None;
        }

        public ModbusExceptionCode WriteRegisters(byte function, int start, ushort[] values, int count)
        {
            lock (gate)
            {
                if (!HoldingRegisters.IsMapped(start, count))
                {
                    return ModbusExceptionCode.IllegalDataAddress;
                }

                if (!HoldingRegisters.IsWritable(start, count))
                {
                    return ModbusExceptionCode.IllegalDataAddress;
                }

                var written = new ushort[count];
                Array.Copy(values, written, count);
                ModbusExceptionCode code = OnRegistersWritten(function, start, written);
                if (code != ModbusExceptionCode.None)
                {
                    return code;
                }

                for (int i = 0; i < count; i++)
                {
                    HoldingRegisters.Set(start + i, written[i]);
                }

                Render();
                return ModbusExceptionCode.None;
            }
        }

        /// <summary>Decoded value of an entry as it is in the register image now (what a master would read).</summary>
        public double ReadEntry(RegisterEntry entry)
        {
            RegisterTable table = entry.Kind == RegisterKind.Input ? InputRegisters : HoldingRegisters;
            lock (gate)
            {
                switch (entry.Format)
                {
                    case RegisterFormat.Float32:
                        return table.GetFloat(entry.Address, WordOrder);
                    case RegisterFormat.UInt32:
                        return table.GetUInt32(entry.Address, WordOrder);
                    case RegisterFormat.Int16:
                        return (short)table.Get(entry.Address);
                    case RegisterFormat.Bcd16:
                        return FromBcd(table.Get(entry.Address));
                    case RegisterFormat.Bcd32:
                        return FromBcd(table.Get(entry.Address)) * 10000 + FromBcd(table.Get(entry.Address + 1));
                    default:
                        return table.Get(entry.Address);
                }
            }
        }

        /// <summary>The entry's value as text (characters for Ascii, hex words for Raw).</summary>
        public string FormatEntry(RegisterEntry entry)
        {
            RegisterTable table = entry.Kind == RegisterKind.Input ? InputRegisters : HoldingRegisters;
            lock (gate)
            {
                if (entry.Format == RegisterFormat.Ascii)
                {
                    var text = new StringBuilder();
                    for (int i = 0; i < entry.Length; i++)
                    {
                        ushort word = table.Get(entry.Address + i);
                        AppendCharacter(text, word >> 8);
                        AppendCharacter(text, word & 0xFF);
                    }

                    return text.ToString();
                }

                if (entry.Format == RegisterFormat.Raw)
                {
                    var text = new StringBuilder("0x");
                    for (int i = 0; i < entry.Length; i++)
                    {
                        text.Append(table.Get(entry.Address + i).ToString("X4", CultureInfo.InvariantCulture));
                    }

                    return text.ToString();
                }
            }

            double value = ReadEntry(entry);
            return entry.Format == RegisterFormat.Float32
                ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
                : value.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The first entry at an address of a table, or null.</summary>
        public RegisterEntry FindEntry(RegisterKind kind, int entryAddress)
        {
            foreach (var entry in map)
            {
                if (entry.Kind == kind && entry.Address == entryAddress)
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>The first entry showing a canonical quantity, or null.</summary>
        public RegisterEntry FindEntry(string quantity)
        {
            foreach (var entry in map)
            {
                if (entry.Quantity == quantity)
                {
                    return entry;
                }
            }

            return null;
        }

        protected void Supported(params byte[] functionCodes)
        {
            foreach (byte code in functionCodes)
            {
                functions.Add(code);
            }
        }

        protected RegisterEntry Define(RegisterEntry entry)
        {
            RegisterTable table = entry.Kind == RegisterKind.Input ? InputRegisters : HoldingRegisters;
            table.Map(entry.Address, entry.Length, entry.Writable);
            map.Add(entry);
            return entry;
        }

        /// <summary>A float register showing a canonical quantity (times <paramref name="scale"/>).</summary>
        protected RegisterEntry Float(RegisterKind kind, int at, string quantity, string unit, string description, double scale = 1)
        {
            return Define(new RegisterEntry
            {
                Address = at, Kind = kind, Format = RegisterFormat.Float32, Quantity = quantity, Unit = unit,
                Description = description, Scale = scale,
            });
        }

        /// <summary>A register computed from the meter's state.</summary>
        protected RegisterEntry Computed(RegisterKind kind, int at, RegisterFormat format, Func<double> source, string unit, string description, bool writable = false)
        {
            return Define(new RegisterEntry
            {
                Address = at, Kind = kind, Format = format, Source = source, Unit = unit, Description = description,
                Writable = writable,
            });
        }

        /// <summary>Registers kept as written (settings the simulator stores but does not act on).</summary>
        protected RegisterEntry Stored(int at, int count, ushort initial, string description, bool writable = true)
        {
            var entry = Define(new RegisterEntry
            {
                Address = at, Kind = RegisterKind.Holding, Format = RegisterFormat.Raw, RegisterCount = count,
                Description = description, Writable = writable,
            });
            for (int i = 0; i < count; i++)
            {
                HoldingRegisters.Set(at + i, i == count - 1 ? initial : (ushort)0);
            }

            return entry;
        }

        protected RegisterEntry Text(int at, int count, Func<string> source, string description)
        {
            return Define(new RegisterEntry
            {
                Address = at, Kind = RegisterKind.Holding, Format = RegisterFormat.Ascii, RegisterCount = count,
                TextSource = source, Description = description,
            });
        }

        /// <summary>Validates and applies a write to holding registers; the values are stored when it returns None.</summary>
        protected abstract ModbusExceptionCode OnRegistersWritten(byte function, int start, ushort[] values);

        protected virtual void OnCoilWritten(int coil, bool value)
        {
        }

        /// <summary>Sets the slave address, effective after the response to the write.</summary>
        protected void ChangeAddress(int newAddress)
        {
            pendingAddress = (byte)newAddress;
        }

        /// <summary>Address the meter will have after the current request (the current one when none is pending).</summary>
        protected int ConfiguredAddress
        {
            get { return pendingAddress != 0 ? pendingAddress : address; }
        }

        /// <summary>Float value of two written registers in the meter's word order.</summary>
        protected float WrittenFloat(ushort[] values, int index)
        {
            uint first = values[index];
            uint second = values[index + 1];
            uint bits = WordOrder == WordOrder.HighWordFirst ? (first << 16) | second : (second << 16) | first;
            return BitConverter.UInt32BitsToSingle(bits);
        }

        /// <summary>Writes every computed entry from the model and the meter's state into the tables.</summary>
        protected void Render()
        {
            // Copied into the same array (ServedValues hands out a dictionary): no allocation per request.
            servedValues = Model.CopyValuesTo(servedValues);
            RenderEntries(null, 0, 0);
        }

        /// <summary>Writes the computed entries of <paramref name="kind"/> that overlap <paramref name="count"/>
        /// registers from <paramref name="start"/> (every entry when <paramref name="kind"/> is null) from the
        /// values last copied from the model.</summary>
        private void RenderEntries(RegisterKind? kind, int start, int count)
        {
            if (entryValueIndex.Length != map.Count)
            {
                entryValueIndex = new int[map.Count];
                for (int i = 0; i < map.Count; i++)
                {
                    entryValueIndex[i] = map[i].Quantity == null ? -1 : Model.IndexOf(map[i].Quantity);
                }
            }

            for (int e = 0; e < map.Count; e++)
            {
                RegisterEntry entry = map[e];
                if (kind != null && (entry.Kind != kind.Value || entry.Address + entry.Length <= start || entry.Address >= start + count))
                {
                    continue;
                }

                RegisterTable table = entry.Kind == RegisterKind.Input ? InputRegisters : HoldingRegisters;
                if (entry.Format == RegisterFormat.Ascii)
                {
                    if (entry.TextSource != null)
                    {
                        WriteText(table, entry, entry.TextSource());
                    }

                    continue;
                }

                double value;
                if (entry.Source != null)
                {
                    value = entry.Source();
                }
                else if (entry.Quantity != null)
                {
                    int index = entryValueIndex[e];
                    value = index >= 0 ? servedValues[index] * entry.Scale : 0;
                }
                else
                {
                    continue;
                }

                switch (entry.Format)
                {
                    case RegisterFormat.Float32:
                        table.SetFloat(entry.Address, (float)value, WordOrder);
                        break;
                    case RegisterFormat.UInt32:
                        table.SetUInt32(entry.Address, (uint)Math.Round(value), WordOrder);
                        break;
                    case RegisterFormat.Int16:
                        table.Set(entry.Address, unchecked((ushort)(short)Math.Round(value)));
                        break;
                    case RegisterFormat.Bcd16:
                        table.Set(entry.Address, ToBcd((int)Math.Round(value) % 10000));
                        break;
                    case RegisterFormat.Bcd32:
                        long whole = (long)Math.Round(value);
                        table.Set(entry.Address, ToBcd((int)(whole / 10000 % 10000)));
                        table.Set(entry.Address + 1, ToBcd((int)(whole % 10000)));
                        break;
                    default:
                        table.Set(entry.Address, (ushort)Math.Round(value));
                        break;
                }
            }
        }

        private static void WriteText(RegisterTable table, RegisterEntry entry, string text)
        {
            for (int i = 0; i < entry.Length; i++)
            {
                int high = 2 * i < text.Length ? text[2 * i] : 0;
                int low = 2 * i + 1 < text.Length ? text[2 * i + 1] : 0;
                table.Set(entry.Address + i, (ushort)((high << 8) | low));
            }
        }

        private static void AppendCharacter(StringBuilder text, int character)
        {
            if (character != 0)
            {
                text.Append((char)character);
            }
        }

        protected static ushort ToBcd(int value)
        {
            int result = 0;
            for (int shift = 0; shift < 16; shift += 4)
            {
                result |= (value % 10) << shift;
                value /= 10;
            }

            return (ushort)result;
        }

        protected static int FromBcd(ushort value)
        {
            int result = 0;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                result = result * 10 + ((value >> shift) & 0xF);
            }

            return result;
        }

        /// <summary>Decimal parity/stop description used by the CLI (8E1, 8N2...).</summary>
        public static string Describe(SerialSettings settings)
        {
            char parity = settings.Parity == SerialParity.Even ? 'E' : settings.Parity == SerialParity.Odd ? 'O' : 'N';
            return settings.BaudRate.ToString(CultureInfo.InvariantCulture) + " 8" + parity + settings.StopBits.ToString(CultureInfo.InvariantCulture);
        }
    }
}
