using System;
using System.Collections.Generic;
using System.Text;

namespace NanoSurface.Listing
{
    /// <summary>
    /// A type name as the listing writes it: <c>System.Int32</c>, <c>System.Byte[]</c>, <c>Outer/Inner</c>,
    /// <c>System.Action`1&lt;System.Int32&gt;</c>, or a generic parameter such as <c>TResult</c>.
    /// </summary>
    public sealed class TypeName
    {
        /// <summary>Metadata name of the (generic) type without arguments or array suffix.</summary>
        public string Name;
        public readonly List<TypeName> Arguments = new List<TypeName>();

        /// <summary>Array ranks from the outside in: <c>[]</c> is 1, <c>[,]</c> is 2.</summary>
        public readonly List<int> ArrayRanks = new List<int>();

        public bool IsArray { get { return ArrayRanks.Count > 0; } }

        public static TypeName Parse(string text)
        {
            text = text.Trim();
            var result = new TypeName();
            int position = 0;
            while (position < text.Length && text[position] != '<' && text[position] != '[') position++;
            result.Name = text.Substring(0, position);
            if (result.Name.Length == 0) throw new FormatException("empty type name in '" + text + "'");
            if (position < text.Length && text[position] == '<')
            {
                int depth = 0;
                int start = position + 1;
                int end = -1;
                for (int i = position; i < text.Length; i++)
                {
                    if (text[i] == '<') depth++;
                    else if (text[i] == '>')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            end = i;
                            break;
                        }
                    }
                }
                if (end < 0) throw new FormatException("unbalanced '<' in '" + text + "'");
                foreach (string argument in ApiListingParser.SplitTopLevel(text.Substring(start, end - start), ','))
                {
                    result.Arguments.Add(Parse(argument));
                }
                position = end + 1;
            }
            while (position < text.Length)
            {
                if (text[position] != '[') throw new FormatException("unexpected '" + text[position] + "' in type '" + text + "'");
                int close = text.IndexOf(']', position);
                if (close < 0) throw new FormatException("unbalanced '[' in '" + text + "'");
                string inside = text.Substring(position + 1, close - position - 1);
                int rank = 1;
                foreach (char c in inside)
                {
                    if (c == ',') rank++;
                    else if (c != ' ') throw new FormatException("unsupported array bounds in '" + text + "'");
                }
                result.ArrayRanks.Add(rank);
                position = close + 1;
            }
            return result;
        }

        /// <summary>Every type name mentioned, this one and its arguments (array element names included).</summary>
        public IEnumerable<string> AllNames()
        {
            yield return Name;
            foreach (TypeName argument in Arguments)
            {
                foreach (string name in argument.AllNames()) yield return name;
            }
        }

        public override string ToString()
        {
            var builder = new StringBuilder(Name);
            if (Arguments.Count > 0)
            {
                builder.Append('<');
                for (int i = 0; i < Arguments.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    builder.Append(Arguments[i]);
                }
                builder.Append('>');
            }
            foreach (int rank in ArrayRanks)
            {
                builder.Append('[').Append(new string(',', rank - 1)).Append(']');
            }
            return builder.ToString();
        }
    }
}
