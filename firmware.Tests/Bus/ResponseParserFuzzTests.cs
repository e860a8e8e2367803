using System;
using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>
    /// Seeded random and mutated frames through the response parser and the whole master: nothing is ever
    /// thrown, no frame with a wrong CRC is accepted, and nothing outside the received bytes is read (the
    /// parser gets arrays exactly as long as the bytes, so any read beyond them would throw).
    /// </summary>
    [TestClass]
    public class ResponseParserFuzzTests
    {
        private static readonly byte[] Functions = new byte[] { 1, 2, 3, 4, 5, 6, 16 };

        [TestMethod]
        [DataRow(1)]
        [DataRow(20240331)]
        [DataRow(777)]
        public void ParserNeverThrowsNorAcceptsABadCrc(int seed)
        {
            Random random = new Random(seed);
            RtuResponseParser parser = new RtuResponseParser();
            byte[] request = new byte[8];
            int accepted = 0;
            int exceptions = 0;
            for (int iteration = 0; iteration < 4000; iteration++)
            {
                byte address = (byte)(1 + random.Next(247));
                byte function = Functions[random.Next(Functions.Length)];
                int quantity = 1 + random.Next(ModbusFunction.IsBitRead(function) ? 300 : 125);
                byte[] valid = ValidResponse(random, address, function, quantity, request, parser);
                bool mutated = random.Next(4) != 0;
                byte[] bytes = mutated ? Mutate(random, valid) : valid;

                ScanOutcome outcome = ScanOutcome.NoCandidate;
                try
                {
                    int start = bytes.Length > 0 ? random.Next(2) * random.Next(bytes.Length) : 0;
                    outcome = parser.Scan(bytes, mutated ? start : 0, bytes.Length);
                }
                catch (Exception exception)
                {
                    Assert.IsTrue(false, "seed " + seed.ToString() + " iteration " + iteration.ToString() + ": " + exception.GetType().Name
                        + " on " + ModbusFrames.ToHex(bytes, 0, bytes.Length));
                }

                if (!mutated)
                {
                    Assert.AreEqual((int)ScanOutcome.Complete, (int)outcome, "a valid frame is found");
                }

                if (outcome == ScanOutcome.Complete)
                {
                    accepted++;
                    Assert.IsTrue(parser.FrameOffset >= 0 && parser.FrameOffset + parser.FrameLength <= bytes.Length);
                    Assert.IsTrue(ModbusCrc.IsValid(bytes, parser.FrameOffset, parser.FrameLength), "CRC of an accepted frame");
                    Assert.AreEqual(address, bytes[parser.FrameOffset]);
                    Assert.IsTrue(parser.DataOffset + parser.DataLength <= parser.FrameOffset + parser.FrameLength - 2);
                    if (ModbusPdu.IsException(parser.Status))
                    {
                        exceptions++;
                    }
                    else
                    {
                        Assert.IsTrue(parser.Status == ModbusStatus.Ok || parser.Status == ModbusStatus.InvalidResponse);
                    }
                }
            }

            // The generator is not degenerate: valid frames and exception frames both occur.
            Assert.IsTrue(accepted > 1000, "accepted " + accepted.ToString());
            Assert.IsTrue(exceptions > 50, "exceptions " + exceptions.ToString());
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(4242)]
        public void ScanMoreFindsTheFrameAWholeScanFinds(int seed)
        {
            // Bytes handed over one at a time, as a line that delivers each character does: scanning only what the
            // new byte can complete finds a frame at the same count, at the same offset, with the same status.
            Random random = new Random(seed);
            RtuResponseParser whole = new RtuResponseParser();
            RtuResponseParser more = new RtuResponseParser();
            byte[] request = new byte[8];
            int completes = 0;
            for (int iteration = 0; iteration < 1500; iteration++)
            {
                byte address = (byte)(1 + random.Next(247));
                byte function = Functions[random.Next(Functions.Length)];
                int quantity = 1 + random.Next(ModbusFunction.IsBitRead(function) ? 300 : 125);
                byte[] valid = ValidResponse(random, address, function, quantity, request, whole);

                // Both parsers expect the same answer (a write's echo: the same request bytes).
                if (ModbusFunction.IsRead(function))
                {
                    more.ExpectRead(address, function, ModbusPdu.ReadDataByteCount(function, quantity));
                }
                else
                {
                    more.ExpectWrite(address, function, request, 0);
                }

                byte[] bytes = random.Next(4) != 0 ? Mutate(random, valid) : valid;
                int start = bytes.Length > 0 && random.Next(3) == 0 ? random.Next(bytes.Length) : 0;
                int scanned = start;
                for (int count = start + 1; count <= bytes.Length; count++)
                {
                    ScanOutcome expected = whole.Scan(bytes, start, count);
                    ScanOutcome found = more.ScanMore(bytes, start, scanned, count);
                    scanned = count;
                    Assert.AreEqual(expected == ScanOutcome.Complete, found == ScanOutcome.Complete,
                        "seed " + seed.ToString() + " iteration " + iteration.ToString() + " count " + count.ToString() + ": " + ModbusFrames.ToHex(bytes, 0, bytes.Length));
                    if (expected == ScanOutcome.Complete)
                    {
                        completes++;
                        Assert.AreEqual(whole.FrameOffset, more.FrameOffset);
                        Assert.AreEqual(whole.FrameLength, more.FrameLength);
                        Assert.AreEqual(whole.DataOffset, more.DataOffset);
                        Assert.AreEqual(whole.DataLength, more.DataLength);
                        Assert.AreEqual((int)whole.Status, (int)more.Status);
                        break;
                    }
                }
            }

            Assert.IsTrue(completes > 500, "complete frames " + completes.ToString());
        }

        [TestMethod]
        [DataRow(5)]
        [DataRow(99)]
        public void MasterNeverThrowsOnRandomLineContent(int seed)
        {
            // The loop is shared with the fuzzing at scale (ModbusFuzzTests, benchmark "fuzz").
            string problem = ModbusFuzzTests.RunMaster(seed, 1500);
            Assert.IsTrue(problem == null, problem);
        }

        /// <summary>A valid normal or exception response to a random request; sets the parser's expectation.</summary>
        internal static byte[] ValidResponse(Random random, byte address, byte function, int quantity, byte[] request, RtuResponseParser parser)
        {
            byte[] frame;
            if (ModbusFunction.IsRead(function))
            {
                int byteCount = ModbusPdu.ReadDataByteCount(function, quantity);
                parser.ExpectRead(address, function, byteCount);
                if (random.Next(6) == 0)
                {
                    return ModbusFrames.WithCrc(new byte[] { address, (byte)(function | 0x80), (byte)(1 + random.Next(11)) });
                }

                frame = new byte[3 + byteCount];
                frame[2] = (byte)byteCount;
                for (int index = 3; index < frame.Length; index++)
                {
                    frame[index] = (byte)random.Next(256);
                }
            }
            else
            {
                request[0] = address;
                request[1] = function;
                for (int index = 2; index < 6; index++)
                {
                    request[index] = (byte)random.Next(256);
                }

                parser.ExpectWrite(address, function, request, 0);
                if (random.Next(6) == 0)
                {
                    return ModbusFrames.WithCrc(new byte[] { address, (byte)(function | 0x80), (byte)(1 + random.Next(11)) });
                }

                frame = new byte[6];
                for (int index = 2; index < 6; index++)
                {
                    frame[index] = request[index];
                }
            }

            frame[0] = address;
            frame[1] = function;
            return ModbusFrames.WithCrc(frame);
        }

        internal static byte[] Mutate(Random random, byte[] valid)
        {
            switch (random.Next(7))
            {
                case 0:
                    {
                        // flip 1..3 bits
                        byte[] copy = Copy(valid);
                        int flips = 1 + random.Next(3);
                        for (int flip = 0; flip < flips; flip++)
                        {
                            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                        }

                        return copy;
                    }

                case 1:
                    {
                        // truncate
                        byte[] copy = new byte[random.Next(valid.Length)];
                        Array.Copy(valid, copy, copy.Length);
                        return copy;
                    }

                case 2:
                    return ModbusFrames.Concat(RandomBytes(random, 1 + random.Next(20)), valid);
                case 3:
                    return ModbusFrames.Concat(valid, RandomBytes(random, 1 + random.Next(20)));
                case 4:
                    {
                        // replace one byte with a random value (may leave it unchanged)
                        byte[] copy = Copy(valid);
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                        return copy;
                    }

                case 5:
                    return RandomBytes(random, random.Next(300));
                default:
                    {
                        // a valid frame with random content but a recomputed byte count / length mismatch
                        byte[] copy = Copy(valid);
                        if (copy.Length > 2)
                        {
                            copy[2] = (byte)(copy[2] + 1 + random.Next(3));
                        }

                        return copy;
                    }
            }
        }

        private static byte[] Copy(byte[] bytes)
        {
            byte[] copy = new byte[bytes.Length];
            Array.Copy(bytes, copy, bytes.Length);
            return copy;
        }

        private static byte[] RandomBytes(Random random, int count)
        {
            byte[] bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }
    }
}
