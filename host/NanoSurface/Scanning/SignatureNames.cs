using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;

namespace NanoSurface.Scanning
{
    /// <summary>
    /// Decodes metadata signatures to readable type names, and records on the way every construct nanoCLR cannot run:
    /// a generic instantiation (<c>GENERICINST</c>), a general array (<c>ARRAY</c>: rank &gt; 1 or explicit bounds),
    /// an init-only or volatile required modifier.
    /// Clear <see cref="Problems"/> before each decode.
    /// </summary>
    public sealed class SignatureNames : ISignatureTypeProvider<string, object>
    {
        public readonly List<string> Problems = new List<string>();

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            string name = elementType + "[" + new string(',', shape.Rank - 1) + "]";
            AddProblem((shape.Rank > 1 ? "multi-dimensional array " : "non-vector array ") + name);
            return name;
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            string name = genericType + "<" + string.Join(", ", typeArguments) + ">";
            AddProblem("generic instantiation " + name);
            return name;
        }

        private void AddProblem(string problem)
        {
            if (!Problems.Contains(problem)) Problems.Add(problem);
        }

        public string GetSZArrayType(string elementType) { return elementType + "[]"; }

        public string GetByReferenceType(string elementType) { return elementType + "&"; }

        public string GetPointerType(string elementType) { return elementType + "*"; }

        public string GetPinnedType(string elementType) { return elementType; }

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired)
        {
            // Required modifiers of C# 9 features the device's runtime does not know (the compiler accepts them
            // because the listing's mscorlib declares IsExternalInit).
            if (isRequired && modifier == "System.Runtime.CompilerServices.IsExternalInit") AddProblem("init-only setter (modreq IsExternalInit)");
            if (isRequired && modifier == "System.Runtime.CompilerServices.IsVolatile") AddProblem("volatile field (modreq IsVolatile)");
            return unmodifiedType;
        }

        public string GetFunctionPointerType(MethodSignature<string> signature) { return "method pointer"; }

        public string GetGenericMethodParameter(object genericContext, int index) { return "!!" + index; }

        public string GetGenericTypeParameter(object genericContext, int index) { return "!" + index; }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) { return "System." + typeCode; }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            return TypeName(reader, handle);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference reference = reader.GetTypeReference(handle);
            string name = reader.GetString(reference.Name);
            if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return GetTypeFromReference(reader, (TypeReferenceHandle)reference.ResolutionScope, rawTypeKind) + "/" + name;
            }
            string space = reader.GetString(reference.Namespace);
            return space.Length > 0 ? space + "." + name : name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            return reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        }

        /// <summary>Namespace.Name, nested types as Outer/Inner.</summary>
        public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
        {
            TypeDefinition definition = reader.GetTypeDefinition(handle);
            string name = reader.GetString(definition.Name);
            TypeDefinitionHandle declaring = definition.GetDeclaringType();
            if (!declaring.IsNil) return TypeName(reader, declaring) + "/" + name;
            string space = reader.GetString(definition.Namespace);
            return space.Length > 0 ? space + "." + name : name;
        }

        public static string Join(IEnumerable<string> names)
        {
            return string.Join(", ", names.ToArray());
        }
    }
}
