using System.Collections.Generic;
using NanoSurface.Sizing;

namespace NanoSurface.Checks
{
    /// <summary>
    /// <c>size.&lt;project&gt;</c>: prints the estimate of every assembly as a table and fails an assembly whose byte code
    /// or string table passes the nanoFramework limit minus the margin, or one of whose metadata tables has too many rows.
    /// </summary>
    public static class SizeCheck
    {
        /// <summary>The device addresses byte code and the string table with 16-bit offsets (.pe format).</summary>
        public const int Limit = 65535;

        /// <summary>
        /// 10 % headroom: the estimate is conservative but not exact, and a concern grows by a few kilobytes per
        /// feature; an assembly this close to the limit must be split before the real MetadataProcessor refuses it.
        /// </summary>
        public const int MarginPercent = 10;

        public const int Allowed = Limit - Limit * MarginPercent / 100;

        /// <summary>Metadata tables are indexed with 16 bits on the device; 0xFFFF is reserved.</summary>
        public const int MaxTableRows = 65534;

        public static void Report(List<AssemblySize> sizes, Report report)
        {
            report.Diagnostic("nanoFramework size estimate (limit " + Limit.ToString("N0") + " B, margin " + MarginPercent + " %: at most "
                + Allowed.ToString("N0") + " B each):");
            report.Diagnostic(string.Format("  {0,-34} {1,-26} {2,8} {3,10} {4,10} {5,10} {6,10}", "project", "assembly", "methods", "byte code", "strings", "max rows", ".pe est."));
            foreach (AssemblySize size in sizes)
            {
                report.Diagnostic(string.Format("  {0,-34} {1,-26} {2,8} {3,10:N0} {4,10:N0} {5,10:N0} {6,10:N0}",
                    size.Project, size.Assembly, size.Methods, size.ByteCode, size.Strings, size.LargestTableRows, size.PeEstimate));
            }
            foreach (AssemblySize size in sizes) report.Result("size." + size.Project, Failure(size));
        }

        public static string Failure(AssemblySize size)
        {
            var problems = new List<string>();
            if (size.ByteCode > Allowed)
            {
                problems.Add("error NF0301: assembly " + size.Assembly + " has about " + size.ByteCode.ToString("N0") + " B of byte code, over "
                    + Allowed.ToString("N0") + " B (limit " + Limit.ToString("N0") + " B minus " + MarginPercent + " %): split it");
            }
            if (size.Strings > Allowed)
            {
                problems.Add("error NF0302: assembly " + size.Assembly + " has about " + size.Strings.ToString("N0") + " B of string table, over "
                    + Allowed.ToString("N0") + " B (limit " + Limit.ToString("N0") + " B minus " + MarginPercent + " %): split it");
            }
            if (size.LargestTableRows > MaxTableRows)
            {
                problems.Add("error NF0303: assembly " + size.Assembly + " has " + size.LargestTableRows.ToString("N0") + " rows in its "
                    + size.LargestTable + " table, at or over 65,535");
            }
            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }
}
