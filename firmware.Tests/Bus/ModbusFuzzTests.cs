using System;
using EspCollector.Core.Bus;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Bus
{
    /// <summary>
    /// Fuzzing at scale with fixed seeds: random and mutated response frames (generator and mutations of
    /// <see cref="ResponseParserFuzzTests"/>) through the response finder and through the whole master over a
    /// scripted line. Nothing may throw, and no accepted frame may have a wrong CRC. On the host the unit test
    /// runs 1,000,000 frames through the finder and 20,000 through the master; on nanoCLR 2,000 and 200.
    /// The benchmark entry "fuzz --count N" runs <see cref="RunFinder"/> and <see cref="RunMaster"/> with any count.
    /// </summary>
    [TestClass]
    public class ModbusFuzzTests
    {
        private static readonly byte[] Functions = new byte[] { 1, 2, 3, 4, 5, 6, 16 };

        [TestMethod]
        public void AMillionFramesThroughTheResponseFinder()
        {
            string problem = RunFinder(424242, TestScale.Choose(1000000, 2000));
            Assert.IsTrue(problem == null, problem);
        }

        [TestMethod]
        public void FramesThroughTheMaster()
        {
            string problem = RunMaster(8675309, TestScale.Choose(20000, 200));
            Assert.IsTrue(problem == null, problem);
        }

        /// <summary>Null when every frame passed; otherwise what went wrong first.</summary>
        public static string RunFinder(int seed, int count)
        {
            Random random = new Random(seed);
            RtuResponseParser parser = new RtuResponseParser();
            byte[] request = new byte[8];
            int accepted = 0;
            for (int iteration = 0; iteration < count; iteration++)
            {
                byte address = (byte)(1 + random.Next(247));
                byte function = Functions[random.Next(Functions.Length)];
                int quantity = 1 + random.Next(ModbusFunction.IsBitRead(function) ? 300 : 125);
                byte[] valid = ResponseParserFuzzTests.ValidResponse(random, address, function, quantity, request, parser);
                bool mutated = random.Next(4) != 0;
                byte[] bytes = mutated ? ResponseParserFuzzTests.Mutate(random, valid) : valid;
                ScanOutcome outcome;
                try
                {
                    outcome = parser.Scan(bytes, 0, bytes.Length);
                }
                catch (Exception exception)
                {
                    return "finder, seed " + seed.ToString() + " frame " + iteration.ToString() + ": " + exception.GetType().Name + " on " + ModbusFrames.ToHex(bytes, 0, bytes.Length);
                }

                if (!mutated && outcome != ScanOutcome.Complete)
                {
                    return "finder, frame " + iteration.ToString() + ": a valid frame was not found";
                }

                if (outcome == ScanOutcome.Complete)
                {
                    accepted++;
                    if (parser.FrameOffset < 0 || parser.FrameOffset + parser.FrameLength > bytes.Length
                        || !ModbusCrc.IsValid(bytes, parser.FrameOffset, parser.FrameLength))
                    {
                        return "finder, frame " + iteration.ToString() + ": accepted a frame with a bad CRC: " + ModbusFrames.ToHex(bytes, 0, bytes.Length);
                    }
                }
            }

            return accepted * 4 < count ? "finder: only " + accepted.ToString() + " frames accepted (generator degenerate)" : null;
        }

        /// <summary>Null when every frame passed; otherwise what went wrong first.</summary>
        public static string RunMaster(int seed, int count)
        {
            Random random = new Random(seed);
            VirtualClock clock = new VirtualClock();
            ScriptedSerialLine line = new ScriptedSerialLine(clock);
            line.RecordWrites = false;
            BusSettings settings = new BusSettings();
            settings.BaudRate = 115200;
            settings.ResponseTimeoutMicroseconds = 20000;
            settings.Retries = 0;
            ModbusMaster master = new ModbusMaster(line, clock, settings);
            RtuResponseParser generator = new RtuResponseParser();
            byte[] request = new byte[8];
            int ok = 0;
            for (int iteration = 0; iteration < count; iteration++)
            {
                byte function = Functions[random.Next(4)];
                ushort quantity = (ushort)(1 + random.Next(20));
                byte[] valid = ResponseParserFuzzTests.ValidResponse(random, 1, function, quantity, request, generator);
                byte[] bytes = random.Next(3) == 0 ? valid : ResponseParserFuzzTests.Mutate(random, valid);
                ScriptedResponse response = new ScriptedResponse(bytes, random.Next(30000));
                if (random.Next(5) == 0)
                {
                    response.WithPause(random.Next(bytes.Length + 1), random.Next(3000));
                }

                line.EnqueueResponse(response);
                ModbusStatus status;
                try
                {
                    status = master.Read(1, function, (ushort)random.Next(1000), quantity);
                }
                catch (Exception exception)
                {
                    return "master, seed " + seed.ToString() + " frame " + iteration.ToString() + ": " + exception.GetType().Name;
                }

                if (status == ModbusStatus.Ok)
                {
                    ok++;
                    int frameStart = master.ResponseDataOffset - 3;
                    if (!ModbusCrc.IsValid(master.ResponseBuffer, frameStart, master.ResponseDataLength + 5)
                        || master.ResponseDataLength != ModbusPdu.ReadDataByteCount(function, quantity))
                    {
                        return "master, frame " + iteration.ToString() + ": accepted a frame with a bad CRC or length";
                    }
                }

                clock.Advance(40000);
            }

            return ok * 5 < count ? "master: only " + ok.ToString() + " reads succeeded (generator degenerate)" : null;
        }
    }
}
