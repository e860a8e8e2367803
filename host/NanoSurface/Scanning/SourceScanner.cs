using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoSurface.Scanning
{
    /// <summary>
    /// Points generics and multi-dimensional arrays at their source line: walks every syntax node with the semantic
    /// model and reports generic declarations, generic types and methods used (also through a conversion, e.g. a
    /// lambda converted to <c>Action&lt;int&gt;</c>), anonymous types, tuples and arrays of rank &gt; 1. The
    /// <see cref="MetadataScanner"/> remains the backstop for what the compiler generates behind the source.
    /// </summary>
    public static class SourceScanner
    {
        public const string DiagnosticId = "NF0100";

        /// <summary>Findings formatted <c>path(line,col): error NF0100: what</c>, one per line and construct.</summary>
        public static List<string> Scan(CSharpCompilation compilation)
        {
            var findings = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    string problem = Declaration(node) ?? Usage(model, node);
                    if (problem == null) continue;
                    FileLinePositionSpan span = node.GetLocation().GetMappedLineSpan();
                    string key = span.Path + ":" + span.StartLinePosition.Line + ":" + problem;
                    if (!seen.Add(key)) continue;
                    findings.Add(span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1)
                        + "): error " + DiagnosticId + ": " + problem
                        + (problem.Contains("nanoCLR") ? "" : " (nanoCLR 1.17 has no generics or multi-dimensional arrays)"));
                }
            }
            return findings;
        }

        private static string Declaration(SyntaxNode node)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type when type.TypeParameterList != null:
                    return "generic type " + type.Identifier.Text + type.TypeParameterList + " declared";
                case DelegateDeclarationSyntax declaration when declaration.TypeParameterList != null:
                    return "generic delegate " + declaration.Identifier.Text + declaration.TypeParameterList + " declared";
                case MethodDeclarationSyntax method when method.TypeParameterList != null:
                    return "generic method " + method.Identifier.Text + method.TypeParameterList + " declared";
                case LocalFunctionStatementSyntax function when function.TypeParameterList != null:
                    return "generic local function " + function.Identifier.Text + function.TypeParameterList + " declared";
                case MethodDeclarationSyntax method when method.Parent is InterfaceDeclarationSyntax && (method.Body != null || method.ExpressionBody != null):
                    return "default interface method " + method.Identifier.Text + " (nanoCLR 1.17 does not run interface members with a body)";
                case AccessorDeclarationSyntax accessor when accessor.IsKind(SyntaxKind.InitAccessorDeclaration):
                    return "init-only setter (nanoCLR 1.17 does not know its modreq IsExternalInit)";
                case AnonymousObjectCreationExpressionSyntax _:
                    return "anonymous type (compiled to a generic class)";
                case TupleExpressionSyntax _:
                case TupleTypeSyntax _:
                    return "tuple (System.ValueTuple is generic)";
            }
            return null;
        }

        private static string Usage(SemanticModel model, SyntaxNode node)
        {
            if (node is LiteralExpressionSyntax || node is PredefinedTypeSyntax || node is InterpolatedStringTextSyntax) return null;
            if (!(node is ExpressionSyntax) && !(node is TypeSyntax) && !(node is VariableDeclaratorSyntax)
                && !(node is ParameterSyntax) && !(node is ForEachStatementSyntax))
            {
                return null;
            }
            if (node is VariableDeclaratorSyntax || node is ParameterSyntax || node is ForEachStatementSyntax)
            {
                ISymbol declared = model.GetDeclaredSymbol(node);
                if (declared is ILocalSymbol local) return TypeProblem(local.Type);
                if (declared is IParameterSymbol parameter) return TypeProblem(parameter.Type);
                if (declared is IFieldSymbol field) return TypeProblem(field.Type);
                if (node is ForEachStatementSyntax loop)
                {
                    ForEachStatementInfo info = model.GetForEachStatementInfo(loop);
                    return SymbolProblem(info.GetEnumeratorMethod) ?? TypeProblem(info.ElementType);
                }
                return null;
            }
            TypeInfo typeInfo = model.GetTypeInfo(node);
            string problem = TypeProblem(typeInfo.Type) ?? TypeProblem(typeInfo.ConvertedType);
            if (problem != null) return problem;
            SymbolInfo symbolInfo = model.GetSymbolInfo(node);
            return SymbolProblem(symbolInfo.Symbol);
        }

        private static string SymbolProblem(ISymbol symbol)
        {
            switch (symbol)
            {
                case null:
                    return null;
                case IMethodSymbol method:
                    if (method.IsGenericMethod) return "generic method " + method.ToDisplayString();
                    if (method.ReducedFrom != null && method.ReducedFrom.IsGenericMethod) return "generic method " + method.ToDisplayString();
                    return TypeProblem(method.ContainingType) ?? TypeProblem(method.ReturnType);
                case ITypeSymbol type:
                    return TypeProblem(type);
                case IFieldSymbol _:
                case IPropertySymbol _:
                case IEventSymbol _:
                    return TypeProblem(symbol.ContainingType);
                case ILocalSymbol local:
                    return TypeProblem(local.Type);
            }
            return null;
        }

        private static string TypeProblem(ITypeSymbol type)
        {
            if (type == null || type.TypeKind == TypeKind.Error) return null;
            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank > 1) return "multi-dimensional array " + array.ElementType.ToDisplayString() + "[" + new string(',', array.Rank - 1) + "]";
                return TypeProblem(array.ElementType);
            }
            if (type is INamedTypeSymbol named)
            {
                if (named.IsAnonymousType) return "anonymous type (compiled to a generic class)";
                if (named.IsTupleType) return "tuple " + named.ToDisplayString() + " (System.ValueTuple is generic)";
                if (named.IsGenericType && named.TypeArguments.All(a => a.TypeKind != TypeKind.Error))
                {
                    return "generic type " + named.ToDisplayString();
                }
                if (named.ContainingType != null) return TypeProblem(named.ContainingType);
            }
            return null;
        }
    }
}
