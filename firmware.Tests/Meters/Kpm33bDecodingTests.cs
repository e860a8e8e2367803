using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// KPM33B decoding against the manual (KPM33B User Manual V3.4, section 6): the
    /// register image is written at the manual's addresses, quoted line by line; the expected names follow
    /// the canonical vocabulary. Nothing here reads the driver's table.
    /// </summary>
    [TestClass]
    public class Kpm33bDecodingTests
    {
        private const byte Holding = 3;

        [TestMethod]
        public void EveryRegisterOfTheManualDecodesToItsCanonicalQuantity()
        {
            MeterImage image = new MeterImage();
            // 6.3 Basic measurement area, "Short floating point, big-endian", function 03.
            image.ExpectFloat(Holding, 0x0030, 230.1f, "voltage_l1", "V");        // 0030H Phase A voltage Floating point V
            image.ExpectFloat(Holding, 0x0032, 231.2f, "voltage_l2", "V");        // 0032H Phase B voltage Floating point V
            image.ExpectFloat(Holding, 0x0034, 232.3f, "voltage_l3", "V");        // 0034H Phase C voltage Floating point V
            image.ExpectFloat(Holding, 0x0036, 5.25f, "current_l1", "A");         // 0036H Phase A current Floating point A
            image.ExpectFloat(Holding, 0x0038, 6.5f, "current_l2", "A");          // 0038H Phase B current Floating point A
            image.ExpectFloat(Holding, 0x003A, 7.75f, "current_l3", "A");         // 003AH Phase C current Floating point A
            image.ExpectFloat(Holding, 0x003C, 399.1f, "voltage_l12", "V");       // 003CH AB Line voltage Floating point V
            image.ExpectFloat(Holding, 0x003E, 400.2f, "voltage_l23", "V");       // 003EH BC Line voltage Floating point V
            image.ExpectFloat(Holding, 0x0040, 401.3f, "voltage_l31", "V");       // 0040H CA Line voltage Floating point V
            image.ExpectFloat(Holding, 0x0042, 1100.5f, "power_l1", "W");         // 0042H Phase A active power Floating point W
            image.ExpectFloat(Holding, 0x0044, 1200.5f, "power_l2", "W");         // 0044H Phase B active power Floating point W
            image.ExpectFloat(Holding, 0x0046, 1300.5f, "power_l3", "W");         // 0046H Phase C active power Floating point W
            image.ExpectFloat(Holding, 0x0048, 3601.5f, "power", "W");            // 0048H Three phase active power Floating point W
            image.ExpectFloat(Holding, 0x004A, 110.25f, "reactive_power_l1", "var"); // 004AH Phase A reactive power Floating point var
            image.ExpectFloat(Holding, 0x004C, 120.25f, "reactive_power_l2", "var"); // 004CH Phase B reactive power Floating point var
            image.ExpectFloat(Holding, 0x004E, 130.25f, "reactive_power_l3", "var"); // 004EH Phase C reactive power Floating point var
            image.ExpectFloat(Holding, 0x0050, 360.75f, "reactive_power", "var");    // 0050H Three phase reactive power Floating point var
            image.ExpectFloat(Holding, 0x0052, 1210f, "apparent_power_l1", "VA");    // 0052H Phase A apparent power Floating point VA
            image.ExpectFloat(Holding, 0x0054, 1320f, "apparent_power_l2", "VA");    // 0054H Phase B apparent power Floating point VA
            image.ExpectFloat(Holding, 0x0056, 1430f, "apparent_power_l3", "VA");    // 0056H Phase C apparent power Floating point VA
            image.ExpectFloat(Holding, 0x0058, 3960f, "apparent_power", "VA");       // 0058H Three phase apparent power Floating point VA
            image.ExpectFloat(Holding, 0x005A, 0.91f, "power_factor_l1", "");        // 005AH Phase A power factor Floating point
            image.ExpectFloat(Holding, 0x005C, 0.92f, "power_factor_l2", "");        // 005CH Phase B power factor Floating point
            image.ExpectFloat(Holding, 0x005E, 0.93f, "power_factor_l3", "");        // 005EH Phase C power factor Floating point
            image.ExpectFloat(Holding, 0x0060, 0.925f, "power_factor", "");          // 0060H Three phase power meter [sic] Floating point
            image.ExpectFloat(Holding, 0x0062, 50.02f, "frequency", "Hz");           // 0062H Frequency Floating point Hz
            // 0200H.. demand, printed after 6.3's table.
            image.ExpectFloat(Holding, 0x0200, 1500.5f, "apparent_power_demand_l1", "VA"); // 0200H Phase A apparent demand Floating point VA
            image.ExpectFloat(Holding, 0x0202, 1600.5f, "apparent_power_demand_l2", "VA"); // 0202H Phase B apparent demand Floating point VA
            image.ExpectFloat(Holding, 0x0204, 1700.5f, "apparent_power_demand_l3", "VA"); // 0204H Phase C apparent demand Floating point VA

            // 6.4 Multi rate area: forward = import, reverse = export; sharp/peak/flat/valley = t1..t4.
            image.ExpectFloat(Holding, 0x0068, 101.5f, "energy_import_l1", "kWh");   // 0068H Phase A forward active energy kWh
            image.ExpectFloat(Holding, 0x006A, 102.5f, "energy_import_l2", "kWh");   // 006AH Phase B forward active energy kWh
            image.ExpectFloat(Holding, 0x006C, 103.5f, "energy_import_l3", "kWh");   // 006CH Phase C forward active energy kWh
            image.ExpectFloat(Holding, 0x006E, 11.5f, "energy_export_l1", "kWh");    // 006EH Phase A reverse active energy kWh
            image.ExpectFloat(Holding, 0x0070, 12.5f, "energy_export_l2", "kWh");    // 0070H Phase B reverse active energy kWh
            image.ExpectFloat(Holding, 0x0072, 13.5f, "energy_export_l3", "kWh");    // 0072H Phase C reverse active energy kWh
            image.ExpectFloat(Holding, 0x0074, 21.25f, "reactive_energy_import_l1", "kvarh"); // 0074H Phase A forward reactive energy kvarh
            image.ExpectFloat(Holding, 0x0076, 22.25f, "reactive_energy_import_l2", "kvarh"); // 0076H Phase B forward reactive energy kvarh
            image.ExpectFloat(Holding, 0x0078, 23.25f, "reactive_energy_import_l3", "kvarh"); // 0078H Phase C forward reactive energy kvarh
            image.ExpectFloat(Holding, 0x007A, 31.75f, "reactive_energy_export_l1", "kvarh"); // 007AH Phase A reverse reactive energy kvarh
            image.ExpectFloat(Holding, 0x007C, 32.75f, "reactive_energy_export_l2", "kvarh"); // 007CH Phase B reverse reactive energy kvarh
            image.ExpectFloat(Holding, 0x007E, 33.75f, "reactive_energy_export_l3", "kvarh"); // 007EH Phase C reverse reactive energy kvarh
            image.ExpectFloat(Holding, 0x0080, 344f, "energy_total", "kWh");            // 0080H Total active energy kWh
            image.ExpectFloat(Holding, 0x0082, 307.5f, "energy_import", "kWh");         // 0082H Forward active energy kWh
            image.ExpectFloat(Holding, 0x0084, 37.5f, "energy_export", "kWh");          // 0084H Reverse active energy kWh
            image.ExpectFloat(Holding, 0x0086, 161.75f, "reactive_energy_total", "kvarh");  // 0086H Total reactive energy kvarh
            image.ExpectFloat(Holding, 0x0088, 66.75f, "reactive_energy_import", "kvarh");  // 0088H Forward total reactive energy kvarh
            image.ExpectFloat(Holding, 0x008A, 95.25f, "reactive_energy_export", "kvarh");  // 008AH Reverse total reactive energy kvarh
            image.ExpectFloat(Holding, 0x008C, 10.5f, "energy_import_t1", "kWh");       // 008CH Total sharp active energy kWh
            image.ExpectFloat(Holding, 0x008E, 20.5f, "energy_import_t2", "kWh");       // 008EH Total peak active energy kWh
            image.ExpectFloat(Holding, 0x0090, 30.5f, "energy_import_t3", "kWh");       // 0090H Total flat active energy kWh
            image.ExpectFloat(Holding, 0x0092, 40.5f, "energy_import_t4", "kWh");       // 0092H Total valley active energy kWh
            image.ExpectFloat(Holding, 0x0094, 1.25f, "reactive_energy_import_t1", "kvarh"); // 0094H Total sharp reactive energy kvarh
            image.ExpectFloat(Holding, 0x0096, 2.25f, "reactive_energy_import_t2", "kvarh"); // 0096H Total peak reactive energy kvarh
            image.ExpectFloat(Holding, 0x0098, 3.25f, "reactive_energy_import_t3", "kvarh"); // 0098H Total flat reactive energy kvarh
            image.ExpectFloat(Holding, 0x009A, 4.25f, "reactive_energy_import_t4", "kvarh"); // 009AH Total valley reactive energy kvarh

            // 6.1 "0001H Relay1 (DO1) 1=ON, 0=OFF Bit R/W", function 01.
            image.SetCoil(0x0001, true);
            image.Expect("relay", 1, "");
            // 6.2 system parameters, "Word".
            image.ExpectUInt16(Holding, 0x0001, 7, "modbus_address", 7, "");         // 0001H Modbus address 1~247
            // 0002H Baud rate & Parity: BIT0~7 3 = 9600, BIT8~15 1 = 81o.
            image.SetUInt16(Holding, 0x0002, 0x0103);
            image.Expect("baud_code", 3, "");
            image.Expect("parity_code", 1, "");
            // 0023H Time "Year Month Day Hour Minute Second (6 byte)": 24-07-26 12:30:45.
            image.SetUInt16(Holding, 0x0023, (24 << 8) | 7);
            image.SetUInt16(Holding, 0x0024, (26 << 8) | 12);
            image.SetUInt16(Holding, 0x0025, (30 << 8) | 45);
            image.Expect("meter_clock", 240726123045.0, "");
            // 0012H "Sn serial No. Read only 14 consecutive bytes, the first 13 bytes are the serial number".
            image.SetAscii(Holding, 0x0012, "33B2407260001", 7);

            MeterDriver driver = image.DecodeAs("kpm33b", 1, new MeterSettings());

            image.AssertAll(driver);
            Assert.AreEqual("33B2407260001", driver.Identity.SerialNumber);
            Assert.AreEqual("KPM33B", driver.Identity.Model);
            Assert.IsTrue(driver.Identity.IsRead);
            Assert.AreEqual(0, driver.Readings.RejectedValues);
        }

        [TestMethod]
        public void BasicMeasurementAreaIsOneBlockOf52RegistersFrom0x0030()
        {
            // 6.3: floats from 0030H (Phase A voltage) to 0062H (Frequency) = 0x0030..0x0063, 52 registers,
            // all read with 03H: one request.
            MeterDriver driver = new MeterDriver(MeterTypes.Find("kpm33b"), 1, new MeterSettings());
            bool found = false;
            for (int index = 0; index < driver.Blocks.Length; index++)
            {
                if (driver.Blocks[index].StartAddress == 0x0030)
                {
                    found = true;
                    Assert.AreEqual((ushort)52, driver.Blocks[index].Quantity);
                    Assert.AreEqual((byte)3, driver.Blocks[index].FunctionCode);
                }
            }

            Assert.IsTrue(found, "no block at 0x0030");
        }
    }
}
