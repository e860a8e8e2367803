using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using TypeAttributes = System.Reflection.TypeAttributes;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoSurface.Scanning
{
    /// <summary>
    /// The backstop: reads the compiled assembly's metadata and IL and reports, per type and member, everything that
    /// compiles but crashes nanoCLR 1.17 (no generics support): generic type and method definitions (including
    /// compiler-generated ones such as anonymous types), generic instantiations (TypeSpec, MethodSpec, members of
    /// generic instances, GENERICINST in any signature) and arrays of rank &gt; 1 (ARRAY in any signature, locals,
    /// <c>newobj</c> on an array TypeSpec); also default interface methods and init-only setters, which the compiler
    /// accepts against this surface. Whatever a table holds that no member walk explained is still reported.
    /// </summary>
    public sealed class MetadataScanner
    {
        private readonly MetadataReader reader;
        private readonly PEReader peReader;
        private readonly SignatureNames names = new SignatureNames();
        private readonly string assemblyName;
        private readonly List<string> findings = new List<string>();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<EntityHandle> explained = new HashSet<EntityHandle>();
        private int genericParametersExplained;

        private MetadataScanner(PEReader peReader)
        {
            this.peReader = peReader;
            reader = peReader.GetMetadataReader();
            assemblyName = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : "module";
        }

        /// <summary>Findings formatted <c>&lt;assembly&gt;: &lt;type&gt;::&lt;member&gt;: &lt;what&gt;</c>.</summary>
        public static List<string> Scan(byte[] image)
        {
            using (var peReader = new PEReader(ImmutableArray.Create(image)))
            {
                var scanner = new MetadataScanner(peReader);
                scanner.ScanTypes();
                scanner.ScanUnexplainedRows();
                return scanner.findings;
            }
        }

        private void ScanTypes()
        {
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                string typeName = SignatureNames.TypeName(reader, typeHandle);
                int typeParameters = type.GetGenericParameters().Count;
                if (typeParameters > 0)
                {
                    genericParametersExplained += typeParameters;
                    string what = typeName.Contains("AnonymousType") ? "anonymous type (compiled to a generic class)"
                        : typeName.StartsWith("<", StringComparison.Ordinal) ? "compiler-generated generic type definition"
                        : "generic type definition";
                    Report(typeName, null, what);
                }
                CheckHandle(typeName, null, "base type", type.BaseType);
                foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
                {
                    CheckHandle(typeName, null, "implements", reader.GetInterfaceImplementation(implementation).Interface);
                }
                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    names.Problems.Clear();
                    field.DecodeSignature(names, null);
                    ReportProblems(typeName, reader.GetString(field.Name), "field type");
                }
                bool isInterface = (type.Attributes & TypeAttributes.Interface) != 0;
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    if (isInterface && reader.GetMethodDefinition(methodHandle).RelativeVirtualAddress != 0)
                    {
                        // The listing's RuntimeFeature.DefaultImplementationsOfInterfaces makes the compiler accept these.
                        Report(typeName, reader.GetString(reader.GetMethodDefinition(methodHandle).Name), "interface member with a body (default interface method)");
                    }
                    ScanMethod(typeName, methodHandle);
                }
                foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
                {
                    PropertyDefinition property = reader.GetPropertyDefinition(propertyHandle);
                    names.Problems.Clear();
                    property.DecodeSignature(names, null);
                    ReportProblems(typeName, reader.GetString(property.Name), "property type");
                }
                foreach (EventDefinitionHandle eventHandle in type.GetEvents())
                {
                    EventDefinition definition = reader.GetEventDefinition(eventHandle);
                    CheckHandle(typeName, reader.GetString(definition.Name), "event type", definition.Type);
                }
            }
        }

        private void ScanMethod(string typeName, MethodDefinitionHandle methodHandle)
        {
            MethodDefinition method = reader.GetMethodDefinition(methodHandle);
            string methodName = reader.GetString(method.Name);
            int methodParameters = method.GetGenericParameters().Count;
            if (methodParameters > 0)
            {
                genericParametersExplained += methodParameters;
                Report(typeName, methodName, "generic method definition");
            }
            names.Problems.Clear();
            method.DecodeSignature(names, null);
            ReportProblems(typeName, methodName, "signature");

            if (method.RelativeVirtualAddress == 0) return;
            MethodBodyBlock body = peReader.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                explained.Add(body.LocalSignature);
                names.Problems.Clear();
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
                ReportProblems(typeName, methodName, "local variable");
            }
            ScanInstructions(typeName, methodName, body.GetILBytes());
        }

        /// <summary>Walks the IL and checks every metadata token an instruction uses.</summary>
        private void ScanInstructions(string typeName, string methodName, byte[] il)
        {
            foreach (IlInstruction instruction in IlReader.Decode(il))
            {
                switch (instruction.Code.OperandType)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        CheckToken(typeName, methodName, instruction.Code.Name, (int)instruction.Operand);
                        break;
                }
            }
        }

        private void CheckToken(string typeName, string methodName, string instruction, int token)
        {
            EntityHandle handle;
            try
            {
                handle = MetadataTokens.EntityHandle(token);
            }
            catch (ArgumentException)
            {
                return;
            }
            CheckHandle(typeName, methodName, instruction, handle);
        }

        /// <summary>Reports a TypeSpec, MethodSpec, or a MemberRef on one, that instantiates a generic or names an ARRAY type.</summary>
        private void CheckHandle(string typeName, string memberName, string context, EntityHandle handle)
        {
            if (handle.IsNil) return;
            names.Problems.Clear();
            switch (handle.Kind)
            {
                case HandleKind.TypeSpecification:
                    explained.Add(handle);
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(names, null);
                    ReportProblems(typeName, memberName, context);
                    break;
                case HandleKind.MethodSpecification:
                    explained.Add(handle);
                    MethodSpecification specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    ImmutableArray<string> arguments = specification.DecodeSignature(names, null);
                    string method = MemberName(specification.Method);
                    names.Problems.Insert(0, "generic method instantiation " + method + "<" + SignatureNames.Join(arguments) + ">");
                    ReportProblems(typeName, memberName, context);
                    CheckHandle(typeName, memberName, context, specification.Method);
                    break;
                case HandleKind.MemberReference:
                    explained.Add(handle);
                    MemberReference reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                    if (reference.Parent.Kind == HandleKind.TypeSpecification)
                    {
                        explained.Add(reference.Parent);
                        reader.GetTypeSpecification((TypeSpecificationHandle)reference.Parent).DecodeSignature(names, null);
                    }
                    if (reference.GetKind() == MemberReferenceKind.Method) reference.DecodeMethodSignature(names, null);
                    else reference.DecodeFieldSignature(names, null);
                    ReportProblems(typeName, memberName, context + " " + reader.GetString(reference.Name));
                    break;
                case HandleKind.StandaloneSignature:
                    explained.Add(handle);
                    StandaloneSignature signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(names, null);
                    else signature.DecodeLocalSignature(names, null);
                    ReportProblems(typeName, memberName, context);
                    break;
            }
        }

        private string MemberName(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition definition = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return SignatureNames.TypeName(reader, definition.GetDeclaringType()) + "::" + reader.GetString(definition.Name);
                case HandleKind.MemberReference:
                    MemberReference reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                    string parent = reference.Parent.Kind == HandleKind.TypeReference
                        ? names.GetTypeFromReference(reader, (TypeReferenceHandle)reference.Parent, 0)
                        : reference.Parent.Kind == HandleKind.TypeDefinition
                            ? SignatureNames.TypeName(reader, (TypeDefinitionHandle)reference.Parent)
                            : "";
                    return (parent.Length > 0 ? parent + "::" : "") + reader.GetString(reference.Name);
            }
            return "method";
        }

        /// <summary>The tables themselves: any row a member walk did not explain is still a finding.</summary>
        private void ScanUnexplainedRows()
        {
            int genericParameters = reader.GetTableRowCount(TableIndex.GenericParam);
            if (genericParameters > genericParametersExplained)
            {
                Report("<module>", null, (genericParameters - genericParametersExplained) + " generic parameter row(s) not attributed to a type or method");
            }
            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                EntityHandle handle = MetadataTokens.TypeSpecificationHandle(row);
                if (!explained.Contains(handle)) CheckHandle("<module>", null, "type specification", handle);
            }
            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                EntityHandle handle = MetadataTokens.MethodSpecificationHandle(row);
                if (!explained.Contains(handle)) CheckHandle("<module>", null, "method specification", handle);
            }
            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.MemberRef); row++)
            {
                EntityHandle handle = MetadataTokens.MemberReferenceHandle(row);
                if (!explained.Contains(handle)) CheckHandle("<module>", null, "member reference", handle);
            }
            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
            {
                EntityHandle handle = MetadataTokens.StandaloneSignatureHandle(row);
                if (!explained.Contains(handle)) CheckHandle("<module>", null, "signature", handle);
            }
        }

        private void ReportProblems(string typeName, string memberName, string context)
        {
            foreach (string problem in names.Problems) Report(typeName, memberName, context + ": " + problem);
            names.Problems.Clear();
        }

        private void Report(string typeName, string memberName, string what)
        {
            string line = assemblyName + ": " + typeName + (memberName != null ? "::" + memberName : "") + ": " + what;
            if (seen.Add(line)) findings.Add(line);
        }
    }
}
