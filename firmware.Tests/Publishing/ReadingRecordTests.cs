using System;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The compact records of the store-and-forward ring: a reading written back from its record is byte for
    /// byte the JSON <see cref="StatePayloads"/> writes for it (rounding, signs, NaN, huge values, both time
    /// forms), and a record is many times smaller than that JSON.
    /// </summary>
    [TestClass]
    public class ReadingRecordTests
    {
        private static readonly string[] Names =
        {
            "voltage_l1", "current_l1", "power", "power_l1", "power_factor", "frequency", "energy_import", "reactive_energy_import", "odd_quantity",
        };

        [TestMethod]
        public void AMeterRecordRendersExactlyTheJsonOfTheReading()
        {
            double[] values = { 230.14, 1.23449, 283.96, -12.36, 0.95, 50.004, 1234.5678, 12.3, 7 };
            AssertSameJson(Snapshot(values, null), Synchronized());
        }

        [TestMethod]
        public void EdgeValuesRenderExactly()
        {
            double[] values =
            {
                double.NaN, double.PositiveInfinity, -0.0, -0.00004, 0.05, -0.05, 1e15, 9.5e15, 1e300,
            };
            AssertSameJson(Snapshot(values, null), Synchronized());

            double[] halves = { 230.05, 230.15, -230.25, 0.0005, -0.0015, 49.995, 99999999.9995, -1e-300, 2.5 };
            AssertSameJson(Snapshot(halves, null), Synchronized());
        }

        [TestMethod]
        public void ManyRandomReadingsRenderExactly()
        {
            Random random = new Random(20250301);
            double[] values = new double[Names.Length];
            bool[] valid = new bool[Names.Length];
            VirtualClock clock = Synchronized();
            for (int round = 0; round < 500; round++)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    double magnitude = random.NextDouble() * (round % 7 == 0 ? 1e9 : 5000);
                    values[i] = random.Next(4) == 0 ? -magnitude : magnitude;
                    valid[i] = random.Next(6) != 0;
                }

                clock.AdvanceMilliseconds(random.Next(100000));
                AssertSameJson(Snapshot(values, valid), clock);
            }
        }

        [TestMethod]
        public void TimeBeforeTheFirstSyncIsTheUptimeOfTheReading()
        {
            VirtualClock clock = new VirtualClock();
            clock.AdvanceMilliseconds(42500);
            bool[] valid = { true, false, true, false, false, false, true, false, false };
            AssertSameJson(Snapshot(new double[] { 229.96, 0, 1, 0, 0, 0, 12345.6785, 0, 0 }, valid), clock);
        }

        [TestMethod]
        public void QuantitiesOutOfTheConfiguredOrderAreRefusedForTheTextForm()
        {
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", 2);
            snapshot.Add("power", "W", 1, true);
            snapshot.Add("voltage_l1", "V", 230, true);
            byte[] buffer = new byte[256];

            Assert.AreEqual(-1, ReadingRecord.WriteMeterState(buffer, 1, snapshot, Names, true, DateTime.UtcNow, 0));

            MeterStateSnapshot unknown = new MeterStateSnapshot("main", 1);
            unknown.Add("not_configured", null, 1, true);
            Assert.AreEqual(-1, ReadingRecord.WriteMeterState(buffer, 1, unknown, Names, true, DateTime.UtcNow, 0));

            unknown.Valid[0] = false;
            Assert.IsTrue(ReadingRecord.WriteMeterState(buffer, 1, unknown, Names, true, DateTime.UtcNow, 0) > 0, "an invalid unknown quantity is left out anyway");
        }

        [TestMethod]
        public void PulseRecordsRenderExactly()
        {
            VirtualClock clock = Synchronized();
            PulseChannelSnapshot pulse = new PulseChannelSnapshot("heatpump");
            pulse.Pulses = 12345;
            pulse.EnergyKilowattHours = 12.345;
            pulse.PowerWatts = 360.04;
            pulse.PowerValid = true;
            AssertSamePulseJson(pulse, clock);

            pulse.HasDiscrepancy = true;
            pulse.DiscrepancyKilowattHours = -0.0021;
            pulse.PowerValid = false;
            AssertSamePulseJson(pulse, clock);

            pulse.Pulses = -3;
            pulse.PowerValid = true;
            pulse.PowerWatts = double.NaN;
            AssertSamePulseJson(pulse, new VirtualClock());
        }

        [TestMethod]
        public void AKpm33bReadingIsAFractionOfItsJson()
        {
            string[] names = Kpm33bQuantities();
            MeterStateSnapshot snapshot = RealisticSnapshot(names);
            VirtualClock clock = Synchronized();
            JsonWriter json = new JsonWriter(2560);
            StatePayloads.WriteMeterState(json, snapshot, clock, clock);
            byte[] buffer = new byte[2560];

            int length = ReadingRecord.WriteMeterState(buffer, 1, snapshot, names, true, clock.UtcNow, 0);

            OutputHelper.WriteLine("KPM33B reading: " + names.Length.ToString() + " quantities, JSON " + json.Length.ToString()
                + " B, record " + length.ToString() + " B (+" + StoreAndForwardRing.RecordOverhead.ToString() + " B in the ring)");
            Assert.IsTrue(length > 0);
            Assert.IsTrue(length * 5 < json.Length, "at least five times smaller");
        }

        /// <summary>The quantities the KPM33B driver publishes (its register table, seed 001).</summary>
        internal static string[] Kpm33bQuantities()
        {
            RegisterDefinition[] rows = MeterTypes.Find(MeterTypes.Kpm33bName).Registers;
            int count = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                count += rows[i].Quantity != null ? 1 : 0;
            }

            string[] names = StringArrays.Create(count);
            count = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].Quantity != null)
                {
                    names[count++] = rows[i].Quantity.Name;
                }
            }

            return names;
        }

        /// <summary>Values with the digits a running installation has: 230.4 V, 12.345 A, 2345.6 W, 12345.678 kWh, ...</summary>
        internal static MeterStateSnapshot RealisticSnapshot(string[] names)
        {
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", names.Length);
            for (int i = 0; i < names.Length; i++)
            {
                QuantityDescription description = QuantityCatalog.Describe(names[i]);
                double value = 12345.6789 + i * 1.111;
                if (description.Family == "voltage")
                {
                    value = 230.4 + i * 0.1;
                }
                else if (description.Family == "current")
                {
                    value = 12.345 + i * 0.011;
                }
                else if (description.Family == "power" || description.Family == "reactive_power" || description.Family == "apparent_power")
                {
                    value = 2345.6 + i;
                }
                else if (description.Family == "power_factor")
                {
                    value = 0.987;
                }
                else if (description.Family == "frequency")
                {
                    value = 50.01;
                }

                snapshot.Add(names[i], description.Unit, value, true);
            }

            return snapshot;
        }

        private static void AssertSameJson(MeterStateSnapshot snapshot, VirtualClock clock)
        {
            JsonWriter expected = new JsonWriter(2048);
            StatePayloads.WriteMeterState(expected, snapshot, clock, clock);
            byte[] buffer = new byte[1024];
            int length = ReadingRecord.WriteMeterState(buffer, 3, snapshot, Names, clock.IsSynchronized, clock.IsSynchronized ? clock.UtcNow : DateTime.MinValue, clock.MonotonicMicroseconds / 1000000);
            Assert.IsTrue(length > 0, "encoded");
            Assert.AreEqual(ReadingRecord.MeterState, ReadingRecord.KindOf(buffer, 0));
            Assert.AreEqual(3, ReadingRecord.SourceOf(buffer, 0));

            // Rendered later, with the clock elsewhere: the reading's own time and values.
            clock.AdvanceMilliseconds(3600000);
            JsonWriter rendered = new JsonWriter(2048);
            Assert.IsTrue(ReadingRecord.RenderMeterState(rendered, buffer, 0, length, Names), "rendered");
            Assert.AreEqual(expected.ToString(), rendered.ToString());
        }

        private static void AssertSamePulseJson(PulseChannelSnapshot pulse, VirtualClock clock)
        {
            JsonWriter expected = new JsonWriter(512);
            StatePayloads.WritePulseState(expected, pulse, clock, clock);
            byte[] buffer = new byte[128];
            int length = ReadingRecord.WritePulseState(buffer, 2, pulse, clock.IsSynchronized, clock.IsSynchronized ? clock.UtcNow : DateTime.MinValue, clock.MonotonicMicroseconds / 1000000);
            Assert.IsTrue(length > 0, "encoded");
            JsonWriter rendered = new JsonWriter(512);
            Assert.IsTrue(ReadingRecord.RenderPulseState(rendered, buffer, 0, length), "rendered");
            Assert.AreEqual(expected.ToString(), rendered.ToString());
        }

        private static MeterStateSnapshot Snapshot(double[] values, bool[] valid)
        {
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", Names.Length);
            for (int i = 0; i < Names.Length; i++)
            {
                snapshot.Add(Names[i], null, values[i], valid == null || valid[i]);
            }

            return snapshot;
        }

        private static VirtualClock Synchronized()
        {
            VirtualClock clock = new VirtualClock();
            clock.AdvanceMilliseconds(5000);
            clock.SynchronizeTo(new DateTime(2025, 3, 1, 12, 0, 5, 250));
            return clock;
        }
    }
}
