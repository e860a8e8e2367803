using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace EspCollector.Benchmarks.Report
{
    /// <summary>
    /// Figures that come from elsewhere, and their places:
    /// <list type="bullet">
    /// <item>pe_estimate_bytes per assembly and the total: the nanoFramework surface check (host/NanoSurface) estimates
    /// each firmware assembly's byte code (issue 13). Its output is read from the file named by the environment
    /// variable ESPC_SURFACE_OUTPUT (for example the saved output of `dotnet run --project host/NanoSurface -- check
    /// --repo .`), from lines `pe_estimate_bytes.&lt;assembly&gt;=&lt;bytes&gt;`; without it the figure is "n/a (pending)";</item>
    /// <item>the M-Bus figures (issue 16): allocation per M-Bus transaction and the REQ_UD2 cycle against its wire limit
    /// at 2400 and 9600 baud, recorded by the M-Bus benchmark once it exists; until then "n/a (pending)".</item>
    /// </list>
    /// </summary>
    public static class FootprintFigures
    {
        public const string SurfaceOutputVariable = "ESPC_SURFACE_OUTPUT";

        private static readonly Regex EstimateLine = new Regex(@"pe_estimate_bytes\.([A-Za-z0-9_.\-]+)\s*=\s*([0-9][0-9,]*)", RegexOptions.CultureInvariant);

        public static int Run(TextWriter output)
        {
            string path = Environment.GetEnvironmentVariable(SurfaceOutputVariable);
            long total = 0;
            int assemblies = 0;
            if (!string.IsNullOrEmpty(path) && File.Exists(path))
            {
                foreach (string line in File.ReadAllLines(path))
                {
                    Match match = EstimateLine.Match(line);
                    if (!match.Success)
                    {
                        continue;
                    }

                    long bytes = long.Parse(match.Groups[2].Value.Replace(",", string.Empty), CultureInfo.InvariantCulture);
                    BenchReport.Record("pe_estimate_bytes." + match.Groups[1].Value, bytes.ToString(CultureInfo.InvariantCulture), "B", "<= 65535 B", bytes <= 65535 ? "met" : "gap +" + (bytes - 65535) + " B");
                    total += bytes;
                    assemblies++;
                }
            }

            if (assemblies > 0)
            {
                BenchReport.Record("pe_estimate_bytes", total.ToString(CultureInfo.InvariantCulture), "B", null, null);
                output.WriteLine("footprint: .pe byte-code estimate of " + assemblies + " assemblies from " + path + ": " + total + " B in total");
            }
            else
            {
                BenchReport.Record("pe_estimate_bytes", BenchReport.Pending, "B", null, null);
                output.WriteLine("footprint: .pe estimate n/a (pending): the surface check's per-assembly estimate (issue 13) is read from $" + SurfaceOutputVariable + " once it prints `pe_estimate_bytes.<assembly>=<bytes>`");
            }

            if (!BenchReport.Has("mbus_alloc_bytes_per_transaction"))
            {
                BenchReport.Record("mbus_alloc_bytes_per_transaction", BenchReport.Pending, "B", null, null);
                BenchReport.Record("mbus_req_ud2_ratio_2400", BenchReport.Pending, null, null, null);
                BenchReport.Record("mbus_req_ud2_ratio_9600", BenchReport.Pending, null, null, null);
                output.WriteLine("mbus: n/a (pending): the M-Bus issue (16) records allocation per transaction and the REQ_UD2 cycle against its wire limit at 2400 and 9600 baud");
            }

            return 0;
        }
    }
}
