using System;

namespace EspCollector.Tests
{
    /// <summary>
    /// System.Random as nanoCLR has it, for the firmware tests run here: its Next(maxValue) throws
    /// ArgumentOutOfRangeException for maxValue &lt;= 0 (nf-interpreter src/CLR/CorLib/corlib_native_System_Random.cpp,
    /// CLR_E_OUT_OF_RANGE), where .NET returns 0. Every firmware test namespace is EspCollector.Tests.*, and a type
    /// of an enclosing namespace wins over <c>using System;</c>, so <c>new Random(seed)</c> in firmware.Tests binds
    /// to this class on the host and to System.Random on the device: a call that would throw on nanoCLR throws here
    /// too. (The sequences differ anyway: nanoCLR's generator is its own.) Proved by
    /// firmware.Tests/Foundation/RuntimeFactsTests.cs, which fails on the host without this class.
    /// </summary>
    public sealed class Random : System.Random
    {
        public Random()
        {
        }

        public Random(int seed)
            : base(seed)
        {
        }

        public override int Next(int maxValue)
        {
            if (maxValue <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxValue), "nanoCLR's Random.Next(maxValue) needs maxValue > 0");
            }

            return base.Next(maxValue);
        }
    }
}
