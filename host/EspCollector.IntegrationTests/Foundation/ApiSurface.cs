using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>
    /// Writes an assembly's public surface as lines of the nanoFramework API listing format
    /// (host/NanoSurface/api/README.md), so a host stand-in for a device library can be compared with
    /// the device's listing line by line.
    /// </summary>
    public static class ApiSurface
    {
        private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.Instance | BindingFlags.Static;

        /// <summary>The type and member lines of a listing file (line 1, the assembly header, left out), unindented.</summary>
        public static HashSet<string> ReadListing(string path)
        {
            HashSet<string> lines = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(path))
            {
                string trimmed = line.Trim();
                if (trimmed.Length > 0 && !trimmed.StartsWith("#", StringComparison.Ordinal))
                {
                    lines.Add(trimmed);
                }
            }

            return lines;
        }

        /// <summary>The listing lines describing the public and protected surface of <paramref name="assembly"/>.</summary>
        public static HashSet<string> Describe(Assembly assembly)
        {
            HashSet<string> lines = new HashSet<string>(StringComparer.Ordinal);
            foreach (Type type in assembly.GetExportedTypes())
            {
                lines.Add(TypeLine(type));
                foreach (MemberInfo member in type.GetMembers(Declared))
                {
                    string line = MemberLine(member);
                    if (line != null)
                    {
                        lines.Add(line);
                    }
                }
            }

            return lines;
        }

        private static bool IsVisible(MethodBase method)
        {
            return method != null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);
        }

        private static string Protection(MethodBase method)
        {
            return method.IsPublic ? string.Empty : "protected ";
        }

        private static string TypeLine(Type type)
        {
            StringBuilder line = new StringBuilder("T ");
            if (type.IsNestedFamily || type.IsNestedFamORAssem)
            {
                line.Append("protected ");
            }

            string kind;
            if (type.IsEnum)
            {
                kind = "enum";
            }
            else if (type.IsInterface)
            {
                kind = "interface";
            }
            else if (type.IsValueType)
            {
                kind = "struct";
            }
            else if (typeof(Delegate).IsAssignableFrom(type))
            {
                kind = "delegate";
            }
            else
            {
                kind = "class";
                if (type.IsAbstract && type.IsSealed)
                {
                    line.Append("static ");
                }
                else if (type.IsAbstract)
                {
                    line.Append("abstract ");
                }
                else if (type.IsSealed)
                {
                    line.Append("sealed ");
                }
            }

            line.Append(kind).Append(' ').Append(TypeName(type));

            List<string> bases = new List<string>();
            if (type.IsEnum)
            {
                bases.Add(TypeName(Enum.GetUnderlyingType(type)));
            }
            else if (kind == "class" && type.BaseType != null && type.BaseType != typeof(object))
            {
                bases.Add(TypeName(type.BaseType));
            }

            if (!type.IsEnum && kind != "delegate")
            {
                // Only the interfaces the type itself declares: the base's own (ISerializable on .NET's
                // Exception, for instance) belong to the base, and the device's base may have none.
                Type[] inherited = type.BaseType == null ? new Type[0] : type.BaseType.GetInterfaces();
                bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i)).Select(TypeName).OrderBy(n => n, StringComparer.Ordinal));
            }

            if (bases.Count > 0)
            {
                line.Append(" : ").Append(string.Join(", ", bases));
            }

            foreach (CustomAttributeData attribute in type.GetCustomAttributesData())
            {
                if (attribute.AttributeType == typeof(FlagsAttribute))
                {
                    line.Append(" [Flags]");
                }
                else if (attribute.AttributeType == typeof(AttributeUsageAttribute))
                {
                    line.Append(" [AttributeUsage(").Append(Convert.ToInt32(attribute.ConstructorArguments[0].Value, CultureInfo.InvariantCulture));
                    foreach (CustomAttributeNamedArgument named in attribute.NamedArguments)
                    {
                        line.Append(", ").Append(named.MemberName).Append(" = ").Append(Literal(named.TypedValue.Value));
                    }

                    line.Append(")]");
                }
            }

            return line.ToString();
        }

        private static string MemberLine(MemberInfo member)
        {
            string owner = TypeName(member.DeclaringType);
            switch (member)
            {
                case ConstructorInfo constructor:
                    if (constructor.IsStatic || !IsVisible(constructor))
                    {
                        return null;
                    }

                    return "M " + Protection(constructor) + "System.Void " + owner + "::.ctor(" + Parameters(constructor.GetParameters()) + ")";

                case MethodInfo method:
                    if (!IsVisible(method) || (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal)))
                    {
                        return null;
                    }

                    if (typeof(Delegate).IsAssignableFrom(method.DeclaringType))
                    {
                        return null;
                    }

                    return "M " + Protection(method) + Modifiers(method)
                        + (method.IsSpecialName ? "operator " : string.Empty)
                        + TypeName(method.ReturnType) + " " + owner + "::" + method.Name + "(" + Parameters(method.GetParameters()) + ")";

                case PropertyInfo property:
                    {
                        MethodInfo getter = property.GetGetMethod(true);
                        MethodInfo setter = property.GetSetMethod(true);
                        MethodInfo widest = IsVisible(getter) && (getter.IsPublic || !IsVisible(setter)) ? getter : setter;
                        if (!IsVisible(widest))
                        {
                            return null;
                        }

                        StringBuilder line = new StringBuilder("P ");
                        line.Append(Protection(widest)).Append(Modifiers(widest)).Append(TypeName(property.PropertyType)).Append(' ')
                            .Append(owner).Append("::").Append(property.Name);
                        ParameterInfo[] index = property.GetIndexParameters();
                        if (index.Length > 0)
                        {
                            line.Append('[').Append(Parameters(index)).Append(']');
                        }

                        line.Append(" {");
                        AppendAccessor(line, getter, widest, "get");
                        AppendAccessor(line, setter, widest, "set");
                        return line.Append(" }").ToString();
                    }

                case FieldInfo field:
                    {
                        if (!(field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) || field.IsSpecialName)
                        {
                            return null;
                        }

                        string modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
                        string line = "F " + (field.IsPublic ? string.Empty : "protected ") + modifiers + TypeName(field.FieldType) + " " + owner + "::" + field.Name;
                        if (field.IsLiteral)
                        {
                            object value = field.GetRawConstantValue();
                            line += " = " + (field.DeclaringType.IsEnum ? Convert.ToString(value, CultureInfo.InvariantCulture) : Literal(value));
                        }

                        return line;
                    }

                case EventInfo eventInfo:
                    {
                        MethodInfo adder = eventInfo.GetAddMethod(true);
                        if (!IsVisible(adder))
                        {
                            return null;
                        }

                        return "E " + Protection(adder) + Modifiers(adder) + TypeName(eventInfo.EventHandlerType) + " " + owner + "::" + eventInfo.Name;
                    }

                default:
                    return null;
            }
        }

        private static void AppendAccessor(StringBuilder line, MethodInfo accessor, MethodInfo widest, string name)
        {
            if (!IsVisible(accessor))
            {
                return;
            }

            line.Append(' ');
            if (accessor != widest && !accessor.IsPublic && widest.IsPublic)
            {
                line.Append("protected ");
            }

            line.Append(name).Append(';');
        }

        private static string Modifiers(MethodInfo method)
        {
            string text = method.IsStatic ? "static " : string.Empty;
            if (method.IsAbstract)
            {
                return text + "abstract ";
            }

            if (!method.IsVirtual)
            {
                return text;
            }

            bool newSlot = (method.Attributes & MethodAttributes.VtableLayoutMask) == MethodAttributes.NewSlot;
            if (newSlot)
            {
                // A final new slot is an interface method implemented without "virtual" in C#.
                return method.IsFinal ? text : text + "virtual ";
            }

            return text + (method.IsFinal ? "sealed override " : "override ");
        }

        private static string Parameters(ParameterInfo[] parameters)
        {
            StringBuilder text = new StringBuilder();
            foreach (ParameterInfo parameter in parameters)
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                Type type = parameter.ParameterType;
                if (parameter.IsDefined(typeof(ParamArrayAttribute), false))
                {
                    text.Append("params ");
                }

                if (type.IsByRef)
                {
                    text.Append(parameter.IsOut ? "out " : (parameter.IsIn ? "in " : "ref "));
                    type = type.GetElementType();
                }

                text.Append(TypeName(type)).Append(' ').Append(parameter.Name);
                if (parameter.HasDefaultValue)
                {
                    object value = parameter.RawDefaultValue;
                    text.Append(" = ").Append(type.IsEnum && value != null ? Convert.ToString(value, CultureInfo.InvariantCulture)
                        : (value == null && type.IsValueType ? "default" : Literal(value)));
                }
            }

            return text.ToString();
        }

        private static string Literal(object value)
        {
            switch (value)
            {
                case null:
                    return "null";
                case string text:
                    return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
                case bool flag:
                    return flag ? "true" : "false";
                case char character:
                    return "'" + character + "'";
                case double real:
                    return double.IsNaN(real) ? "NaN" : double.IsPositiveInfinity(real) ? "Infinity" : double.IsNegativeInfinity(real) ? "-Infinity" : real.ToString("R", CultureInfo.InvariantCulture);
                case float single:
                    return float.IsNaN(single) ? "NaN" : float.IsPositiveInfinity(single) ? "Infinity" : float.IsNegativeInfinity(single) ? "-Infinity" : single.ToString("R", CultureInfo.InvariantCulture);
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString();
            }
        }

        /// <summary>Namespace-qualified metadata name; nested types joined with '/', arrays with [], generics as Name`n&lt;Args&gt;.</summary>
        public static string TypeName(Type type)
        {
            if (type.IsArray)
            {
                return TypeName(type.GetElementType()) + "[]";
            }

            if (type.IsByRef)
            {
                return TypeName(type.GetElementType());
            }

            if (type.IsGenericParameter)
            {
                return type.Name;
            }

            string name = type.IsNested ? TypeName(type.DeclaringType) + "/" + type.Name : (type.Namespace == null ? type.Name : type.Namespace + "." + type.Name);
            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                name += "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
            }

            return name;
        }
    }
}
