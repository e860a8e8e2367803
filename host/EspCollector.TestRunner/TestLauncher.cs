using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using System.Threading;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace EspCollector.TestRunner
{
    /// <summary>
    /// Runs the [TestClass] classes of an assembly as the device's unit-test launcher does
    /// (nanoFramework.TestFramework 3.0.x, UnitTestLauncher/Program.cs), so that what passes here passes on
    /// nanoCLR: no instance of a test class is ever created, and instance methods are called with a null
    /// <c>this</c> (the launcher's <c>method.Invoke(null, parameters)</c>); [DataRow] values are passed
    /// without conversion and must have exactly their parameter's type, never null. Per class (in name order):
    /// every [Setup] method, every [TestMethod] without [DataRow], every [DataRow] case, every [Cleanup] method.
    /// A failing case does not stop the others; a failing Setup fails the class's cases with its reason; a
    /// SkipTestException skips. Prints per case the device launcher's lines,
    /// "Test passed,&lt;FullTypeName&gt;.&lt;Method&gt;.&lt;index&gt;,&lt;ticks&gt;",
    /// "Test failed,&lt;name&gt;,&lt;message&gt;" or "Test skipped,&lt;name&gt;,&lt;message&gt;", and
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
                    Console.WriteLine("usage: [--list] [--timeout seconds] [filter substring ...]  (a case runs when its name <Namespace.Class>.<Method>.<index> contains a filter, ignoring case)");
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

        /// <summary>
        /// The classes carrying exactly [TestClass] (the device launcher compares the attribute's type, so a
        /// derived attribute does not count), in name order.
        /// </summary>
        private static IEnumerable<Type> TestClasses(IEnumerable<Type> types)
        {
            return types
                .Where(t => t.IsClass && t.GetCustomAttributes(true).Any(a => a.GetType() == typeof(TestClassAttribute)))
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

        /// <summary>
        /// The cases of one class in the device launcher's order: every [TestMethod] without [DataRow], then
        /// every [DataRow] of every method.
        /// </summary>
        private static List<TestCase> CasesOf(Type testClass)
        {
            List<TestCase> cases = CasesWith(testClass, typeof(TestMethodAttribute));
            cases.AddRange(CasesWith(testClass, typeof(DataRowAttribute)));
            return cases;
        }

        /// <summary>
        /// One case per attribute of exactly <paramref name="attribute"/>'s type on the class's public methods,
        /// named as the device launcher names it: <c>&lt;FullTypeName&gt;.&lt;Method&gt;.&lt;i&gt;</c>, where i is the
        /// attribute's index among the method's attributes once [TestMethod] is dropped from a method that also
        /// has [DataRow] (<see cref="Helper.RemoveTestMethodIfDataRowExists"/>).
        /// </summary>
        private static List<TestCase> CasesWith(Type testClass, Type attribute)
        {
            List<TestCase> cases = new List<TestCase>();
            MethodInfo[] methods = testClass
                .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.DeclaringType != typeof(object))
                .OrderBy(m => m.MetadataToken)
                .ToArray();
            foreach (MethodInfo method in methods)
            {
                object[] attributes = Helper.RemoveTestMethodIfDataRowExists(method.GetCustomAttributes(true));
                for (int index = 0; index < attributes.Length; index++)
                {
                    if (attributes[index].GetType() != attribute)
                    {
                        continue;
                    }

                    string name = method.DeclaringType.FullName + "." + method.Name + "." + index;
                    DataRowAttribute row = attributes[index] as DataRowAttribute;
                    cases.Add(new TestCase(name, method, row != null, row == null ? null : row.MethodParameters));
                }
            }

            return cases;
        }

        /// <summary>
        /// Runs one class as the device launcher does, without ever creating an instance of it: every [Setup]
        /// method, the cases, every [Cleanup] method. A Setup that fails or skips fails or skips every case of
        /// the class with its reason (the device launcher would run them anyway after a failure; here they do
        /// not run, which is stricter). Cleanup runs in every case, to release what a Setup got.
        /// </summary>
        private static void RunClass(Type testClass, List<TestCase> cases, List<TestCaseResult> results, TextWriter output, TextWriter errors, TimeSpan timeout)
        {
            string classFailure = null;
            string classSkip = null;
            foreach (TestCase setup in CasesWith(testClass, typeof(SetupAttribute)))
            {
                Exception thrown = InvokeWithoutArguments(setup, timeout);
                if (thrown is SkipTestException)
                {
                    classSkip = "Setup " + setup.Method.Name + " skipped: " + thrown.Message;
                    break;
                }

                if (thrown != null)
                {
                    classFailure = "Setup " + setup.Method.Name + " failed: " + Describe(thrown);
                    if (!(thrown is AssertFailedException))
                    {
                        ReportUnexpected(setup.Name, thrown, errors);
                    }

                    break;
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
                    result = RunCase(testCase, errors, timeout);
                }

                Report(result, results, output);
            }

            foreach (TestCase cleanup in CasesWith(testClass, typeof(CleanupAttribute)))
            {
                Exception thrown = InvokeWithoutArguments(cleanup, timeout);
                if (thrown != null && !(thrown is SkipTestException))
                {
                    if (!(thrown is AssertFailedException))
                    {
                        ReportUnexpected(cleanup.Name, thrown, errors);
                    }

                    Report(new TestCaseResult(cleanup.Name, TestOutcome.Failed, OneLine("Cleanup failed: " + Describe(thrown))), results, output);
                }
            }
        }

        private static void Report(TestCaseResult result, List<TestCaseResult> results, TextWriter output)
        {
            results.Add(result);
            output.WriteLine(result.ToLine());
            output.Flush();
        }

        private static TestCaseResult RunCase(TestCase testCase, TextWriter errors, TimeSpan timeout)
        {
            string argumentError = CheckArguments(testCase);
            if (argumentError != null)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Failed, OneLine(argumentError));
            }

            Stopwatch watch = Stopwatch.StartNew();
            Exception thrown = Invoke(testCase, timeout);
            long ticks = watch.Elapsed.Ticks;
            if (thrown == null)
            {
                return new TestCaseResult(testCase.Name, TestOutcome.Passed, string.Empty, ticks);
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

        /// <summary>
        /// Why the device launcher could not call the case with its arguments, or null. It passes a
        /// [DataRow]'s values to <c>MethodInfo.Invoke</c> as they are stored, without conversion, so each
        /// value must have exactly its parameter's type (an int given for a double fails on nanoCLR), and the
        /// MetadataProcessor crashes on a null attribute argument. A method without [DataRow] gets no arguments.
        /// </summary>
        private static string CheckArguments(TestCase testCase)
        {
            MethodInfo method = testCase.Method;
            ParameterInfo[] parameters = method.GetParameters();
            if (method.ContainsGenericParameters)
            {
                return method.Name + " is generic: the launcher cannot call it";
            }

            if (!testCase.IsDataRow)
            {
                return parameters.Length == 0 ? null : method.Name + " takes " + parameters.Length + " parameter(s) but has no [DataRow]: the launcher calls it without arguments";
            }

            object[] values = testCase.Arguments;
            if (values == null)
            {
                return "[DataRow(null)]: a null attribute argument crashes the MetadataProcessor";
            }

            if (values.Length != parameters.Length)
            {
                return "[DataRow] gives " + values.Length + " argument(s) but " + method.Name + " takes " + parameters.Length + ": the launcher passes exactly the row's values";
            }

            for (int index = 0; index < parameters.Length; index++)
            {
                ParameterInfo parameter = parameters[index];
                object value = values[index];
                if (value == null)
                {
                    return "[DataRow] argument " + index + " (" + parameter.Name + ") is null: a null attribute argument crashes the MetadataProcessor";
                }

                if (parameter.ParameterType.IsByRef || parameter.ParameterType.IsPointer)
                {
                    return "parameter " + index + " (" + parameter.Name + ") is passed by reference: the launcher cannot fill it";
                }

                if (value.GetType() != parameter.ParameterType)
                {
                    return "[DataRow] argument " + index + " (" + parameter.Name + ") is " + value.GetType().Name + " " + FormatArgument(value)
                        + " but the parameter is " + parameter.ParameterType.Name + ": the launcher passes [DataRow] values without conversion";
                }
            }

            return null;
        }

        /// <summary>Calls a [Setup] or [Cleanup] method, which the launcher calls without arguments.</summary>
        private static Exception InvokeWithoutArguments(TestCase method, TimeSpan timeout)
        {
            string argumentError = CheckArguments(method);
            return argumentError != null ? new TargetParameterCountException(argumentError) : Invoke(method, timeout);
        }

        /// <summary>Calls the case; returns what it threw (the original exception), or null.</summary>
        private static Exception Invoke(TestCase testCase, TimeSpan timeout)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                return Invoke(testCase);
            }

            Exception thrown = null;
            Thread runner = new Thread(() => thrown = Invoke(testCase));
            runner.IsBackground = true;
            runner.Name = testCase.Name;
            runner.Start();
            if (!runner.Join(timeout))
            {
                return new TimeoutException(testCase.Method.Name + " still running after " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s; abandoned");
            }

            return thrown;
        }

        private static Exception Invoke(TestCase testCase)
        {
            try
            {
                Action<object[]> call = NullThisCall(testCase.Method);
                call(testCase.Arguments);
                return null;
            }
            catch (Exception exception)
            {
                return Unwrap(exception);
            }
        }

        /// <summary>
        /// A delegate that calls <paramref name="method"/> as the device launcher's
        /// <c>method.Invoke(null, parameters)</c> does on nanoCLR: an instance method gets a null <c>this</c>
        /// (no instance of the test class is ever created), through a plain <c>call</c> that, unlike reflection,
        /// does not refuse it. A test that reads or writes instance state, or calls an instance member through
        /// <c>this</c>, then throws NullReferenceException here exactly as on the device. Arguments are
        /// unboxed or cast to the parameter types, which <see cref="CheckArguments"/> has checked exactly.
        /// </summary>
        private static Action<object[]> NullThisCall(MethodInfo method)
        {
            ParameterInfo[] parameters = method.GetParameters();
            DynamicMethod caller = new DynamicMethod("NullThisCall_" + method.Name, typeof(void), new[] { typeof(object[]) }, method.Module, true);
            ILGenerator il = caller.GetILGenerator();
            if (!method.IsStatic)
            {
                il.Emit(OpCodes.Ldnull);
            }

            for (int index = 0; index < parameters.Length; index++)
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, index);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Unbox_Any, parameters[index].ParameterType);
            }

            il.Emit(OpCodes.Call, method);
            if (method.ReturnType != typeof(void))
            {
                il.Emit(OpCodes.Pop);
            }

            il.Emit(OpCodes.Ret);
            return (Action<object[]>)caller.CreateDelegate(typeof(Action<object[]>));
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
            public TestCase(string name, MethodInfo method, bool isDataRow, object[] arguments)
            {
                Name = name;
                Method = method;
                IsDataRow = isDataRow;
                Arguments = arguments;
            }

            /// <summary>&lt;FullTypeName&gt;.&lt;Method&gt;.&lt;index&gt;, as the device launcher prints it.</summary>
            public string Name { get; }

            public MethodInfo Method { get; }

            /// <summary>True for a [DataRow] case, whose <see cref="Arguments"/> are the row's values.</summary>
            public bool IsDataRow { get; }

            /// <summary>The [DataRow] values as stored (null for a case without a row, or [DataRow(null)]).</summary>
            public object[] Arguments { get; }
        }
    }
}
