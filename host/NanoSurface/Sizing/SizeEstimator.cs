using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoSurface.Sizing
{
    /// <summary>The size estimate of one assembly (README, "Size estimate").</summary>
    public sealed class AssemblySize
    {
        public string Project;
        public string Assembly;
        public int Methods;
        public int ByteCode;
        public int Strings;
        public int LargestTableRows;
        public string LargestTable;

        /// <summary>The .pe's tables other than byte code and strings: header, metadata records, signatures.</summary>
        public int Metadata;

        /// <summary>
        /// The .pe file size this predicts: (<see cref="ByteCode"/> + <see cref="Strings"/> + <see cref="Metadata"/>) times
        /// <see cref="PeCalibration"/>. The three parts are upper bounds (full IL with 4-byte tokens, every name kept, ECMA
        /// blobs); the factor is the ratio of real .pe sizes (the real MetadataProcessor, Debug) to that sum, measured on
        /// EspCollector.Core.Publishing and EspCollector.Core.Meters (benchmarks README, Footprint).
        /// </summary>
        public int PeEstimate
        {
            get { return (int)((ByteCode + Strings + Metadata) * PeCalibration + 0.5); }
        }

        public const double PeCalibration = 0.635;
    }

    /// <summary>
    /// A conservative estimate of what the nanoFramework MetadataProcessor makes of an assembly, read from the
    /// unoptimized (Debug) compile of the same sources:
    /// <list type="bullet">
    /// <item>byte code: every method body's IL in full (header, code and exception clauses, as
    /// <c>MethodBodyBlock.Size</c>). The MetadataProcessor rewrites IL with 2-byte tokens instead of 4, so its byte
    /// code is smaller; calibrated on the single-assembly tree where it reported 84,949 B (EspCollector) and
    /// 164,445 B (NFUnitTest);</item>
    /// <item>string table: the distinct names it keeps (type, namespace, field, method, member and assembly reference
    /// names, parameter names) and every string the code uses (user strings of <c>ldstr</c> and string arguments of
    /// attributes, e.g. [DataRow]), each in UTF-8 with a terminating NUL;</item>
    /// <item>table rows: the largest metadata table (each is addressed with 16-bit indexes on the device);</item>
    /// <item>metadata (for the .pe size estimate): the .pe header (about 124 B), one record per row of the tables the
    /// device keeps, at the record sizes of nanoCLR's CLR_RECORD_* structures (assembly reference 12 B, type and member
    /// references 8 B, type definition 28 B, field 8 B, method 16 B, attribute 8 B, type spec 4 B), and the signatures,
    /// taken as the size of the ECMA blob heap (the device's signature table encodes the same blobs, slightly tighter).</item>
    /// </list>
    /// The .pe estimate is byte code + strings + metadata, scaled by a factor measured on real .pe files
    /// (<see cref="AssemblySize.PeEstimate"/>); the benchmarks README compares it with real .pe files.
    /// </summary>
    public static class SizeEstimator
    {
        /// <summary>CLR_RECORD_ASSEMBLY: marker, checksums, flags, version, name, the 16 table offsets and paddings.</summary>
        private const int PeHeaderBytes = 124;

        public static AssemblySize Estimate(string project, byte[] image, Microsoft.CodeAnalysis.Compilation compilation)
        {
            var size = new AssemblySize { Project = project };
            var strings = new HashSet<string>(StringComparer.Ordinal);
            using (var peReader = new PEReader(ImmutableArray.Create(image)))
            {
                MetadataReader reader = peReader.GetMetadataReader();
                size.Assembly = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : project;
                foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
                {
                    MethodDefinition method = reader.GetMethodDefinition(handle);
                    strings.Add(reader.GetString(method.Name));
                    foreach (ParameterHandle parameter in method.GetParameters())
                    {
                        strings.Add(reader.GetString(reader.GetParameter(parameter).Name));
                    }
                    if (method.RelativeVirtualAddress == 0) continue;
                    size.Methods++;
                    size.ByteCode += peReader.GetMethodBody(method.RelativeVirtualAddress).Size;
                }
                foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
                {
                    TypeDefinition type = reader.GetTypeDefinition(handle);
                    strings.Add(reader.GetString(type.Name));
                    strings.Add(reader.GetString(type.Namespace));
                }
                foreach (TypeReferenceHandle handle in reader.TypeReferences)
                {
                    TypeReference type = reader.GetTypeReference(handle);
                    strings.Add(reader.GetString(type.Name));
                    strings.Add(reader.GetString(type.Namespace));
                }
                foreach (FieldDefinitionHandle handle in reader.FieldDefinitions)
                {
                    strings.Add(reader.GetString(reader.GetFieldDefinition(handle).Name));
                }
                foreach (MemberReferenceHandle handle in reader.MemberReferences)
                {
                    strings.Add(reader.GetString(reader.GetMemberReference(handle).Name));
                }
                foreach (AssemblyReferenceHandle handle in reader.AssemblyReferences)
                {
                    strings.Add(reader.GetString(reader.GetAssemblyReference(handle).Name));
                }
                UserStringHandle user = MetadataTokens.UserStringHandle(1);
                while (!user.IsNil && MetadataTokens.GetHeapOffset(user) < reader.GetHeapSize(HeapIndex.UserString))
                {
                    strings.Add(reader.GetUserString(user));
                    user = reader.GetNextHandle(user);
                }
                size.Metadata = PeHeaderBytes + reader.GetHeapSize(HeapIndex.Blob)
                    + 12 * reader.GetTableRowCount(TableIndex.AssemblyRef)
                    + 8 * reader.GetTableRowCount(TableIndex.TypeRef)
                    + 8 * reader.GetTableRowCount(TableIndex.MemberRef)
                    + 28 * reader.GetTableRowCount(TableIndex.TypeDef)
                    + 8 * reader.GetTableRowCount(TableIndex.Field)
                    + 16 * reader.GetTableRowCount(TableIndex.MethodDef)
                    + 8 * reader.GetTableRowCount(TableIndex.CustomAttribute)
                    + 4 * reader.GetTableRowCount(TableIndex.TypeSpec);
                foreach (TableIndex table in Enum.GetValues(typeof(TableIndex)).Cast<TableIndex>().Distinct())
                {
                    int rows = reader.GetTableRowCount(table);
                    if (rows <= size.LargestTableRows) continue;
                    size.LargestTableRows = rows;
                    size.LargestTable = table.ToString();
                }
            }
            foreach (string text in AttributeStrings(compilation)) strings.Add(text);
            strings.Remove("");
            size.Strings = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
            return size;
        }

        /// <summary>The constant strings in attribute arguments (kept in the attribute blobs, which the device reads from its string table).</summary>
        private static IEnumerable<string> AttributeStrings(Microsoft.CodeAnalysis.Compilation compilation)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = null;
                foreach (AttributeArgumentSyntax argument in tree.GetRoot().DescendantNodes().OfType<AttributeArgumentSyntax>())
                {
                    model = model ?? compilation.GetSemanticModel(tree);
                    foreach (ExpressionSyntax expression in argument.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
                    {
                        Optional<object> value = model.GetConstantValue(expression);
                        if (value.HasValue && value.Value is string) yield return (string)value.Value;
                    }
                }
            }
        }
    }
}
