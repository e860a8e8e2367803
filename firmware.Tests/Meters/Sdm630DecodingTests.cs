using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// SDM630-style meter against its manual (SDM630-style meter manual, 5.2): measurements are floats in
    /// input registers (04), settings in holding registers (03). The manual says the word order is "set to
    /// normal or reverse" automatically: the same image is decoded in both orders.
    /// </summary>
    [TestClass]
    public class Sdm630DecodingTests
    {
        private const byte Holding = 3;
        private const byte Input = 4;

        private static MeterImage ManualImage(bool lowWordFirst)
        {
            MeterImage image = new MeterImage();
            image.LowWordFirst = lowWordFirst;
            image.ExpectFloat(Input, 0x0000, 230.0f, "voltage_l1", "V");          // Phase-to-neutral voltage V1 V Floating 00 00
            image.ExpectFloat(Input, 0x0002, 231.0f, "voltage_l2", "V");          // Phase-to-neutral voltage V2 V Floating 00 02
            image.ExpectFloat(Input, 0x0004, 229.0f, "voltage_l3", "V");          // Phase-to-neutral voltage V3 V Floating 00 04
            image.ExpectFloat(Input, 0x0006, 10.0f, "current_l1", "A");           // Current I1 A Floating 00 06
            image.ExpectFloat(Input, 0x0008, 11.0f, "current_l2", "A");           // Current I2 A Floating 00 08
            image.ExpectFloat(Input, 0x000A, 12.0f, "current_l3", "A");           // Current I3 A Floating 00 0A
            image.ExpectFloat(Input, 0x000C, 2200.0f, "power_l1", "W");           // Active power P1 W Floating 00 0C
            image.ExpectFloat(Input, 0x000E, 2300.0f, "power_l2", "W");           // Active power P2 W Floating 00 0E
            image.ExpectFloat(Input, 0x0010, 2400.0f, "power_l3", "W");           // Active power P3 W Floating 00 10
            image.ExpectFloat(Input, 0x0012, 2300.5f, "apparent_power_l1", "VA"); // Apparent power S1 VA Floating 00 12
            image.ExpectFloat(Input, 0x0014, 2400.5f, "apparent_power_l2", "VA"); // Apparent power S2 VA Floating 00 14
            image.ExpectFloat(Input, 0x0016, 2500.5f, "apparent_power_l3", "VA"); // Apparent power S3 VA Floating 00 16
            image.ExpectFloat(Input, 0x0018, -100.5f, "reactive_power_l1", "var"); // Reactive power Q1 VAr Floating 00 18
            image.ExpectFloat(Input, 0x001A, 110.5f, "reactive_power_l2", "var");  // Reactive power Q2 VAr Floating 00 1A
            image.ExpectFloat(Input, 0x001C, 120.5f, "reactive_power_l3", "var");  // Reactive power Q3 VAr Floating 00 1C
            image.ExpectFloat(Input, 0x001E, 0.95f, "power_factor_l1", "");       // Power factor FP1 - Floating 00 1E
            image.ExpectFloat(Input, 0x0020, 0.96f, "power_factor_l2", "");       // Power factor FP2 - Floating 00 20
            image.ExpectFloat(Input, 0x0022, -0.97f, "power_factor_l3", "");      // Power factor FP3 (note 1: negative when injecting)
            image.ExpectFloat(Input, 0x002A, 230.0f, "voltage_average", "V");     // Average voltage V Floating 00 2A
            image.ExpectFloat(Input, 0x002E, 11.0f, "current_average", "A");      // Average current A Floating 00 2E
            image.ExpectFloat(Input, 0x0030, 33.0f, "current_sum", "A");          // Total current A Floating 00 30
            image.ExpectFloat(Input, 0x0034, 6900.0f, "power", "W");              // Total active power W Floating 00 34
            image.ExpectFloat(Input, 0x0038, 7201.5f, "apparent_power", "VA");    // Total apparent power VA Floating 00 38
            image.ExpectFloat(Input, 0x003C, 130.5f, "reactive_power", "var");    // Total reactive power VAR Floating 00 3C
            image.ExpectFloat(Input, 0x003E, 0.958f, "power_factor", "");         // Total power factor (1) - Floating 00 3E
            image.ExpectFloat(Input, 0x0046, 50.0f, "frequency", "Hz");           // Frequency Hz Floating 00 46
            image.ExpectFloat(Input, 0x0048, 12345.6f, "energy_import", "kWh");   // Imported active energy kWh Floating 00 48
            image.ExpectFloat(Input, 0x004A, 789.1f, "energy_export", "kWh");     // Exported active energy kWh Floating 00 4A
            image.ExpectFloat(Input, 0x00C8, 398.4f, "voltage_l12", "V");         // Compound voltage U12 V Floating 00 C8
            image.ExpectFloat(Input, 0x00CA, 399.5f, "voltage_l23", "V");         // Compound voltage U23 V Floating 00 CA
            image.ExpectFloat(Input, 0x00CC, 397.3f, "voltage_l31", "V");         // Compound voltage U31 V Floating 00 CC
            image.ExpectFloat(Input, 0x00CE, 398.4f, "voltage_line_average", "V"); // Average compound voltage V Floating 00 CE
            image.ExpectFloat(Input, 0x00D0, 1.25f, "current_n", "A");            // Neutral current V [sic] Floating 00 D0
            image.ExpectFloat(Input, 0x0156, 13134.7f, "energy_total", "kWh");    // Total active energy (2) kWh Floating 01 56
            image.ExpectFloat(Input, 0x0158, 456.7f, "reactive_energy_total", "kvarh"); // Total reactive energy kVArh Floating 01 58
            image.ExpectFloat(Input, 0x0180, 100.1f, "energy_total_resettable", "kWh");  // Total active energy with RAZ kWh 01 80
            image.ExpectFloat(Input, 0x0182, 20.2f, "reactive_energy_total_resettable", "kvarh"); // Total reactive energy with RAZ kVARh 01 82
            image.ExpectFloat(Input, 0x0184, 80.8f, "energy_import_resettable", "kWh");  // Imported active energy with RAZ kVArh [sic] 01 84
            image.ExpectFloat(Input, 0x0186, 19.3f, "energy_export_resettable", "kWh");  // Active energy exported with RAZ kVArh [sic] 01 86
            image.ExpectFloat(Input, 0x018C, 11556.5f, "energy_net", "kWh");      // Net total energy (Imp – Exp) kWh Floating 01 8C
            image.ExpectFloat(Input, 0x0500, 6900.0f, "power_import", "W");       // Total imported active power W Floating 05 00
            image.ExpectFloat(Input, 0x0502, 0.0f, "power_export", "W");          // Total exported active power W Floating 05 02
            // Holding registers.
            image.ExpectFloat(Holding, 0x0012, 0f, "parity_code", "");            // Parity and number of stop bits Floating 00 12 (0 = 8N1)
            image.ExpectFloat(Holding, 0x0014, 3f, "modbus_address", "");         // Meter Modbus ID (slave address) Floating 00 14
            image.ExpectFloat(Holding, 0x001C, 2f, "baud_code", "");              // Transmission speed (Baud) Floating 00 1C (2 = 9600)
            image.SetUInt32(Holding, 0xFC00, 12345678);                           // Serial number int32 Unsigned FC 00
            image.SetUInt16(Holding, 0xFC02, 0x0084);                             // Meter code Hex FC 02 "Meter code = 00 84"
            return image;
        }

        [TestMethod]
        public void EveryRegisterOfTheManualDecodesToItsCanonicalQuantity()
        {
            MeterImage image = ManualImage(false);
            MeterDriver driver = image.DecodeAs("sdm630", 3, new MeterSettings());

            image.AssertAll(driver);
            Assert.AreEqual("12345678", driver.Identity.SerialNumber);
            Assert.AreEqual("0084", driver.Identity.MeterCode);
            Assert.AreEqual(WordOrder.HighWordFirst, driver.WordOrder);
            Assert.AreEqual(0, driver.Readings.WordOrderChanges);
        }

        [TestMethod]
        public void ReversedWordOrderIsDetectedFromTheFrequencyAndEverythingDecodes()
        {
            // The same image with the low word first (CDAB); the driver starts with the documented order. The
            // identity block is read first (as the poller does), with the wrong order; detection corrects it.
            MeterImage image = ManualImage(true);
            MeterDriver driver = image.DecodeAs("sdm630", 3, new MeterSettings());

            Assert.AreEqual(WordOrder.LowWordFirst, driver.WordOrder);
            Assert.AreEqual(1, driver.Readings.WordOrderChanges);
            image.AssertAll(driver);
            Assert.AreEqual("12345678", driver.Identity.SerialNumber);

            MeterEvent happened = new MeterEvent();
            bool sawWordOrder = false;
            while (driver.Readings.Events.TryDequeue(happened))
            {
                if (happened.Kind == MeterEventKind.WordOrderChanged)
                {
                    sawWordOrder = true;
                }
            }

            Assert.IsTrue(sawWordOrder);
        }

        [TestMethod]
        public void ConfiguredWordOrderIsUsedWithoutDetection()
        {
            MeterImage image = ManualImage(true);
            MeterSettings settings = new MeterSettings();
            settings.WordOrder = WordOrder.LowWordFirst;
            settings.DetectWordOrder = false;
            MeterDriver driver = image.DecodeAs("sdm630", 3, settings);

            image.AssertAll(driver);
            Assert.AreEqual(0, driver.Readings.WordOrderChanges);
        }

        [TestMethod]
        public void MeasurementsAreReadWithFunction04AndIdentityWith03()
        {
            // 5.2: "04 To read I/O registers (read only)" from 00 00 (V1) to 00 46 (frequency) in one read;
            // "03 To read an editable holding register": serial number FC 00 and meter code FC 02.
            MeterDriver driver = new MeterDriver(MeterTypes.Find("sdm630"), 3, new MeterSettings());
            Assert.IsTrue(MeterImage.HasBlockCovering(driver, Input, 0x0000, 0x0047), "no 04 read over 0x0000..0x0047");
            Assert.IsTrue(MeterImage.HasBlockCovering(driver, Holding, 0xFC00, 0xFC02), "no 03 read over 0xFC00..0xFC02");
            // The identity block comes first: the poller probes an offline meter with block 0.
            Assert.AreEqual((ushort)0xFC00, driver.Blocks[0].StartAddress);
        }
    }
}
