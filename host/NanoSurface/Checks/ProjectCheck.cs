using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoSurface.Compilation;
using NanoSurface.Generation;
using NanoSurface.Projects;
using NanoSurface.Scanning;
using NanoSurface.Sizing;

namespace NanoSurface.Checks
{
    /// <summary>The checks for one .nfproj: its files are all listed, it compiles against the device surface, and its output holds no generics or multi-dimensional arrays.</summary>
    public static class ProjectCheck
    {
        /// <summary>
        /// Every .nfproj below firmware/ and firmware.Tests/ (bin/ obj/ aside), in dependency order: a project after
        /// the projects it references, then by path.
        /// </summary>
        public static List<string> FindProjects(string repository)
        {
            var all = new List<string>();
            foreach (string top in new[] { "firmware", "firmware.Tests" })
            {
                string root = Path.Combine(repository, top);
                if (!Directory.Exists(root)) continue;
                all.AddRange(Directory.GetFiles(root, "*.nfproj", SearchOption.AllDirectories).Where(f => !NfProject.IsBuildOutput(root, f)));
            }
            all.Sort(System.StringComparer.Ordinal);
            var ordered = new List<string>();
            var visiting = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (string path in all) Visit(Path.GetFullPath(path), ordered, visiting);
            return ordered;
        }

        private static void Visit(string path, List<string> ordered, HashSet<string> visiting)
        {
            if (ordered.Contains(path) || !visiting.Add(path) || !File.Exists(path)) return;
            foreach (string reference in NfProject.Load(path).ProjectReferences.OrderBy(r => r, System.StringComparer.Ordinal))
            {
                Visit(reference, ordered, visiting);
            }
            ordered.Add(path);
        }

        /// <summary>Runs the checks of one project; returns its size estimate, or null when it does not compile.</summary>
        public static AssemblySize Run(string projectPath, ProjectCompiler compiler, Report report)
        {
            string name = Path.GetFileNameWithoutExtension(projectPath);
            if (!File.Exists(projectPath))
            {
                string missing = compiler.Relative(Path.GetFullPath(projectPath)) + " not found";
                report.Fail("surface.listed." + name, missing);
                report.Fail("surface." + name, missing);
                report.Fail("surface.scan." + name, missing);
                return null;
            }
            NfProject project = NfProject.Load(projectPath);

            List<string> listing = compiler.CheckListedFiles(project);
            foreach (string line in listing) report.Diagnostic(line);
            report.Result("surface.listed." + name, listing.Count == 0 ? null
                : listing.Count + " problem(s) between " + compiler.Relative(project.Path) + " and the files on disk; first: " + listing[0]);

            CompileResult result = compiler.Compile(project);
            report.Time("compiled " + name);
            foreach (string line in result.Diagnostics) report.Diagnostic(line);
            report.Result("surface." + name, result.ErrorCount == 0 ? null
                : result.ErrorCount + " error(s) against the nanoFramework surface; first: " + result.Diagnostics.First(d => d.Contains("error ")));

            Fidelity(name, result, report);

            List<string> testRules = TestRulesScanner.Scan(result.Compilation);
            foreach (string line in testRules) report.Diagnostic(line);
            report.Result("surface.testrules." + name, testRules.Count == 0 ? null
                : testRules.Count + " place(s) break the nanoFramework test launcher's rules (instance state in a test class, [DataRow] argument null or of another type); first: " + testRules[0]);

            // The metadata scan decides; the source scan (costly: it queries the semantic model for every node) only
            // locates the findings, so it runs when there is something to locate. It also runs when compilation
            // failed: some rejections (an anonymous type needs EqualityComparer<T>: CS0656) have no location.
            if (result.Image == null)
            {
                List<string> located = SourceScanner.Scan(result.Compilation);
                foreach (string line in located) report.Diagnostic(line);
                report.Fail("surface.scan." + name, "metadata not scanned: the project does not compile"
                    + (located.Count > 0 ? "; source scan: " + located.Count + " finding(s), first: " + located[0] : ""));
                report.Fail("surface.stringarrays." + name, "not scanned: the project does not compile");
                return null;
            }
            List<string> metadata = MetadataScanner.Scan(result.Image);
            report.Time("metadata scan " + name);
            List<string> source = metadata.Count > 0 ? SourceScanner.Scan(result.Compilation) : new List<string>();
            report.Time("source scan " + name);
            foreach (string line in source) report.Diagnostic(line);
            foreach (string line in metadata) report.Diagnostic(line);
            string first = source.Count > 0 ? source[0] : metadata.Count > 0 ? metadata[0] : null;
            report.Result("surface.scan." + name, first == null ? null
                : (source.Count + metadata.Count) + " generic or multi-dimensional array use(s) nanoCLR cannot run; first: " + first);

            List<string> stringArrays = StringArrayScanner.Scan(result.Image);
            foreach (string line in stringArrays) report.Diagnostic(line);
            report.Result("surface.stringarrays." + name, stringArrays.Count == 0 ? null
                : stringArrays.Count + " string array(s) created without setting every element; first: " + stringArrays[0]);
            report.Time("string array scan " + name);
            return SizeEstimator.Estimate(name, result.Image, result.Compilation);
        }

        /// <summary>
        /// <c>surface.fidelity.&lt;project&gt;</c>: code that compiles for the device but prints other text there (an enum's
        /// name, a custom numeric format): NF0201/NF0202 fail the check. NF0203 (a float or double turned into text
        /// without a format) is counted, listed with --verbose, and never fails.
        /// </summary>
        private static void Fidelity(string name, CompileResult result, Report report)
        {
            List<FidelityFinding> findings = FidelityScanner.Scan(result.Compilation);
            report.Time("fidelity scan " + name);
            List<FidelityFinding> errors = findings.Where(f => f.Id != FidelityScanner.ImplicitFloatingPointText).ToList();
            List<FidelityFinding> notes = findings.Where(f => f.Id == FidelityScanner.ImplicitFloatingPointText).ToList();
            foreach (FidelityFinding finding in errors) report.Diagnostic(finding.ToString());
            if (report.Verbose)
            {
                foreach (FidelityFinding finding in notes) report.Diagnostic(finding.ToString());
            }
            if (notes.Count > 0)
            {
                report.Diagnostic(name + ": note " + FidelityScanner.ImplicitFloatingPointText + ": " + notes.Count
                    + " place(s) turn a float or double into text without a format (device \"G\": 7/15 significant digits; .NET: shortest round-trip)"
                    + (report.Verbose ? "" : "; --verbose lists them"));
            }
            report.Result("surface.fidelity." + name, errors.Count == 0 ? null
                : errors.Count + " place(s) print other text on nanoFramework than on the host (enum names, custom numeric formats); first: " + errors[0]);
        }

        /// <summary>Reports the reference generation itself: every listing line must have become part of a reference assembly.</summary>
        public static void ReportReferences(ReferenceSet references, string listingFolder, Report report)
        {
            var shown = references.Problems
                .Select(p => p.Split('(', ':')[0].EndsWith(".api.txt", System.StringComparison.Ordinal) ? listingFolder + "/" + p : p).ToList();
            foreach (string problem in shown) report.Diagnostic(problem);
            // The real mscorlib against mscorlib.api.txt, line by line (ReferenceBuilder): its own check, so a
            // difference between the listing and the device's assembly is named as such.
            List<string> real = shown.Where(p => p.Contains("[real mscorlib")).ToList();
            List<string> generated = shown.Where(p => !p.Contains("[real mscorlib")).ToList();
            if (references.CoreLibrary != null)
            {
                report.Result("surface.mscorlib.listing", real.Count == 0 ? null
                    : real.Count + " difference(s) between " + listingFolder + "/mscorlib.api.txt and the real mscorlib.dll; first: " + real[0]);
            }
            report.Result("surface.refs", generated.Count == 0 ? null
                : generated.Count + " listing line(s) could not be turned into reference assemblies; first: " + generated[0]);
        }
    }
}
