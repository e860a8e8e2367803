using System;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using NanoSurface.Checks;
using NanoSurface.Sizing;

namespace EspCollector.Benchmarks.Report
{
    /// <summary>
    /// pe_estimate_bytes per firmware assembly and the total: the nanoFramework surface check's sizing
    /// (host/NanoSurface, SizeEstimator) called as a library on the firmware/ projects of the repository this runs in
    /// (found from the current folder upwards): byte code (full IL, conservative) + string table + metadata (header,
    /// records at nanoCLR's record sizes, signatures), scaled by the factor real .pe files give
    /// (<see cref="AssemblySize.PeEstimate"/>); see the benchmarks README for the comparison with real .pe files. Without the repository (a packed tool run elsewhere) the figure is "n/a (pending)".
    /// </summary>
    public static class FootprintFigures
    {
        public static int Run(TextWriter output)
        {
            string repository = FindRepository();
            List<AssemblySize> sizes = repository == null ? null : NanoSurface.Program.EstimateFirmware(repository);
            if (sizes == null || sizes.Count == 0)
            {
                BenchReport.Record("pe_estimate_bytes", BenchReport.Pending, "B", null, null);
                output.WriteLine("footprint: .pe estimate n/a (pending): run from the repository (host/NanoSurface/api and firmware/ are needed)");
                return 0;
            }

            long total = 0;
            output.WriteLine("footprint: nanoFramework .pe estimate per firmware assembly: (IL byte code + strings + metadata, each an upper bound) x "
                + AssemblySize.PeCalibration.ToString(CultureInfo.InvariantCulture) + " (real .pe / that sum, benchmarks README); the device limit is 65,535 B of byte code and of strings each");
            foreach (AssemblySize size in sizes)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-34} byte code {1,7:N0} B, strings {2,6:N0} B, metadata {3,6:N0} B: .pe about {4,7:N0} B",
                    size.Assembly, size.ByteCode, size.Strings, size.Metadata, size.PeEstimate));
                bool within = size.ByteCode <= SizeCheck.Limit && size.Strings <= SizeCheck.Limit;
                BenchReport.Record("pe_estimate_bytes." + size.Assembly, size.PeEstimate.ToString(CultureInfo.InvariantCulture), "B",
                    "tables <= 65535 B", within ? "met" : "gap: a table over 65535 B");
                total += size.PeEstimate;
            }

            BenchReport.Record("pe_estimate_bytes", total.ToString(CultureInfo.InvariantCulture), "B", null, null);
            output.WriteLine("  total: " + total.ToString("N0", CultureInfo.InvariantCulture) + " B in " + sizes.Count + " assemblies");
            return 0;
        }

        private static string FindRepository()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (string directory = Path.GetFullPath(start); directory != null; directory = Path.GetDirectoryName(directory))
                {
                    if (Directory.Exists(Path.Combine(directory, "host", "NanoSurface", "api")) && Directory.Exists(Path.Combine(directory, "firmware")))
                    {
                        return directory;
                    }
                }
            }

            return null;
        }
    }
}
