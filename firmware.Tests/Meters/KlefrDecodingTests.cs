using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>
    /// KLEFR 693x/694x Modbus version against its manual (KLEFR User manual 2.19-1, A3.2 "Modbus register
    /// map"): every register read with 03, floats "Float ABCD"; powers in kW/kvar/kVA published in W/var/VA.
    /// </summary>
    [TestClass]
    public class KlefrDecodingTests
    {
        private const byte Holding = 3;

        [TestMethod]
        public void EveryRegisterOfTheManualDecodesToItsCanonicalQuantity()
        {
            MeterImage image = new MeterImage();
            // Info block.
            image.SetUInt32(Holding, 0x4000, 0x16100649);                             // 4000 Serial number 03 2 - HEX
            image.SetUInt16(Holding, 0x4002, 0x0D01);                                 // 4002 Meter code 03 1 - HEX
            image.ExpectUInt16(Holding, 0x4003, 2, "modbus_address", 2, "");          // 4003 Modbus ID 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4004, 0x12C0, "baud_rate", 4800, "");       // 4004 Baud rate 03 1 - Signed
            image.ExpectFloat(Holding, 0x4005, 1.5f, "protocol_version", "");         // 4005 Protocol version 03 2 - Float ABCD
            image.SetFloat(Holding, 0x4007, 2.18f);                                   // 4007 Software version 03 2 - Float ABCD
            image.ExpectFloat(Holding, 0x4009, 1.25f, "hardware_version", "");        // 4009 Hardware version 03 2 - Float ABCD
            image.ExpectUInt16(Holding, 0x400C, 0x0005, "ct_ratio", 5, "");           // 400C CT ratio 03 1 A HEX
            image.ExpectFloat(Holding, 0x400D, 1000f, "s0_rate", "imp/kWh");          // 400D S0 output rate 03 2 imp/kWh Float ABCD
            image.ExpectUInt16(Holding, 0x400F, 5, "calculation_code", 5, "");        // 400F Calculation code 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4011, 1, "parity_code", 1, "");             // 4011 Parity setting 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4015, 0, "error_code", 0, "");              // 4015 Error code* 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4016, 7, "power_down_counter", 7, "");      // 4016 Power down counter 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4017, 1, "quadrant", 1, "");                // 4017 Present quadrant 03 1 - Signed
            image.ExpectUInt16(Holding, 0x4018, 1, "quadrant_l1", 1, "");             // 4018 L1 Quadrant
            image.ExpectUInt16(Holding, 0x4019, 2, "quadrant_l2", 2, "");             // 4019 L2 Quadrant
            image.ExpectUInt16(Holding, 0x401A, 4, "quadrant_l3", 4, "");             // 401A L3 Quadrant
            image.SetUInt32(Holding, 0x401D, 0x00010007);                             // 401D Active status word 03 2 - HEX
            image.Expect("status_word", 0x00010007, "");
            image.ExpectUInt16(Holding, 0x401F, 1, "ct_mode", 1, "");                 // 401F CT mode 03 1 A Signed

            // Instantaneous values.
            image.ExpectFloat(Holding, 0x5002, 230.5f, "voltage_l1", "V");            // 5002 L1 Voltage 03 2 V Float ABCD
            image.ExpectFloat(Holding, 0x5004, 231.5f, "voltage_l2", "V");            // 5004 L2 Voltage
            image.ExpectFloat(Holding, 0x5006, 232.5f, "voltage_l3", "V");            // 5006 L3 Voltage
            image.ExpectFloat(Holding, 0x5008, 50.0f, "frequency", "Hz");             // 5008 Grid frequency 03 2 Hz
            image.ExpectFloat(Holding, 0x500C, 10.5f, "current_l1", "A");             // 500C L1 Current 03 2 A
            image.ExpectFloat(Holding, 0x500E, 11.5f, "current_l2", "A");             // 500E L2 Current
            image.ExpectFloat(Holding, 0x5010, 12.5f, "current_l3", "A");             // 5010 L3 Current
            image.ExpectFloat(Holding, 0x5012, 7.25f, "power", 7250, "W");            // 5012 Total active power 03 2 kW
            image.ExpectFloat(Holding, 0x5014, 2.25f, "power_l1", 2250, "W");         // 5014 L1 Active power kW
            image.ExpectFloat(Holding, 0x5016, 2.5f, "power_l2", 2500, "W");          // 5016 L2 Active power kW
            image.ExpectFloat(Holding, 0x5018, 2.75f, "power_l3", 2750, "W");         // 5018 L3 Active power kW
            image.ExpectFloat(Holding, 0x501A, 0.75f, "reactive_power", 750, "var");  // 501A Total reactive power 03 2 kvar
            image.ExpectFloat(Holding, 0x501C, 0.25f, "reactive_power_l1", 250, "var");   // 501C L1 Reactive power kvar
            image.ExpectFloat(Holding, 0x501E, 0.125f, "reactive_power_l2", 125, "var");  // 501E L2 Reactive power kvar
            image.ExpectFloat(Holding, 0x5020, 0.375f, "reactive_power_l3", 375, "var");  // 5020 L3 Reactive power kvar
            image.ExpectFloat(Holding, 0x5022, 7.5f, "apparent_power", 7500, "VA");       // 5022 Total apparent power 03 2 kVA
            image.ExpectFloat(Holding, 0x5024, 2.375f, "apparent_power_l1", 2375, "VA");  // 5024 L1 Apparent power kVA
            image.ExpectFloat(Holding, 0x5026, 2.625f, "apparent_power_l2", 2625, "VA");  // 5026 L2 Apparent Power kVA
            image.ExpectFloat(Holding, 0x5028, 2.875f, "apparent_power_l3", 2875, "VA");  // 5028 L3 Apparent Power kVA
            image.ExpectFloat(Holding, 0x502A, 0.97f, "power_factor", "");            // 502A Power factor 03 2 -
            image.ExpectFloat(Holding, 0x502C, 0.96f, "power_factor_l1", "");         // 502C L1 Power factor
            image.ExpectFloat(Holding, 0x502E, 0.95f, "power_factor_l2", "");         // 502E L2 Power factor
            image.ExpectFloat(Holding, 0x5030, 0.94f, "power_factor_l3", "");         // 5030 L3 Power factor

            // Energies: forward = import, reverse = export, T1/T2 = t1/t2.
            image.ExpectFloat(Holding, 0x6000, 16048.14f, "energy_total", "kWh");      // 6000 Total active energy kWh
            image.ExpectFloat(Holding, 0x6002, 3580.23f, "energy_total_t1", "kWh");    // 6002 T1 Total active energy
            image.ExpectFloat(Holding, 0x6004, 12467.91f, "energy_total_t2", "kWh");   // 6004 T2 Total active energy
            image.ExpectFloat(Holding, 0x6006, 5000.5f, "energy_total_l1", "kWh");     // 6006 L1 Total active energy
            image.ExpectFloat(Holding, 0x6008, 5100.5f, "energy_total_l2", "kWh");     // 6008 L2 Total active energy
            image.ExpectFloat(Holding, 0x600A, 5200.5f, "energy_total_l3", "kWh");     // 600A L3 Total active energy
            image.ExpectFloat(Holding, 0x600C, 6913.46f, "energy_import", "kWh");      // 600C Forward active energy
            image.ExpectFloat(Holding, 0x600E, 1234.56f, "energy_import_t1", "kWh");   // 600E T1 Forward active energy
            image.ExpectFloat(Holding, 0x6010, 5678.9f, "energy_import_t2", "kWh");    // 6010 T2 Forward active energy
            image.ExpectFloat(Holding, 0x6012, 2300.25f, "energy_import_l1", "kWh");   // 6012 L1 Forward active energy
            image.ExpectFloat(Holding, 0x6014, 2301.25f, "energy_import_l2", "kWh");   // 6014 L2 Forward active energy
            image.ExpectFloat(Holding, 0x6016, 2302.25f, "energy_import_l3", "kWh");   // 6016 L3 Forward active energy
            image.ExpectFloat(Holding, 0x6018, 9134.68f, "energy_export", "kWh");      // 6018 Reverse active energy
            image.ExpectFloat(Holding, 0x601A, 2345.67f, "energy_export_t1", "kWh");   // 601A T1 Reverse active energy
            image.ExpectFloat(Holding, 0x601C, 6789.01f, "energy_export_t2", "kWh");   // 601C T2 Reverse Active Energy
            image.ExpectFloat(Holding, 0x601E, 3000.75f, "energy_export_l1", "kWh");   // 601E L1 Reverse active energy
            image.ExpectFloat(Holding, 0x6020, 3001.75f, "energy_export_l2", "kWh");   // 6020 L2 Reverse active energy
            image.ExpectFloat(Holding, 0x6022, 3002.75f, "energy_export_l3", "kWh");   // 6022 L3 Reverse active energy
            image.ExpectFloat(Holding, 0x6024, 800.5f, "reactive_energy_total", "kvarh");     // 6024 Total reactive energy kvarh
            image.ExpectFloat(Holding, 0x6026, 300.5f, "reactive_energy_total_t1", "kvarh");  // 6026 T1 Total reactive energy
            image.ExpectFloat(Holding, 0x6028, 500.5f, "reactive_energy_total_t2", "kvarh");  // 6028 T2 Total reactive energy
            image.ExpectFloat(Holding, 0x602A, 260.25f, "reactive_energy_total_l1", "kvarh"); // 602A L1 Total reactive energy
            image.ExpectFloat(Holding, 0x602C, 270.25f, "reactive_energy_total_l2", "kvarh"); // 602C L2 Total reactive energy
            image.ExpectFloat(Holding, 0x602E, 280.25f, "reactive_energy_total_l3", "kvarh"); // 602E L3 Total reactive energy
            image.ExpectFloat(Holding, 0x6030, 600.5f, "reactive_energy_import", "kvarh");    // 6030 Forward reactive energy
            image.ExpectFloat(Holding, 0x6032, 200.5f, "reactive_energy_import_t1", "kvarh"); // 6032 T1 Forward reactive energy
            image.ExpectFloat(Holding, 0x6034, 400.5f, "reactive_energy_import_t2", "kvarh"); // 6034 T2 Forward reactive energy
            image.ExpectFloat(Holding, 0x6036, 190.75f, "reactive_energy_import_l1", "kvarh"); // 6036 L1 Forward reactive energy
            image.ExpectFloat(Holding, 0x6038, 200.75f, "reactive_energy_import_l2", "kvarh"); // 6038 L2 Forward reactive energy
            image.ExpectFloat(Holding, 0x603A, 209.0f, "reactive_energy_import_l3", "kvarh");  // 603A L3 Forward reactive energy
            image.ExpectFloat(Holding, 0x603C, 200.0f, "reactive_energy_export", "kvarh");     // 603C Reverse reactive energy
            image.ExpectFloat(Holding, 0x603E, 100.0f, "reactive_energy_export_t1", "kvarh");  // 603E T1 Reverse reactive energy
            image.ExpectFloat(Holding, 0x6040, 100.5f, "reactive_energy_export_t2", "kvarh");  // 6040 T2 Reverse reactive energy
            image.ExpectFloat(Holding, 0x6042, 60.5f, "reactive_energy_export_l1", "kvarh");   // 6042 L1 Reverse reactive energy
            image.ExpectFloat(Holding, 0x6044, 70.5f, "reactive_energy_export_l2", "kvarh");   // 6044 L2 Reverse reactive energy
            image.ExpectFloat(Holding, 0x6046, 69.0f, "reactive_energy_export_l3", "kvarh");   // 6046 L3 Reverse reactive energy
            image.ExpectUInt16(Holding, 0x6048, 2, "tariff", 2, "");                           // 6048 Tariff 03 1 - Signed
            image.ExpectFloat(Holding, 0x6049, 12.34f, "energy_import_resettable", "kWh");     // 6049 Resettable day counter 03 2 kWh

            MeterDriver driver = image.DecodeAs("klefr", 2, new MeterSettings());

            image.AssertAll(driver);
            Assert.AreEqual("16100649", driver.Identity.SerialNumber);
            Assert.AreEqual("0D01", driver.Identity.MeterCode);
            Assert.AreEqual("2.18", driver.Identity.FirmwareVersion);
            Assert.AreEqual("KLEFR", driver.Identity.Manufacturer);
        }

        [TestMethod]
        public void ResettableDayCounterStartsAtTheOddAddress0x6049()
        {
            // "6048 Tariff 03 1" then "6049 Resettable day counter 03 2": the float occupies 0x6049..0x604A,
            // right after the one-register tariff, and the energy block must reach 0x604A.
            MeterDriver driver = new MeterDriver(MeterTypes.Find("klefr"), 2, new MeterSettings());
            Assert.IsTrue(MeterImage.HasBlockCovering(driver, Holding, 0x6049, 0x604A));
        }
    }
}
