using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace NanoSurface.Projects
{
    /// <summary>
    /// What the surface check needs from a nanoFramework <c>.nfproj</c> (MSBuild XML): the Compile items (backslash
    /// paths, relative to the project, possibly linked from elsewhere), the referenced assemblies, and a few
    /// properties. Imports and conditions are not evaluated: the nanoFramework project format lists items plainly.
    /// </summary>
    public sealed class NfProject
    {
        public string Path;
        public string Directory;

        /// <summary>File name without extension: <c>firmware</c>, <c>firmware.Tests</c>.</summary>
        public string Name;
        public string AssemblyName;
        public string OutputType;
        public string LangVersion;
        public bool IsTestProject;
        public readonly List<string> DefineConstants = new List<string>();

        /// <summary>Full paths of the Compile items, in project order.</summary>
        public readonly List<string> CompileItems = new List<string>();

        /// <summary>Line in the project file of each Compile item (parallel to <see cref="CompileItems"/>).</summary>
        public readonly List<int> CompileItemLines = new List<int>();

        /// <summary>Referenced assembly names (from HintPath's file name, else from the Include's identity).</summary>
        public readonly List<string> References = new List<string>();

        /// <summary>Full paths of ProjectReference items.</summary>
        public readonly List<string> ProjectReferences = new List<string>();

        /// <summary>Problems reading the project (each a complete message).</summary>
        public readonly List<string> Problems = new List<string>();

        public bool IsExecutable
        {
            get { return string.Equals(OutputType, "Exe", StringComparison.OrdinalIgnoreCase) || string.Equals(OutputType, "WinExe", StringComparison.OrdinalIgnoreCase); }
        }

        public static NfProject Load(string path)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            var project = new NfProject
            {
                Path = fullPath,
                Directory = System.IO.Path.GetDirectoryName(fullPath),
                Name = System.IO.Path.GetFileNameWithoutExtension(fullPath),
            };
            XDocument document;
            try
            {
                document = XDocument.Load(fullPath, LoadOptions.SetLineInfo);
            }
            catch (Exception exception) when (exception is XmlException || exception is IOException)
            {
                project.Problems.Add(fullPath + ": error NF0001: cannot read the project: " + exception.Message);
                return project;
            }

            foreach (XElement element in document.Descendants())
            {
                string local = element.Name.LocalName;
                string include = (string)element.Attribute("Include");
                switch (local)
                {
                    case "AssemblyName":
                        if (element.Parent != null && element.Parent.Name.LocalName == "PropertyGroup") project.AssemblyName = element.Value.Trim();
                        break;
                    case "OutputType":
                        project.OutputType = element.Value.Trim();
                        break;
                    case "LangVersion":
                        project.LangVersion = element.Value.Trim();
                        break;
                    case "IsTestProject":
                        project.IsTestProject = string.Equals(element.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "DefineConstants":
                        foreach (string symbol in element.Value.Split(';', ',', ' '))
                        {
                            string trimmed = symbol.Trim();
                            if (trimmed.Length > 0 && !trimmed.StartsWith("$(", StringComparison.Ordinal) && !project.DefineConstants.Contains(trimmed))
                            {
                                project.DefineConstants.Add(trimmed);
                            }
                        }
                        break;
                    case "Compile":
                        if (include == null) break;
                        foreach (string file in Expand(project, include, element))
                        {
                            project.CompileItems.Add(file);
                            project.CompileItemLines.Add(((IXmlLineInfo)element).LineNumber);
                        }
                        break;
                    case "Reference":
                        if (include == null) break;
                        project.References.Add(ReferenceName(element, include));
                        break;
                    case "ProjectReference":
                        if (include == null) break;
                        project.ProjectReferences.Add(ToFullPath(project.Directory, include));
                        break;
                }
            }
            if (string.IsNullOrEmpty(project.AssemblyName)) project.AssemblyName = project.Name;
            return project;
        }

        /// <summary>The assembly name a Reference binds to: the HintPath's file name, else the Include's identity.</summary>
        private static string ReferenceName(XElement element, string include)
        {
            XElement hint = element.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath");
            if (hint != null && hint.Value.Trim().Length > 0)
            {
                string file = hint.Value.Trim().Replace('\\', '/');
                string name = System.IO.Path.GetFileName(file);
                if (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return name.Substring(0, name.Length - 4);
            }
            int comma = include.IndexOf(',');
            return (comma < 0 ? include : include.Substring(0, comma)).Trim();
        }

        private static IEnumerable<string> Expand(NfProject project, string include, XElement element)
        {
            foreach (string part in include.Split(';'))
            {
                string item = part.Trim();
                if (item.Length == 0) continue;
                if (item.IndexOf('*') < 0)
                {
                    yield return ToFullPath(project.Directory, item);
                    continue;
                }
                // Wildcards are unusual in .nfproj files but legal MSBuild: expand them the same way.
                string normalized = item.Replace('\\', '/');
                int firstWildcard = normalized.IndexOf('*');
                int baseEnd = normalized.LastIndexOf('/', firstWildcard);
                string baseDirectory = ToFullPath(project.Directory, baseEnd < 0 ? "." : normalized.Substring(0, baseEnd));
                string pattern = baseEnd < 0 ? normalized : normalized.Substring(baseEnd + 1);
                bool recursive = pattern.StartsWith("**/", StringComparison.Ordinal);
                string filePattern = recursive ? pattern.Substring(3) : pattern;
                if (!System.IO.Directory.Exists(baseDirectory)) continue;
                var files = System.IO.Directory.GetFiles(baseDirectory, filePattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .Where(f => !IsBuildOutput(baseDirectory, f)).OrderBy(f => f, StringComparer.Ordinal);
                foreach (string file in files) yield return file;
            }
        }

        public static string ToFullPath(string directory, string relative)
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, relative.Replace('\\', '/')));
        }

        /// <summary>Whether a file lies in a bin/ or obj/ folder below <paramref name="root"/>.</summary>
        public static bool IsBuildOutput(string root, string file)
        {
            string relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
            return relative.Split('/').Any(segment => segment == "bin" || segment == "obj");
        }
    }
}
