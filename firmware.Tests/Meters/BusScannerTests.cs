using EspCollector.Core.Bus;
using EspCollector.Core.Meters;
using EspCollector.Core.Ports;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Meters
{
    /// <summary>Bus scan on an in-memory bus of simulated meters, on the virtual clock.</summary>
    [TestClass]
    public class BusScannerTests
    {
        private static BusSettings Settings(int baudRate, SerialParity parity)
        {
            BusSettings settings = new BusSettings();
            settings.BaudRate = baudRate;
            settings.Parity = parity;
            return settings;
        }

        private static ScanResult Find(ScanResult[] results, int count, int address)
        {
            for (int index = 0; index < count && index < results.Length; index++)
            {
                if (results[index].Address == address)
                {
                    return results[index];
                }
            }

            return null;
        }

        [TestMethod]
        public void FindsAndIdentifiesFourMetersOfDifferentTypes()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            SerialSettings framing = SimulatedMeters.Framing(9600, SerialParity.Even);
            bus.Add(SimulatedMeters.Kpm33b(3, framing, "33B2407260001"));
            bus.Add(SimulatedMeters.Kpm31(7, framing));
            bus.Add(SimulatedMeters.Klefr(12, framing, 0x16100649));
            // The SDM630-style meter answers with the low word first (CDAB).
            bus.Add(SimulatedMeters.Sdm630(20, framing, 19283746, true));

            BusScanner scanner = new BusScanner(line, clock);
            ScanResult[] results = new ScanResult[8];
            int found = scanner.Scan(new BusSettings[] { Settings(9600, SerialParity.Even) }, 1, 30, results, null);

            Assert.AreEqual(4, found);
            AssertResult(Find(results, found, 3), "kpm33b", "33B2407260001", WordOrder.HighWordFirst);
            AssertResult(Find(results, found, 7), "kpm31", "", WordOrder.HighWordFirst);
            AssertResult(Find(results, found, 12), "klefr", "16100649", WordOrder.HighWordFirst);
            AssertResult(Find(results, found, 20), "sdm630", "19283746", WordOrder.LowWordFirst);
            Assert.AreEqual(9600, results[0].BaudRate);
            OutputHelper.WriteLine(Find(results, found, 20).Describe());
        }

        private static void AssertResult(ScanResult result, string typeName, string serial, WordOrder order)
        {
            Assert.IsNotNull(result, typeName + " not found");
            Assert.AreEqual(typeName, result.TypeName);
            Assert.AreEqual(serial, result.SerialNumber, typeName + " serial");
            Assert.AreEqual((int)order, (int)result.WordOrder, typeName + " word order");
        }

        [TestMethod]
        public void TriesEachFramingAndReportsTheOneThatAnswered()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            // Factory defaults: KLEFR 9600 8E1 (A3.1), SDM630-style 9600 8N1 (2.1).
            bus.Add(SimulatedMeters.Klefr(1, SimulatedMeters.Framing(9600, SerialParity.Even), 0x00000042));
            bus.Add(SimulatedMeters.Sdm630(2, SimulatedMeters.Framing(9600, SerialParity.None), 555, false));

            BusScanner scanner = new BusScanner(line, clock);
            ScanResult[] results = new ScanResult[4];
            BusSettings running = Settings(9600, SerialParity.Even);
            int found = scanner.Scan(new BusSettings[] { Settings(9600, SerialParity.Even), Settings(9600, SerialParity.None) },
                1, 4, results, running);

            Assert.AreEqual(2, found);
            Assert.AreEqual("klefr", Find(results, found, 1).TypeName);
            Assert.AreEqual((int)SerialParity.Even, (int)Find(results, found, 1).Parity);
            Assert.AreEqual("sdm630", Find(results, found, 2).TypeName);
            Assert.AreEqual((int)SerialParity.None, (int)Find(results, found, 2).Parity);
            Assert.AreEqual("555", Find(results, found, 2).SerialNumber);
            // The line is back at the running bus's framing.
            Assert.AreEqual((int)SerialParity.Even, (int)line.Settings.Parity);
        }

        [TestMethod]
        public void DeviceMatchingNoSignatureIsReportedUnknown()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            SimulatedMeterBus bus = new SimulatedMeterBus(line);
            // Something that answers every read with exception 02.
            bus.Add(new SimulatedMeterSlave(5, SimulatedMeters.Framing(9600, SerialParity.Even)));

            BusScanner scanner = new BusScanner(line, clock);
            ScanResult[] results = new ScanResult[2];
            int found = scanner.Scan(new BusSettings[] { Settings(9600, SerialParity.Even) }, 4, 6, results, null);

            Assert.AreEqual(1, found);
            Assert.AreEqual(ScanResult.UnknownType, results[0].TypeName);
            Assert.IsFalse(results[0].IsIdentified);
        }

        [TestMethod]
        public void FullScanOf247SilentAddressesAt9600TakesLessThan60Seconds()
        {
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            BusScanner scanner = new BusScanner(line, clock);
            ScanResult[] results = new ScanResult[1];
            BusSettings framing = Settings(9600, SerialParity.Even);

            long start = clock.MonotonicMicroseconds;
            int found = scanner.Scan(new BusSettings[] { framing }, 1, 247, results, null);
            long elapsed = clock.MonotonicMicroseconds - start;

            // Arithmetic, Serial Line V1.02 2.5.1: at 9600 8E1 a character is 11 bits = 1145.8 us.
            //   probe request (address, 03, FC02, 0001, CRC) = 8 characters     =   9 167 us
            //   response timeout (BusScanner.ProbeTimeoutMicroseconds)            = 200 000 us
            //   t3.5 before the next request, at most                            =   4 011 us
            //   per silent address                                               = 213 178 us
            //   247 addresses                                                    = 52.66 s  <= 60 s
            int request = RtuTiming.TransmissionMicroseconds(8, 11, 9600);
            int silence = RtuTiming.InterFrameDelayMicroseconds(9600);
            Assert.AreEqual(9167, request);
            Assert.AreEqual(4011, silence);
            long perAddress = request + BusScanner.ProbeTimeoutMicroseconds + silence;
            OutputHelper.WriteLine("247 silent addresses took " + (elapsed / 1000).ToString() + " ms; bound "
                + (247 * perAddress / 1000).ToString() + " ms");

            Assert.AreEqual(0, found);
            Assert.AreEqual(247, line.WriteCount, "one probe per address, no retries");
            Assert.IsTrue(elapsed >= 247L * (request + BusScanner.ProbeTimeoutMicroseconds), "every probe waits its timeout");
            Assert.IsTrue(elapsed <= 247L * perAddress, "per address within request + timeout + t3.5");
            Assert.IsTrue(elapsed <= 60000000L, "issue 4: at most 60 s");
        }
    }
}
