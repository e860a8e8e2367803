using System;
using System.IO;
using System.Reflection;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>Where repository and shared reference files are, wherever the test exe was built.</summary>
    public static class RepositoryPaths
    {
        /// <summary>The repository root, recorded at build time (AssemblyMetadata "RepoRoot").</summary>
        public static string Root
        {
            get
            {
                foreach (AssemblyMetadataAttribute metadata in typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
                {
                    if (metadata.Key == "RepoRoot")
                    {
                        return metadata.Value;
                    }
                }

                throw new InvalidOperationException("The build did not record RepoRoot");
            }
        }

        /// <summary>A path under the repository root, from '/'-separated parts.</summary>
        public static string InRepository(string relativePath)
        {
            return Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        }

        /// <summary>
        /// The folder of the nanoFramework API listings (*.api.txt), kept in the repository beside the surface check
        /// that reads them: host/NanoSurface/api. Fails the test when it is missing.
        /// </summary>
        public static string NanoFrameworkApiListings()
        {
            string folder = InRepository("host/NanoSurface/api");
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException("no nanoFramework API listing in " + folder);
            }

            return folder;
        }
    }
}
