using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// KPM31 decoding against user instructions V2.1 and V2.0
    /// (KPM31 user instructions V2.0). Single phase: U and I are phase quantities (_l1), P, Q, S, PF, F totals.
    /// </summary>
    [TestClass]
    public class Kpm31DecodingTests
    {
        private const byte Holding = 3;

        private static MeterImage ManualImage()
        {
            MeterImage image = new MeterImage();
            // V2.0 6.3 / V2.1 6.1.5 Basic Measuring Parameters, 03H, floating point.
            image.ExpectFloat(Holding, 0x0030, 229.8f, "voltage_l1", "V");         // 0030H U Floating point V
            image.ExpectFloat(Holding, 0x0032, 4.75f, "current_l1", "A");          // 0032H I Floating point A
            image.ExpectFloat(Holding, 0x0034, 1050.5f, "power", "W");             // 0034H P Floating point W
            image.ExpectFloat(Holding, 0x0036, -120.25f, "reactive_power", "var"); // 0036H Q Floating point var
            image.ExpectFloat(Holding, 0x0038, 1057.25f, "apparent_power", "VA");  // 0038H S Floating point VA
            image.ExpectFloat(Holding, 0x003A, 0.99f, "power_factor", "");         // 003AH PF Floating point
            image.ExpectFloat(Holding, 0x003C, 49.98f, "frequency", "Hz");         // 003CH F Floating point Hz
            image.ExpectFloat(Holding, 0x0070, 1100.5f, "apparent_power_demand", "VA"); // 0070H Apparent demand Floating point VA
            // V2.0 6.4 Multi-rate Parameter area.
            image.ExpectFloat(Holding, 0x0080, 1234.5f, "energy_total", "kWh");           // 0080H Total active energy kWh
            image.ExpectFloat(Holding, 0x0082, 1200.25f, "energy_import", "kWh");         // 0082H Import active energy kWh
            image.ExpectFloat(Holding, 0x0084, 34.25f, "energy_export", "kWh");           // 0084H Export active energy kWh
            image.ExpectFloat(Holding, 0x0086, 300.5f, "reactive_energy_total", "kvarh"); // 0086H Total reactive energy kvarh
            image.ExpectFloat(Holding, 0x0088, 250.5f, "reactive_energy_import", "kvarh"); // 0088H Import reactive energy kvarh
            image.ExpectFloat(Holding, 0x008A, 50f, "reactive_energy_export", "kvarh");   // 008AH Export reactive energy kvarh
            image.ExpectFloat(Holding, 0x008C, 100.5f, "energy_import_t1", "kWh");        // 008CH Total sharp active energy kWh
            image.ExpectFloat(Holding, 0x008E, 200.5f, "energy_import_t2", "kWh");        // 008EH Total peak active energy kWh
            image.ExpectFloat(Holding, 0x0090, 300.5f, "energy_import_t3", "kWh");        // 0090H Total flat active energy kWh
            image.ExpectFloat(Holding, 0x0092, 400.5f, "energy_import_t4", "kWh");        // 0092H Total valley active energy kWh
            image.ExpectFloat(Holding, 0x0094, 10.25f, "reactive_energy_import_t1", "kvarh"); // 0094H Total sharp reactive energy kvarh
            image.ExpectFloat(Holding, 0x0096, 20.25f, "reactive_energy_import_t2", "kvarh"); // 0096H Total peak reactive energy kvarh
            image.ExpectFloat(Holding, 0x0098, 30.25f, "reactive_energy_import_t3", "kvarh"); // 0098H Total flat reactive energy kvarh
            image.ExpectFloat(Holding, 0x009A, 40.25f, "reactive_energy_import_t4", "kvarh"); // 009AH Total valley reactive energy kvarh
            // V2.1 6.1.1 "0001H Relay (DO1) 1=ON0=OFF Bit R/W": open.
            image.SetCoil(0x0001, false);
            image.Expect("relay", 0, "");
            // V2.0 6.2 "0001H Communication address", "0002H Baud rate 1 : 1200 , 2 : 2400 , 3 : 4800 , 4 : 9600".
            image.ExpectUInt16(Holding, 0x0001, 12, "modbus_address", 12, "");
            image.ExpectUInt16(Holding, 0x0002, 4, "baud_code", 4, "");
            return image;
        }

        [TestMethod]
        public void EveryRegisterOfTheManualDecodesToItsCanonicalQuantity()
        {
            MeterImage image = ManualImage();
            MeterDriver driver = image.DecodeAs("kpm31", 1, new MeterSettings());

            image.AssertAll(driver);
            // Neither manual lists a serial number register: the identity is the model alone.
            Assert.AreEqual("KPM31", driver.Identity.Model);
            Assert.AreEqual("", driver.Identity.SerialNumber);
            Assert.IsTrue(driver.Identity.IsRead);
        }

        [TestMethod]
        public void MonthlyHistoryIsReadWhenTheSettingsAskForIt()
        {
            MeterImage image = ManualImage();
            // V2.0 6.4: "009CH Total combined active energy for this month kWh",
            // "009EH Total combined active energy of the previous 1 settlement day kWh".
            image.ExpectFloat(Holding, 0x009C, 500.5f, "energy_total_month_0", "kWh");
            image.ExpectFloat(Holding, 0x009E, 480.25f, "energy_total_month_1", "kWh");
            // "00B4H Total combined active energy of the previous 12 settlement day kWh".
            image.ExpectFloat(Holding, 0x00B4, 410.75f, "energy_total_month_12", "kWh");
            // "00B6H Total combined active energy for this month kvarh" (label says active, unit kvarh: the KPM33B
            // manual calls it "Total combined reactive energy for this month").
            image.ExpectFloat(Holding, 0x00B6, 60.5f, "reactive_energy_total_month_0", "kvarh");
            // "00D0H Sharp active energy for this month kWh".
            image.ExpectFloat(Holding, 0x00D0, 70.5f, "energy_import_t1_month_0", "kWh");
            // "00EAH Sharp reactive energy for this month kvarh".
            image.ExpectFloat(Holding, 0x00EA, 7.5f, "reactive_energy_import_t1_month_0", "kvarh");
            // "0104H Peak active energy for this month kWh".
            image.ExpectFloat(Holding, 0x0104, 80.5f, "energy_import_t2_month_0", "kWh");
            // "0138H Flat active energy for this month kWh".
            image.ExpectFloat(Holding, 0x0138, 90.5f, "energy_import_t3_month_0", "kWh");
            // "0152H Flat reactive energy for this month kvarh".
            image.ExpectFloat(Holding, 0x0152, 9.5f, "reactive_energy_import_t3_month_0", "kvarh");
            // V2.1: "016CH Volley active energy for this month kWh".
            image.ExpectFloat(Holding, 0x016C, 95.5f, "energy_import_t4_month_0", "kWh");
            // V2.1: "0186H Volley reactive energy for this month kvarh".
            image.ExpectFloat(Holding, 0x0186, 9.75f, "reactive_energy_import_t4_month_0", "kvarh");
            // V2.1: "019EH Volley reactive energy of the previous 12 settlement day kvarh".
            image.ExpectFloat(Holding, 0x019E, 8.75f, "reactive_energy_import_t4_month_12", "kvarh");

            MeterSettings settings = new MeterSettings();
            settings.ReadHistory = true;
            MeterDriver driver = image.DecodeAs("kpm31", 1, settings);

            image.AssertExpected(driver);
            // 25 current quantities + 10 series x 13 months (0x009C..0x019F).
            Assert.AreEqual(25 + 130, driver.Readings.Count);
            int rare = 0;
            for (int index = 0; index < driver.Blocks.Length; index++)
            {
                if (driver.Blocks[index].StartAddress >= 0x009C && driver.Blocks[index].StartAddress <= 0x019F)
                {
                    rare++;
                    Assert.IsTrue(driver.Blocks[index].Quantity <= 125, "one read is at most 125 registers");
                }
            }

            // 260 registers need three reads of at most 125.
            Assert.AreEqual(3, rare);
        }
    }
}
