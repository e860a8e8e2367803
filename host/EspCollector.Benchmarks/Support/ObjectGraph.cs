using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>
    /// Sizes the objects reachable from some roots, by reflection over their fields, stopping at objects that
    /// are not the firmware's (types outside EspCollector.Core and the base library: ports, simulators, test
    /// doubles). Two figures per object: the host's layout (64-bit .NET: 16-byte header, 8-byte references,
    /// arrays 24 + elements, strings 22 + 2 per character, 8-byte alignment), and a model of nanoFramework's
    /// heap (every object a 12-byte CLR_RT_HeapBlock header plus one 12-byte block per field whatever its
    /// type; arrays a 20-byte header plus packed primitive elements or 12 bytes per reference element; strings
    /// 12 bytes plus UTF-8 text, literals pointing into the assembly in flash; everything in 12-byte blocks).
    /// The model is an estimate: nanoFramework's own Hashtable/ArrayList implementations differ from .NET's.
    /// A shared visited set lets several calls attribute each object once (to the first root that reaches it).
    /// </summary>
    public sealed class ObjectGraph
    {
        private static readonly Assembly CoreAssembly = typeof(EspCollector.Core.App.Collector).Assembly;
        private static readonly Assembly BaseLibrary = typeof(object).Assembly;
        private static readonly Dictionary<Type, FieldInfo[]> Fields = new Dictionary<Type, FieldInfo[]>();
        private readonly HashSet<object> _visited = new HashSet<object>(ReferenceEqualityComparer.Instance);

        /// <summary>Per type: objects, host bytes, model bytes (over every call).</summary>
        public readonly Dictionary<Type, long[]> ByType = new Dictionary<Type, long[]>();

        public long HostBytes;
        public long NanoBytes;
        public int Objects;

        /// <summary>Adds what the roots reach that no earlier call counted; returns this call's figures.</summary>
        public Sizes Add(params object[] roots)
        {
            long host = HostBytes;
            long nano = NanoBytes;
            int objects = Objects;
            Stack<object> pending = new Stack<object>();
            foreach (object root in roots)
            {
                Push(pending, root);
            }

            while (pending.Count > 0)
            {
                object current = pending.Pop();
                Type type = current.GetType();
                Objects++;
                long hostBefore = HostBytes;
                long nanoBefore = NanoBytes;
                Visit(pending, current, type);
                if (!ByType.TryGetValue(type, out long[] row))
                {
                    row = new long[3];
                    ByType[type] = row;
                }

                row[0]++;
                row[1] += HostBytes - hostBefore;
                row[2] += NanoBytes - nanoBefore;
            }

            return new Sizes(HostBytes - host, NanoBytes - nano, Objects - objects);
        }

        /// <summary>Counts nothing for these objects now and stops walks at them (their owner is counted later).</summary>
        public void Defer(params object[] objects)
        {
            foreach (object value in objects)
            {
                _visited.Add(value);
            }
        }

        /// <summary>Counts a deferred object and what it reaches that nothing counted yet.</summary>
        public Sizes AddDeferred(object root)
        {
            _visited.Remove(root);
            return Add(root);
        }

        private void Visit(Stack<object> pending, object current, Type type)
        {
            {
                if (current is string text)
                {
                    HostBytes += Align(22 + 2L * text.Length, 8);
                    NanoBytes += string.IsInterned(text) != null ? 12 : Align(12 + Encoding.UTF8.GetByteCount(text) + 1, 12);
                    return;
                }

                if (current is Array array)
                {
                    Type element = type.GetElementType();
                    bool reference = !element.IsValueType;
                    HostBytes += Align(24 + (long)array.Length * HostFieldSize(element), 8);
                    NanoBytes += Align(20 + (long)array.Length * (reference || !element.IsPrimitive ? 12 : HostFieldSize(element)), 12);
                    if (reference)
                    {
                        foreach (object item in array)
                        {
                            Push(pending, item);
                        }
                    }

                    return;
                }

                FieldInfo[] fields = InstanceFields(type);
                long hostFields = 0;
                long nanoFields = 0;
                foreach (FieldInfo field in fields)
                {
                    hostFields += HostFieldSize(field.FieldType);
                    nanoFields += field.FieldType.IsValueType && !field.FieldType.IsPrimitive && !field.FieldType.IsEnum
                        ? 12 * (1 + InstanceFields(field.FieldType).Length)
                        : 12;
                    if (!field.FieldType.IsValueType)
                    {
                        Push(pending, field.GetValue(current));
                    }
                }

                HostBytes += Math.Max(24, Align(16 + hostFields, 8));
                NanoBytes += 12 + nanoFields;
            }
        }

        /// <summary>Static fields of every firmware type (register tables, setting tables, board profiles).</summary>
        public Sizes AddCoreStatics()
        {
            List<object> roots = new List<object>();
            foreach (Type type in CoreAssembly.GetTypes())
            {
                if (type.IsGenericTypeDefinition)
                {
                    continue;
                }

                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && !field.FieldType.IsValueType)
                    {
                        object value = field.GetValue(null);
                        if (value != null)
                        {
                            roots.Add(value);
                        }
                    }
                }
            }

            return Add(roots.ToArray());
        }

        private void Push(Stack<object> pending, object value)
        {
            if (value == null || !IsFirmwareOrBase(value.GetType()) || !_visited.Add(value))
            {
                return;
            }

            pending.Push(value);
        }

        private static bool IsFirmwareOrBase(Type type)
        {
            while (type.IsArray)
            {
                type = type.GetElementType();
            }

            if (type.Assembly == CoreAssembly)
            {
                return true;
            }

            // Base-library objects the firmware holds (strings, Hashtable, ArrayList, lock objects, boxed values,
            // delegates); reflection and threading objects are the runtime's, not the application's.
            return type.Assembly == BaseLibrary
                && !typeof(MemberInfo).IsAssignableFrom(type)
                && !typeof(Delegate).IsAssignableFrom(type)
                && type.Namespace != null && !type.Namespace.StartsWith("System.Reflection", StringComparison.Ordinal)
                && !type.Namespace.StartsWith("System.Threading", StringComparison.Ordinal);
        }

        private static FieldInfo[] InstanceFields(Type type)
        {
            lock (Fields)
            {
                if (!Fields.TryGetValue(type, out FieldInfo[] fields))
                {
                    List<FieldInfo> all = new List<FieldInfo>();
                    for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
                    {
                        all.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
                    }

                    fields = all.ToArray();
                    Fields[type] = fields;
                }

                return fields;
            }
        }

        private static long HostFieldSize(Type type)
        {
            if (!type.IsValueType)
            {
                return 8;
            }

            if (type.IsEnum)
            {
                type = Enum.GetUnderlyingType(type);
            }

            if (type == typeof(bool) || type == typeof(byte) || type == typeof(sbyte))
            {
                return 1;
            }

            if (type == typeof(char) || type == typeof(short) || type == typeof(ushort))
            {
                return 2;
            }

            if (type == typeof(int) || type == typeof(uint) || type == typeof(float))
            {
                return 4;
            }

            if (type.IsPrimitive)
            {
                return 8;
            }

            long size = 0;
            foreach (FieldInfo field in InstanceFields(type))
            {
                size += HostFieldSize(field.FieldType);
            }

            return Align(Math.Max(size, 1), 8);
        }

        private static long Align(long value, long unit) => (value + unit - 1) / unit * unit;

        public readonly struct Sizes
        {
            public Sizes(long host, long nano, int objects)
            {
                Host = host;
                Nano = nano;
                Objects = objects;
            }

            public long Host { get; }

            public long Nano { get; }

            public int Objects { get; }
        }
    }
}
