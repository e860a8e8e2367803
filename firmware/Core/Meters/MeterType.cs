using System;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Everything the firmware knows about one kind of meter, as data: its name on the console and in the
    /// configuration, its register table and readable ranges, its factory serial framing, how a bus scan
    /// recognises it, and its writable settings. Instances live in <see cref="MeterTypes"/>. A type keeps its names
    /// and its block plan; everything else is code in <see cref="MeterTypes"/> (switches on the type's position):
    /// numbers cost nothing to ask for, and the declarations (table, ranges) and writable settings are made on
    /// each call of the members that return them (commands, the console, tests), so a type costs a few fields,
    /// not ~800 bytes of settings, arrays and delegates.
    /// </summary>
    public sealed class MeterType
    {
        /// <summary>Name used by the console, the configuration and the PC tool: kpm33b, kpm31, klefr, sdm630.</summary>
        public readonly string Name;
        public readonly string Manufacturer;
        public readonly string Model;

        /// <summary>Which declarations of <see cref="MeterTypes"/> are this type's (its position in scan order).</summary>
        private readonly int _ordinal;

        /// <summary>Built on first use and kept (shared by every driver of the type); only compact arrays.</summary>
        private BlockPlan _plan;
        private BlockPlan _historyPlan;

        public MeterType(string name, string manufacturer, string model, int ordinal)
        {
            Name = name;
            Manufacturer = manufacturer;
            Model = model;
            _ordinal = ordinal;
        }

        /// <summary>Word order the manual documents for 32-bit values.</summary>
        public WordOrder DocumentedWordOrder
        {
            get { return MeterTypes.DocumentedWordOrderOf(_ordinal); }
        }

        /// <summary>True when the manual says the meter may use either word order (SDM630-style 2.1).</summary>
        public bool WordOrderVaries
        {
            get { return MeterTypes.WordOrderVariesOf(_ordinal); }
        }

        /// <summary>Scan signature: a register read that only this type answers as expected. The frequency row
        /// of the table is read afterwards, and must be 45..65 Hz in one of the two word orders.</summary>
        public byte SignatureFunctionCode
        {
            get { return MeterTypes.SignatureFunctionCodeOf(_ordinal); }
        }

        public ushort SignatureAddress
        {
            get { return MeterTypes.SignatureAddressOf(_ordinal); }
        }

        /// <summary>Value the signature register must hold; -1 when any normal response will do.</summary>
        public int SignatureExpectedValue
        {
            get { return MeterTypes.SignatureExpectedValueOf(_ordinal); }
        }

        /// <summary>True when the signature read is the frequency read itself (no separate signature).</summary>
        public bool SignatureIsFrequency
        {
            get { return MeterTypes.SignatureIsFrequencyOf(_ordinal); }
        }

        /// <summary>Coil address of the load-control relay (function 01 read, 05 write); -1 when none.</summary>
        public int RelayCoilAddress
        {
            get { return MeterTypes.RelayCoilAddressOf(_ordinal); }
        }

        /// <summary>Register (two, a float) written with zeros to reset the resettable counter; -1 when none.</summary>
        public int ResettableCounterAddress
        {
            get { return MeterTypes.ResettableCounterAddressOf(_ordinal); }
        }

        /// <summary>True for the Compere meters: monthly history 0x009C..0x019F (<see cref="CompereHistoryRegisters"/>).</summary>
        public bool HasCompereHistory
        {
            get { return MeterTypes.HasCompereHistoryOf(_ordinal); }
        }

        /// <summary>Factory default baud rate and framing, as the manual states it (see README.md where the
        /// manual contradicts itself). Made on each call.</summary>
        public SerialSettings DefaultSerialSettings
        {
            get { return MeterTypes.DefaultSerialSettingsOf(_ordinal); }
        }

        /// <summary>Baud rates the meter can be set to. Made on each call.</summary>
        public int[] BaudRates
        {
            get { return MeterTypes.BaudRatesOf(_ordinal); }
        }

        /// <summary>Modbus address setting. Made on each call.</summary>
        public SettingRegister AddressSetting
        {
            get { return MeterTypes.AddressSettingOf(_ordinal); }
        }

        /// <summary>Baud rate setting. Made on each call.</summary>
        public SettingRegister BaudRateSetting
        {
            get { return MeterTypes.BaudRateSettingOf(_ordinal); }
        }

        /// <summary>Tariff selection (KLEFR 0x6048); null when the tariff cannot be set over Modbus. Made on each call.</summary>
        public SettingRegister TariffSetting
        {
            get { return MeterTypes.TariffSettingOf(_ordinal); }
        }

        /// <summary>The register table's declarations (quantities and identity rows) in table order, made on each
        /// call from the packed rows (tests, tools): the firmware keeps only the compact <see cref="Table"/>.</summary>
        public RegisterDefinition[] Registers
        {
            get
            {
                RegisterTable declared = new RegisterTable(MeterTypes.TableOf(_ordinal), null);
                RegisterDefinition[] rows = new RegisterDefinition[declared.Count];
                for (int row = 0; row < rows.Length; row++)
                {
                    rows[row] = declared.RowAt(row);
                }

                return rows;
            }
        }

        /// <summary>Spans the meter answers in one request; blocks never cross their ends. Made on each call:
        /// only the plan, built from them once, is kept.</summary>
        public RegisterRange[] ReadableRanges
        {
            get { return MeterTypes.ReadableRangesOf(_ordinal); }
        }

        /// <summary>The blocks and compact rows of the table, built once and shared by the type's drivers.</summary>
        public BlockPlan Plan
        {
            get
            {
                if (_plan == null)
                {
                    _plan = new BlockPlan(MeterTypes.TableOf(_ordinal), null, ReadableRanges);
                }

                return _plan;
            }
        }

        /// <summary>The plan with the Compere monthly history added (<see cref="CompereHistoryRegisters"/>), built
        /// once when a meter's settings first ask for it; the plain plan for a type without history.</summary>
        public BlockPlan HistoryPlan
        {
            get
            {
                if (!HasCompereHistory)
                {
                    return Plan;
                }

                if (_historyPlan == null)
                {
                    long[] table = MeterTypes.TableOf(_ordinal);
                    long[] history = CompereHistoryRegisters.Build();
                    long[] rows = new long[table.Length + history.Length];
                    string[] names = StringArrays.Create(rows.Length);
                    Array.Copy(table, rows, table.Length);
                    Array.Copy(history, 0, rows, table.Length, history.Length);
                    for (int row = 0; row < history.Length; row++)
                    {
                        names[table.Length + row] = CompereHistoryRegisters.NameOf(row);
                    }

                    _historyPlan = new BlockPlan(rows, names, ReadableRanges);
                }

                return _historyPlan;
            }
        }

        /// <summary>The plan a meter with these settings is polled with.</summary>
        public BlockPlan PlanFor(MeterSettings settings)
        {
            return settings != null && settings.ReadHistory ? HistoryPlan : Plan;
        }

        /// <summary>The compact rows of the table (in block order), without the history.</summary>
        public RegisterTable Table
        {
            get { return Plan.Table; }
        }

        public bool HasRelay
        {
            get { return RelayCoilAddress >= 0; }
        }

        /// <summary>Row of <see cref="Table"/> holding the frequency, used to detect the word order; -1 if none.</summary>
        public int FrequencyRowIndex
        {
            get { return Table.IndexOfQuantity(QuantityNames.Frequency); }
        }

        /// <summary>The table row of the frequency as a declaration (made on each call), or null if the table has none.</summary>
        public RegisterDefinition FrequencyRow
        {
            get { return FindRow(QuantityNames.Frequency); }
        }

        /// <summary>True when the table has a row for that quantity (no allocation).</summary>
        public bool HasQuantity(string quantityName)
        {
            return Table.IndexOfQuantity(quantityName) >= 0;
        }

        /// <summary>The row of a quantity in this type's table as a declaration (made on each call), or null.</summary>
        public RegisterDefinition FindRow(string quantityName)
        {
            RegisterTable table = Table;
            int row = table.IndexOfQuantity(quantityName);
            return row < 0 ? null : table.RowAt(row);
        }

        /// <summary>The identity row for a field as a declaration (made on each call), or null.</summary>
        public RegisterDefinition FindIdentityRow(IdentityField field)
        {
            RegisterTable table = Table;
            int row = table.IndexOfIdentity(field);
            return row < 0 ? null : table.RowAt(row);
        }
    }
}
