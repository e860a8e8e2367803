using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// The compact tables the firmware keeps (parallel primitive arrays) say exactly what the declared rows say,
    /// and the vocabulary's compact form gives the declared units, limits and diagnostic flags.
    /// </summary>
    [TestClass]
    public class RegisterTableTests
    {
        [TestMethod]
        public void EveryCompactTableHoldsItsDeclaredRows()
        {
            MeterType[] types = MeterTypes.All;
            for (int typeIndex = 0; typeIndex < types.Length; typeIndex++)
            {
                MeterType type = types[typeIndex];
                RegisterDefinition[] declared = type.Registers;
                RegisterTable table = type.Table;
                Assert.AreEqual(declared.Length, table.Count, type.Name + " rows");
                int quantities = 0;
                int counters = 0;
                for (int index = 0; index < declared.Length; index++)
                {
                    RegisterDefinition row = declared[index];
                    int found = Find(table, row);
                    string where = type.Name + " 0x" + row.Address.ToString("X4");
                    Assert.IsTrue(found >= 0, where + " missing");
                    Assert.AreEqual((int)row.WordOrder, (int)table.WordOrderAt(found), where);
                    Assert.AreEqual(row.Length, table.LengthAt(found), where);
                    Assert.AreEqual(row.LastAddress, table.LastAddressAt(found), where);
                    Assert.AreEqual(row.Scale, table.ScaleAt(found), where);
                    Assert.AreEqual((int)row.PollClass, (int)table.PollClassAt(found), where);
                    Assert.AreEqual(row.IsMonotonic, table.IsMonotonicAt(found), where);
                    Assert.AreEqual((int)row.Identity, (int)table.IdentityAt(found), where);
                    if (row.Quantity == null)
                    {
                        Assert.IsNull(table.QuantityNameAt(found), where);
                        Assert.AreEqual(RegisterTable.NoQuantity, table.QuantityIndexAt(found), where);
                        Assert.AreEqual(-1, table.SlotOfRow(found), where);
                        continue;
                    }

                    quantities++;
                    counters += row.IsMonotonic ? 1 : 0;
                    int slot = table.SlotOfRow(found);
                    Assert.AreEqual(row.Quantity.Name, table.QuantityNameAt(found), where);
                    Assert.AreEqual(row.Quantity.Name, table.NameOfSlot(slot), where);
                    Assert.AreEqual(found, table.RowOfSlot(slot), where);
                    Assert.AreEqual(row.Quantity.Unit, QuantityNames.UnitAt(table.QuantityIndexOfSlot(slot)), where);
                    Assert.AreEqual(row.IsMonotonic, table.CounterOfSlot(slot) >= 0, where);
                }

                Assert.AreEqual(quantities, table.QuantityCount, type.Name + " quantities");
                Assert.AreEqual(counters, table.CounterCount, type.Name + " counters");
            }
        }

        [TestMethod]
        public void SlotsFollowTheRowOrderWhenIdentityRowsAreInterleaved()
        {
            Quantity renamed = QuantityNames.Find(QuantityNames.EnergyTotal).WithName("energy_total_month_3");
            RegisterDefinition[] rows = new RegisterDefinition[]
            {
                RegisterDefinition.Measure(3, 0x0010, DataType.Float32, 1000.0, QuantityNames.Power, PollClass.Fast),
                RegisterDefinition.IdentityRow(3, 0x0020, DataType.Ascii, 7, IdentityField.SerialNumber),
                RegisterDefinition.Counter(3, 0x0030, DataType.Float32, 1.0, QuantityNames.EnergyImport, PollClass.Slow),
                RegisterDefinition.IdentityRow(3, 0x0040, DataType.Hex16, 1, IdentityField.MeterCode),
                new RegisterDefinition(3, 0x0050, DataType.Float32, WordOrder.LowWordFirst, 2, 1.0, renamed, PollClass.Rare,
                    false, IdentityField.None),
                RegisterDefinition.Counter(3, 0x0060, DataType.Float32, 1000.0, QuantityNames.EnergyExport, PollClass.Slow),
            };

            RegisterTable table = new RegisterTable(rows);
            Assert.AreEqual(6, table.Count);
            Assert.AreEqual(4, table.QuantityCount);
            Assert.AreEqual(2, table.IdentityRowCount);
            Assert.AreEqual(2, table.CounterCount);
            Assert.AreEqual(7 * 2 + 1 * 2, table.IdentityByteCount);

            Assert.AreEqual(0, table.SlotOfRow(0));
            Assert.AreEqual(-1, table.SlotOfRow(1));
            Assert.AreEqual(1, table.SlotOfRow(2));
            Assert.AreEqual(-1, table.SlotOfRow(3));
            Assert.AreEqual(2, table.SlotOfRow(4));
            Assert.AreEqual(3, table.SlotOfRow(5));
            Assert.AreEqual(4, table.RowOfSlot(2));
            Assert.AreEqual(0, table.IdentityOrdinalOfRow(1));
            Assert.AreEqual(1, table.IdentityOrdinalOfRow(3));
            Assert.AreEqual(-1, table.IdentityOrdinalOfRow(2));
            Assert.AreEqual(0, table.IdentityByteOffset(0));
            Assert.AreEqual(14, table.IdentityByteOffset(1));

            Assert.AreEqual(-1, table.CounterOfSlot(0));
            Assert.AreEqual(0, table.CounterOfSlot(1));
            Assert.AreEqual(-1, table.CounterOfSlot(2));
            Assert.AreEqual(1, table.CounterOfSlot(3));

            Assert.AreEqual("energy_total_month_3", table.NameOfSlot(2));
            Assert.AreEqual(QuantityNames.IndexOf(QuantityNames.EnergyTotal), table.QuantityIndexOfSlot(2));
            Assert.AreEqual((int)WordOrder.LowWordFirst, (int)table.WordOrderAt(4));
            Assert.AreEqual(1000.0, table.ScaleAt(0));
            Assert.AreEqual(1.0, table.ScaleAt(2));
            Assert.AreEqual(1000.0, table.ScaleAt(5));
            Assert.AreEqual(2, table.IndexOfQuantity(QuantityNames.EnergyImport));
            Assert.AreEqual(4, table.IndexOfQuantity("energy_total_month_3"));
            Assert.AreEqual(-1, table.IndexOfQuantity(QuantityNames.EnergyTotal));
            Assert.AreEqual(3, table.IndexOfIdentity(IdentityField.MeterCode));

            RegisterDefinition back = table.RowAt(4);
            Assert.AreEqual("energy_total_month_3", back.Quantity.Name);
            Assert.AreEqual("kWh", back.Quantity.Unit);
            Assert.AreEqual(-1.0e9, back.Quantity.Minimum);
            Assert.AreEqual((ushort)0x0050, back.Address);
            Assert.IsNull(table.RowAt(1).Quantity);
            Assert.AreEqual((int)IdentityField.SerialNumber, (int)table.RowAt(1).Identity);
        }

        [TestMethod]
        public void PackedRowsSayWhatTheirDeclarationsSay()
        {
            // The tables are declared packed (RegisterRow) so that building a plan makes no declaration objects;
            // the same arguments through RegisterDefinition must give the same row, field by field.
            long[] packed = new long[]
            {
                RegisterRow.Measure(4, 0x0046, DataType.Float32, 1.0, QuantityNames.Frequency, PollClass.Fast),
                RegisterRow.Counter(3, 0x0100, DataType.Float32, 1000.0, QuantityNames.EnergyImport, PollClass.Slow),
                RegisterRow.IdentityRow(3, 0x0012, DataType.Ascii, 7, IdentityField.SerialNumber),
                RegisterRow.Measure(1, 0x0001, DataType.Bit, 1.0, QuantityNames.Relay, PollClass.Slow),
                RegisterRow.Measure(3, 0xFFFE, DataType.DateTime6, 0.001, QuantityNames.MeterClock, PollClass.Rare),
                RegisterTable.Pack(3, 0x0050, DataType.Int32, WordOrder.LowWordFirst, 2, 0.1, QuantityNames.IndexOf(QuantityNames.EnergyTotal),
                    PollClass.Rare, true, IdentityField.None),
            };
            RegisterDefinition[] declared = new RegisterDefinition[]
            {
                RegisterDefinition.Measure(4, 0x0046, DataType.Float32, 1.0, QuantityNames.Frequency, PollClass.Fast),
                RegisterDefinition.Counter(3, 0x0100, DataType.Float32, 1000.0, QuantityNames.EnergyImport, PollClass.Slow),
                RegisterDefinition.IdentityRow(3, 0x0012, DataType.Ascii, 7, IdentityField.SerialNumber),
                RegisterDefinition.Measure(1, 0x0001, DataType.Bit, 1.0, QuantityNames.Relay, PollClass.Slow),
                RegisterDefinition.Measure(3, 0xFFFE, DataType.DateTime6, 0.001, QuantityNames.MeterClock, PollClass.Rare),
                new RegisterDefinition(3, 0x0050, DataType.Int32, WordOrder.LowWordFirst, 2, 0.1, QuantityNames.Find(QuantityNames.EnergyTotal),
                    PollClass.Rare, true, IdentityField.None),
            };

            RegisterTable fromPacked = new RegisterTable(packed, null);
            RegisterTable fromDeclared = new RegisterTable(declared);
            Assert.AreEqual(declared.Length, fromPacked.Count);
            for (int row = 0; row < declared.Length; row++)
            {
                RegisterDefinition expected = declared[row];
                RegisterDefinition actual = fromPacked.RowAt(row);
                string where = "row " + row;
                Assert.AreEqual(expected.FunctionCode, actual.FunctionCode, where);
                Assert.AreEqual(expected.Address, actual.Address, where);
                Assert.AreEqual((int)expected.DataType, (int)actual.DataType, where);
                Assert.AreEqual((int)expected.WordOrder, (int)actual.WordOrder, where);
                Assert.AreEqual(expected.Length, actual.Length, where);
                Assert.AreEqual(expected.Scale, actual.Scale, where);
                Assert.AreEqual((int)expected.PollClass, (int)actual.PollClass, where);
                Assert.AreEqual(expected.IsMonotonic, actual.IsMonotonic, where);
                Assert.AreEqual((int)expected.Identity, (int)actual.Identity, where);
                Assert.AreEqual(expected.Quantity == null ? null : expected.Quantity.Name, actual.Quantity == null ? null : actual.Quantity.Name, where);
                Assert.AreEqual(fromDeclared.QuantityIndexAt(row), fromPacked.QuantityIndexAt(row), where);
                Assert.AreEqual(RegisterTable.PackedAddress(packed[row]), (int)expected.Address, where);
                Assert.AreEqual(RegisterTable.PackedLastAddress(packed[row]), expected.LastAddress, where);
                Assert.AreEqual((int)RegisterTable.PackedFunctionCode(packed[row]), (int)expected.FunctionCode, where);
                Assert.AreEqual((int)RegisterTable.PackedPollClass(packed[row]), (int)expected.PollClass, where);
            }

            Assert.AreEqual(fromDeclared.QuantityCount, fromPacked.QuantityCount);
            Assert.AreEqual(fromDeclared.IdentityByteCount, fromPacked.IdentityByteCount);
        }

        [TestMethod]
        public void PackingRefusesWhatARowCannotHold()
        {
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => RegisterRow.Measure(3, 0x0010, DataType.Float32, 0.5, QuantityNames.Power, PollClass.Fast));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => RegisterRow.Measure(3, 0x0010, DataType.Float32, 1.0, "not_a_quantity", PollClass.Fast));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => RegisterRow.IdentityRow(3, 0x0010, DataType.Ascii, 16, IdentityField.SerialNumber));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => RegisterRow.Measure(3, 0x10000, DataType.Float32, 1.0, QuantityNames.Power, PollClass.Fast));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => RegisterRow.Measure(16, 0x0010, DataType.Float32, 1.0, QuantityNames.Power, PollClass.Fast));
        }

        [TestMethod]
        public void TheHistoryPlanNamesEveryMonthOfEverySeries()
        {
            // KPM33B 6.4: ten series of 13 floats from 0x009C ("Total combined active energy for this month") to
            // 0x019E (the 12th previous month of the last series, valley reactive energy).
            MeterType type = MeterTypes.Find(MeterTypes.Kpm33bName);
            RegisterTable plain = type.Plan.Table;
            RegisterTable history = type.HistoryPlan.Table;
            Assert.AreEqual(plain.Count + CompereHistoryRegisters.SeriesCount * CompereHistoryRegisters.MonthsPerSeries, history.Count);
            Assert.AreEqual(0x009C, history.AddressAt(history.IndexOfQuantity("energy_total_month_0")));
            Assert.AreEqual(0x00B4, history.AddressAt(history.IndexOfQuantity("energy_total_month_12")));
            Assert.AreEqual(0x00B6, history.AddressAt(history.IndexOfQuantity("reactive_energy_total_month_0")));
            Assert.AreEqual(0x019E, history.AddressAt(history.IndexOfQuantity("reactive_energy_import_t4_month_12")));
            int row = history.IndexOfQuantity("energy_import_t2_month_5");
            Assert.AreEqual(0x0104 + 5 * 2, history.AddressAt(row));
            Assert.AreEqual(QuantityNames.IndexOf(QuantityNames.EnergyImportT2), history.QuantityIndexAt(row));
            Assert.AreEqual("kWh", QuantityNames.UnitAt(history.QuantityIndexAt(row)));
            // The base rows keep their vocabulary names.
            Assert.AreEqual(plain.AddressAt(plain.IndexOfQuantity(QuantityNames.EnergyImportT2)),
                history.AddressAt(history.IndexOfQuantity(QuantityNames.EnergyImportT2)));
        }

        [TestMethod]
        public void CompactVocabularyKeepsEveryDeclaredLimit()
        {
            Quantity[] all = QuantityNames.All;
            Assert.AreEqual(all.Length, QuantityNames.Count);
            for (int index = 0; index < all.Length; index++)
            {
                Quantity quantity = all[index];
                Assert.AreEqual(index, QuantityNames.IndexOf(quantity.Name));
                Assert.AreEqual(quantity.Name, QuantityNames.NameAt(index));
                Assert.AreEqual(quantity.Unit, QuantityNames.UnitAt(index), quantity.Name);
                Assert.AreEqual(quantity.IsDiagnostic, QuantityNames.IsDiagnosticAt(index), quantity.Name);
                Quantity view = QuantityNames.QuantityAt(index);
                Assert.AreEqual(quantity.Minimum, view.Minimum, quantity.Name);
                Assert.AreEqual(quantity.Maximum, view.Maximum, quantity.Name);
                Assert.IsTrue(QuantityNames.IsPlausible(index, quantity.Minimum), quantity.Name);
                Assert.IsTrue(QuantityNames.IsPlausible(index, quantity.Maximum), quantity.Name);
                Assert.IsFalse(QuantityNames.IsPlausible(index, quantity.Maximum * 2 + 1), quantity.Name);
                Assert.IsFalse(QuantityNames.IsPlausible(index, double.NaN), quantity.Name);
            }

            Assert.AreEqual(-1, QuantityNames.IndexOf("no_such_quantity"));
            Assert.IsFalse(QuantityNames.Contains("no_such_quantity"));
            Assert.IsTrue(QuantityNames.Contains(QuantityNames.EnergyImport));
        }

        [TestMethod]
        public void VocabularyUnitsFollowTheNameFamilies()
        {
            // Independent of how the vocabulary is stored: the unit a name's family implies (issue 4's units), a
            // floor of zero for directional counters and powers, and the diagnostics as declared.
            for (int index = 0; index < QuantityNames.Count; index++)
            {
                string name = QuantityNames.NameAt(index);
                Assert.AreEqual(ExpectedUnit(name), QuantityNames.UnitAt(index), name);
                bool directional = (name.IndexOf("_import") >= 0 || name.IndexOf("_export") >= 0) && name.IndexOf("energy") >= 0
                    || name == QuantityNames.PowerImport || name == QuantityNames.PowerExport
                    || name.IndexOf("voltage") == 0 || name == QuantityNames.Frequency;
                if (directional)
                {
                    Assert.IsFalse(QuantityNames.IsPlausible(index, -0.001), name + " below zero");
                    Assert.IsTrue(QuantityNames.IsPlausible(index, 0), name + " at zero");
                }

                if (name.IndexOf("energy_total") >= 0 || name == QuantityNames.EnergyNet || name.IndexOf("power_factor") == 0)
                {
                    Assert.IsTrue(QuantityNames.IsPlausible(index, -0.5), name + " may be negative");
                }
            }

            Assert.IsTrue(QuantityNames.IsDiagnosticAt(QuantityNames.IndexOf(QuantityNames.MeterClock)));
            Assert.IsTrue(QuantityNames.IsDiagnosticAt(QuantityNames.IndexOf(QuantityNames.ModbusAddress)));
            Assert.IsFalse(QuantityNames.IsDiagnosticAt(QuantityNames.IndexOf(QuantityNames.Relay)));
            Assert.IsFalse(QuantityNames.IsDiagnosticAt(QuantityNames.IndexOf(QuantityNames.EnergyImportT4)));
            Assert.IsTrue(QuantityNames.IsPlausible(QuantityNames.IndexOf(QuantityNames.CurrentSum), 45000));
            Assert.IsFalse(QuantityNames.IsPlausible(QuantityNames.IndexOf(QuantityNames.CurrentL1), 45000));
        }

        [TestMethod]
        public void ScalesOtherThanPowersOfTenAreRefused()
        {
            // The packed row keeps a scale as its power of ten: a table declaring another scale is a mistake.
            RegisterDefinition[] rows = new RegisterDefinition[]
            {
                RegisterDefinition.Measure(3, 0x0010, DataType.Float32, 0.5, QuantityNames.Power, PollClass.Fast),
            };

            Assert.ThrowsException(typeof(System.ArgumentException), () => new RegisterTable(rows));
            rows[0] = RegisterDefinition.Measure(3, 0x0010, DataType.Float32, 0.001, QuantityNames.Power, PollClass.Fast);
            Assert.AreEqual(0.001, new RegisterTable(rows).ScaleAt(0));
        }

        [TestMethod]
        public void DriversOfOneTypeShareItsPlan()
        {
            MeterType type = MeterTypes.Find(MeterTypes.Kpm33bName);
            MeterDriver first = new MeterDriver(type, 1, new MeterSettings());
            MeterDriver second = new MeterDriver(type, 2, new MeterSettings());
            Assert.IsTrue(object.ReferenceEquals(first.Plan, second.Plan));
            Assert.IsTrue(object.ReferenceEquals(type.Plan, first.Plan));

            MeterSettings history = new MeterSettings();
            history.ReadHistory = true;
            MeterDriver withHistory = new MeterDriver(type, 3, history);
            Assert.IsFalse(object.ReferenceEquals(first.Plan, withHistory.Plan));
            Assert.AreEqual(first.Readings.Count + 130, withHistory.Readings.Count);
            Assert.IsTrue(type.HasQuantity(QuantityNames.Frequency));
            Assert.IsFalse(type.HasQuantity(QuantityNames.CurrentN));
        }

        private static string ExpectedUnit(string name)
        {
            if (name.IndexOf("power_factor") == 0)
            {
                return Units.None;
            }

            if (name.IndexOf("voltage") == 0)
            {
                return Units.Volt;
            }

            if (name.IndexOf("current") == 0)
            {
                return Units.Ampere;
            }

            if (name.IndexOf("reactive_power") == 0)
            {
                return Units.VoltAmpereReactive;
            }

            if (name.IndexOf("apparent_power") == 0)
            {
                return Units.VoltAmpere;
            }

            if (name.IndexOf("power_") == 0 || name == "power")
            {
                return name == QuantityNames.PowerDownCounter ? Units.None : Units.Watt;
            }

            if (name == QuantityNames.Frequency)
            {
                return Units.Hertz;
            }

            if (name.IndexOf("reactive_energy") == 0)
            {
                return Units.KilovarHour;
            }

            if (name.IndexOf("energy") == 0)
            {
                return Units.KilowattHour;
            }

            return name == QuantityNames.S0Rate ? Units.ImpulsesPerKilowattHour : Units.None;
        }

        private static int Find(RegisterTable table, RegisterDefinition row)
        {
            for (int index = 0; index < table.Count; index++)
            {
                if (table.FunctionCodeAt(index) == row.FunctionCode && table.AddressAt(index) == row.Address
                    && table.DataTypeAt(index) == row.DataType)
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
