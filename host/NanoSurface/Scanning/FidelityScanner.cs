using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NanoSurface.Scanning
{
    /// <summary>One place in the source where the device and the host would print different text.</summary>
    public sealed class FidelityFinding
    {
        public string Id;
        public string Path;
        public int Line;
        public int Column;
        public string Message;

        /// <summary><c>path(line,col): error NF0201: message</c> (notes: <c>warning</c>).</summary>
        public override string ToString()
        {
            string severity = Id == FidelityScanner.ImplicitFloatingPointText ? "warning" : "error";
            return Path + "(" + Line + "," + Column + "): " + severity + " " + Id + ": " + Message;
        }
    }

    /// <summary>
    /// Code that compiles for the device but prints other text there than on the host, found through the semantic
    /// model (the operation tree) of a compiled project:
    /// <list type="bullet">
    /// <item>NF0201 — an enum value turned into text. nanoFramework keeps no enum names in the device metadata, so
    /// <c>Enum.ToString()</c> gives the number ("2") where .NET gives the name ("IllegalDataAddress")
    /// (docs.nanoframework.net, architecture/simplifications-and-trade-offs, "Enums"; nanoframework/Home #955, #989).
    /// Found: <c>.ToString()</c> on an enum, an enum in string concatenation (<c>+</c>, <c>+=</c>), in an
    /// interpolation hole, or boxed into an <c>object</c> argument of a text-formatting method (string.Format,
    /// string.Concat, StringBuilder.Append/AppendFormat/Insert, Console/Debug.Write...). Boxing for storage
    /// (ArrayList.Add, Hashtable keys), comparisons and switches are not text and are not reported.</item>
    /// <item>NF0202 — a numeric format string the device does not implement. nanoCLR formats numbers natively
    /// (nf-interpreter src/CLR/CorLib/corlib_native_System_Number.cpp, ValidateFormatChar): a format is one letter
    /// and optional precision digits, the letter G, F or N for every number and also D or X for integers.
    /// Anything else (custom "0.##", "#,##0", "00"; E, C, P, R) comes back unformatted (the format text itself)
    /// on the device, and .NET prints a number. Checked: constant arguments of <c>ToString(string)</c> on numbers, interpolation format clauses
    /// on numbers, and the format items of constant composite format strings whose argument is a number.</item>
    /// <item>NF0203 (a warning, never a failure) — a float or double turned into text without a format: the
    /// device's "G" keeps at most 7 (float) / 15 (double) significant digits, .NET prints the shortest
    /// round-trip text, so the two can differ (0.1 + 0.2 is "0.3" on the device, "0.30000000000000004" here).</item>
    /// </list>
    /// </summary>
    public static class FidelityScanner
    {
        public const string EnumAsText = "NF0201";
        public const string CustomNumericFormat = "NF0202";
        public const string ImplicitFloatingPointText = "NF0203";

        private static readonly Regex AnyNumberFormat = new Regex(@"^[GgFfNn][0-9]{0,2}$", RegexOptions.CultureInvariant);
        private static readonly Regex IntegerOnlyFormat = new Regex(@"^[DdXx][0-9]{0,2}$", RegexOptions.CultureInvariant);

        /// <summary>Methods whose <c>object</c> arguments become text (the device calls their ToString()).</summary>
        private static readonly HashSet<string> TextFormattingMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.String.Format", "System.String.Concat",
            "System.Text.StringBuilder.Append", "System.Text.StringBuilder.AppendFormat",
            "System.Text.StringBuilder.AppendLine", "System.Text.StringBuilder.Insert",
            "System.Console.Write", "System.Console.WriteLine",
            "System.Diagnostics.Debug.Write", "System.Diagnostics.Debug.WriteLine", "System.Diagnostics.Debug.Print",
            "nanoFramework.TestFramework.OutputHelper.Write", "nanoFramework.TestFramework.OutputHelper.WriteLine",
            "System.Convert.ToString",
        };

        /// <summary>All findings of the compilation, in file and line order (errors and NF0203 notes together).</summary>
        public static List<FidelityFinding> Scan(CSharpCompilation compilation)
        {
            var findings = new List<FidelityFinding>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                var scan = new TreeScan(model, findings, seen);
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax _:
                            scan.Invocation(model.GetOperation(node) as IInvocationOperation);
                            break;
                        case InterpolationSyntax _:
                            scan.Interpolation(model.GetOperation(node) as IInterpolationOperation);
                            break;
                        case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                            scan.Concatenation(model.GetOperation(node) as IBinaryOperation);
                            break;
                        case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression):
                            scan.CompoundConcatenation(model.GetOperation(node) as ICompoundAssignmentOperation);
                            break;
                    }
                }
            }
            return findings
                .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
                .ToList();
        }

        /// <summary>Is <paramref name="format"/> a numeric format nanoCLR implements for <paramref name="number"/>?</summary>
        public static bool IsDeviceNumberFormat(string format, ITypeSymbol number)
        {
            if (string.IsNullOrEmpty(format)) return true;
            if (AnyNumberFormat.IsMatch(format)) return true;
            return IntegerOnlyFormat.IsMatch(format) && IsInteger(number);
        }

        private sealed class TreeScan
        {
            private readonly SemanticModel model;
            private readonly List<FidelityFinding> findings;
            private readonly HashSet<string> seen;

            public TreeScan(SemanticModel model, List<FidelityFinding> findings, HashSet<string> seen)
            {
                this.model = model;
                this.findings = findings;
                this.seen = seen;
            }

            public void Invocation(IInvocationOperation invocation)
            {
                if (invocation == null) return;
                IMethodSymbol method = invocation.TargetMethod;
                if (method.Name == "ToString" && !method.IsStatic)
                {
                    ToStringCall(invocation);
                    return;
                }
                INamedTypeSymbol owner = method.ContainingType;
                // Namespace + name: ToDisplayString() would say "string" for System.String.
                if (!TextFormattingMethods.Contains(owner.ContainingNamespace.ToDisplayString() + "." + owner.Name + "." + method.Name)) return;

                // string.Format(format, args) and the like: the format items say how each argument becomes text.
                IArgumentOperation formatArgument = invocation.Arguments.FirstOrDefault(a =>
                    a.Parameter != null && a.Parameter.Name == "format" && a.Parameter.Type.SpecialType == SpecialType.System_String);
                List<IOperation> values = FormattedValues(invocation, formatArgument);
                string format = formatArgument != null ? formatArgument.Value.ConstantValue.Value as string : null;
                List<CompositeItem> items = format != null ? CompositeItem.Parse(format) : null;
                for (int index = 0; index < values.Count; index++)
                {
                    IOperation value = Unboxed(values[index]);
                    ITypeSymbol type = value.Type;
                    if (IsEnum(type))
                    {
                        Report(values[index].Syntax, EnumAsText, EnumMessage(type, "passed as text to " + method.ContainingType.Name + "." + method.Name));
                        continue;
                    }
                    if (!IsNumber(type)) continue;
                    if (items == null)
                    {
                        if (IsFloatingPoint(type)) Report(values[index].Syntax, ImplicitFloatingPointText, FloatMessage(type, method.ContainingType.Name + "." + method.Name));
                        continue;
                    }
                    foreach (CompositeItem item in items.Where(i => i.Index == index))
                    {
                        if (item.Format == null)
                        {
                            if (IsFloatingPoint(type)) Report(values[index].Syntax, ImplicitFloatingPointText, FloatMessage(type, "format item {" + index + "}"));
                        }
                        else if (!IsDeviceNumberFormat(item.Format, type))
                        {
                            Report(formatArgument.Value.Syntax, CustomNumericFormat, FormatMessage(item.Format, type, "format item {" + index + ":" + item.Format + "}"));
                        }
                    }
                }
            }

            private void ToStringCall(IInvocationOperation invocation)
            {
                IOperation receiver = invocation.Instance != null ? Unboxed(invocation.Instance) : null;
                ITypeSymbol type = receiver != null ? receiver.Type : invocation.TargetMethod.ContainingType;
                if (IsEnum(type))
                {
                    Report(invocation.Syntax, EnumAsText, EnumMessage(type, "turned into text by ToString()"));
                    return;
                }
                if (!IsNumber(type)) return;
                IArgumentOperation formatArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter != null && a.Parameter.Type.SpecialType == SpecialType.System_String);
                if (formatArgument == null)
                {
                    if (IsFloatingPoint(type)) Report(invocation.Syntax, ImplicitFloatingPointText, FloatMessage(type, "ToString()"));
                    return;
                }
                string format = formatArgument.Value.ConstantValue.HasValue ? formatArgument.Value.ConstantValue.Value as string : null;
                if (format != null && !IsDeviceNumberFormat(format, type))
                {
                    Report(formatArgument.Syntax, CustomNumericFormat, FormatMessage(format, type, "ToString(\"" + format + "\")"));
                }
            }

            public void Interpolation(IInterpolationOperation interpolation)
            {
                if (interpolation == null) return;
                IOperation value = Unboxed(interpolation.Expression);
                ITypeSymbol type = value.Type;
                if (IsEnum(type))
                {
                    Report(interpolation.Expression.Syntax, EnumAsText, EnumMessage(type, "in an interpolated string"));
                    return;
                }
                if (!IsNumber(type)) return;
                string format = interpolation.FormatString != null ? interpolation.FormatString.ConstantValue.Value as string : null;
                if (format == null)
                {
                    if (IsFloatingPoint(type)) Report(interpolation.Expression.Syntax, ImplicitFloatingPointText, FloatMessage(type, "an interpolation hole"));
                }
                else if (!IsDeviceNumberFormat(format, type))
                {
                    Report(interpolation.FormatString.Syntax, CustomNumericFormat, FormatMessage(format, type, "interpolation format {…:" + format + "}"));
                }
            }

            public void Concatenation(IBinaryOperation binary)
            {
                if (binary == null || binary.OperatorKind != BinaryOperatorKind.Add || binary.Type == null
                    || binary.Type.SpecialType != SpecialType.System_String)
                {
                    return;
                }
                ConcatenatedOperand(binary.LeftOperand);
                ConcatenatedOperand(binary.RightOperand);
            }

            public void CompoundConcatenation(ICompoundAssignmentOperation assignment)
            {
                if (assignment == null || assignment.OperatorKind != BinaryOperatorKind.Add || assignment.Type == null
                    || assignment.Type.SpecialType != SpecialType.System_String)
                {
                    return;
                }
                ConcatenatedOperand(assignment.Value);
            }

            private void ConcatenatedOperand(IOperation operand)
            {
                IOperation value = Unboxed(operand);
                if (IsEnum(value.Type)) Report(operand.Syntax, EnumAsText, EnumMessage(value.Type, "in a string concatenation"));
                else if (IsFloatingPoint(value.Type)) Report(operand.Syntax, ImplicitFloatingPointText, FloatMessage(value.Type, "a string concatenation"));
            }

            private void Report(SyntaxNode node, string id, string message)
            {
                FileLinePositionSpan span = node.GetLocation().GetMappedLineSpan();
                var finding = new FidelityFinding
                {
                    Id = id,
                    Path = span.Path,
                    Line = span.StartLinePosition.Line + 1,
                    Column = span.StartLinePosition.Character + 1,
                    Message = message,
                };
                if (seen.Add(finding.ToString())) findings.Add(finding);
            }
        }

        /// <summary>The values that become text: the object arguments (also those gathered in a params array), not the format string.</summary>
        private static List<IOperation> FormattedValues(IInvocationOperation invocation, IArgumentOperation formatArgument)
        {
            var values = new List<IOperation>();
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument == formatArgument || argument.Parameter == null) continue;
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array)
                {
                    if (array.Initializer != null) values.AddRange(array.Initializer.ElementValues);
                    continue;
                }
                ITypeSymbol parameterType = argument.Parameter.Type;
                if (parameterType is IArrayTypeSymbol) continue;
                // Append(double) and the like format like ToString(); Append(object) boxes. An int parameter
                // (Insert's index, Append's repeat count) is no text.
                if (parameterType.SpecialType == SpecialType.System_Object || IsFloatingPoint(parameterType)
                    || (formatArgument != null && parameterType.SpecialType != SpecialType.System_String))
                {
                    values.Add(argument.Value);
                }
            }
            return values;
        }

        /// <summary>The expression before boxing or an implicit conversion to object/string: what is actually turned into text.</summary>
        private static IOperation Unboxed(IOperation operation)
        {
            while (operation is IConversionOperation conversion && conversion.Operand.Type != null
                && (conversion.Type == null || conversion.Type.IsReferenceType || conversion.Conversion.IsIdentity))
            {
                operation = conversion.Operand;
            }
            while (operation is IParenthesizedOperation parenthesized) operation = parenthesized.Operand;
            return operation;
        }

        private static bool IsEnum(ITypeSymbol type)
        {
            return type != null && (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Enum);
        }

        private static bool IsInteger(ITypeSymbol type)
        {
            if (type == null) return false;
            switch (type.SpecialType)
            {
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return true;
            }
            return false;
        }

        private static bool IsFloatingPoint(ITypeSymbol type)
        {
            return type != null && (type.SpecialType == SpecialType.System_Single || type.SpecialType == SpecialType.System_Double);
        }

        private static bool IsNumber(ITypeSymbol type)
        {
            return IsInteger(type) || IsFloatingPoint(type);
        }

        private static string EnumMessage(ITypeSymbol type, string where)
        {
            return "enum " + type.ToDisplayString() + " " + where + ": nanoFramework prints the number, not the name "
                + "(no enum names in device metadata); write a name function (a switch returning the name, like ModbusPdu.StatusName) "
                + "or format the number explicitly ((int)value)";
        }

        private static string FormatMessage(string format, ITypeSymbol type, string where)
        {
            return where + " on " + type.ToDisplayString() + ": nanoCLR only formats numbers with G, F, N"
                + (IsInteger(type) ? ", D, X" : "") + " and optional precision digits (\"F2\", \""
                + (IsInteger(type) ? "D3" : "N1") + "\"); it returns other formats as the format text itself";
        }

        private static string FloatMessage(ITypeSymbol type, string where)
        {
            return type.ToDisplayString() + " turned into text without a format in " + where + ": the device's \"G\" keeps "
                + (type.SpecialType == SpecialType.System_Single ? "7" : "15") + " significant digits, .NET the shortest round-trip text; "
                + "give a format (\"F3\", \"G6\") where the text is compared or published";
        }

        /// <summary>A format item <c>{index[,alignment][:format]}</c> of a composite format string.</summary>
        private sealed class CompositeItem
        {
            public int Index;
            public string Format;

            public static List<CompositeItem> Parse(string format)
            {
                var items = new List<CompositeItem>();
                for (int i = 0; i < format.Length; i++)
                {
                    char c = format[i];
                    if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { i++; continue; }
                    if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { i++; continue; }
                    if (c != '{') continue;
                    int close = format.IndexOf('}', i + 1);
                    if (close < 0) break;
                    string body = format.Substring(i + 1, close - i - 1);
                    int colon = body.IndexOf(':');
                    string head = colon >= 0 ? body.Substring(0, colon) : body;
                    int comma = head.IndexOf(',');
                    int index;
                    if (int.TryParse((comma >= 0 ? head.Substring(0, comma) : head).Trim(), out index))
                    {
                        items.Add(new CompositeItem { Index = index, Format = colon >= 0 ? body.Substring(colon + 1) : null });
                    }
                    i = close;
                }
                return items;
            }
        }
    }
}
