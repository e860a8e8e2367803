using System;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions with the device package's names, overloads and failure texts: every failure throws
    /// <see cref="AssertFailedException"/> with "&lt;Assertion&gt; failed. &lt;details&gt; &lt;message&gt;".
    /// </summary>
    public sealed partial class Assert
    {
        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        public static void IsNull(object value, string message = "")
        {
            if (value != null)
            {
                HandleFail("Assert.IsNull", "Actual:<" + ReplaceNulls(value) + ">. " + ReplaceNulls(message ?? string.Empty));
            }
        }

        public static void IsNotNull(object value, string message = "")
        {
            if (value == null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        public static void AreSame(object expected, object actual, string message = "")
        {
            if (ReferenceEquals(expected, actual))
            {
                return;
            }

            if (expected is ValueType || actual is ValueType)
            {
                HandleFail(
                    "Assert.AreSame",
                    "Do not pass value types to AreSame(). Values converted to Object will never be the same. Consider using AreEqual(). " + ReplaceNulls(message ?? string.Empty));
            }

            HandleFail("Assert.AreSame", message);
        }

        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                HandleFail("Assert.AreNotSame", message);
            }
        }

        /// <summary>Passes when <paramref name="value"/> is exactly of type <paramref name="expected"/> (the device compares GetType()).</summary>
        public static void IsInstanceOfType(object value, Type expected, string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.IsInstanceOfType", "expected");

            if (value != null && expected == value.GetType())
            {
                return;
            }

            Type actual = value == null ? null : value.GetType();
            HandleFail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + ReplaceNulls(actual) + ">. " + ReplaceNulls(message ?? string.Empty));
        }

        public static void IsNotInstanceOfType(object value, Type notExpected, string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.IsNotInstanceOfType", "notExpected");

            if (value == null || notExpected != value.GetType())
            {
                return;
            }

            HandleFail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">. Actual type:<" + value.GetType() + ">. " + ReplaceNulls(message ?? string.Empty));
        }

        public static void Contains(string expected, string value, string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.Contains", "expected");
            EnsureParameterIsNotNull(value, "Assert.Contains", "value");

            if (value.IndexOf(expected, StringComparison.Ordinal) < 0)
            {
                HandleFail("Assert.Contains", ReplaceNulls(value) + " does not contains " + ReplaceNulls(expected) + ". " + ReplaceNulls(message ?? string.Empty));
            }
        }

        public static void DoesNotContains(string notExpected, string value, string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.DoesNotContains", "notExpected");
            EnsureParameterIsNotNull(value, "Assert.DoesNotContains", "value");

            if (value.IndexOf(notExpected, StringComparison.Ordinal) >= 0)
            {
                HandleFail("Assert.DoesNotContains", ReplaceNulls(value) + " should not contain " + ReplaceNulls(notExpected) + ". " + ReplaceNulls(message ?? string.Empty));
            }
        }

        public static void StartsWith(string expected, string value, string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.StartsWith", "expected");
            EnsureParameterIsNotNull(value, "Assert.StartsWith", "value");

            if (!value.StartsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.StartsWith", ReplaceNulls(value) + " does not start with " + ReplaceNulls(expected) + ". " + ReplaceNulls(message ?? string.Empty));
            }
        }

        public static void EndsWith(string expected, string value, string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.EndsWith", "expected");
            EnsureParameterIsNotNull(value, "Assert.EndsWith", "value");

            if (!value.EndsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.EndsWith", ReplaceNulls(value) + " does not end with " + ReplaceNulls(expected) + ". " + ReplaceNulls(message ?? string.Empty));
            }
        }

        /// <summary>Ends the current test as skipped.</summary>
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        /// <summary>
        /// Passes when <paramref name="action"/> throws an exception of exactly <paramref name="exception"/>'s type;
        /// a derived type fails, as on the device (it compares GetType()).
        /// </summary>
        public static void ThrowsException(Type exception, Action action, string message = "")
        {
            if (action == null)
            {
                throw new ArgumentNullException("action");
            }

            EnsureParameterIsNotNull(exception, "Assert.ThrowsException", "exception");

            try
            {
                action();
            }
            catch (Exception thrown)
            {
                if (thrown.GetType() == exception)
                {
                    return;
                }

                HandleFail(
                    "Assert.ThrowsException",
                    "Threw exception " + thrown.GetType().Name + ", but exception " + exception.Name + " was expected. " + ReplaceNulls(message ?? string.Empty)
                    + " Exception Message: " + thrown.Message);
            }

            HandleFail("Assert.ThrowsException", "No exception thrown. " + exception.Name + " exception was expected. " + ReplaceNulls(message ?? string.Empty));
        }

        internal static void HandleFail(string assertion, string message)
        {
            string details = string.IsNullOrEmpty(message) ? string.Empty : ReplaceNulls(message);
            throw new AssertFailedException(assertion + " failed. " + details);
        }

        internal static void EnsureParameterIsNotNull(object value, string assertion, string parameter)
        {
            if (value == null)
            {
                HandleFail(assertion, "The parameter '" + parameter + "' is invalid. The value cannot be null.");
            }
        }

        /// <summary>Text of a value for a failure message: "(null)" for null, "\0" made visible.</summary>
        internal static string ReplaceNulls(object input)
        {
            if (input == null)
            {
                return "(null)";
            }

            string text = input.ToString();
            if (text == null)
            {
                return "(object)";
            }

            return text.Replace("\0", "\\0");
        }
    }
}
