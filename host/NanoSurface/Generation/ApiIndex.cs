using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoSurface.Listing;

namespace NanoSurface.Generation
{
    /// <summary>
    /// Every listed type by name, across all assemblies: resolves base classes, interface closures and the order in
    /// which the assemblies must be compiled (an assembly after every assembly whose types it uses).
    /// </summary>
    public sealed class ApiIndex
    {
        public const string ObjectName = "System.Object";

        private readonly Dictionary<string, ApiType> byName = new Dictionary<string, ApiType>(StringComparer.Ordinal);

        public IReadOnlyList<ApiAssembly> Assemblies { get; }

        public ApiIndex(IReadOnlyList<ApiAssembly> assemblies, List<ListingProblem> problems)
        {
            Assemblies = assemblies;
            foreach (ApiAssembly assembly in assemblies)
            {
                foreach (ApiType type in assembly.Types)
                {
                    ApiType existing;
                    if (byName.TryGetValue(type.FullName, out existing))
                    {
                        problems.Add(new ListingProblem(Path.GetFileName(assembly.FilePath), type.Line,
                            "type " + type.FullName + " is also defined in " + existing.Assembly.Name + "; the first definition is used"));
                        continue;
                    }
                    byName.Add(type.FullName, type);
                }
            }
            // The listing puts a class's base class first among its bases (System.Object omitted); only here can it
            // be told apart from an interface.
            foreach (ApiType type in byName.Values)
            {
                if (type.Kind != ApiTypeKind.Class || type.Interfaces.Count == 0) continue;
                ApiType first = Find(type.Interfaces[0]);
                if (first != null && first.Kind == ApiTypeKind.Class)
                {
                    type.BaseType = type.Interfaces[0];
                    type.Interfaces.RemoveAt(0);
                }
            }
        }

        /// <summary>The listed type named <paramref name="name"/> (generic arguments and array ranks ignored), or null.</summary>
        public ApiType Find(string name)
        {
            ApiType type;
            return byName.TryGetValue(TypeName.Parse(name).Name, out type) ? type : null;
        }

        public bool IsEnum(string name)
        {
            TypeName parsed = TypeName.Parse(name);
            if (parsed.IsArray) return false;
            ApiType type = Find(parsed.Name);
            return type != null && type.Kind == ApiTypeKind.Enum;
        }

        /// <summary>Base class as the runtime sees it: System.Object, System.ValueType, System.Enum, System.MulticastDelegate.</summary>
        public ApiType BaseOf(ApiType type)
        {
            if (type.FullName == ObjectName || type.Kind == ApiTypeKind.Interface) return null;
            switch (type.Kind)
            {
                case ApiTypeKind.Struct: return Find("System.ValueType");
                case ApiTypeKind.Enum: return Find("System.Enum");
                case ApiTypeKind.Delegate: return Find("System.MulticastDelegate");
            }
            return Find(type.BaseType ?? ObjectName);
        }

        /// <summary>The type and all its base classes, nearest first.</summary>
        public IEnumerable<ApiType> SelfAndBases(ApiType type)
        {
            var seen = new HashSet<ApiType>();
            for (ApiType current = type; current != null && seen.Add(current); current = BaseOf(current))
            {
                yield return current;
            }
        }

        /// <summary>The interfaces the type declares and everything they extend.</summary>
        public List<ApiType> InterfaceClosure(ApiType type)
        {
            var result = new List<ApiType>();
            var pending = new Stack<string>(type.Interfaces.AsEnumerable().Reverse());
            while (pending.Count > 0)
            {
                ApiType found = Find(pending.Pop());
                if (found == null || found.Kind != ApiTypeKind.Interface || result.Contains(found)) continue;
                result.Add(found);
                foreach (string inherited in found.Interfaces) pending.Push(inherited);
            }
            return result;
        }

        /// <summary>Whether a base class of <paramref name="type"/> already implements <paramref name="interfaceType"/>.</summary>
        public bool BaseImplements(ApiType type, ApiType interfaceType)
        {
            foreach (ApiType baseType in SelfAndBases(type).Skip(1))
            {
                if (InterfaceClosure(baseType).Contains(interfaceType)) return true;
            }
            return false;
        }

        /// <summary>Every type name an assembly's listing mentions, in bases, members and parameters.</summary>
        public static IEnumerable<string> MentionedNames(ApiAssembly assembly)
        {
            foreach (ApiType type in assembly.Types)
            {
                if (type.BaseType != null) yield return type.BaseType;
                foreach (string name in type.Interfaces) yield return name;
                foreach (ApiMember member in type.Members)
                {
                    yield return member.Type;
                    foreach (ApiParameter parameter in member.Parameters) yield return parameter.Type;
                }
            }
        }

        /// <summary>
        /// The assemblies in compile order (each after those it uses), with each one's direct dependencies.
        /// A cycle is reported as a problem and broken arbitrarily.
        /// </summary>
        public List<KeyValuePair<ApiAssembly, List<ApiAssembly>>> BuildOrder(List<ListingProblem> problems)
        {
            var dependencies = new Dictionary<ApiAssembly, List<ApiAssembly>>();
            foreach (ApiAssembly assembly in Assemblies)
            {
                var used = new List<ApiAssembly>();
                foreach (string mentioned in MentionedNames(assembly))
                {
                    TypeName parsed;
                    try { parsed = TypeName.Parse(mentioned); }
                    catch (FormatException) { continue; }
                    foreach (string name in parsed.AllNames())
                    {
                        ApiType type;
                        if (!byName.TryGetValue(name, out type)) continue;
                        if (type.Assembly != assembly && !used.Contains(type.Assembly)) used.Add(type.Assembly);
                    }
                }
                // Every assembly but the core library needs System.Object, System.Attribute etc. from mscorlib.
                ApiType objectType = Find(ObjectName);
                if (objectType != null && objectType.Assembly != assembly && !used.Contains(objectType.Assembly)) used.Add(objectType.Assembly);
                dependencies.Add(assembly, used);
            }

            var order = new List<KeyValuePair<ApiAssembly, List<ApiAssembly>>>();
            var state = new Dictionary<ApiAssembly, int>();
            foreach (ApiAssembly assembly in Assemblies)
            {
                Visit(assembly, dependencies, state, order, problems);
            }
            return order;
        }

        private static void Visit(ApiAssembly assembly, Dictionary<ApiAssembly, List<ApiAssembly>> dependencies,
            Dictionary<ApiAssembly, int> state, List<KeyValuePair<ApiAssembly, List<ApiAssembly>>> order, List<ListingProblem> problems)
        {
            int mark;
            state.TryGetValue(assembly, out mark);
            if (mark == 2) return;
            if (mark == 1)
            {
                problems.Add(new ListingProblem(Path.GetFileName(assembly.FilePath), 1, "assembly " + assembly.Name + " is part of a dependency cycle"));
                return;
            }
            state[assembly] = 1;
            foreach (ApiAssembly dependency in dependencies[assembly]) Visit(dependency, dependencies, state, order, problems);
            state[assembly] = 2;
            order.Add(new KeyValuePair<ApiAssembly, List<ApiAssembly>>(assembly, dependencies[assembly]));
        }
    }
}
