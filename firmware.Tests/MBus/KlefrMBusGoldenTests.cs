using EspCollector.Core.MBus;
using EspCollector.Core.Meters;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>
    /// The REQ_UD2 example of the KLEFR 693-4x manual (Appendix 2, A2.2 "M-bus register map"), typed from the
    /// manual: "10 5B 00 5B 16" answered by "68 4B 4B 68 08 00 72", the header (serial number 00 00 00 00,
    /// manufacturer 25 CD = INM, version 01, medium 02, access number 02, status 00, signature 00 00), the nine
    /// data blocks and "Checksum 7C 16". The expected values are the manual's remarks ("01604814 Energy 10 (Wh) =
    /// 16048,14kWh" ...), checked first record by record through the generic decoder, then by name.
    /// The manual prints the manufacturer as the field value 25CD; EN 13757-3 sends it low byte first (CD 25).
    /// </summary>
    [TestClass]
    public class KlefrMBusGoldenTests
    {
        public const string ManualTelegram =
            "68 4B 4B 68 08 00 72 00 00 00 00 CD 25 01 02 02 00 00 00"
            + " 0C 04 14 48 60 01"
            + " 8C 10 04 23 80 35 00"
            + " 8C 20 04 91 67 24 01"
            + " 1C 04 46 13 69 00"
            + " 9C 10 04 56 34 12 00"
            + " 9C 20 04 90 78 56 00"
            + " 2C 04 68 34 91 00"
            + " AC 10 04 67 45 23 00"
            + " AC 20 04 01 89 67 00"
            + " 7C 16";

        [TestMethod]
        public void TheManualsRequestIsTheShortFrameItPrints()
        {
            byte[] frame = new byte[5];
            int length = MBusFrame.WriteShort(frame, 0, MBusFrame.RequestUserData2, 0x00);
            Assert.AreEqual(5, length);
            Assert.IsTrue(ModbusFrames.SameBytes(ModbusFrames.Hex("10 5B 00 5B 16"), frame, 0, 5));
        }

        [TestMethod]
        public void TheManualsTelegramIsAValidLongFrameWithItsChecksum()
        {
            byte[] bytes = ModbusFrames.Hex(ManualTelegram);
            Assert.AreEqual(0x4B + 6, bytes.Length);
            MBusFrameScanner scanner = new MBusFrameScanner();
            Assert.AreEqual((int)MBusScanResult.Found, (int)scanner.Scan(bytes, 0, bytes.Length, false, true));
            Assert.AreEqual((int)MBusFrameKind.Long, (int)scanner.Kind);
            Assert.AreEqual((byte)0x08, scanner.Control);
            Assert.AreEqual((byte)0x00, scanner.Address);
            Assert.AreEqual((byte)0x7C, bytes[bytes.Length - 2]);
            Assert.AreEqual((byte)0x7C, MBusFrame.Checksum(bytes, 4, 0x4B));
        }

        [TestMethod]
        public void HeaderDecodesToTheManualsIdentity()
        {
            byte[] bytes = ModbusFrames.Hex(ManualTelegram);
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 6, 0x4B - 2));
            Assert.IsTrue(telegram.HasLongHeader);
            Assert.AreEqual(0, telegram.IdentificationNumber);
            Assert.AreEqual("INM", MBusFrame.ManufacturerLetters(telegram.Manufacturer));
            Assert.AreEqual((ushort)0x25CD, telegram.Manufacturer);
            Assert.AreEqual((byte)0x01, telegram.Version);
            Assert.AreEqual((byte)0x02, telegram.Medium);
            Assert.AreEqual((byte)0x02, telegram.AccessNumber);
            Assert.AreEqual((byte)0x00, telegram.Status);
            Assert.AreEqual((ushort)0x0000, telegram.Signature);
        }

        [TestMethod]
        public void SelectionExampleIdentificationIsReadLowByteFirst()
        {
            // "Input 01 00 07 13 ... Remarks 13070001".
            byte[] bytes = ModbusFrames.Hex("72 01 00 07 13 CD 25 01 02 00 00 00 00");
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 0, bytes.Length));
            Assert.AreEqual(13070001, telegram.IdentificationNumber);
        }

        [TestMethod]
        public void EachRecordDecodesToTheManualsRemark()
        {
            byte[] bytes = ModbusFrames.Hex(ManualTelegram);
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 6, 0x4B - 2));

            // DIF, DIFE (0 = none), function field of the DIF, tariff of the DIFE, kWh from the remarks column.
            int[] difs = new int[] { 0x0C, 0x8C, 0x8C, 0x1C, 0x9C, 0x9C, 0x2C, 0xAC, 0xAC };
            int[] difes = new int[] { 0x00, 0x10, 0x20, 0x00, 0x10, 0x20, 0x00, 0x10, 0x20 };
            int[] functions = new int[] { 0, 0, 0, 1, 1, 1, 2, 2, 2 };
            int[] tariffs = new int[] { 0, 1, 2, 0, 1, 2, 0, 1, 2 };
            double[] kilowattHours = new double[] { 16048.14, 3580.23, 12467.91, 6913.46, 1234.56, 5678.9, 9134.68, 2345.67, 6789.01 };
            for (int index = 0; index < difs.Length; index++)
            {
                Assert.IsTrue(telegram.NextRecord(), "record " + index.ToString());
                Assert.AreEqual((byte)difs[index], telegram.Dif);
                Assert.AreEqual((byte)difes[index], telegram.FirstDife);
                Assert.AreEqual(functions[index], telegram.Function);
                Assert.AreEqual(tariffs[index], telegram.Tariff);
                Assert.AreEqual(0L, telegram.StorageNumber);
                Assert.AreEqual((byte)0x04, telegram.Vif);
                Assert.AreEqual((int)MBusUnit.WattHour, (int)telegram.Unit);
                Assert.IsTrue(telegram.ValueValid);
                Assert.AreEqual(kilowattHours[index], telegram.Value / 1000.0, "exact: BCD x 10 Wh / 1000");
            }

            Assert.IsFalse(telegram.NextRecord());
            Assert.IsFalse(telegram.Malformed);
            Assert.IsFalse(telegram.MoreRecordsFollow);
            Assert.AreEqual(9, telegram.RecordCount);
        }

        [TestMethod]
        public void DriverGivesTheCanonicalNames()
        {
            byte[] bytes = ModbusFrames.Hex(ManualTelegram);
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 6, 0x4B - 2));
            double[] values = new double[KlefrMBus.Count];
            bool[] present = new bool[KlefrMBus.Count];
            Assert.AreEqual(9, KlefrMBus.Decode(telegram, values, present));

            AssertValue(values, present, "energy_total", 16048.14);
            AssertValue(values, present, "energy_total_t1", 3580.23);
            AssertValue(values, present, "energy_total_t2", 12467.91);
            AssertValue(values, present, "energy_import", 6913.46);
            AssertValue(values, present, "energy_import_t1", 1234.56);
            AssertValue(values, present, "energy_import_t2", 5678.9);
            AssertValue(values, present, "energy_export", 9134.68);
            AssertValue(values, present, "energy_export_t1", 2345.67);
            AssertValue(values, present, "energy_export_t2", 6789.01);
        }

        [TestMethod]
        public void DriverNamesAreInTheVocabulary()
        {
            for (int row = 0; row < KlefrMBus.Count; row++)
            {
                Assert.IsTrue(QuantityNames.Contains(KlefrMBus.Quantities[row]), KlefrMBus.Quantities[row]);
            }
        }

        private static void AssertValue(double[] values, bool[] present, string name, double expected)
        {
            for (int row = 0; row < KlefrMBus.Count; row++)
            {
                if (KlefrMBus.Quantities[row] == name)
                {
                    Assert.IsTrue(present[row], name);
                    Assert.AreEqual(expected, values[row], name);
                    return;
                }
            }

            Assert.IsTrue(false, "no row for " + name);
        }
    }
}
