using System.Globalization;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>Number formatting for the printed figures (invariant culture, thousands separators).</summary>
    public static class Figures
    {
        public static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

        public static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB";

        public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

        public static string Verdict(bool ok) => ok ? "ok" : "BUDGET BROKEN";
    }
}
