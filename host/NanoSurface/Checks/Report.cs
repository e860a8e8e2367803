using System;

namespace NanoSurface.Checks
{
    /// <summary>
    /// Prints in the repository's test-result format: diagnostics first, then one line per check
    /// (<c>Test passed,&lt;name&gt;</c> / <c>Test failed,&lt;name&gt;,&lt;reason&gt;</c>), and a final count.
    /// </summary>
    public sealed class Report
    {
        private int passed;
        private int failed;

        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly bool timing = Environment.GetEnvironmentVariable("NANOSURFACE_TIMING") == "1";

        public bool Verbose { get; set; }

        /// <summary>Prints nothing (the sizing used as a library, host/EspCollector.Benchmarks).</summary>
        public bool Quiet { get; set; }

        /// <summary>With NANOSURFACE_TIMING=1, prints the time since start on stderr (stdout stays the report).</summary>
        public void Time(string phase)
        {
            if (timing) Console.Error.WriteLine(phase + ": " + clock.ElapsedMilliseconds + " ms");
        }

        public void Diagnostic(string line)
        {
            if (Quiet) return;
            Console.WriteLine(line);
        }

        public void Pass(string name)
        {
            passed++;
            if (Quiet) return;
            Console.WriteLine("Test passed," + name);
        }

        public void Fail(string name, string reason)
        {
            failed++;
            if (Quiet) return;
            Console.WriteLine("Test failed," + name + "," + OneLine(reason));
        }

        public void Result(string name, string failureReason)
        {
            if (failureReason == null) Pass(name);
            else Fail(name, failureReason);
        }

        /// <summary>Prints the count and returns the process exit code.</summary>
        public int Finish()
        {
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed > 0 ? 1 : 0;
        }

        private static string OneLine(string text)
        {
            return text.Replace("\r", " ").Replace("\n", " ");
        }
    }
}
