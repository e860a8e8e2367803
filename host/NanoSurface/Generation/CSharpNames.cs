using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NanoSurface.Listing;

namespace NanoSurface.Generation
{
    /// <summary>Raised when a listing names a type that no listing defines.</summary>
    public sealed class UnresolvedTypeException : Exception
    {
        public UnresolvedTypeException(string name) : base("type '" + name + "' is not defined by any listing") { }
    }

    /// <summary>Turns listing names and literals into C# source text.</summary>
    public sealed class CSharpNames
    {
        private static readonly Dictionary<string, string> EnumUnderlyingKeywords = new Dictionary<string, string>
        {
            { "System.Byte", "byte" }, { "System.SByte", "sbyte" }, { "System.Int16", "short" }, { "System.UInt16", "ushort" },
            { "System.Int32", "int" }, { "System.UInt32", "uint" }, { "System.Int64", "long" }, { "System.UInt64", "ulong" },
        };

        private static readonly Dictionary<string, string> Operators = new Dictionary<string, string>
        {
            { "op_Addition", "+" }, { "op_Subtraction", "-" }, { "op_Multiply", "*" }, { "op_Division", "/" },
            { "op_Modulus", "%" }, { "op_Equality", "==" }, { "op_Inequality", "!=" }, { "op_GreaterThan", ">" },
            { "op_LessThan", "<" }, { "op_GreaterThanOrEqual", ">=" }, { "op_LessThanOrEqual", "<=" },
            { "op_UnaryNegation", "-" }, { "op_UnaryPlus", "+" }, { "op_LogicalNot", "!" }, { "op_OnesComplement", "~" },
            { "op_Increment", "++" }, { "op_Decrement", "--" }, { "op_True", "true" }, { "op_False", "false" },
            { "op_BitwiseAnd", "&" }, { "op_BitwiseOr", "|" }, { "op_ExclusiveOr", "^" }, { "op_LeftShift", "<<" },
            { "op_RightShift", ">>" },
        };

        private readonly ApiIndex index;

        public CSharpNames(ApiIndex index)
        {
            this.index = index;
        }

        /// <summary>An identifier, escaped with '@' when it is a C# keyword.</summary>
        public static string Identifier(string name)
        {
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.UnderscoreToken)
            {
                return "@" + name;
            }
            return name;
        }

        public static string OperatorToken(string metadataName)
        {
            string token;
            return Operators.TryGetValue(metadataName, out token) ? token : null;
        }

        public static string EnumUnderlying(string name)
        {
            string keyword;
            if (EnumUnderlyingKeywords.TryGetValue(name, out keyword)) return keyword;
            throw new FormatException("unsupported enum underlying type '" + name + "'");
        }

        /// <summary>
        /// A fully qualified C# type reference for a listing name, seen from <paramref name="context"/> (whose
        /// generic parameters, if any, stay bare).
        /// </summary>
        public string Type(string listingName, ApiType context)
        {
            return Type(TypeName.Parse(listingName), context);
        }

        public string Type(TypeName name, ApiType context)
        {
            string core;
            if (name.Name == "System.Void" && name.Arguments.Count == 0 && !name.IsArray)
            {
                core = "void";
            }
            else if (context != null && context.GenericParameters.Any(p => GenericParameterName(p) == name.Name))
            {
                core = name.Name;
            }
            else
            {
                ApiType type = index.Find(name.Name);
                if (type == null) throw new UnresolvedTypeException(name.Name);
                core = "global::" + string.Join(".", type.FullName.Split('/').Select(StripArity));
            }
            if (name.Arguments.Count > 0)
            {
                core += "<" + string.Join(", ", name.Arguments.Select(a => Type(a, context))) + ">";
            }
            foreach (int rank in name.ArrayRanks)
            {
                core += "[" + new string(',', rank - 1) + "]";
            }
            return core;
        }

        /// <summary><c>in T</c> becomes <c>T</c>.</summary>
        public static string GenericParameterName(string declared)
        {
            int space = declared.LastIndexOf(' ');
            return space < 0 ? declared : declared.Substring(space + 1);
        }

        private static string StripArity(string segment)
        {
            int tick = segment.IndexOf('`');
            return tick < 0 ? segment : segment.Substring(0, tick);
        }

        /// <summary>The value of a <c>const</c> field or enum member, as a C# constant expression of the field's type.</summary>
        public string Constant(string typeName, string literal, ApiType context)
        {
            literal = literal.Trim();
            if (literal == "null") return "null";
            switch (typeName)
            {
                case "System.String":
                case "System.Char":
                    return literal;
                case "System.Boolean":
                    return literal.ToLowerInvariant();
                case "System.Single":
                    return FloatingPoint(literal, "f");
                case "System.Double":
                    return FloatingPoint(literal, "d");
            }
            if (EnumUnderlyingKeywords.ContainsKey(typeName) || index.IsEnum(typeName))
            {
                return "unchecked((" + Type(typeName, context) + ")(" + literal + "))";
            }
            return literal;
        }

        /// <summary>A parameter's default value, as a C# constant expression of the parameter's type.</summary>
        public string DefaultValue(string typeName, string literal, ApiType context)
        {
            literal = literal.Trim();
            if (literal == "null" || literal == "default") return literal;
            return Constant(typeName, literal, context);
        }

        private static string FloatingPoint(string literal, string suffix)
        {
            switch (literal)
            {
                case "NaN": return "(0.0" + suffix + " / 0.0" + suffix + ")";
                case "Infinity": return "(1.0" + suffix + " / 0.0" + suffix + ")";
                case "-Infinity": return "(-1.0" + suffix + " / 0.0" + suffix + ")";
            }
            double ignored;
            if (!double.TryParse(literal.TrimEnd('f', 'F', 'd', 'D'), NumberStyles.Float, CultureInfo.InvariantCulture, out ignored))
            {
                throw new FormatException("unreadable floating-point constant '" + literal + "'");
            }
            char last = literal[literal.Length - 1];
            return char.IsLetter(last) ? literal : literal + suffix;
        }
    }
}
