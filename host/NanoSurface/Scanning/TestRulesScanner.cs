using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NanoSurface.Scanning
{
    /// <summary>
    /// The rules of the real nanoFramework test launcher (nanoFramework.TestFramework 3.0.x, UnitTestLauncher), checked
    /// on the source of every project:
    /// <list type="bullet">
    /// <item>NF0401: a [TestClass] declares instance state (an instance field, an auto-property's backing field, a
    /// field-like event). The launcher calls every test method with a null <c>this</c> (<c>method.Invoke(null, ...)</c>),
    /// so instance state is a NullReferenceException on the device;</item>
    /// <item>NF0402: a [DataRow] argument whose type is not exactly its parameter's (the launcher passes the values as
    /// they are: an int for a double fails on nanoCLR, where .NET reflection converts it), or a count that differs;</item>
    /// <item>NF0403: a [DataRow] argument that is null (the MetadataProcessor crashes on it: ArgumentNullException 'key').</item>
    /// </list>
    /// </summary>
    public static class TestRulesScanner
    {
        public const string InstanceState = "NF0401";
        public const string DataRowType = "NF0402";
        public const string DataRowNull = "NF0403";

        /// <summary>Findings formatted <c>path(line,col): error NF04xx: message</c>.</summary>
        public static List<string> Scan(Microsoft.CodeAnalysis.Compilation compilation)
        {
            var findings = new List<string>();
            foreach (INamedTypeSymbol type in AllTypes(compilation.Assembly.GlobalNamespace))
            {
                if (!type.GetAttributes().Any(a => IsAttribute(a, "TestClassAttribute"))) continue;
                foreach (ISymbol member in type.GetMembers())
                {
                    var field = member as IFieldSymbol;
                    if (field != null && !field.IsStatic && !field.IsConst)
                    {
                        ISymbol shown = field.AssociatedSymbol ?? field;
                        string what = field.AssociatedSymbol is IPropertySymbol ? "auto-property " + shown.Name + " (its backing field)"
                            : field.AssociatedSymbol is IEventSymbol ? "field-like event " + shown.Name
                            : "instance field " + field.Name;
                        findings.Add(Where(shown) + "error " + InstanceState + ": test class " + type.ToDisplayString() + " has " + what
                            + ": the nanoFramework test launcher calls test methods without an instance (this is null); use a local or a static field reset by [Setup]");
                    }
                    var method = member as IMethodSymbol;
                    if (method == null) continue;
                    foreach (AttributeData attribute in method.GetAttributes().Where(a => IsAttribute(a, "DataRowAttribute")))
                    {
                        CheckDataRow(type, method, attribute, findings);
                    }
                }
            }
            return findings;
        }

        private static void CheckDataRow(INamedTypeSymbol type, IMethodSymbol method, AttributeData attribute, List<string> findings)
        {
            string where = attribute.ApplicationSyntaxReference != null
                ? Format(attribute.ApplicationSyntaxReference.GetSyntax().GetLocation()) : Where(method);
            string name = type.ToDisplayString() + "." + method.Name;
            if (attribute.ConstructorArguments.Length != 1) return;
            TypedConstant array = attribute.ConstructorArguments[0];
            if (array.Kind != TypedConstantKind.Array || array.IsNull)
            {
                findings.Add(where + "error " + DataRowNull + ": [DataRow] on " + name + " passes null (the nanoFramework MetadataProcessor fails on a null attribute argument)");
                return;
            }
            var values = array.Values;
            if (values.Length != method.Parameters.Length)
            {
                findings.Add(where + "error " + DataRowType + ": [DataRow] on " + name + " has " + values.Length + " argument(s) for "
                    + method.Parameters.Length + " parameter(s)");
                return;
            }
            for (int i = 0; i < values.Length; i++)
            {
                TypedConstant value = values[i];
                IParameterSymbol parameter = method.Parameters[i];
                if (value.IsNull)
                {
                    findings.Add(where + "error " + DataRowNull + ": [DataRow] on " + name + " passes null for parameter " + parameter.Name
                        + " (the nanoFramework MetadataProcessor fails on a null attribute argument)");
                    continue;
                }
                if (!SymbolEqualityComparer.Default.Equals(value.Type, parameter.Type))
                {
                    findings.Add(where + "error " + DataRowType + ": [DataRow] on " + name + " passes " + Describe(value) + " of type "
                        + value.Type.ToDisplayString() + " for parameter " + parameter.Name + " of type " + parameter.Type.ToDisplayString()
                        + " (the launcher passes arguments unconverted; write the value in the parameter's type, e.g. 3.0 for a double)");
                }
            }
        }

        private static string Describe(TypedConstant value)
        {
            return value.Kind == TypedConstantKind.Array ? "an array" : value.ToCSharpString();
        }

        private static bool IsAttribute(AttributeData attribute, string name)
        {
            return attribute.AttributeClass != null && attribute.AttributeClass.Name == name;
        }

        private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol root)
        {
            foreach (INamespaceOrTypeSymbol member in root.GetMembers())
            {
                var ns = member as INamespaceSymbol;
                if (ns != null)
                {
                    foreach (INamedTypeSymbol type in AllTypes(ns)) yield return type;
                    continue;
                }
                var type2 = (INamedTypeSymbol)member;
                foreach (INamedTypeSymbol nested in WithNested(type2)) yield return nested;
            }
        }

        private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (INamedTypeSymbol nested in type.GetTypeMembers())
            {
                foreach (INamedTypeSymbol inner in WithNested(nested)) yield return inner;
            }
        }

        private static string Where(ISymbol symbol)
        {
            Location location = symbol.Locations.FirstOrDefault(l => l.IsInSource);
            return location == null ? "" : Format(location);
        }

        private static string Format(Location location)
        {
            FileLinePositionSpan span = location.GetMappedLineSpan();
            return span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + "): ";
        }
    }
}
