using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace NanoSurface.Listing
{
    /// <summary>
    /// Reads the <c>*.api.txt</c> files (format: host/NanoSurface/api/README.md) into <see cref="ApiAssembly"/>
    /// objects. Lines it cannot read become <see cref="ListingProblem"/>s instead of exceptions, so one odd line
    /// never hides the rest of the surface.
    /// </summary>
    public static class ApiListingParser
    {
        private static readonly Regex AttributeUsageSuffix = new Regex(@"\s\[AttributeUsage\((?<args>[^\]]*)\)\]$");
        private static readonly Regex FlagsSuffix = new Regex(@"\s\[Flags\]$");

        private static readonly HashSet<string> TypeModifiers = new HashSet<string> { "protected", "static", "abstract", "sealed" };

        private static readonly HashSet<string> MemberModifiers = new HashSet<string>
        {
            "protected", "static", "const", "readonly", "abstract", "virtual", "override", "sealed", "operator",
        };

        public static List<ApiAssembly> ParseDirectory(string directory, List<ListingProblem> problems)
        {
            var files = Directory.GetFiles(directory, "*.api.txt");
            Array.Sort(files, StringComparer.Ordinal);
            var result = new List<ApiAssembly>();
            foreach (string file in files)
            {
                result.Add(ParseFile(file, problems));
            }
            return result;
        }

        public static ApiAssembly ParseFile(string path, List<ListingProblem> problems)
        {
            string[] lines = File.ReadAllLines(path);
            var assembly = new ApiAssembly { FilePath = path };
            string fileName = Path.GetFileName(path);
            ApiType current = null;
            for (int index = 0; index < lines.Length; index++)
            {
                string line = lines[index].TrimEnd('\r');
                int lineNumber = index + 1;
                if (line.Trim().Length == 0) continue;
                try
                {
                    if (index == 0 && line.StartsWith("# ", StringComparison.Ordinal))
                    {
                        string[] parts = line.Substring(2).Trim().Split(' ');
                        assembly.Name = parts[0];
                        assembly.Version = parts.Length > 1 ? parts[1] : "1.0.0.0";
                        continue;
                    }
                    if (line.StartsWith("#", StringComparison.Ordinal)) continue;
                    if (line.StartsWith("T ", StringComparison.Ordinal))
                    {
                        current = ParseType(line.Substring(2));
                        current.Assembly = assembly;
                        current.Line = lineNumber;
                        assembly.Types.Add(current);
                        continue;
                    }
                    if (line.StartsWith("  ", StringComparison.Ordinal) && current != null)
                    {
                        ApiMember member = ParseMember(line.Trim());
                        member.DeclaringType = current;
                        member.Line = lineNumber;
                        member.Text = line.Trim();
                        current.Members.Add(member);
                        continue;
                    }
                    problems.Add(new ListingProblem(fileName, lineNumber, "unrecognised line: " + line));
                }
                catch (FormatException exception)
                {
                    problems.Add(new ListingProblem(fileName, lineNumber, exception.Message + ": " + line.Trim()));
                }
            }
            if (assembly.Name == null)
            {
                assembly.Name = fileName.Substring(0, fileName.Length - ".api.txt".Length);
                assembly.Version = "1.0.0.0";
                problems.Add(new ListingProblem(fileName, 1, "missing '# <assembly> <version>' header"));
            }
            return assembly;
        }

        private static ApiType ParseType(string text)
        {
            var type = new ApiType();
            Match usage = AttributeUsageSuffix.Match(text);
            if (usage.Success)
            {
                type.AttributeUsage = usage.Groups["args"].Value;
                text = text.Substring(0, usage.Index);
            }
            Match flags = FlagsSuffix.Match(text);
            if (flags.Success)
            {
                type.IsFlags = true;
                text = text.Substring(0, flags.Index);
            }

            int position = 0;
            string word;
            while (true)
            {
                word = ReadWord(text, ref position);
                if (!TypeModifiers.Contains(word)) break;
                if (word == "protected") type.IsProtected = true;
                else if (word == "static") type.IsStatic = true;
                else if (word == "abstract") type.IsAbstract = true;
                else if (word == "sealed") type.IsSealed = true;
            }
            switch (word)
            {
                case "class": type.Kind = ApiTypeKind.Class; break;
                case "struct": type.Kind = ApiTypeKind.Struct; break;
                case "enum": type.Kind = ApiTypeKind.Enum; break;
                case "interface": type.Kind = ApiTypeKind.Interface; break;
                case "delegate": type.Kind = ApiTypeKind.Delegate; break;
                default: throw new FormatException("unknown type kind '" + word + "'");
            }

            string name = ReadTypeToken(text, ref position);
            int angle = name.IndexOf('<');
            if (angle >= 0)
            {
                if (!name.EndsWith(">", StringComparison.Ordinal)) throw new FormatException("malformed generic parameters");
                foreach (string parameter in SplitTopLevel(name.Substring(angle + 1, name.Length - angle - 2), ','))
                {
                    type.GenericParameters.Add(parameter.Trim());
                }
                name = name.Substring(0, angle);
            }
            type.FullName = name;

            SkipSpaces(text, ref position);
            if (position < text.Length)
            {
                if (text[position] != ':') throw new FormatException("expected ':' before base types");
                position++;
                var bases = SplitTopLevel(text.Substring(position), ',');
                for (int i = 0; i < bases.Count; i++)
                {
                    string baseName = bases[i].Trim();
                    if (baseName.Length == 0) throw new FormatException("empty base type");
                    if (type.Kind == ApiTypeKind.Enum) type.BaseType = baseName;
                    // A class's base class comes first, but only the index can tell it from an interface
                    // (System.Object is omitted): Generation.ApiIndex moves it to BaseType.
                    else type.Interfaces.Add(baseName);
                }
            }
            if (type.Kind == ApiTypeKind.Enum && type.BaseType == null) type.BaseType = "System.Int32";
            return type;
        }

        private static ApiMember ParseMember(string text)
        {
            var member = new ApiMember();
            switch (text[0])
            {
                case 'F': member.Kind = ApiMemberKind.Field; break;
                case 'M': member.Kind = ApiMemberKind.Method; break;
                case 'P': member.Kind = ApiMemberKind.Property; break;
                case 'E': member.Kind = ApiMemberKind.Event; break;
                default: throw new FormatException("unknown member kind '" + text[0] + "'");
            }
            int position = 2;
            while (true)
            {
                int save = position;
                string word = ReadWord(text, ref position);
                if (!MemberModifiers.Contains(word))
                {
                    position = save;
                    break;
                }
                switch (word)
                {
                    case "protected": member.IsProtected = true; break;
                    case "static": member.IsStatic = true; break;
                    case "const": member.IsConst = true; break;
                    case "readonly": member.IsReadOnly = true; break;
                    case "abstract": member.IsAbstract = true; break;
                    case "virtual": member.IsVirtual = true; break;
                    case "override": member.IsOverride = true; break;
                    case "sealed": member.IsSealed = true; break;
                    case "operator": member.IsOperator = true; break;
                }
            }
            member.Type = ReadTypeToken(text, ref position);
            SkipSpaces(text, ref position);

            int separator = text.IndexOf("::", position, StringComparison.Ordinal);
            if (separator < 0) throw new FormatException("missing '::' between declaring type and member name");
            int nameStart = separator + 2;
            int nameEnd = nameStart;
            while (nameEnd < text.Length && text[nameEnd] != '(' && text[nameEnd] != '[' && text[nameEnd] != ' ') nameEnd++;
            member.Name = text.Substring(nameStart, nameEnd - nameStart);
            position = nameEnd;

            if (member.Kind == ApiMemberKind.Method)
            {
                string inside = ReadBracketed(text, ref position, '(', ')');
                ParseParameters(inside, member.Parameters);
            }
            else if (member.Kind == ApiMemberKind.Property)
            {
                if (position < text.Length && text[position] == '[')
                {
                    string inside = ReadBracketed(text, ref position, '[', ']');
                    ParseParameters(inside, member.Parameters);
                }
                int open = text.IndexOf('{', position);
                int close = text.LastIndexOf('}');
                if (open < 0 || close < open) throw new FormatException("property without accessor list");
                foreach (string accessor in text.Substring(open + 1, close - open - 1).Split(';'))
                {
                    string trimmed = accessor.Trim();
                    if (trimmed.Length == 0) continue;
                    bool isProtected = trimmed.StartsWith("protected ", StringComparison.Ordinal);
                    if (isProtected) trimmed = trimmed.Substring("protected ".Length).Trim();
                    if (trimmed == "get")
                    {
                        member.HasGetter = true;
                        member.GetterProtected = isProtected;
                    }
                    else if (trimmed == "set")
                    {
                        member.HasSetter = true;
                        member.SetterProtected = isProtected;
                    }
                    else throw new FormatException("unknown accessor '" + trimmed + "'");
                }
            }
            else if (member.Kind == ApiMemberKind.Field)
            {
                SkipSpaces(text, ref position);
                if (position < text.Length)
                {
                    if (text[position] != '=') throw new FormatException("unexpected text after field name");
                    member.ConstantValue = text.Substring(position + 1).Trim();
                }
            }
            return member;
        }

        private static void ParseParameters(string text, List<ApiParameter> parameters)
        {
            if (text.Trim().Length == 0) return;
            foreach (string part in SplitTopLevel(text, ','))
            {
                string item = part.Trim();
                var parameter = new ApiParameter();
                int position = 0;
                int save = position;
                string first = ReadWord(item, ref position);
                if (first == "params" || first == "out" || first == "ref" || first == "in") parameter.Modifier = first;
                else position = save;
                parameter.Type = ReadTypeToken(item, ref position);
                SkipSpaces(item, ref position);
                int nameStart = position;
                while (position < item.Length && item[position] != ' ' && item[position] != '=') position++;
                parameter.Name = item.Substring(nameStart, position - nameStart);
                if (parameter.Name.Length == 0) throw new FormatException("parameter without a name");
                SkipSpaces(item, ref position);
                if (position < item.Length)
                {
                    if (item[position] != '=') throw new FormatException("unexpected text after parameter '" + parameter.Name + "'");
                    parameter.Default = item.Substring(position + 1).Trim();
                }
                parameters.Add(parameter);
            }
        }

        /// <summary>Splits on <paramref name="separator"/> outside brackets and quotes.</summary>
        public static List<string> SplitTopLevel(string text, char separator)
        {
            var parts = new List<string>();
            int depth = 0;
            int start = 0;
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\') i++;
                    else if (c == quote) quote = '\0';
                    continue;
                }
                if (c == '"' || c == '\'') quote = c;
                else if (c == '<' || c == '[' || c == '(') depth++;
                else if (c == '>' || c == ']' || c == ')') depth--;
                else if (c == separator && depth == 0)
                {
                    parts.Add(text.Substring(start, i - start));
                    start = i + 1;
                }
            }
            parts.Add(text.Substring(start));
            return parts;
        }

        private static string ReadWord(string text, ref int position)
        {
            SkipSpaces(text, ref position);
            int start = position;
            while (position < text.Length && text[position] != ' ') position++;
            if (position == start) throw new FormatException("unexpected end of line");
            return text.Substring(start, position - start);
        }

        /// <summary>Reads a type name, which may contain spaces only inside generic brackets.</summary>
        private static string ReadTypeToken(string text, ref int position)
        {
            SkipSpaces(text, ref position);
            int start = position;
            int depth = 0;
            while (position < text.Length)
            {
                char c = text[position];
                if (c == '<' || c == '[') depth++;
                else if (c == '>' || c == ']') depth--;
                else if (c == ' ' && depth == 0) break;
                position++;
            }
            if (position == start) throw new FormatException("missing type name");
            return text.Substring(start, position - start);
        }

        private static string ReadBracketed(string text, ref int position, char open, char close)
        {
            if (position >= text.Length || text[position] != open) throw new FormatException("expected '" + open + "'");
            int depth = 0;
            int start = position + 1;
            char quote = '\0';
            for (int i = position; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\') i++;
                    else if (c == quote) quote = '\0';
                    continue;
                }
                if (c == '"' || c == '\'') quote = c;
                else if (c == '<' || c == '[' || c == '(') depth++;
                else if (c == '>' || c == ']' || c == ')')
                {
                    depth--;
                    if (depth == 0 && c == close)
                    {
                        position = i + 1;
                        return text.Substring(start, i - start);
                    }
                }
            }
            throw new FormatException("unbalanced '" + open + "'");
        }

        private static void SkipSpaces(string text, ref int position)
        {
            while (position < text.Length && text[position] == ' ') position++;
        }
    }
}
