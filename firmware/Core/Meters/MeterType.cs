using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Everything the firmware knows about one kind of meter, as data: its name on the console and in the
    /// configuration, its register table and readable ranges, its factory serial framing, how a bus scan
    /// recognises it, and its writable settings. Instances live in <see cref="MeterTypes"/>.
    /// </summary>
    public sealed class MeterType
    {
        /// <summary>Name used by the console, the configuration and the PC tool: kpm33b, kpm31, klefr, sdm630.</summary>
        public readonly string Name;
        public readonly string Manufacturer;
        public readonly string Model;

        /// <summary>Factory default baud rate and framing, as the manual states it (see README.md where the
        /// manual contradicts itself).</summary>
        public readonly SerialSettings DefaultSerialSettings;

        /// <summary>Baud rates the meter can be set to.</summary>
        public readonly int[] BaudRates;

        /// <summary>Word order the manual documents for 32-bit values.</summary>
        public readonly WordOrder DocumentedWordOrder;

        /// <summary>True when the manual says the meter may use either word order (SDM630-style 2.1).</summary>
        public readonly bool WordOrderVaries;

        /// <summary>Scan signature: a register read that only this type answers as expected. The frequency row
        /// of the table is read afterwards, and must be 45..65 Hz in one of the two word orders.</summary>
        public readonly byte SignatureFunctionCode;
        public readonly ushort SignatureAddress;

        /// <summary>Value the signature register must hold; -1 when any normal response will do.</summary>
        public readonly int SignatureExpectedValue;

        /// <summary>True when the signature read is the frequency read itself (no separate signature).</summary>
        public readonly bool SignatureIsFrequency;

        /// <summary>Coil address of the load-control relay (function 01 read, 05 write); -1 when none.</summary>
        public readonly int RelayCoilAddress;

        public readonly SettingRegister AddressSetting;
        public readonly SettingRegister BaudRateSetting;

        /// <summary>Tariff selection (KLEFR 0x6048); null when the tariff cannot be set over Modbus.</summary>
        public readonly SettingRegister TariffSetting;

        /// <summary>Register (two, a float) written with zeros to reset the resettable counter; -1 when none.</summary>
        public readonly int ResettableCounterAddress;

        /// <summary>True for the Compere meters: monthly history 0x009C..0x019F (<see cref="CompereHistoryRegisters"/>).</summary>
        public readonly bool HasCompereHistory;

        private readonly TableSource _tableSource;

        /// <summary>Supplies a meter type's table and ranges on first use (the table classes build lazily).</summary>
        public delegate RegisterDefinition[] TableSource();

        private readonly RangeSource _rangeSource;

        public delegate RegisterRange[] RangeSource();

        public MeterType(string name, string manufacturer, string model, TableSource table, RangeSource readableRanges,
            SerialSettings defaultSerialSettings, int[] baudRates, WordOrder documentedWordOrder, bool wordOrderVaries,
            byte signatureFunctionCode, int signatureAddress, int signatureExpectedValue, bool signatureIsFrequency,
            int relayCoilAddress, SettingRegister addressSetting, SettingRegister baudRateSetting,
            SettingRegister tariffSetting, int resettableCounterAddress, bool hasCompereHistory)
        {
            if (table == null || readableRanges == null || defaultSerialSettings == null)
            {
                throw new ArgumentNullException("table");
            }

            Name = name;
            Manufacturer = manufacturer;
            Model = model;
            _tableSource = table;
            _rangeSource = readableRanges;
            DefaultSerialSettings = defaultSerialSettings;
            BaudRates = baudRates;
            DocumentedWordOrder = documentedWordOrder;
            WordOrderVaries = wordOrderVaries;
            SignatureFunctionCode = signatureFunctionCode;
            SignatureAddress = (ushort)signatureAddress;
            SignatureExpectedValue = signatureExpectedValue;
            SignatureIsFrequency = signatureIsFrequency;
            RelayCoilAddress = relayCoilAddress;
            AddressSetting = addressSetting;
            BaudRateSetting = baudRateSetting;
            TariffSetting = tariffSetting;
            ResettableCounterAddress = resettableCounterAddress;
            HasCompereHistory = hasCompereHistory;
        }

        /// <summary>The register table (quantities and identity rows).</summary>
        public RegisterDefinition[] Registers
        {
            get { return _tableSource(); }
        }

        public RegisterRange[] ReadableRanges
        {
            get { return _rangeSource(); }
        }

        public bool HasRelay
        {
            get { return RelayCoilAddress >= 0; }
        }

        /// <summary>The table row of the frequency, used to detect the word order; null if the table has none.</summary>
        public RegisterDefinition FrequencyRow
        {
            get { return FindRow(QuantityNames.Frequency); }
        }

        /// <summary>The row of a quantity in this type's table, or null.</summary>
        public RegisterDefinition FindRow(string quantityName)
        {
            RegisterDefinition[] rows = Registers;
            for (int index = 0; index < rows.Length; index++)
            {
                if (rows[index].Quantity != null && rows[index].Quantity.Name == quantityName)
                {
                    return rows[index];
                }
            }

            return null;
        }

        /// <summary>The identity row for a field, or null.</summary>
        public RegisterDefinition FindIdentityRow(IdentityField field)
        {
            RegisterDefinition[] rows = Registers;
            for (int index = 0; index < rows.Length; index++)
            {
                if (rows[index].Identity == field)
                {
                    return rows[index];
                }
            }

            return null;
        }
    }
}
