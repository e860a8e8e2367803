using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace EspCollector.TestRunner
{
    /// <summary>
    /// Runs the [TestClass] classes of an assembly the way the device's unit-test launcher does: per class
    /// (in name order) one instance, every [Setup] method, every [TestMethod] (each [DataRow] as its own case),
    /// then every [Cleanup] method. A failing case does not stop the others; a failing Setup fails the class's
    /// cases with its reason; a SkipTestException skips. Prints "Test passed,&lt;name&gt;",
    /// "Test failed,&lt;name&gt;,&lt;message&gt;" or "Test skipped,&lt;name&gt;,&lt;message&gt;" per case and
    /// "N passed, N failed[, N skipped]" at the end.
    /// </summary>
    public static class TestLauncher
    {
        /// <summary>How many stack frames of an unexpected exception go to the error output.</summary>
        private const int StackFramesShown = 12;

        /// <summary>
        /// Entry point for a test exe: <c>return TestLauncher.Main(typeof(Program).Assembly, args);</c>.
        /// Arguments: filter substrings (a case runs when its name contains any of them, ignoring case; none
        /// runs everything); <c>--list</c> prints the matching case names without running them;
        /// <c>--timeout &lt;seconds&gt;</c> fails any test, Setup or Cleanup method running longer (default: none).
        /// Returns the process exit code: 0 when nothing failed.
        /// </summary>
        public static int Main(Assembly assembly, string[] args)
        {
            bool listOnly = false;
            TimeSpan timeout = Timeout.InfiniteTimeSpan;
            List<string> filters = new List<string>();
            string[] arguments = args ?? new string[0];
            for (int index = 0; index < arguments.Length; index++)
            {
                string argument = arguments[index];
                if (argument == "--timeout")
                {
                    double seconds;
                    if (index + 1 >= arguments.Length
                        || !double.TryParse(arguments[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
                        || seconds <= 0)
                    {
                        Console.Error.WriteLine("--timeout needs a positive number of seconds");
                        return 2;
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    index++;
                }
                else if (argument == "--list")
                {
                    listOnly = true;
                }
                else if (argument == "--help" || argument == "-h")
                {
                    Console.WriteLine("usage: [--list] [--timeout seconds] [filter substring ...]  (a case runs when its name <Class>.<Method> contains a filter, ignoring case)");
                    return 0;
                }
                else if (argument.Length > 0)
                {
                    filters.Add(argument);
                }
            }

            if (listOnly)
            {
                foreach (string name in ListCases(assembly.GetTypes(), filters.ToArray()))
                {
                    Console.WriteLine(name);
                }

                return 0;
            }

            TestRunSummary summary = Run(assembly.GetTypes(), filters.ToArray(), Console.Out, Console.Error, timeout);
            if (summary.Cases.Count == 0 && filters.Count > 0)
            {
                Console.Error.WriteLine("No test case matches the filter: " + string.Join(" ", filters));
            }

            return summary.ExitCode;
        }

        /// <summary>Runs the test classes of <paramref name="assembly"/> whose cases match <paramref name="filter"/> (null: all).</summary>
        public static TestRunSummary Run(Assembly assembly, string filter, TextWriter output, TextWriter errors)
        {
            return Run(assembly.GetTypes(), filter == null ? new string[0] : new[] { filter }, output, errors);
        }

        /// <summary>Runs the test classes among <paramref name="types"/>; a case runs when its name contains any filter (none: all).</summary>
        public static TestRunSummary Run(IEnumerable<Type> types, string[] filters, TextWriter output, TextWriter errors)
        {
            return Run(types, filters, output, errors, Timeout.InfiniteTimeSpan);
        }

        /// <summary>
        /// As above, failing any test, Setup or Cleanup method that runs longer than <paramref name="timeout"/>
        /// (Timeout.InfiniteTimeSpan: no limit). A method that times out is abandoned on its background thread.
        /// </summary>
        public static TestRunSummary Run(IEnumerable<Type> types, string[] filters, TextWriter output, TextWriter errors, TimeSpan timeout)
        {
            List<TestCaseResult> results = new List<TestCaseResult>();
            foreach (Type testClass in TestClasses(types))
            {
                List<TestCase> cases = CasesOf(testClass).Where(c => Matches(c.Name, filters)).ToList();
                if (cases.Count > 0)
                {
                    RunClass(testClass, cases, results, output, errors, timeout);
                }
            }

            TestRunSummary summary = new TestRunSummary(results);
            output.WriteLine(summary.ClosingLine);
            output.Flush();
            return summary;
        }

        /// <summary>The names of the cases that a run with these filters would execute, in run order.</summary>
        public static IReadOnlyList<string> ListCases(IEnumerable<Type> types, string[] filters)
        {
            return TestClasses(types)
                .SelectMany(CasesOf)
                .Where(c => Matches(c.Name, filters))
                .Select(c => c.Name)
                .ToList();
        }

        private static IEnumerable<Type> TestClasses(IEnumerable<Type> types)
        {
            return types
                .Where(t => t.IsClass && t.GetCustomAttributes(typeof(TestClassAttribute), true).Length > 0)
                .OrderBy(t => t.FullName, StringComparer.Ordinal);
        }

        private static bool Matches(string name, string[] filters)
        {
            if (filters == null || filters.Length == 0)
            {
                return true;
            }

            foreach (string filter in filters)
            {
                if (name.IndexOf(filter, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static MethodInfo[] MethodsWith(Type testClass, Type attribute)
        {
            return testClass
                .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.DeclaringType != typeof(object) && m.IsDefined(attribute, true))
                .OrderBy(m => m.MetadataToken)
                .ToArray();
        }

        private static List<TestCase> CasesOf(Type testClass)
        {
            List<TestCase> cases = new List<TestCase>();
            MethodInfo[] testMethods = testClass
                .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.DeclaringType != typeof(object)
                    && (m.IsDefined(typeof(TestMethodAttribute), true) || m.IsDefined(typeof(DataRowAttribute), true)))
                .OrderBy(m => m.MetadataToken)
                .ToArray();

            foreach (MethodInfo method in testMethods)
            {
                string baseName = testClass.Name + "." + method.Name;
                object[] rows = method.GetCustomAttributes(typeof(DataRowAttribute), true);
                if (rows.Length == 0)
                {
                    cases.Add(new TestCase(baseName, method, null));
                    continue;
                }

                foreach (DataRowAttribute row in rows)
                {
                    object[] arguments = row.MethodParameters ?? new object[] { null };
                    cases.Add(new TestCase(baseName + "(" + FormatArguments(arguments) + ")", method, arguments));
                }
            }

            return cases;
        }

        private static void RunClass(Type testClass, List<TestCase> cases, List<TestCaseResult> results, TextWriter output, TextWriter errors, TimeSpan timeout)
        {
            object instance = null;
            string classFailure = null;
            string classSkip = null;

            bool isStatic = testClass.IsAbstract && testClass.IsSealed;
            if (!isStatic)
            {
                try
                {
                    instance = Activator.CreateInstance(testClass);
                }
                catch (Exception exception)
                {
                    Exception cause = Unwrap(exception);
                    classFailure = "Cannot create " + testClass.Name + ": " + Describe(cause);
                    ReportUnexpected(testClass.Name + " constructor", cause, errors);
                }
            }

            if (classFailure == null)
            {
                foreach (MethodInfo setup in MethodsWith(testClass, typeof(SetupAttribute)))
                {
                    Exception thrown = Invoke(setup, instance, null, timeout);
                    if (thrown is SkipTestException)
                    {
                        classSkip = "Setup " + setup.Name + " skipped: " + thrown.Message;
                        break;
                    }

                    if (thrown != null)
                    {
                        classFailure = "Setup " + setup.Name + " failed: " + Describe(thrown);
                        if (!(thrown is AssertFailedException))
                        {
                            ReportUnexpected(testClass.Name + "." + setup.Name, thrown, errors);
                        }

                        break;
                    }
                }
            }

            foreach (TestCase testCase in cases)
            {
                TestCaseResult result;
                if (classFailure != null)
                {
                    result = new TestCaseResult(testCase.Name, TestOutcome.Failed, OneLine(classFailure));
                }
                else if (classSkip != null)
                {
                    result = new TestCaseResult(testCase.Name, TestOutcome.Skipped, OneLine(classSkip));
                }
                else
                {
                    result = RunCase(testCase, instance, errors, timeout);
                }

                results.Add(result);
                output.WriteLine(result.ToLine());
                output.Flush();
            }

            // Cleanup runs even after a failed Setup: it releases whatever the Setup got before failing
            // (servers, files, ports), which integration tests must not leave behind.
            if (instance != null || isStatic)
            {
                foreach (MethodInfo cleanup in MethodsWith(testClass, typeof(CleanupAttribute)))
                {
                    Exception thrown = Invoke(cleanup, instance, null, timeout);
                    if (thrown != null && !(thrown is SkipTestException))
                    {
                        string name = testClass.Name + "." + cleanup.Name;
                        if (!(thrown is AssertFailedException))
                        {
                            ReportUnexpected(name, thrown, errors);
                        }

                        TestCaseResult result = new TestCaseResult(name, TestOutcome.Failed, OneLine("Cleanup failed: " + Describe(thrown)));
                        results.Add(result);
                        output.WriteLine(result.ToLine());
                        output.Flush();
                    }
                }
            }

            (instance as IDisposable)?.Dispose();
        }

        private static TestCaseResult RunCase(TestCase testCase, object instance, TextWriter errors, TimeSpan timeout)
        {
            MethodInfo method = testCase.Method;
            if (!method.IsStatic && instance == null)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Failed, "Instance method in a static class");
            }

            object[] arguments;
            string conversionError = ConvertArguments(method, testCase.Arguments, out arguments);
            if (conversionError != null)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Failed, OneLine(conversionError));
            }

            Exception thrown = Invoke(method, instance, arguments, timeout);
            if (thrown == null)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Passed, string.Empty);
            }

            if (thrown is SkipTestException)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Skipped, OneLine(thrown.Message));
            }

            if (!(thrown is AssertFailedException))
            {
                ReportUnexpected(testCase.Name, thrown, errors);
            }

            return new TestCaseResult(testCase.Name, TestOutcome.Failed, OneLine(Describe(thrown)));
        }

        /// <summary>Calls the method; returns what it threw (the original exception, not a TargetInvocationException), or null.</summary>
        private static Exception Invoke(MethodInfo method, object instance, object[] arguments, TimeSpan timeout)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                return Invoke(method, instance, arguments);
            }

            Exception thrown = null;
            Thread runner = new Thread(() => thrown = Invoke(method, instance, arguments));
            runner.IsBackground = true;
            runner.Name = method.DeclaringType.Name + "." + method.Name;
            runner.Start();
            if (!runner.Join(timeout))
            {
                return new TimeoutException(method.Name + " still running after " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s; abandoned");
            }

            return thrown;
        }

        private static Exception Invoke(MethodInfo method, object instance, object[] arguments)
        {
            try
            {
                method.Invoke(method.IsStatic ? null : instance, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
                return null;
            }
            catch (Exception exception)
            {
                return Unwrap(exception);
            }
        }

        private static Exception Unwrap(Exception exception)
        {
            while (exception is TargetInvocationException && exception.InnerException != null)
            {
                exception = exception.InnerException;
            }

            return exception;
        }

        /// <summary>Failure text: an assertion's own message; for anything else its type and message.</summary>
        private static string Describe(Exception exception)
        {
            if (exception is AssertFailedException)
            {
                return exception.Message;
            }

            return exception.GetType().FullName + ": " + exception.Message;
        }

        private static void ReportUnexpected(string name, Exception exception, TextWriter errors)
        {
            StringBuilder text = new StringBuilder();
            text.Append("Unexpected exception in ").Append(name).Append(": ");
            string[] lines = exception.ToString().Split('\n');
            int framesShown = 0;
            foreach (string rawLine in lines)
            {
                string line = rawLine.TrimEnd('\r');
                bool isFrame = line.TrimStart().StartsWith("at ", StringComparison.Ordinal);
                if (isFrame)
                {
                    if (framesShown == StackFramesShown)
                    {
                        text.AppendLine("   ...");
                        framesShown++;
                        continue;
                    }

                    if (framesShown > StackFramesShown)
                    {
                        continue;
                    }

                    framesShown++;
                }
                else
                {
                    // An inner exception's or a rethrow's frames get their own allowance.
                    framesShown = 0;
                }

                text.AppendLine(line);
            }

            errors.Write(text.ToString());
            errors.Flush();
        }

        private static string ConvertArguments(MethodInfo method, object[] values, out object[] arguments)
        {
            ParameterInfo[] parameters = method.GetParameters();
            if (values == null)
            {
                arguments = null;
                if (parameters.Length == 0)
                {
                    return null;
                }

                return method.Name + " takes " + parameters.Length + " parameter(s) but has no [DataRow]";
            }

            arguments = new object[parameters.Length];
            if (values.Length > parameters.Length)
            {
                return "[DataRow] gives " + values.Length + " argument(s) but " + method.Name + " takes " + parameters.Length;
            }

            for (int index = 0; index < parameters.Length; index++)
            {
                if (index >= values.Length)
                {
                    if (!parameters[index].HasDefaultValue)
                    {
                        return "[DataRow] gives " + values.Length + " argument(s) but " + method.Name + " takes " + parameters.Length;
                    }

                    arguments[index] = parameters[index].DefaultValue;
                    continue;
                }

                object converted;
                string error = ConvertArgument(values[index], parameters[index].ParameterType, out converted);
                if (error != null)
                {
                    return "Argument " + index + " (" + parameters[index].Name + "): " + error;
                }

                arguments[index] = converted;
            }

            return null;
        }

        private static string ConvertArgument(object value, Type target, out object converted)
        {
            converted = null;
            if (value == null)
            {
                if (target.IsValueType && Nullable.GetUnderlyingType(target) == null)
                {
                    return "null cannot become " + target.Name;
                }

                return null;
            }

            if (target.IsInstanceOfType(value))
            {
                converted = value;
                return null;
            }

            try
            {
                if (target.IsEnum)
                {
                    converted = value is string text ? Enum.Parse(target, text) : Enum.ToObject(target, value);
                    return null;
                }

                if (target.IsArray && value is Array source)
                {
                    Type elementType = target.GetElementType();
                    Array array = Array.CreateInstance(elementType, source.Length);
                    for (int index = 0; index < source.Length; index++)
                    {
                        object element;
                        string error = ConvertArgument(source.GetValue(index), elementType, out element);
                        if (error != null)
                        {
                            return "element " + index + ": " + error;
                        }

                        array.SetValue(element, index);
                    }

                    converted = array;
                    return null;
                }

                if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
                {
                    converted = Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                    return null;
                }
            }
            catch (Exception exception)
            {
                return "cannot convert " + FormatArgument(value) + " to " + target.Name + " (" + exception.Message + ")";
            }

            return "cannot convert " + value.GetType().Name + " to " + target.Name;
        }

        private static string FormatArguments(object[] arguments)
        {
            StringBuilder text = new StringBuilder();
            for (int index = 0; index < arguments.Length; index++)
            {
                if (index > 0)
                {
                    text.Append(", ");
                }

                text.Append(FormatArgument(arguments[index]));
            }

            return text.ToString();
        }

        private static string FormatArgument(object value)
        {
            switch (value)
            {
                case null:
                    return "null";
                case string text:
                    return "\"" + OneLine(text) + "\"";
                case char character:
                    return "'" + character + "'";
                case bool flag:
                    return flag ? "true" : "false";
                case Enum enumValue:
                    return enumValue.ToString();
                case Array array:
                    {
                        StringBuilder text = new StringBuilder("[");
                        for (int index = 0; index < array.Length; index++)
                        {
                            if (index > 0)
                            {
                                text.Append(", ");
                            }

                            text.Append(FormatArgument(array.GetValue(index)));
                        }

                        return text.Append(']').ToString();
                    }

                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return OneLine(value.ToString());
            }
        }

        /// <summary>Result lines are one line each: line breaks in a message become spaces.</summary>
        private static string OneLine(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            return text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
        }

        private sealed class TestCase
        {
            public TestCase(string name, MethodInfo method, object[] arguments)
            {
                Name = name;
                Method = method;
                Arguments = arguments;
            }

            public string Name { get; }

            public MethodInfo Method { get; }

            /// <summary>The [DataRow] values, or null for a method without rows.</summary>
            public object[] Arguments { get; }
        }
    }
}
