using System.Collections.Generic;

namespace NanoSurface.Listing
{
    /// <summary>One nanoFramework assembly as described by its <c>&lt;Assembly&gt;.api.txt</c> file.</summary>
    public sealed class ApiAssembly
    {
        public string Name;
        public string Version;
        public string FilePath;
        public readonly List<ApiType> Types = new List<ApiType>();
    }

    public enum ApiTypeKind { Class, Struct, Enum, Interface, Delegate }

    public enum ApiMemberKind { Field, Method, Property, Event }

    /// <summary>A <c>T</c> line of the listing and the member lines indented below it.</summary>
    public sealed class ApiType
    {
        public ApiAssembly Assembly;
        public int Line;

        /// <summary>Metadata name without generic parameters, nested types joined with '/': <c>System.Action`1</c>.</summary>
        public string FullName;
        public ApiTypeKind Kind;
        public bool IsProtected;
        public bool IsStatic;
        public bool IsAbstract;
        public bool IsSealed;

        /// <summary>Generic parameters as written, with their variance: <c>in T</c>, <c>out TResult</c>.</summary>
        public readonly List<string> GenericParameters = new List<string>();

        /// <summary>Base class (classes only; null means System.Object) or enum underlying type.</summary>
        public string BaseType;
        public readonly List<string> Interfaces = new List<string>();
        public bool IsFlags;

        /// <summary>The text between the parentheses of <c>[AttributeUsage(...)]</c>, or null.</summary>
        public string AttributeUsage;

        public readonly List<ApiMember> Members = new List<ApiMember>();

        /// <summary>The containing type's full name for a nested type, else null.</summary>
        public string ContainerName
        {
            get
            {
                int slash = FullName.LastIndexOf('/');
                return slash < 0 ? null : FullName.Substring(0, slash);
            }
        }

        /// <summary>The namespace of a top-level type ("" when global).</summary>
        public string Namespace
        {
            get
            {
                if (ContainerName != null) return null;
                int dot = FullName.LastIndexOf('.');
                return dot < 0 ? "" : FullName.Substring(0, dot);
            }
        }

        /// <summary>The simple metadata name: <c>Action`1</c>, <c>DebuggingModes</c>.</summary>
        public string MetadataSimpleName
        {
            get
            {
                int slash = FullName.LastIndexOf('/');
                if (slash >= 0) return FullName.Substring(slash + 1);
                int dot = FullName.LastIndexOf('.');
                return dot < 0 ? FullName : FullName.Substring(dot + 1);
            }
        }

        /// <summary>The C# identifier: <c>Action</c>.</summary>
        public string SimpleName
        {
            get
            {
                string name = MetadataSimpleName;
                int tick = name.IndexOf('`');
                return tick < 0 ? name : name.Substring(0, tick);
            }
        }

        public override string ToString() { return FullName; }
    }

    /// <summary>An <c>F</c>, <c>M</c>, <c>P</c> or <c>E</c> line.</summary>
    public sealed class ApiMember
    {
        public ApiType DeclaringType;
        public int Line;
        public string Text;
        public ApiMemberKind Kind;
        public string Name;

        /// <summary>Field type, method return type, property type or event delegate type.</summary>
        public string Type;
        public bool IsProtected;
        public bool IsStatic;
        public bool IsConst;
        public bool IsReadOnly;
        public bool IsAbstract;
        public bool IsVirtual;
        public bool IsOverride;
        public bool IsSealed;
        public bool IsOperator;

        /// <summary>Literal after <c>=</c> on a field line, or null.</summary>
        public string ConstantValue;

        /// <summary>Method parameters or indexer parameters (empty for a plain property).</summary>
        public readonly List<ApiParameter> Parameters = new List<ApiParameter>();

        public bool HasGetter;
        public bool HasSetter;
        public bool GetterProtected;
        public bool SetterProtected;

        public bool IsConstructor { get { return Kind == ApiMemberKind.Method && Name == ".ctor"; } }
        public bool IsIndexer { get { return Kind == ApiMemberKind.Property && Parameters.Count > 0; } }

        public override string ToString() { return Text; }
    }

    public sealed class ApiParameter
    {
        /// <summary><c>params</c>, <c>out</c>, <c>ref</c>, <c>in</c> or null.</summary>
        public string Modifier;
        public string Type;
        public string Name;

        /// <summary>Default value literal as listed (<c>null</c>, <c>""</c>, <c>0</c>, <c>default</c>...), or null when none.</summary>
        public string Default;
    }

    /// <summary>A listing line the parser or generator could not handle.</summary>
    public sealed class ListingProblem
    {
        public string File;
        public int Line;
        public string Message;

        public ListingProblem(string file, int line, string message)
        {
            File = file;
            Line = line;
            Message = message;
        }

        public override string ToString() { return File + "(" + Line + "): error NS0001: " + Message; }
    }
}
