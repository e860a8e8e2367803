using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NanoSurface.Listing;

namespace NanoSurface.Generation
{
    /// <summary>
    /// Proves a generated reference assembly says what its listing says: reads the assembly's public and protected
    /// surface back from metadata, writes it in the listing format (host/NanoSurface/api/README.md) and compares
    /// line by line. Differences come back as problems naming the listing line.
    /// </summary>
    public static class ListingRoundTrip
    {
        public static List<string> Compare(ApiAssembly listing, byte[] image)
        {
            var written = new HashSet<string>(Write(image), StringComparer.Ordinal);
            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (ApiType type in listing.Types)
            {
                expected[TypeLine(type)] = type.Line;
                foreach (ApiMember member in type.Members)
                {
                    if (member.Kind == ApiMemberKind.Method && member.Name == "Finalize" && member.Parameters.Count == 0) continue;
                    expected["  " + member.Text] = member.Line;
                }
            }
            var problems = new List<string>();
            string file = Path.GetFileName(listing.FilePath);
            foreach (var pair in expected.OrderBy(p => p.Value))
            {
                if (!written.Contains(pair.Key))
                {
                    problems.Add(file + "(" + pair.Value + "): error NS0002: the generated reference assembly differs from this line"
                        + Closest(pair.Key, written));
                }
            }
            foreach (string line in written.Where(l => !expected.ContainsKey(l)).OrderBy(l => l, StringComparer.Ordinal))
            {
                problems.Add(file + ": error NS0003: the generated reference assembly has an unlisted member: " + line.Trim());
            }
            return problems;
        }

        private static string Closest(string line, HashSet<string> written)
        {
            int separator = line.IndexOf("::", StringComparison.Ordinal);
            if (separator < 0) return "";
            int end = line.IndexOfAny(new[] { '(', ' ', '[' }, separator);
            string key = end < 0 ? line.Substring(separator) : line.Substring(separator, end - separator);
            string prefix = line.Substring(0, Math.Min(3, line.Length));
            string candidate = written.FirstOrDefault(w => w.StartsWith(prefix, StringComparison.Ordinal) && w.Contains(key + "(")
                || w.StartsWith(prefix, StringComparison.Ordinal) && w.Contains(key + " "));
            return candidate == null ? " (member missing)" : " (generated: " + candidate.Trim() + ")";
        }

        /// <summary>
        /// A type line as parsed, in the form <see cref="WriteType"/> writes: attribute suffixes left out (but
        /// [Flags]), interfaces sorted (the listing's order is not metadata's).
        /// </summary>
        private static string TypeLine(ApiType type)
        {
            string line = "T " + (type.IsProtected ? "protected " : "");
            if (type.Kind == ApiTypeKind.Class) line += type.IsStatic ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "";
            line += type.Kind.ToString().ToLowerInvariant() + " " + type.FullName;
            if (type.GenericParameters.Count > 0) line += "<" + string.Join(", ", type.GenericParameters) + ">";
            var bases = new List<string>();
            if (type.BaseType != null && (type.Kind == ApiTypeKind.Class || type.Kind == ApiTypeKind.Enum)) bases.Add(type.BaseType);
            bases.AddRange(type.Interfaces.OrderBy(i => i, StringComparer.Ordinal));
            if (bases.Count > 0) line += " : " + string.Join(", ", bases);
            return type.IsFlags ? line + " [Flags]" : line;
        }

        // ---- writing the listing format from metadata ----

        private static List<string> Write(byte[] image)
        {
            var lines = new List<string>();
            using (var pe = new PEReader(ImmutableArray.Create(image)))
            {
                MetadataReader reader = pe.GetMetadataReader();
                var names = new ListingTypeNames(reader);
                foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
                {
                    TypeDefinition type = reader.GetTypeDefinition(handle);
                    if (!IsVisible(reader, type)) continue;
                    names.TypeParameters = type.GetGenericParameters().Select(g => reader.GetString(reader.GetGenericParameter(g).Name)).ToArray();
                    WriteType(reader, names, handle, type, lines);
                }
            }
            return lines;
        }

        private static bool IsVisible(MetadataReader reader, TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            switch (visibility)
            {
                case TypeAttributes.Public: return true;
                case TypeAttributes.NestedPublic:
                case TypeAttributes.NestedFamily:
                case TypeAttributes.NestedFamORAssem:
                    return IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
            }
            return false;
        }

        private static void WriteType(MetadataReader reader, ListingTypeNames names, TypeDefinitionHandle handle, TypeDefinition type, List<string> lines)
        {
            string fullName = SignatureFullName(reader, handle);
            string baseName = type.BaseType.IsNil ? null : names.Of(type.BaseType);
            bool isInterface = (type.Attributes & TypeAttributes.Interface) != 0;
            string kind = isInterface ? "interface" : baseName == "System.ValueType" && fullName != "System.Enum" ? "struct"
                : baseName == "System.Enum" ? "enum" : baseName == "System.MulticastDelegate" ? "delegate" : "class";
            string line = "T ";
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.NestedFamily || visibility == TypeAttributes.NestedFamORAssem) line += "protected ";
            if (kind == "class")
            {
                bool isAbstract = (type.Attributes & TypeAttributes.Abstract) != 0;
                bool isSealed = (type.Attributes & TypeAttributes.Sealed) != 0;
                if (isAbstract && isSealed) line += "static ";
                else if (isAbstract) line += "abstract ";
                else if (isSealed) line += "sealed ";
            }
            line += kind + " " + fullName;
            var generics = type.GetGenericParameters();
            if (generics.Count > 0)
            {
                line += "<" + string.Join(", ", generics.Select(g => GenericParameter(reader, g))) + ">";
            }
            var bases = new List<string>();
            if (kind == "class" && baseName != null && baseName != "System.Object") bases.Add(baseName);
            if (kind == "enum")
            {
                FieldDefinition valueField = type.GetFields().Select(reader.GetFieldDefinition).First(f => (f.Attributes & FieldAttributes.Static) == 0);
                bases.Add(valueField.DecodeSignature(names, null));
            }
            var interfaces = type.GetInterfaceImplementations().Select(i => names.Of(reader.GetInterfaceImplementation(i).Interface))
                .OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (kind != "delegate") bases.AddRange(interfaces);
            if (bases.Count > 0) line += " : " + string.Join(", ", bases);
            if (HasAttribute(reader, type.GetCustomAttributes(), "System.FlagsAttribute")) line += " [Flags]";
            lines.Add(line);

            if (kind == "enum")
            {
                foreach (FieldDefinition field in type.GetFields().Select(reader.GetFieldDefinition).Where(f => (f.Attributes & FieldAttributes.Static) != 0))
                {
                    lines.Add("  F " + fullName + " " + fullName + "::" + reader.GetString(field.Name) + " = " + Constant(reader, field.GetDefaultValue(), names, null));
                }
                return;
            }
            var accessors = new HashSet<MethodDefinitionHandle>();
            foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
            {
                PropertyAccessors pair = reader.GetPropertyDefinition(propertyHandle).GetAccessors();
                if (!pair.Getter.IsNil) accessors.Add(pair.Getter);
                if (!pair.Setter.IsNil) accessors.Add(pair.Setter);
            }
            foreach (EventDefinitionHandle eventHandle in type.GetEvents())
            {
                EventAccessors pair = reader.GetEventDefinition(eventHandle).GetAccessors();
                accessors.Add(pair.Adder);
                accessors.Add(pair.Remover);
            }

            foreach (FieldDefinition field in type.GetFields().Select(reader.GetFieldDefinition))
            {
                string access = MemberAccess(field.Attributes & FieldAttributes.FieldAccessMask);
                if (access == null) continue;
                string modifiers = (field.Attributes & FieldAttributes.Literal) != 0 ? "const "
                    : ((field.Attributes & FieldAttributes.Static) != 0 ? "static " : "") + ((field.Attributes & FieldAttributes.InitOnly) != 0 ? "readonly " : "");
                string fieldType = field.DecodeSignature(names, null);
                string text = "  F " + access + modifiers + fieldType + " " + fullName + "::" + reader.GetString(field.Name);
                if ((field.Attributes & FieldAttributes.Literal) != 0) text += " = " + Constant(reader, field.GetDefaultValue(), names, fieldType);
                lines.Add(text);
            }
            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                if (accessors.Contains(methodHandle)) continue;
                MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                string access = MemberAccess((FieldAttributes)(int)(method.Attributes & MethodAttributes.MemberAccessMask));
                if (access == null) continue;
                string name = reader.GetString(method.Name);
                MethodSignature<string> signature = method.DecodeSignature(names, null);
                string modifiers = MethodModifiers(method.Attributes, isInterface);
                if ((method.Attributes & MethodAttributes.SpecialName) != 0 && name.StartsWith("op_", StringComparison.Ordinal)) modifiers += "operator ";
                lines.Add("  M " + access + modifiers + signature.ReturnType + " " + fullName + "::" + name
                    + "(" + Parameters(reader, names, method.GetParameters(), signature.ParameterTypes) + ")");
            }
            foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
            {
                PropertyDefinition property = reader.GetPropertyDefinition(propertyHandle);
                PropertyAccessors pair = property.GetAccessors();
                MethodDefinition? getter = pair.Getter.IsNil ? (MethodDefinition?)null : reader.GetMethodDefinition(pair.Getter);
                MethodDefinition? setter = pair.Setter.IsNil ? (MethodDefinition?)null : reader.GetMethodDefinition(pair.Setter);
                string getAccess = getter.HasValue ? MemberAccess((FieldAttributes)(int)(getter.Value.Attributes & MethodAttributes.MemberAccessMask)) : null;
                string setAccess = setter.HasValue ? MemberAccess((FieldAttributes)(int)(setter.Value.Attributes & MethodAttributes.MemberAccessMask)) : null;
                if (getAccess == null && setAccess == null) continue;
                MethodDefinition main = getAccess != null ? getter.Value : setter.Value;
                string access = getAccess == "" || setAccess == "" ? "" : "protected ";
                MethodSignature<string> signature = property.DecodeSignature(names, null);
                string text = "  P " + access + MethodModifiers(main.Attributes, isInterface) + signature.ReturnType + " " + fullName + "::" + reader.GetString(property.Name);
                if (signature.ParameterTypes.Length > 0)
                {
                    text += "[" + Parameters(reader, names, main.GetParameters(), signature.ParameterTypes) + "]";
                }
                text += " { " + (getAccess != null ? (getAccess != access ? getAccess : "") + "get; " : "")
                    + (setAccess != null ? (setAccess != access ? setAccess : "") + "set; " : "") + "}";
                lines.Add(text);
            }
            foreach (EventDefinitionHandle eventHandle in type.GetEvents())
            {
                EventDefinition definition = reader.GetEventDefinition(eventHandle);
                MethodDefinition adder = reader.GetMethodDefinition(definition.GetAccessors().Adder);
                string access = MemberAccess((FieldAttributes)(int)(adder.Attributes & MethodAttributes.MemberAccessMask));
                if (access == null) continue;
                lines.Add("  E " + access + MethodModifiers(adder.Attributes, isInterface) + names.Of(definition.Type) + " " + fullName + "::" + reader.GetString(definition.Name));
            }
        }

        /// <summary>"" for public, "protected " for family, null for anything not visible outside the assembly.</summary>
        private static string MemberAccess(FieldAttributes access)
        {
            switch (access)
            {
                case FieldAttributes.Public: return "";
                case FieldAttributes.Family:
                case FieldAttributes.FamORAssem: return "protected ";
            }
            return null;
        }

        private static string MethodModifiers(MethodAttributes attributes, bool isInterface)
        {
            string text = (attributes & MethodAttributes.Static) != 0 ? "static " : "";
            if (isInterface || (attributes & MethodAttributes.Virtual) == 0) return text;
            bool isFinal = (attributes & MethodAttributes.Final) != 0;
            bool isNewSlot = (attributes & MethodAttributes.NewSlot) != 0;
            if ((attributes & MethodAttributes.Abstract) != 0) return text + "abstract ";
            if (isNewSlot) return isFinal ? text : text + "virtual ";
            return text + (isFinal ? "sealed override " : "override ");
        }

        private static string Parameters(MetadataReader reader, ListingTypeNames names, ParameterHandleCollection handles, ImmutableArray<string> types)
        {
            var byIndex = new Dictionary<int, Parameter>();
            foreach (ParameterHandle handle in handles)
            {
                Parameter parameter = reader.GetParameter(handle);
                if (parameter.SequenceNumber > 0) byIndex[parameter.SequenceNumber - 1] = parameter;
            }
            var parts = new List<string>();
            for (int i = 0; i < types.Length; i++)
            {
                string type = types[i];
                string prefix = "";
                Parameter parameter;
                bool known = byIndex.TryGetValue(i, out parameter);
                if (type.EndsWith("&", StringComparison.Ordinal))
                {
                    type = type.Substring(0, type.Length - 1);
                    prefix = known && (parameter.Attributes & ParameterAttributes.Out) != 0 ? "out "
                        : known && HasAttribute(reader, parameter.GetCustomAttributes(), "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "in " : "ref ";
                }
                else if (known && HasAttribute(reader, parameter.GetCustomAttributes(), "System.ParamArrayAttribute"))
                {
                    prefix = "params ";
                }
                string text = prefix + type + " " + (known ? reader.GetString(parameter.Name) : "arg" + i);
                if (known && (parameter.Attributes & ParameterAttributes.Optional) != 0)
                {
                    ConstantHandle constant = parameter.GetDefaultValue();
                    // C# stores a struct parameter's "= default" as a null constant.
                    text += " = " + (constant.IsNil || names.ValueTypes.Contains(type) && reader.GetConstant(constant).TypeCode == ConstantTypeCode.NullReference
                        ? "default" : Constant(reader, constant, names, type));
                }
                parts.Add(text);
            }
            return string.Join(", ", parts);
        }

        private static string Constant(MetadataReader reader, ConstantHandle handle, ListingTypeNames names, string declaredType)
        {
            Constant constant = reader.GetConstant(handle);
            BlobReader blob = reader.GetBlobReader(constant.Value);
            switch (constant.TypeCode)
            {
                case ConstantTypeCode.NullReference: return "null";
                case ConstantTypeCode.Boolean: return blob.ReadBoolean() ? "true" : "false";
                case ConstantTypeCode.Char:
                    char c = blob.ReadChar();
                    return c >= ' ' && c < 127 && c != '\'' && c != '\\' ? "'" + c + "'" : "'\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "'";
                case ConstantTypeCode.SByte: return blob.ReadSByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Byte: return blob.ReadByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int16: return blob.ReadInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt16: return blob.ReadUInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int32: return blob.ReadInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt32: return blob.ReadUInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int64: return blob.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt64: return blob.ReadUInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Single:
                    float single = blob.ReadSingle();
                    return float.IsNaN(single) ? "NaN" : float.IsPositiveInfinity(single) ? "Infinity" : float.IsNegativeInfinity(single) ? "-Infinity"
                        : single.ToString("R", CultureInfo.InvariantCulture) + "f";
                case ConstantTypeCode.Double:
                    double number = blob.ReadDouble();
                    return double.IsNaN(number) ? "NaN" : double.IsPositiveInfinity(number) ? "Infinity" : double.IsNegativeInfinity(number) ? "-Infinity"
                        : number.ToString("R", CultureInfo.InvariantCulture);
                case ConstantTypeCode.String:
                    string text = blob.ReadUTF16(blob.Length);
                    return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            }
            return "?";
        }

        private static string GenericParameter(MetadataReader reader, GenericParameterHandle handle)
        {
            GenericParameter parameter = reader.GetGenericParameter(handle);
            GenericParameterAttributes variance = parameter.Attributes & GenericParameterAttributes.VarianceMask;
            string prefix = variance == GenericParameterAttributes.Contravariant ? "in " : variance == GenericParameterAttributes.Covariant ? "out " : "";
            return prefix + reader.GetString(parameter.Name);
        }

        private static bool HasAttribute(MetadataReader reader, CustomAttributeHandleCollection attributes, string fullName)
        {
            foreach (CustomAttributeHandle handle in attributes)
            {
                CustomAttribute attribute = reader.GetCustomAttribute(handle);
                EntityHandle parent = attribute.Constructor.Kind == HandleKind.MemberReference
                    ? reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent
                    : (EntityHandle)reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                if (new ListingTypeNames(reader).Of(parent) == fullName) return true;
            }
            return false;
        }

        private static string SignatureFullName(MetadataReader reader, TypeDefinitionHandle handle)
        {
            return Scanning.SignatureNames.TypeName(reader, handle);
        }

        /// <summary>Type names as the listing writes them: System.Int32, Outer/Inner, Name`1&lt;Arg&gt;, generic parameters by name.</summary>
        private sealed class ListingTypeNames : ISignatureTypeProvider<string, object>
        {
            private readonly MetadataReader reader;
            private readonly Scanning.SignatureNames plain = new Scanning.SignatureNames();

            public ListingTypeNames(MetadataReader reader)
            {
                this.reader = reader;
            }

            public string Of(EntityHandle handle)
            {
                switch (handle.Kind)
                {
                    case HandleKind.TypeDefinition: return Scanning.SignatureNames.TypeName(reader, (TypeDefinitionHandle)handle);
                    case HandleKind.TypeReference: return plain.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0);
                    case HandleKind.TypeSpecification: return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                }
                return "?";
            }

            public string GetArrayType(string elementType, ArrayShape shape) { return elementType + "[" + new string(',', shape.Rank - 1) + "]"; }
            public string GetByReferenceType(string elementType) { return elementType + "&"; }
            public string GetFunctionPointerType(MethodSignature<string> signature) { return "method*"; }
            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) { return genericType + "<" + string.Join(", ", typeArguments) + ">"; }
            public string GetGenericMethodParameter(object genericContext, int index) { return "!!" + index; }
            public string GetPinnedType(string elementType) { return elementType; }
            public string GetPointerType(string elementType) { return elementType + "*"; }
            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) { return unmodifiedType; }
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) { return "System." + typeCode; }
            public string GetSZArrayType(string elementType) { return elementType + "[]"; }
            /// <summary>Names seen as value types in signatures (SignatureTypeKind.ValueType).</summary>
            public readonly HashSet<string> ValueTypes = new HashSet<string>(StringComparer.Ordinal);

            public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                return Remember(Scanning.SignatureNames.TypeName(metadata, handle), rawTypeKind);
            }

            public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
            {
                return Remember(plain.GetTypeFromReference(metadata, handle, rawTypeKind), rawTypeKind);
            }

            private string Remember(string name, byte rawTypeKind)
            {
                if (rawTypeKind == (byte)SignatureTypeKind.ValueType) ValueTypes.Add(name);
                return name;
            }
            public string GetTypeFromSpecification(MetadataReader metadata, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind) { return metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext); }

            /// <summary>The generic parameter names of the type being written (the listing names them: T, TResult).</summary>
            public string[] TypeParameters = new string[0];

            public string GetGenericTypeParameter(object genericContext, int index)
            {
                return index < TypeParameters.Length ? TypeParameters[index] : "!" + index;
            }
        }
    }
}
