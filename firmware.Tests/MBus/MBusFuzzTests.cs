using System;
using EspCollector.Core.MBus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.MBus
{
    /// <summary>
    /// Seeded random and mutated telegrams through the link layer (frame scanner) and the record parser:
    /// 100,000 on the host (50,000 per layer over the seeds), fewer on nanoCLR (<see cref="TestScale"/>). Nothing
    /// throws, no frame with a wrong checksum or stop byte is accepted, nothing outside the given bytes is read
    /// (arrays are exactly as long as the bytes), and the record loop ends within one step per byte. Mutated answers
    /// through the whole master (3,000): an accepted answer always has a good checksum and the polled address.
    /// </summary>
    [TestClass]
    public class MBusFuzzTests
    {
        private static readonly byte[] Interesting = new byte[] { 0x68, 0x10, 0x16, 0xE5, 0x0F, 0x1F, 0x2F, 0x7F, 0x80, 0xFF, 0xFB, 0xFD, 0x7C, 0x0D, 0xC5, 0xE8 };

        [TestMethod]
        [DataRow(1)]
        [DataRow(1307)]
        public void LinkLayerNeverThrowsNorAcceptsABadChecksum(int seed)
        {
            Random random = new Random(seed);
            MBusFrameScanner scanner = new MBusFrameScanner();
            byte[] valid = ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram);
            int iterations = TestScale.Choose(25000, 200);
            int found = 0;
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                byte[] bytes = random.Next(3) == 0 ? RandomBytes(random, 1 + random.Next(300)) : Mutate(random, ValidFrame(random, valid));
                MBusScanResult result = MBusScanResult.None;
                // A mutation can leave no bytes: Random.Next(0) throws ArgumentOutOfRangeException on nanoCLR.
                int start = bytes.Length == 0 ? 0 : random.Next(2) * random.Next(bytes.Length);
                try
                {
                    result = scanner.Scan(bytes, start, bytes.Length, random.Next(2) == 0, random.Next(2) == 0);
                }
                catch (Exception exception)
                {
                    Assert.IsTrue(false, "seed " + seed.ToString() + " iteration " + iteration.ToString() + ": " + exception.GetType().Name
                        + " on " + ModbusFrames.ToHex(bytes, 0, bytes.Length));
                }

                if (result == MBusScanResult.Found && scanner.Kind == MBusFrameKind.Long)
                {
                    found++;
                    int offset = scanner.FrameOffset;
                    int length = bytes[offset + 1];
                    Assert.IsTrue(offset + length + 6 <= bytes.Length);
                    Assert.AreEqual(bytes[offset + length + 4], MBusFrame.Checksum(bytes, offset + 4, length), "checksum of an accepted frame");
                    Assert.AreEqual((byte)0x16, bytes[offset + length + 5]);
                    Assert.IsFalse(MBusFrame.IsMasterControl(scanner.Control), "an echo is never an answer");
                }
            }

            Assert.IsTrue(found > 0, "some mutations leave a valid frame");
        }

        [TestMethod]
        [DataRow(2)]
        [DataRow(4711)]
        public void RecordParserNeverThrowsNorRunsAway(int seed)
        {
            Random random = new Random(seed);
            MBusTelegram telegram = new MBusTelegram();
            byte[] manual = ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram);
            int iterations = TestScale.Choose(25000, 200);
            int records = 0;
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                byte[] bytes;
                if (random.Next(3) == 0)
                {
                    bytes = RandomBytes(random, 1 + random.Next(120));
                    bytes[0] = random.Next(2) == 0 ? (byte)0x72 : (byte)0x7A;
                }
                else
                {
                    bytes = new byte[manual.Length - 8];
                    Array.Copy(manual, 6, bytes, 0, bytes.Length);
                    bytes = Mutate(random, bytes);
                    if (bytes.Length == 0)
                    {
                        continue;
                    }
                }

                int steps = 0;
                try
                {
                    if (telegram.Open(bytes, 0, bytes.Length))
                    {
                        while (telegram.NextRecord())
                        {
                            steps++;
                            Assert.IsTrue(steps <= bytes.Length, "runaway record loop");
                            Assert.IsTrue(telegram.DataOffset >= 0 && telegram.DataOffset + telegram.DataLength <= bytes.Length);
                        }
                    }
                }
                catch (Exception exception)
                {
                    Assert.IsTrue(false, "seed " + seed.ToString() + " iteration " + iteration.ToString() + ": " + exception.GetType().Name
                        + " on " + ModbusFrames.ToHex(bytes, 0, bytes.Length));
                }

                records += steps;
            }

            Assert.IsTrue(records > 0);
        }

        [TestMethod]
        public void UnknownRecordsAreSkippedWithoutLosingTheNext()
        {
            // Header, a manufacturer-specific VIF (7F) with 2 bytes, a plain text VIF record, an FB-table record,
            // an idle filler, the manual's total energy, then manufacturer data after 0F.
            byte[] bytes = ModbusFrames.Hex("72 78 56 34 12 CD 25 01 02 05 00 00 00"
                + " 02 FF 01 AA BB"
                + " 01 7C 03 41 42 43 07"
                + " 04 FB 01 10 00 00 00"
                + " 2F"
                + " 0C 04 14 48 60 01"
                + " 0F 99 98");
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 0, bytes.Length));
            Assert.AreEqual(12345678, telegram.IdentificationNumber);
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual((byte)0x7F, telegram.VifTable);
            Assert.AreEqual(2, telegram.DataLength);
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual((byte)0x7C, telegram.VifTable);
            Assert.AreEqual(7.0, telegram.RawValue);
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual((byte)0xFB, telegram.VifTable);
            Assert.AreEqual((int)MBusUnit.WattHour, (int)telegram.Unit);
            Assert.AreEqual(16000000.0, telegram.Value);
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual(16048140.0, telegram.Value);
            Assert.IsFalse(telegram.NextRecord());
            Assert.IsFalse(telegram.Malformed);
            Assert.AreEqual(2, telegram.ManufacturerDataLength);
        }

        [TestMethod]
        public void ATruncatedRecordEndsTheReadingAsMalformed()
        {
            byte[] bytes = ModbusFrames.Hex("7A 05 00 00 00 0C 04 14 48 60 01 0C 04 14 48");
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 0, bytes.Length));
            Assert.IsTrue(telegram.NextRecord());
            Assert.IsFalse(telegram.NextRecord());
            Assert.IsTrue(telegram.Malformed);
            Assert.IsFalse(telegram.NextRecord());
        }

        [TestMethod]
        public void NegativeBcdAndIntegersDecode()
        {
            byte[] bytes = ModbusFrames.Hex("7A 05 00 00 00 0A 2B 34 F2 02 2B FE FF 0C 04 AA AA AA AA");
            MBusTelegram telegram = new MBusTelegram();
            Assert.IsTrue(telegram.Open(bytes, 0, bytes.Length));
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual(-234.0, telegram.RawValue);
            Assert.AreEqual((int)MBusUnit.Watt, (int)telegram.Unit);
            Assert.IsTrue(telegram.NextRecord());
            Assert.AreEqual(-2.0, telegram.RawValue);
            Assert.IsTrue(telegram.NextRecord());
            Assert.IsFalse(telegram.ValueValid, "AA.. is not BCD");
        }

        [TestMethod]
        [DataRow(3)]
        public void MasterTakesOnlyValidAnswersFromMutatedTraffic(int seed)
        {
            Random random = new Random(seed);
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            MBusMaster master = new MBusMaster(line, clock, new MBusSettings());
            byte[] manual = ModbusFrames.Hex(KlefrMBusGoldenTests.ManualTelegram);
            int iterations = TestScale.Choose(3000, 30);
            int accepted = 0;
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                byte[] bytes = Mutate(random, manual);
                line.EnqueueResponse(bytes.Length > 0 ? bytes : null, random.Next(20000));
                MBusStatus status = MBusStatus.Timeout;
                try
                {
                    status = master.RequestUserData(0, 0);
                }
                catch (Exception exception)
                {
                    Assert.IsTrue(false, "seed " + seed.ToString() + " iteration " + iteration.ToString() + ": " + exception.GetType().Name
                        + " on " + ModbusFrames.ToHex(bytes, 0, bytes.Length));
                }

                if (status == MBusStatus.Ok)
                {
                    accepted++;
                    byte[] buffer = master.ResponseBuffer;
                    int start = master.ResponseCiOffset - 6;
                    int length = master.ResponseUserDataLength + 2;
                    Assert.AreEqual((byte)0x68, buffer[start]);
                    Assert.AreEqual(buffer[start + 4 + length], MBusFrame.Checksum(buffer, start + 4, length), "checksum of an accepted answer");
                    Assert.AreEqual((byte)0x00, master.ResponseAddress);
                }
            }

            Assert.IsTrue(accepted > 0 && accepted < iterations, accepted.ToString());
        }

        private static byte[] ValidFrame(Random random, byte[] manual)
        {
            if (random.Next(2) == 0)
            {
                return manual;
            }

            int dataLength = random.Next(60);
            byte[] frame = new byte[dataLength + 9];
            byte[] data = RandomBytes(random, dataLength);
            MBusFrame.WriteLong(frame, 0, (byte)(0x08 | random.Next(4) << 4), (byte)random.Next(256), 0x72, data, 0, dataLength);
            return frame;
        }

        private static byte[] RandomBytes(Random random, int length)
        {
            byte[] bytes = new byte[length];
            for (int index = 0; index < length; index++)
            {
                bytes[index] = random.Next(4) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            }

            return bytes;
        }

        /// <summary>Flips, replaces, inserts, deletes or truncates, or prepends garbage (resynchronisation).</summary>
        private static byte[] Mutate(Random random, byte[] source)
        {
            byte[] bytes = new byte[source.Length];
            Array.Copy(source, bytes, source.Length);
            int mutations = random.Next(4);
            for (int round = 0; round < mutations && bytes.Length > 0; round++)
            {
                int position = random.Next(bytes.Length);
                switch (random.Next(6))
                {
                    case 0:
                        bytes[position] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        bytes[position] = Interesting[random.Next(Interesting.Length)];
                        break;
                    case 2:
                        bytes = Splice(bytes, position, 0, RandomBytes(random, 1 + random.Next(3)));
                        break;
                    case 3:
                        bytes = Splice(bytes, position, 1 + random.Next(bytes.Length - position), new byte[0]);
                        break;
                    case 4:
                        bytes = Splice(bytes, 0, 0, RandomBytes(random, 1 + random.Next(10)));
                        break;
                    default:
                        bytes = Splice(bytes, position, bytes.Length - position, new byte[0]);
                        break;
                }
            }

            return bytes;
        }

        private static byte[] Splice(byte[] bytes, int position, int remove, byte[] insert)
        {
            byte[] result = new byte[bytes.Length - remove + insert.Length];
            Array.Copy(bytes, 0, result, 0, position);
            Array.Copy(insert, 0, result, position, insert.Length);
            Array.Copy(bytes, position + remove, result, position + insert.Length, bytes.Length - position - remove);
            return result;
        }
    }
}
