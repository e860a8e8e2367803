using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using NanoSurface.Compilation;
using NanoSurface.Scanning;
using NanoSurface.Sizing;

namespace NanoSurface.Checks
{
    /// <summary>
    /// The self-test: each <c>*.cs</c> in the fixtures folder states in a header comment what the surface check must
    /// do with it, and is compiled alone against every generated reference assembly:
    /// <list type="bullet">
    /// <item><c>// expect: accept</c> compiles without errors and both scans find nothing;</item>
    /// <item><c>// expect: reject CS0246 [CS0234 ...]</c> fails to compile with one of these errors;</item>
    /// <item><c>// expect: reject scan</c> compiles, and the metadata scan (the backstop) reports it;</item>
    /// <item><c>// expect: reject NF0xxx</c> for a rule decided on the compiled fixture (fidelity NF02xx, size NF03xx,
    /// test launcher NF04xx, string arrays NF0501): it compiles, and that rule reports it.</item>
    /// </list>
    /// The check is named <c>fixture.&lt;accept|reject&gt;.&lt;file name&gt;</c>.
    /// </summary>
    public static class FixtureRunner
    {
        private static readonly Regex Expectation = new Regex(@"^\s*//\s*expect:\s*(?<kind>accept|reject)\b(?<rest>.*)$", RegexOptions.IgnoreCase);

        private sealed class Outcome
        {
            public string Name;
            public string Failure;
            public List<string> Details = new List<string>();
        }

        public static void Run(string directory, ProjectCompiler compiler, Report report)
        {
            if (!Directory.Exists(directory))
            {
                report.Fail("fixture", "fixtures folder " + directory + " not found");
                return;
            }
            string[] files = Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                report.Fail("fixture", "no fixtures in " + directory);
                return;
            }
            CSharpCompilation library = compiler.CreateLibrary("Fixture");
            var outcomes = new Outcome[files.Length];
            Parallel.For(0, files.Length, i => outcomes[i] = RunOne(files[i], compiler, library));
            foreach (Outcome outcome in outcomes)
            {
                if (outcome.Failure != null || report.Verbose)
                {
                    foreach (string line in outcome.Details) report.Diagnostic(line);
                }
                report.Result(outcome.Name, outcome.Failure);
            }
        }

        private static Outcome RunOne(string path, ProjectCompiler compiler, CSharpCompilation library)
        {
            string text = File.ReadAllText(path);
            string fileName = Path.GetFileNameWithoutExtension(path);
            Match match = text.Split('\n').Select(line => Expectation.Match(line)).FirstOrDefault(m => m.Success);
            if (match == null)
            {
                return new Outcome { Name = "fixture." + fileName, Failure = "no '// expect: accept|reject ...' header comment" };
            }
            string kind = match.Groups["kind"].Value.ToLowerInvariant();
            string[] expected = match.Groups["rest"].Value.Split(new[] { ' ', ',', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            var outcome = new Outcome { Name = "fixture." + kind + "." + fileName };

            CompileResult result = compiler.CompileFixture(library, "Fixture_" + fileName.Replace('.', '_'), path, text);
            outcome.Details.AddRange(result.Diagnostics);
            List<string> metadataFindings = result.Image != null ? MetadataScanner.Scan(result.Image) : new List<string>();
            // The source scan also runs on code that does not compile: it names the line of, e.g., an anonymous type
            // whose compiler error (CS0656, missing EqualityComparer<T>) has no location.
            List<string> sourceFindings = SourceScanner.Scan(result.Compilation);
            outcome.Details.AddRange(sourceFindings);
            outcome.Details.AddRange(metadataFindings);
            // The fidelity rules (NF0201 enum as text, NF0202 custom numeric format) are rejections like compiler
            // errors; NF0203 (float text without a format) is only a warning.
            List<string> fidelityFindings = new List<string>();
            List<string> fidelityIds = new List<string>();
            foreach (FidelityFinding finding in FidelityScanner.Scan(result.Compilation))
            {
                outcome.Details.Add(finding.ToString());
                if (finding.Id == FidelityScanner.ImplicitFloatingPointText) continue;
                fidelityFindings.Add(finding.ToString());
                fidelityIds.Add(finding.Id);
            }

            // The rules decided on the compiled assembly or its source: the size limits (NF0301-NF0303), the test
            // launcher's rules (NF0401-NF0403) and uncleared string arrays (NF0501). Like fidelity findings, they need
            // a fixture that compiles.
            if (result.Image != null)
            {
                var ruleFindings = new List<string>();
                ruleFindings.AddRange(TestRulesScanner.Scan(result.Compilation));
                ruleFindings.AddRange(StringArrayScanner.Scan(result.Image));
                string sizeFailure = SizeCheck.Failure(SizeEstimator.Estimate(fileName, result.Image, result.Compilation));
                if (sizeFailure != null) ruleFindings.AddRange(sizeFailure.Split("; "));
                outcome.Details.AddRange(ruleFindings);
                foreach (string finding in ruleFindings)
                {
                    Match id = Regex.Match(finding, @"error (NF0[345]\d\d):");
                    if (!id.Success) continue;
                    fidelityFindings.Add(finding);
                    fidelityIds.Add(id.Groups[1].Value);
                }
            }

            if (kind == "accept")
            {
                if (result.ErrorCount > 0) outcome.Failure = "expected to compile, got " + FirstError(result);
                else if (metadataFindings.Count > 0) outcome.Failure = "expected a clean scan, got " + metadataFindings[0];
                else if (sourceFindings.Count > 0) outcome.Failure = "expected a clean scan, got " + sourceFindings[0];
                else if (fidelityFindings.Count > 0) outcome.Failure = "expected a clean scan, got " + fidelityFindings[0];
                return outcome;
            }
            if (expected.Length == 1 && expected[0].Equals("scan", StringComparison.OrdinalIgnoreCase))
            {
                if (result.ErrorCount > 0) outcome.Failure = "expected to compile and be rejected by the metadata scan, got " + FirstError(result);
                else if (metadataFindings.Count == 0) outcome.Failure = "the metadata scan found nothing";
                return outcome;
            }
            if (expected.Length == 0)
            {
                outcome.Failure = "'expect: reject' needs compiler error ids or 'scan'";
                return outcome;
            }
            if (fidelityIds.Any(id => expected.Contains(id, StringComparer.OrdinalIgnoreCase)))
            {
                if (result.ErrorCount > 0) outcome.Failure = "expected to compile and be rejected by rule " + string.Join("/", expected) + ", got " + FirstError(result);
                return outcome;
            }
            if (result.ErrorCount == 0)
            {
                outcome.Failure = "expected " + string.Join(" or ", expected) + ", but it compiled"
                    + (fidelityFindings.Count > 0 ? " and the fidelity scan reported " + fidelityFindings[0] : "");
            }
            else if (!result.ErrorIds.Any(id => expected.Contains(id, StringComparer.OrdinalIgnoreCase)))
            {
                outcome.Failure = "expected " + string.Join(" or ", expected) + ", got " + FirstError(result);
            }
            return outcome;
        }

        private static string FirstError(CompileResult result)
        {
            return result.Diagnostics.FirstOrDefault(d => d.Contains(": error ")) ?? result.ErrorCount + " error(s)";
        }
    }
}
