using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoSurface.Scanning
{
    /// <summary>
    /// NF0501: nanoCLR does not clear the elements of a new <c>string[]</c> (<c>CLR_RT_HeapBlock_Array::ClearElements</c>):
    /// an element never assigned is neither null nor a string, and comparing it crashes the interpreter (on an ESP32:
    /// a LoadProhibited panic). So every <c>newarr System.String</c> in the IL is rejected, except
    /// <list type="bullet">
    /// <item>inside <c>EspCollector.Core.Ports.StringArrays.Create</c>, the helper that assigns every element;</item>
    /// <item>an empty array (<c>ldc.i4.0; newarr</c>);</item>
    /// <item>an array initializer that stores every element right away: a constant length N, then for each index
    /// k = 0..N-1 in order <c>dup; ldc.i4 k; &lt;value&gt;; stelem.ref</c> (the C# compiler leaves out elements whose
    /// value is null, so <c>{ "a", null }</c> is rejected: its element 1 is never written).</item>
    /// </list>
    /// </summary>
    public static class StringArrayScanner
    {
        public const string Id = "NF0501";
        public const string HelperType = "EspCollector.Core.Ports.StringArrays";
        public const string HelperMethod = "Create";

        /// <summary>Findings formatted <c>&lt;assembly&gt;: &lt;type&gt;::&lt;method&gt;: error NF0501: ...</c>.</summary>
        public static List<string> Scan(byte[] image)
        {
            var findings = new List<string>();
            using (var peReader = new PEReader(ImmutableArray.Create(image)))
            {
                MetadataReader reader = peReader.GetMetadataReader();
                string assembly = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : "module";
                foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
                {
                    string typeName = SignatureNames.TypeName(reader, typeHandle);
                    TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                    foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                    {
                        MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                        if (method.RelativeVirtualAddress == 0) continue;
                        string methodName = reader.GetString(method.Name);
                        if (typeName == HelperType && methodName == HelperMethod) continue;
                        byte[] il = peReader.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
                        List<IlInstruction> code = IlReader.Decode(il);
                        for (int i = 0; i < code.Count; i++)
                        {
                            if (code[i].Code.Value != OpCodes.Newarr.Value || !IsSystemString(reader, (int)code[i].Operand)) continue;
                            string problem = Check(code, i);
                            if (problem == null) continue;
                            findings.Add(assembly + ": " + typeName + "::" + methodName + ": error " + Id + ": IL_" + code[i].Offset.ToString("X4")
                                + " newarr System.String " + problem + "; nanoCLR leaves string[] elements uncleared and crashes on comparing them:"
                                + " create it with " + HelperType + "." + HelperMethod + "(n), or an initializer that sets every element");
                        }
                    }
                }
            }
            return findings;
        }

        /// <summary>Null when the array at <paramref name="index"/> is allowed, else what is wrong.</summary>
        private static string Check(List<IlInstruction> code, int index)
        {
            int? length = index > 0 ? IlReader.Int32Constant(code[index - 1]) : null;
            if (length == null) return "with a length that is not a constant";
            if (length.Value == 0) return null;
            int position = index + 1;
            for (int k = 0; k < length.Value; k++)
            {
                if (position + 1 >= code.Count || code[position].Code.Value != OpCodes.Dup.Value
                    || IlReader.Int32Constant(code[position + 1]) != k)
                {
                    return "of length " + length.Value + " whose element " + k + " is not stored right away";
                }
                // The value: any instructions up to the stelem.ref that closes this element (the next element starts
                // with dup; ldc k+1, the initializer ends after element N-1).
                int end = -1;
                bool stored = false;
                for (int j = position + 2; j < code.Count; j++)
                {
                    if (code[j].Code.Value != OpCodes.Stelem_Ref.Value) continue;
                    stored = true;
                    bool last = k == length.Value - 1;
                    bool nextStarts = j + 2 < code.Count && code[j + 1].Code.Value == OpCodes.Dup.Value && IlReader.Int32Constant(code[j + 2]) == k + 1;
                    if (last || nextStarts)
                    {
                        end = j;
                        break;
                    }
                }
                if (end < 0)
                {
                    return "of length " + length.Value + " whose element " + (stored ? k + 1 : k) + " is not stored right away"
                        + (stored ? " (an initializer leaves out null elements)" : "");
                }
                position = end + 1;
            }
            return null;
        }

        private static bool IsSystemString(MetadataReader reader, int token)
        {
            EntityHandle handle;
            try
            {
                handle = MetadataTokens.EntityHandle(token);
            }
            catch (ArgumentException)
            {
                return false;
            }
            if (handle.Kind == HandleKind.TypeReference)
            {
                TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                return reader.GetString(reference.Namespace) == "System" && reader.GetString(reference.Name) == "String";
            }
            if (handle.Kind == HandleKind.TypeDefinition)
            {
                TypeDefinition definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                return reader.GetString(definition.Namespace) == "System" && reader.GetString(definition.Name) == "String";
            }
            return false;
        }
    }
}
