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
        /// The folder of the nanoFramework API listings (*.api.txt): $ESPC_NANOFRAMEWORK_API, else ../shared beside
        /// the repository (where developers and CI have it); fails the test when none exists.
        /// </summary>
        public static string NanoFrameworkApiListings()
        {
            string[] candidates =
            {
                Environment.GetEnvironmentVariable("ESPC_NANOFRAMEWORK_API"),
                Path.GetFullPath(Path.Combine(Root, "..", "shared", "nanoframework-api")),
            };
            foreach (string candidate in candidates)
            {
                if (!string.IsNullOrEmpty(candidate) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("no nanoFramework API listing found in ../shared/nanoframework-api (or set ESPC_NANOFRAMEWORK_API)");
        }
    }
}
