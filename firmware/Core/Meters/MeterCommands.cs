using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Writes the console offers for commissioning and operation: relay on/off (Compere meters), tariff and
    /// resettable counter (KLEFR), Modbus address and baud rate (all). Each write is confirmed by reading the
    /// setting back; each checks first that the meter type has the setting and that the value is one its
    /// manual allows. Relay commands are refused unless the meter's settings enable relays (a relay cuts a
    /// customer's power). Run on the bus thread (the master is not thread-safe). These run on operator
    /// request, not per poll, so they may allocate a few words.
    /// </summary>
    public static class MeterCommands
    {
        /// <summary>Closes (load supplied) or opens the load-control relay, then reads the coil back
        /// (KPM33B 6.1.2 / KPM31 6.1.3: 0xFF00 closes, 0x0000 opens; read with 01H).</summary>
        public static MeterCommandStatus SetRelay(ModbusMaster master, MeterDriver meter, bool closed, out ModbusStatus busStatus)
        {
            busStatus = ModbusStatus.Ok;
            if (!meter.Type.HasRelay)
            {
                return MeterCommandStatus.NotSupported;
            }

            if (!meter.Settings.RelayEnabled)
            {
                return MeterCommandStatus.RelayNotEnabled;
            }

            busStatus = master.WriteSingleCoilVerified(meter.Address, (ushort)meter.Type.RelayCoilAddress, closed);
            return FromBus(busStatus);
        }

        /// <summary>Reads the relay coil. Reading is harmless, so it needs no enable flag.</summary>
        public static MeterCommandStatus ReadRelay(ModbusMaster master, MeterDriver meter, out bool closed, out ModbusStatus busStatus)
        {
            closed = false;
            busStatus = ModbusStatus.Ok;
            if (!meter.Type.HasRelay)
            {
                return MeterCommandStatus.NotSupported;
            }

            busStatus = master.Read(meter.Address, ModbusFunction.ReadCoils, (ushort)meter.Type.RelayCoilAddress, 1);
            if (busStatus != ModbusStatus.Ok)
            {
                return MeterCommandStatus.BusFailure;
            }

            closed = (master.ResponseBuffer[master.ResponseDataOffset] & 1) != 0;
            return MeterCommandStatus.Ok;
        }

        /// <summary>Selects the tariff (KLEFR 0x6048: 1 = T1, 2 = T2), read back.</summary>
        public static MeterCommandStatus SetTariff(ModbusMaster master, MeterDriver meter, int tariff, out ModbusStatus busStatus)
        {
            busStatus = ModbusStatus.Ok;
            SettingRegister setting = meter.Type.TariffSetting;
            int code;
            MeterCommandStatus allowed = CodeFor(setting, tariff, out code);
            if (allowed != MeterCommandStatus.Ok)
            {
                return allowed;
            }

            ushort[] registers = new ushort[2];
            int count = RegisterEncoder.Encode(setting.DataType, code, meter.WordOrder, registers);
            busStatus = master.WriteRegistersVerified(meter.Address, setting.WriteFunctionCode, setting.Address, registers, 0, count);
            return FromBus(busStatus);
        }

        /// <summary>Resets the resettable day counter (KLEFR 0x6049: "01 10 6049 0002 04 0000 0000 Reset to 0").</summary>
        public static MeterCommandStatus ResetResettableCounter(ModbusMaster master, MeterDriver meter, out ModbusStatus busStatus)
        {
            busStatus = ModbusStatus.Ok;
            if (meter.Type.ResettableCounterAddress < 0)
            {
                return MeterCommandStatus.NotSupported;
            }

            ushort[] zeros = new ushort[2];
            busStatus = master.WriteRegistersVerified(meter.Address, ModbusFunction.WriteMultipleRegisters,
                (ushort)meter.Type.ResettableCounterAddress, zeros, 0, 2);
            return FromBus(busStatus);
        }

        /// <summary>
        /// Gives the meter a new Modbus address. The write goes to the old address; the read-back to the new
        /// one, since the meter answers there from then on. On success the driver's address follows, so the
        /// poller keeps reading it. If the new address is silent but the old one reads back the new value, the
        /// meter applies it at its next restart.
        /// </summary>
        public static MeterCommandStatus ChangeAddress(ModbusMaster master, MeterDriver meter, byte newAddress, out ModbusStatus busStatus)
        {
            busStatus = ModbusStatus.Ok;
            SettingRegister setting = meter.Type.AddressSetting;
            int code;
            MeterCommandStatus allowed = CodeFor(setting, newAddress, out code);
            if (allowed != MeterCommandStatus.Ok)
            {
                return allowed;
            }

            ushort[] registers = new ushort[2];
            int count = RegisterEncoder.Encode(setting.DataType, code, meter.WordOrder, registers);
            busStatus = Write(master, meter.Address, setting, registers, count);
            if (busStatus != ModbusStatus.Ok)
            {
                return MeterCommandStatus.BusFailure;
            }

            busStatus = ReadBack(master, newAddress, setting.Address, registers, count);
            if (busStatus == ModbusStatus.Ok)
            {
                meter.SetAddress(newAddress);
                return MeterCommandStatus.Ok;
            }

            return Unconfirmed(master, meter, setting, registers, count, ref busStatus);
        }

        /// <summary>
        /// Sets the meter's baud rate (framing unchanged). The write goes at the bus's current rate; the read-back
        /// at the new one, through a temporary master on the same line; the line is then set back to the bus's
        /// framing, so the meter is unreachable on this bus until the bus's baud rate is changed too (the
        /// console says so). KPM33B keeps its parity code in the same register's high byte, so the register is
        /// read, modified and written.
        /// </summary>
        public static MeterCommandStatus ChangeBaudRate(ModbusMaster master, ISerialLine line, IClock clock,
            MeterDriver meter, int baudRate, out ModbusStatus busStatus)
        {
            busStatus = ModbusStatus.Ok;
            SettingRegister setting = meter.Type.BaudRateSetting;
            int code;
            MeterCommandStatus allowed = CodeFor(setting, baudRate, out code);
            if (allowed != MeterCommandStatus.Ok)
            {
                return allowed;
            }

            if (setting.DataType == DataType.ByteLow)
            {
                busStatus = master.Read(meter.Address, ModbusFunction.ReadHoldingRegisters, setting.Address, 1);
                if (busStatus != ModbusStatus.Ok)
                {
                    return MeterCommandStatus.BusFailure;
                }

                int current = RegisterDecoder.ReadUInt16(master.ResponseBuffer, master.ResponseDataOffset);
                code = (current & 0xFF00) | code;
            }

            ushort[] registers = new ushort[2];
            int count = RegisterEncoder.Encode(setting.DataType == DataType.ByteLow ? DataType.UInt16 : setting.DataType,
                code, meter.WordOrder, registers);
            busStatus = Write(master, meter.Address, setting, registers, count);
            if (busStatus != ModbusStatus.Ok)
            {
                return MeterCommandStatus.BusFailure;
            }

            ModbusMaster atNewRate = new ModbusMaster(line, clock, BusSettingsCopy.WithBaudRate(master.Settings, baudRate));
            busStatus = ReadBack(atNewRate, meter.Address, setting.Address, registers, count);
            line.Configure(master.Settings.ToSerialSettings());
            if (busStatus == ModbusStatus.Ok)
            {
                return MeterCommandStatus.Ok;
            }

            return Unconfirmed(master, meter, setting, registers, count, ref busStatus);
        }

        /// <summary>
        /// The code to write for a setting's value: <see cref="MeterCommandStatus.NotSupported"/> when the meter
        /// type has no such setting (null), <see cref="MeterCommandStatus.ValueNotAllowed"/> when its manual does
        /// not list the value, otherwise <see cref="MeterCommandStatus.Ok"/>.
        /// </summary>
        private static MeterCommandStatus CodeFor(SettingRegister setting, int value, out int code)
        {
            code = -1;
            if (setting == null)
            {
                return MeterCommandStatus.NotSupported;
            }

            code = setting.CodeFor(value);
            return code < 0 ? MeterCommandStatus.ValueNotAllowed : MeterCommandStatus.Ok;
        }

        /// <summary>
        /// After a written address or baud rate did not read back at the new address or rate: a different value
        /// there is a mismatch; silence there, while the old address and rate already read back the new value,
        /// means the meter applies it at its next restart (then <paramref name="busStatus"/> becomes Ok).
        /// </summary>
        private static MeterCommandStatus Unconfirmed(ModbusMaster master, MeterDriver meter, SettingRegister setting,
            ushort[] registers, int count, ref ModbusStatus busStatus)
        {
            if (busStatus == ModbusStatus.ReadBackMismatch)
            {
                return MeterCommandStatus.ReadBackMismatch;
            }

            ModbusStatus old = ReadBack(master, meter.Address, setting.Address, registers, count);
            if (old == ModbusStatus.Ok)
            {
                busStatus = old;
                return MeterCommandStatus.PendingRestart;
            }

            return MeterCommandStatus.BusFailure;
        }

        private static ModbusStatus Write(ModbusMaster master, byte address, SettingRegister setting, ushort[] registers, int count)
        {
            if (setting.WriteFunctionCode == ModbusFunction.WriteSingleRegister && count == 1)
            {
                return master.WriteSingleRegister(address, setting.Address, registers[0]);
            }

            return master.WriteMultipleRegisters(address, setting.Address, registers, 0, count);
        }

        /// <summary>Reads <paramref name="count"/> holding registers and compares them with the expected ones.</summary>
        private static ModbusStatus ReadBack(ModbusMaster master, byte address, ushort start, ushort[] expected, int count)
        {
            ModbusStatus status = master.Read(address, ModbusFunction.ReadHoldingRegisters, start, (ushort)count);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            for (int index = 0; index < count; index++)
            {
                if (RegisterDecoder.ReadUInt16(master.ResponseBuffer, master.ResponseDataOffset + index * 2) != expected[index])
                {
                    return ModbusStatus.ReadBackMismatch;
                }
            }

            return ModbusStatus.Ok;
        }

        private static MeterCommandStatus FromBus(ModbusStatus status)
        {
            if (status == ModbusStatus.Ok)
            {
                return MeterCommandStatus.Ok;
            }

            return status == ModbusStatus.ReadBackMismatch ? MeterCommandStatus.ReadBackMismatch : MeterCommandStatus.BusFailure;
        }
    }
}
