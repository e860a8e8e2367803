using System.Collections.Generic;
using System.IO;
using System.Linq;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>
    /// host/NanoFramework.TestFramework must offer exactly the device package's public surface: a member the
    /// device lacks would let a test compile here and not there; a missing one would reject a valid test.
    /// </summary>
    [TestClass]
    public class TestFrameworkSurfaceTests
    {
        [TestMethod]
        public void PublicSurfaceEqualsTheDeviceListing()
        {
            string listingPath = Path.Combine(RepositoryPaths.NanoFrameworkApiListings(), "nanoFramework.TestFramework.api.txt");
            HashSet<string> device = ApiSurface.ReadListing(listingPath);
            HashSet<string> host = ApiSurface.Describe(typeof(Assert).Assembly);

            string[] missing = device.Where(line => !host.Contains(line)).OrderBy(line => line, System.StringComparer.Ordinal).ToArray();
            string[] extra = host.Where(line => !device.Contains(line)).OrderBy(line => line, System.StringComparer.Ordinal).ToArray();
            foreach (string line in missing)
            {
                OutputHelper.WriteLine("missing on the host: " + line);
            }

            foreach (string line in extra)
            {
                OutputHelper.WriteLine("not on the device:  " + line);
            }

            Assert.IsTrue(
                missing.Length == 0 && extra.Length == 0,
                missing.Length + " listed member(s) missing on the host, " + extra.Length + " host member(s) not in the listing (see output above)");
            Assert.IsTrue(device.Count > 100, "the listing was read");
        }

        [TestMethod]
        public void SurfaceWriterReproducesTheListingFormat()
        {
            HashSet<string> host = ApiSurface.Describe(typeof(Assert).Assembly);

            Assert.IsTrue(host.Contains("T class nanoFramework.TestFramework.DataRowAttribute : System.Attribute [AttributeUsage(64, AllowMultiple = true)]"));
            Assert.IsTrue(host.Contains("M System.Void nanoFramework.TestFramework.DataRowAttribute::.ctor(params System.Object[] methodParameters)"));
            Assert.IsTrue(host.Contains("P System.Object[] nanoFramework.TestFramework.DataRowAttribute::MethodParameters { get; }"));
            Assert.IsTrue(host.Contains("M static System.Void nanoFramework.TestFramework.Assert::SkipTest(System.String message = null)"));
            Assert.IsTrue(host.Contains("M virtual nanoFramework.TestFramework.TestMethodAttribute nanoFramework.TestFramework.TestClassAttribute::GetTestMethodAttribute(nanoFramework.TestFramework.TestMethodAttribute testMethodAttribute)"));
        }
    }
}
