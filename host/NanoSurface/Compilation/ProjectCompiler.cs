using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NanoSurface.Generation;
using NanoSurface.Projects;

namespace NanoSurface.Compilation
{
    /// <summary>The outcome of compiling one project against the generated references.</summary>
    public sealed class CompileResult
    {
        public string Name;
        public NfProject Project;
        public CSharpCompilation Compilation;

        /// <summary>Compiler diagnostics, formatted <c>path(line,col): error CSxxxx: message</c>.</summary>
        public readonly List<string> Diagnostics = new List<string>();
        public int ErrorCount;

        /// <summary>The ids of the errors (CS0246, NF0005...), for matching a fixture's expectation.</summary>
        public readonly List<string> ErrorIds = new List<string>();

        /// <summary>The emitted assembly, or null when compilation failed.</summary>
        public byte[] Image;
    }

    /// <summary>
    /// Compiles C# exactly as the nanoFramework build binds it: C# 9, no standard library, only the generated
    /// reference assemblies the project references. Paths in diagnostics are relative to the repository root.
    /// </summary>
    public sealed class ProjectCompiler
    {
        /// <summary>The language version of the nanoFramework project system (nf-interpreter ESP32 target).</summary>
        public const LanguageVersion DeviceLanguageVersion = LanguageVersion.CSharp9;

        private readonly ReferenceSet references;
        private readonly string repositoryRoot;

        public ProjectCompiler(ReferenceSet references, string repositoryRoot)
        {
            this.references = references;
            this.repositoryRoot = repositoryRoot;
        }

        public string Relative(string fullPath)
        {
            string relative = Path.GetRelativePath(repositoryRoot, fullPath).Replace('\\', '/');
            return relative;
        }

        /// <summary>
        /// The Compile items against the files on disk: every .cs file below the project folder (bin/ and obj/ aside)
        /// must be listed, and every listed file must exist.
        /// </summary>
        public List<string> CheckListedFiles(NfProject project)
        {
            var errors = new List<string>(project.Problems);
            if (project.IsTestProject && project.AssemblyName != "NFUnitTest")
            {
                // nanoFramework.TestFramework: the unit test launcher loads the test assembly by this name.
                errors.Add(Relative(project.Path) + ": error NF0010: a test project's AssemblyName must be NFUnitTest, not " + project.AssemblyName);
            }
            if (project.LangVersion != null && project.LangVersion != "9.0" && project.LangVersion != "9")
            {
                errors.Add(Relative(project.Path) + ": error NF0009: LangVersion " + project.LangVersion
                    + ": the firmware is built at C# 9, the nanoFramework project system's default (this check always compiles at 9.0)");
            }
            var listed = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < project.CompileItems.Count; i++)
            {
                string file = project.CompileItems[i];
                string where = Relative(project.Path) + "(" + project.CompileItemLines[i] + "): ";
                if (!listed.Add(file))
                {
                    errors.Add(where + "error NF0004: " + Relative(file) + " is listed more than once");
                    continue;
                }
                if (!File.Exists(file))
                {
                    errors.Add(where + "error NF0003: listed file " + Relative(file) + " does not exist");
                }
            }
            List<string> nested = NestedProjectFolders(project.Directory);
            foreach (string file in Directory.GetFiles(project.Directory, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (NfProject.IsBuildOutput(project.Directory, file) || listed.Contains(file)) continue;
                if (nested.Any(folder => file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))) continue;
                string include = Path.GetRelativePath(project.Directory, file).Replace('/', '\\');
                errors.Add(Relative(file) + ": error NF0002: not listed in " + Relative(project.Path)
                    + " (add <Compile Include=\"" + include + "\" />)");
            }
            return errors;
        }

        /// <summary>Folders below <paramref name="directory"/> that hold a project of their own: their files belong to it.</summary>
        public static List<string> NestedProjectFolders(string directory)
        {
            return Directory.GetFiles(directory, "*.nfproj", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName)
                .Where(folder => folder != directory && !NfProject.IsBuildOutput(directory, folder))
                .Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>Compiled projects by full path: each project is compiled once, its references before it.</summary>
        private readonly Dictionary<string, CompileResult> compiled = new Dictionary<string, CompileResult>(StringComparer.Ordinal);

        /// <summary>Compiles a project's Compile items with the references it lists (and its project references).</summary>
        public CompileResult Compile(NfProject project)
        {
            return Compile(project, new HashSet<string>(StringComparer.Ordinal));
        }

        private CompileResult Compile(NfProject project, HashSet<string> visiting)
        {
            CompileResult done;
            if (compiled.TryGetValue(project.Path, out done)) return done;
            var result = new CompileResult { Name = project.Name, Project = project };
            visiting.Add(project.Path);
            var metadata = new List<MetadataReference>();
            foreach (string reference in project.References)
            {
                MetadataReference found;
                if (references.References.TryGetValue(reference, out found))
                {
                    metadata.Add(found);
                }
                else
                {
                    // E.g. nanoFramework.UnitTestLauncher: referenced by every test project, no API of its own.
                    // Leaving it out is exact enough: code that used one of its types would fail with CS0246.
                    result.Diagnostics.Add(Relative(project.Path) + ": warning NF0005: reference '" + reference
                        + "' has no API listing; compiled without it");
                }
            }
            foreach (string referencedPath in project.ProjectReferences)
            {
                if (visiting.Contains(referencedPath) || !File.Exists(referencedPath))
                {
                    AddError(result, Relative(project.Path) + ": error NF0006: project reference " + Relative(referencedPath) + " is missing or circular");
                    continue;
                }
                NfProject referenced = NfProject.Load(referencedPath);
                if (referenced.IsExecutable)
                {
                    // nanoCLR would run the application's Main instead of the test launcher.
                    AddError(result, Relative(project.Path) + ": error NF0007: references the application project "
                        + Relative(referencedPath) + "; reference the class libraries it is made of instead");
                }
                CompileResult inner = Compile(referenced, visiting);
                if (inner.Image == null)
                {
                    AddError(result, Relative(project.Path) + ": error NF0008: referenced project " + Relative(referencedPath) + " does not compile");
                    continue;
                }
                metadata.Add(MetadataReference.CreateFromImage(inner.Image));
            }

            var parseOptions = new CSharpParseOptions(DeviceLanguageVersion, DocumentationMode.None, SourceCodeKind.Regular, project.DefineConstants);
            var trees = new List<SyntaxTree>();
            foreach (string file in project.CompileItems.Distinct(StringComparer.Ordinal))
            {
                if (!File.Exists(file)) continue;
                string text = File.ReadAllText(file);
                trees.Add(CSharpSyntaxTree.ParseText(text, parseOptions, Relative(file), Encoding.UTF8));
            }
            var options = new CSharpCompilationOptions(
                project.IsExecutable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable,
                optimizationLevel: OptimizationLevel.Debug,
                deterministic: true,
                concurrentBuild: true);
            result.Compilation = CSharpCompilation.Create(project.AssemblyName, trees, metadata, options);
            Emit(result, Relative(project.Path));
            visiting.Remove(project.Path);
            compiled[project.Path] = result;
            return result;
        }

        /// <summary>Compiles loose sources (the self-test fixtures) against every generated reference assembly.</summary>
        public CSharpCompilation CreateLibrary(string assemblyName)
        {
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable, deterministic: true, concurrentBuild: false);
            return CSharpCompilation.Create(assemblyName, Array.Empty<SyntaxTree>(), references.References.Values, options);
        }

        public static CSharpParseOptions DeviceParseOptions()
        {
            return new CSharpParseOptions(DeviceLanguageVersion);
        }

        public CompileResult CompileFixture(CSharpCompilation library, string name, string path, string text)
        {
            var result = new CompileResult { Name = name };
            SyntaxTree tree = CSharpSyntaxTree.ParseText(text, DeviceParseOptions(), Relative(path), Encoding.UTF8);
            result.Compilation = library.AddSyntaxTrees(tree).WithAssemblyName(name);
            Emit(result, Relative(path));
            return result;
        }

        /// <summary>Emits, collecting diagnostics; those without a source location are put on <paramref name="fallbackPath"/>.</summary>
        private static void Emit(CompileResult result, string fallbackPath)
        {
            using (var stream = new MemoryStream())
            {
                EmitResult emitted = result.Compilation.Emit(stream);
                foreach (Diagnostic diagnostic in emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)
                    .OrderBy(d => d.Location.SourceTree != null ? d.Location.SourceTree.FilePath : "", StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start))
                {
                    string text = ReferenceBuilder.Format(diagnostic);
                    result.Diagnostics.Add(diagnostic.Location.IsInSource ? text : fallbackPath + ": " + text);
                    if (diagnostic.Severity == DiagnosticSeverity.Error)
                    {
                        result.ErrorCount++;
                        result.ErrorIds.Add(diagnostic.Id);
                    }
                }
                if (emitted.Success && result.ErrorCount == 0) result.Image = stream.ToArray();
            }
        }

        private static void AddError(CompileResult result, string message)
        {
            result.Diagnostics.Add(message);
            result.ErrorCount++;
            int id = message.IndexOf("error ", StringComparison.Ordinal);
            if (id >= 0) result.ErrorIds.Add(message.Substring(id + 6, 6));
        }
    }
}
