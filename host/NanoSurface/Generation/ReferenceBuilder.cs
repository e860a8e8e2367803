using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NanoSurface.Listing;

namespace NanoSurface.Generation
{
    /// <summary>The generated reference assemblies, by assembly name (mscorlib, System.IO.Ports, ...).</summary>
    public sealed class ReferenceSet
    {
        public readonly Dictionary<string, MetadataReference> References = new Dictionary<string, MetadataReference>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Listing lines that could not be handled, compiler errors in the generated stubs (mapped to listing lines) and
        /// differences found by reading the assemblies back (<see cref="ListingRoundTrip"/>). Each starts with the
        /// listing's file name: prefix the listing folder to show it.
        /// </summary>
        public readonly List<string> Problems = new List<string>();

        public string Directory;
        public bool FromCache;

        /// <summary>The real mscorlib.dll used instead of a generated one, or null.</summary>
        public string CoreLibrary;
    }

    /// <summary>
    /// Parses the listings, generates stub sources in dependency order and compiles each into a reference assembly
    /// named as the device's. The result is cached on disk, keyed on the listings' content and this tool's build,
    /// so a second run only loads a few files.
    /// </summary>
    public static class ReferenceBuilder
    {
        private const string CompleteMarker = "complete";
        private const string ProblemsFile = "problems.txt";

        /// <summary>The NuGet package that serves the device's real mscorlib.dll (restored with this tool, see NanoSurface.csproj).</summary>
        public const string CoreLibraryPackage = "nanoFramework.CoreLibrary 1.17.11";

        /// <param name="coreLibrary">the real mscorlib.dll: used as the mscorlib reference (the other libraries' stubs
        /// compile against it) and compared with mscorlib.api.txt line by line; null generates mscorlib from its listing.</param>
        public static ReferenceSet Load(string apiDirectory, string cacheRoot, string coreLibrary)
        {
            string key = CacheKey(apiDirectory, coreLibrary);
            string directory = Path.Combine(cacheRoot, key);
            var set = new ReferenceSet { Directory = directory, CoreLibrary = coreLibrary };
            if (File.Exists(Path.Combine(directory, CompleteMarker)))
            {
                set.FromCache = true;
                foreach (string file in System.IO.Directory.GetFiles(directory, "*.dll"))
                {
                    set.References[Path.GetFileNameWithoutExtension(file)] = MetadataReference.CreateFromFile(file);
                }
                set.Problems.AddRange(File.ReadAllLines(Path.Combine(directory, ProblemsFile)).Where(l => l.Length > 0));
                return set;
            }

            if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, true);  // incomplete: an interrupted run
            string staging = directory + ".tmp-" + Environment.ProcessId;
            System.IO.Directory.CreateDirectory(staging);
            Build(apiDirectory, staging, directory, set, coreLibrary);
            File.WriteAllLines(Path.Combine(staging, ProblemsFile), set.Problems);
            File.WriteAllText(Path.Combine(staging, CompleteMarker), DateTime.UtcNow.ToString("o"));
            PruneOldEntries(cacheRoot, key);
            try
            {
                System.IO.Directory.Move(staging, directory);
            }
            catch (IOException)
            {
                // Another run stored the same key first; its content is identical.
                System.IO.Directory.Delete(staging, true);
            }
            set.References.Clear();
            foreach (string file in System.IO.Directory.GetFiles(directory, "*.dll"))
            {
                set.References[Path.GetFileNameWithoutExtension(file)] = MetadataReference.CreateFromFile(file);
            }
            return set;
        }

        private static void Build(string apiDirectory, string outputDirectory, string finalDirectory, ReferenceSet set, string coreLibrary)
        {
            var problems = new List<ListingProblem>();
            List<ApiAssembly> assemblies = ApiListingParser.ParseDirectory(apiDirectory, problems);
            var index = new ApiIndex(assemblies, problems);
            var order = index.BuildOrder(problems);
            var generator = new StubGenerator(index, problems);
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var emitted = new Dictionary<ApiAssembly, MetadataReference>();

            foreach (var entry in order)
            {
                ApiAssembly assembly = entry.Key;
                if (coreLibrary != null && assembly.Name == "mscorlib")
                {
                    // The real assembly: its public surface must be exactly the listing (the same round trip as a
                    // generated one, so any difference between mscorlib.api.txt and the real mscorlib shows).
                    string realPath = Path.Combine(outputDirectory, "mscorlib.dll");
                    byte[] real = File.ReadAllBytes(coreLibrary);
                    File.WriteAllBytes(realPath, real);
                    set.Problems.AddRange(ListingRoundTrip.Compare(assembly, real).Select(p => p + " [real mscorlib from " + CoreLibraryPackage + "]"));
                    emitted[assembly] = MetadataReference.CreateFromFile(realPath);
                    continue;
                }
                string source = generator.Generate(assembly);
                File.WriteAllText(Path.Combine(outputDirectory, assembly.Name + ".g.cs"), source);
                string sourcePath = Path.Combine(finalDirectory, assembly.Name + ".g.cs");

                var references = new List<MetadataReference>();
                foreach (ApiAssembly dependency in Transitive(assembly, order))
                {
                    MetadataReference reference;
                    if (emitted.TryGetValue(dependency, out reference)) references.Add(reference);
                }
                SyntaxTree tree = CSharpSyntaxTree.ParseText(source, parseOptions, sourcePath, Encoding.UTF8);
                var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Disable, deterministic: true);
                CSharpCompilation compilation = CSharpCompilation.Create(assembly.Name, new[] { tree }, references, options);

                foreach (Diagnostic diagnostic in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    set.Problems.Add(Format(diagnostic) + " [stub " + Path.GetFileName(sourcePath) + "]");
                }
                using (var stream = new MemoryStream())
                {
                    // An empty runtime version would make the compiler warn; any value is fine for a reference assembly.
                    var emitOptions = new EmitOptions(metadataOnly: true, runtimeMetadataVersion: "v4.0.30319");
                    EmitResult result = compilation.Emit(stream, options: emitOptions);
                    if (!result.Success)
                    {
                        set.Problems.Add(assembly.Name + ": the reference assembly could not be emitted");
                        continue;
                    }
                    string dllPath = Path.Combine(outputDirectory, assembly.Name + ".dll");
                    byte[] image = stream.ToArray();
                    File.WriteAllBytes(dllPath, image);
                    set.Problems.AddRange(ListingRoundTrip.Compare(assembly, image));
                    emitted[assembly] = MetadataReference.CreateFromFile(dllPath);
                }
            }
            set.Problems.InsertRange(0, problems.Select(p => p.ToString()));
        }

        private static IEnumerable<ApiAssembly> Transitive(ApiAssembly assembly, List<KeyValuePair<ApiAssembly, List<ApiAssembly>>> order)
        {
            var map = order.ToDictionary(e => e.Key, e => e.Value);
            var result = new List<ApiAssembly>();
            var pending = new Stack<ApiAssembly>(map[assembly]);
            while (pending.Count > 0)
            {
                ApiAssembly next = pending.Pop();
                if (result.Contains(next)) continue;
                result.Add(next);
                List<ApiAssembly> more;
                if (map.TryGetValue(next, out more)) foreach (ApiAssembly item in more) pending.Push(item);
            }
            return result;
        }

        public static string Format(Diagnostic diagnostic)
        {
            FileLinePositionSpan span = diagnostic.Location.GetMappedLineSpan();
            string where = span.IsValid && span.Path.Length > 0
                ? span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + "): "
                : "";
            string severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            return where + severity + " " + diagnostic.Id + ": " + diagnostic.GetMessage();
        }

        /// <summary>SHA-256 over the listings and this tool's build (a changed generator regenerates).</summary>
        private static string CacheKey(string apiDirectory, string coreLibrary)
        {
            using (var sha = SHA256.Create())
            {
                var buffer = new MemoryStream();
                byte[] toolVersion = typeof(ReferenceBuilder).Assembly.ManifestModule.ModuleVersionId.ToByteArray();
                buffer.Write(toolVersion, 0, toolVersion.Length);
                if (coreLibrary != null)
                {
                    byte[] real = File.ReadAllBytes(coreLibrary);
                    buffer.Write(real, 0, real.Length);
                }
                var files = System.IO.Directory.GetFiles(apiDirectory, "*.api.txt");
                Array.Sort(files, StringComparer.Ordinal);
                foreach (string file in files)
                {
                    byte[] name = Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n");
                    buffer.Write(name, 0, name.Length);
                    byte[] content = File.ReadAllBytes(file);
                    buffer.Write(content, 0, content.Length);
                }
                byte[] hash = sha.ComputeHash(buffer.ToArray());
                return Convert.ToHexString(hash, 0, 12).ToLowerInvariant();
            }
        }

        private static void PruneOldEntries(string cacheRoot, string keep)
        {
            foreach (string directory in System.IO.Directory.GetDirectories(cacheRoot))
            {
                string name = Path.GetFileName(directory);
                if (name == keep) continue;
                // Another run may be filling a staging folder right now; only old ones are leftovers.
                if (name.Contains(".tmp-") && System.IO.Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddHours(-1)) continue;
                try { System.IO.Directory.Delete(directory, true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
