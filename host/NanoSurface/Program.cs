using System;
using System.Collections.Generic;
using System.IO;
using NanoSurface.Checks;
using NanoSurface.Compilation;
using NanoSurface.Generation;
using NanoSurface.Sizing;

namespace NanoSurface
{
    /// <summary>
    /// <c>check --repo &lt;root&gt;</c>: generate the reference assemblies (cached), compile and scan every .nfproj below
    /// firmware/ and firmware.Tests/ in dependency order, print their size estimates, run the self-test fixtures.
    /// <c>check --project &lt;path.nfproj&gt;</c>: the same for one project.
    /// <c>fixtures</c>: only the self-test. <c>refs</c>: only generate, and print where the assemblies are.
    /// </summary>
    public static class Program
    {
        private const string Usage =
            "usage: NanoSurface check --repo <root> | check --project <path.nfproj> | fixtures | refs\n" +
            "       options: --repo <root> (default: current folder), --api <listing folder> (default: <root>/host/NanoSurface/api),\n" +
            "                --mscorlib <mscorlib.dll> (default: the one NuGet restored from nanoFramework.CoreLibrary 1.17.11),\n" +
            "                --fixtures <folder> (default: <root>/host/NanoSurface.Fixtures), --verbose";

        public static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h")
            {
                Console.Error.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            bool verbose = false;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--verbose")
                {
                    verbose = true;
                    continue;
                }
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    Console.Error.WriteLine("unexpected argument '" + args[i] + "'\n" + Usage);
                    return 2;
                }
                options[args[i]] = args[++i];
            }

            string project = Get(options, "--project");
            string repository = Path.GetFullPath(Get(options, "--repo") ?? (project != null ? FindRepository(project) : Directory.GetCurrentDirectory()));
            string api = Get(options, "--api") ?? Path.Combine(repository, "host", "NanoSurface", "api");
            string fixtures = Get(options, "--fixtures") ?? Path.Combine(repository, "host", "NanoSurface.Fixtures");
            if (!Directory.Exists(api))
            {
                Console.Error.WriteLine("API listing folder not found: " + api + " (use --api <folder>)");
                return 2;
            }

            string coreLibrary = Get(options, "--mscorlib") ?? RestoredCoreLibrary();
            if (coreLibrary == null || !File.Exists(coreLibrary))
            {
                Console.Error.WriteLine("mscorlib.dll of NuGet package " + ReferenceBuilder.CoreLibraryPackage + " not found"
                    + (coreLibrary != null ? " at " + coreLibrary : "") + ": restore host/NanoSurface (dotnet build) or pass --mscorlib <path>");
                return 2;
            }

            var report = new Report { Verbose = verbose };
            ReferenceSet references = ReferenceBuilder.Load(api, CacheRoot(repository), coreLibrary);
            report.Diagnostic("mscorlib: the real mscorlib.dll from NuGet package " + ReferenceBuilder.CoreLibraryPackage
                + "; the other libraries: reference assemblies generated from " + Path.GetRelativePath(repository, api).Replace('\\', '/'));
            var compiler = new ProjectCompiler(references, repository);
            ProjectCheck.ReportReferences(references, compiler.Relative(api), report);
            report.Time(references.FromCache ? "references loaded" : "references generated");

            switch (args[0])
            {
                case "check":
                    if (project != null)
                    {
                        AssemblySize one = ProjectCheck.Run(project, compiler, report);
                        SizeCheck.Report(one == null ? new List<AssemblySize>() : new List<AssemblySize> { one }, report);
                        break;
                    }
                    var sizes = new List<AssemblySize>();
                    foreach (string path in ProjectCheck.FindProjects(repository))
                    {
                        AssemblySize size = ProjectCheck.Run(path, compiler, report);
                        if (size != null) sizes.Add(size);
                    }
                    SizeCheck.Report(sizes, report);
                    FixtureRunner.Run(fixtures, compiler, report);
                    report.Time("fixtures");
                    break;
                case "fixtures":
                    FixtureRunner.Run(fixtures, compiler, report);
                    break;
                case "refs":
                    Console.WriteLine("reference assemblies: " + references.Directory + (references.FromCache ? " (cached)" : ""));
                    break;
                default:
                    Console.Error.WriteLine("unknown verb '" + args[0] + "'\n" + Usage);
                    return 2;
            }
            return report.Finish();
        }

        /// <summary>
        /// The size estimate of every firmware assembly (the .nfproj files under firmware/, not the test projects), for
        /// callers that use this tool as a library (`espc bench`, footprint). Null when the API listing or mscorlib is
        /// missing. Compiles quietly; an assembly that does not compile is left out.
        /// </summary>
        public static List<AssemblySize> EstimateFirmware(string repository)
        {
            string api = Path.Combine(repository, "host", "NanoSurface", "api");
            string coreLibrary = RestoredCoreLibrary();
            if (!Directory.Exists(api) || coreLibrary == null || !File.Exists(coreLibrary)) return null;
            var report = new Report { Quiet = true };
            var compiler = new ProjectCompiler(ReferenceBuilder.Load(api, CacheRoot(repository), coreLibrary), repository);
            string firmware = Path.Combine(Path.GetFullPath(repository), "firmware") + Path.DirectorySeparatorChar;
            var sizes = new List<AssemblySize>();
            foreach (string path in ProjectCheck.FindProjects(repository))
            {
                if (!path.StartsWith(firmware, StringComparison.Ordinal)) continue;
                AssemblySize size = ProjectCheck.Run(path, compiler, report);
                if (size != null) sizes.Add(size);
            }
            return sizes;
        }

        /// <summary>Where the build restored nanoFramework.CoreLibrary (NanoSurface.csproj's PackageDownload).</summary>
        private static string RestoredCoreLibrary()
        {
            foreach (object attribute in typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false))
            {
                var metadata = (System.Reflection.AssemblyMetadataAttribute)attribute;
                if (metadata.Key == "NanoFrameworkCoreLibrary") return metadata.Value;
            }
            return null;
        }

        private static string Get(Dictionary<string, string> options, string name)
        {
            string value;
            return options.TryGetValue(name, out value) ? value : null;
        }

        /// <summary>The generated references live with this tool's build output (ignored by git): $ESPC_BUILD_ROOT or host/NanoSurface/obj.</summary>
        private static string CacheRoot(string repository)
        {
            string buildRoot = Environment.GetEnvironmentVariable("ESPC_BUILD_ROOT");
            string root = !string.IsNullOrEmpty(buildRoot)
                ? Path.Combine(buildRoot, "NanoSurface", "refs")
                : Path.Combine(repository, "host", "NanoSurface", "obj", "nanoframework-refs");
            Directory.CreateDirectory(root);
            return root;
        }

        /// <summary>The folder above the project that holds .git (or host/), else the project's parent folder.</summary>
        private static string FindRepository(string projectPath)
        {
            string start = Path.GetDirectoryName(Path.GetFullPath(projectPath));
            for (string directory = start; directory != null; directory = Path.GetDirectoryName(directory))
            {
                if (Directory.Exists(Path.Combine(directory, ".git")) || Directory.Exists(Path.Combine(directory, "host"))) return directory;
            }
            return Path.GetDirectoryName(start) ?? start;
        }
    }
}
